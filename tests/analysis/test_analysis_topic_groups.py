"""Themes per pillar and across: placement of survey answers, cross-cutting themes, k per pillar, progress."""

import numpy as np
import pytest

from analysis.errors import ParameterError
from analysis.topic_groups import cross_cutting_components, place_in_groups
from analysis.topic_k import candidate_ks, choose_k
from analysis.topics import find_topics

SURVEY = [
    ("u1", "Mehr Fahrradbügel und sichere Radwege für Radfahrer am Bahnhof."),
    ("u2", "Spielgeräte und Schaukeln für Kinder auf dem Spielplatz erneuern."),
    ("u3", "Eine Ehrenamtskarte mit Vergünstigungen für Ehrenamtliche in Vereinen."),
]


def with_survey(records):
    """Pillar = theme for proposals; survey answers all asked under the "ehrenamt" pillar (prior only)."""
    rows = [{**record, "pillar": record["theme"], "survey": ""} for record in records]
    rows += [{"id": key, "title": "", "text": text, "theme": "", "pillar": "ehrenamt", "survey": "ja"}
             for key, text in SURVEY]
    return rows


def test_survey_answers_move_to_the_pillar_their_content_fits(records):
    result = find_topics(with_survey(records), title_column="title", group_column="pillar",
                         group_prior_column="survey", seed=0)
    assert result["groups"]["u1"] == "rad"
    assert result["groups"]["u2"] == "spiel"
    assert result["groups"]["u3"] == "ehrenamt"
    # without the prior flag the question's pillar is kept
    fixed = find_topics(with_survey(records), title_column="title", group_column="pillar", seed=0)
    assert fixed["groups"]["u1"] == fixed["groups"]["u2"] == "ehrenamt"


def test_clusters_are_sorted_by_pillar_then_size_with_k_per_pillar(records):
    result = find_topics(records, title_column="title", group_column="theme", k=2, seed=0)
    groups = [cluster["group"] for cluster in result["clusters"]]
    assert groups == sorted(groups, key=["rad", "spiel", "ehrenamt"].index)
    k_by_group = result["parameters"]["k_by_group"]
    assert set(k_by_group) == {"rad", "spiel", "ehrenamt"} and all(1 <= k <= 2 for k in k_by_group.values())
    assert result["parameters"]["k"] == sum(k_by_group.values()) == len(result["clusters"])
    assert [cluster["id"] for cluster in result["clusters"]] == list(range(len(result["clusters"])))
    for key in ("rad", "spiel", "ehrenamt"):
        sizes = [c["size"] for c in result["clusters"] if c["group"] == key]
        assert sizes == sorted(sizes, reverse=True)
    for cluster in result["clusters"]:
        assert all(result["groups"][member] == cluster["group"] for member in cluster["members"])
        assert all(result["assignments"][member] == cluster["id"] for member in cluster["members"])


def test_a_fixed_k_is_capped_by_the_pillar_and_checked_without_pillars(records):
    result = find_topics(records, title_column="title", group_column="theme", k=50, seed=0)
    assert all(k <= 3 for k in result["parameters"]["k_by_group"].values())
    with pytest.raises(ParameterError):
        find_topics(records, title_column="title", k=50)


def test_the_same_theme_under_two_pillars_becomes_one_cross_cutting_theme(records):
    pillar = {"rad": lambda n: "a", "spiel": lambda n: "b", "ehrenamt": lambda n: "ab"[n % 2]}
    rows = [{**record, "pillar": pillar[record["theme"]](number)} for number, record in enumerate(records)]
    result = find_topics(rows, title_column="title", group_column="pillar", k=2, seed=0)
    crossing = [cluster for cluster in result["clusters"] if cluster["group"] is None]
    assert len(crossing) == 1 and result["clusters"][-1] is crossing[0]
    ehrenamt = {record["id"] for record in records if record["theme"] == "ehrenamt"}
    assert set(crossing[0]["members"]) <= ehrenamt and len(crossing[0]["members"]) >= 5
    assert [c["group"] for c in result["clusters"][:-1]] == ["a", "b"]
    assert result["parameters"]["k_cross_cutting"] == 1


def test_records_without_pillar_form_cross_cutting_themes(records):
    rows = [{**record, "pillar": record["theme"] if record["theme"] != "rad" else ""} for record in records]
    result = find_topics(rows, title_column="title", group_column="pillar", seed=0)
    rad = {record["id"] for record in records if record["theme"] == "rad"}
    assert all(result["groups"][key] is None for key in rad)
    crossing = {m for c in result["clusters"] if c["group"] is None for m in c["members"]}
    assert crossing and crossing <= rad


def test_place_in_groups_and_components_directly():
    embedding = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9], [0.97, 0.05]])
    placed = place_in_groups(embedding, ["a", "a", "b", "b", "b"], [False, False, False, False, True])
    assert placed == ["a", "a", "b", "b", "a"]
    assert place_in_groups(embedding, ["a"] * 5, [True] * 5) == ["a"] * 5
    centres = np.array([[1.0, 0.0], [0.9, 0.2], [0.0, 1.0], [0.1, 0.9], [-1.0, 0.1]])
    assert cross_cutting_components(centres, ["a", "b", "a", "a", "b"]) == [[0, 1]]
    # closer to a theme of its own pillar than to the other pillar: stays in its pillar
    assert cross_cutting_components(centres, ["a", "a", "b", "b", "b"]) == []
    assert cross_cutting_components(centres[:1], ["a"]) == []


def test_automatic_k_finds_separated_groups_and_does_not_take_the_upper_bound():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(5, 40))
    points = np.vstack([centre + 0.15 * rng.normal(size=(40, 40)) for centre in centres])
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    chosen, scores = choose_k(points, candidate_ks(len(points), 3, 20), seed=0)
    assert chosen == 5
    assert set(scores) == {str(k) for k in [*range(3, 11), 12, 14, 16, 18, 20]}
    assert candidate_ks(6, 3, 8) == [2] and candidate_ks(300, 3, 8) == list(range(3, 9))


def test_progress_is_reported_in_fine_steps_per_stage(records):
    calls = []
    find_topics(records * 3 and [{**r, "id": f"{r['id']}-{n}"} for n in range(3) for r in records],
                title_column="title", seed=0, progress=lambda stage, fraction: calls.append((stage, fraction)))
    stages = list(dict.fromkeys(stage for stage, _ in calls))
    assert stages == ["filter", "embed", "cluster", "label", "quotes"]
    assert all(0.0 <= fraction <= 1.0 for _, fraction in calls)
    cluster = [fraction for stage, fraction in calls if stage == "cluster"]
    assert len(cluster) >= 6 and cluster == sorted(cluster) and cluster[-1] == 1.0
    for stage in stages:
        fractions = [f for s, f in calls if s == stage]
        assert fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert len([f for s, f in calls if s == "embed"]) >= 10  # tokenising and subword batches report too


def test_numeric_pillar_ids_with_gaps_keep_their_integer_keys(records):
    numbers = {"rad": 1, "spiel": 2, "ehrenamt": None}
    rows = [{**record, "topic_id": numbers[record["theme"]]} for record in records]
    result = find_topics(rows, title_column="title", group_column="topic_id", seed=0)
    assert set(result["groups"].values()) == {"1", "2", None}
    assert {cluster["group"] for cluster in result["clusters"]} == {"1", "2", None}

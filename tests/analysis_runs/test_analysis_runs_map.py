"""The dashboard's theme map from SQL (results.theme_map_data): the same evenly thinned points and
the same per-theme counts and centres as the former selection in Python over every item."""
from __future__ import annotations

import pytest

from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.analysis_runs.queries import results as results
from app.extensions import db
from tests.analysis_runs.factories import make_finished_run
from tests.processes.factories import process_by_slug

# items per theme (key: theme index, None: no theme); more than 150 in two themes
SIZES = {0: 400, 1: 151, 2: 150, 3: 9, None: 40}


@pytest.fixture
def big_run(app, process):
    """A finished run with themes of 400, 151, 150 and 9 items and 40 without a theme, interleaved in id
    order over the pillars and districts (and none); some items of theme 0 and without theme have no position."""
    with app.app_context():
        proc = process_by_slug(process)
        made = make_finished_run(proc.id, items=0, themes=4)
        order = [theme for theme, size in SIZES.items() for _ in range(size)]
        order = [order[(n * 7919) % len(order)] for n in range(len(order))]  # a fixed shuffle (7919 is prime)
        topics = [topic.id for topic in proc.topics] + [None]
        districts = [district.id for district in proc.districts] + [None]
        items = []
        for n, theme in enumerate(order):
            placed = theme in (1, 2, 3) or n % 53 != 0  # some submissions have no map position
            items.append(AnalysisItem(
                run_id=made["run_id"], kind=("proposal", "comment", "survey")[n % 3], source_id=None,
                reference=f"TST-2026-{n:04d}", excerpt=f"Auszug {n}",
                theme_id=made["theme_ids"][theme] if theme is not None else None,
                topic_id=topics[n % len(topics)], district_id=districts[(n // 2) % len(districts)],
                x=((n * 37) % 101) / 50 - 1 if placed else None, y=((n * 61) % 97) / 48 - 1,
                representative=False, moved=False))
        db.session.add_all(items)
        db.session.commit()
        return {"run_id": made["run_id"], "theme_ids": made["theme_ids"],
                "topics": [topic.id for topic in proc.topics], "districts": [d.id for d in proc.districts]}


def former_selection(points: list[dict], per_theme: int) -> tuple[list[dict], list[dict]]:
    """What the dashboard computed in Python before: every ceil(n / per_theme)-th point per shown theme
    label (points in id order), and per label the count and the mean position of all its points."""
    by_theme: dict[str, list[dict]] = {}
    for point in points:
        by_theme.setdefault(point["theme"], []).append(point)
    chosen = {id(point) for members in by_theme.values()
              for point in members[::max(1, -(-len(members) // per_theme))]}
    summaries = [{"theme": theme, "count": len(members),
                  "mean_x": sum(p["x"] for p in members) / len(members),
                  "mean_y": sum(p["y"] for p in members) / len(members)}
                 for theme, members in sorted(by_theme.items(), key=lambda item: (-len(item[1]), item[0]))]
    return [point for point in points if id(point) in chosen], summaries


def assert_same(actual: tuple[list[dict], list[dict]], expected: tuple[list[dict], list[dict]]) -> None:
    points, summaries = actual
    expected_points, expected_summaries = expected
    assert points == expected_points
    assert [(s["theme"], s["count"]) for s in summaries] == [(s["theme"], s["count"]) for s in expected_summaries]
    for summary, wanted in zip(summaries, expected_summaries):
        assert summary["mean_x"] == pytest.approx(wanted["mean_x"], abs=1e-9)
        assert summary["mean_y"] == pytest.approx(wanted["mean_y"], abs=1e-9)


def test_sampled_points_and_summaries_equal_the_former_python_selection(app, big_run, count_queries):
    with app.app_context():
        run = db.session.get(AnalysisRun, big_run["run_id"])
        everything = results.theme_points(run)
        with count_queries() as counter:
            sampled = results.theme_map_data(run, per_theme=150)
        assert counter.count == 1
        assert_same(sampled, former_selection(everything, 150))
        points, summaries = sampled
        # the big themes are thinned evenly, the small ones and the items without a theme kept whole
        sizes = {s["theme"]: s["count"] for s in summaries}
        shown = {theme: sum(p["theme"] == theme for p in points) for theme in sizes}
        assert sizes["Thema 0"] > 300 and shown["Thema 0"] == -(-sizes["Thema 0"] // -(-sizes["Thema 0"] // 150))
        assert (sizes["Thema 1"], shown["Thema 1"], sizes["Thema 2"], shown["Thema 2"]) == (151, 76, 150, 150)
        assert shown["Thema 3"] == sizes["Thema 3"] and shown["Ohne Thema"] == sizes["Ohne Thema"]
        assert sum(sizes.values()) == len(everything) < sum(SIZES.values())  # items without a position left out
        assert set(points[0]) == set(everything[0])
        assert [p["ref"] for p in points] == sorted(p["ref"] for p in points)  # id order


@pytest.mark.parametrize("per_theme", [150, 7, 1])
@pytest.mark.parametrize("scope", ["topic", "district", "both", "other_topic", "nothing"])
def test_filters_and_smaller_limits_give_the_former_selection(app, big_run, scope, per_theme):
    topic, district = big_run["topics"][0], big_run["districts"][2]
    filters = {"topic": {"topic_id": topic}, "district": {"district_id": district},
               "both": {"topic_id": topic, "district_id": district},
               "other_topic": {"topic_id": big_run["topics"][2]}, "nothing": {"district_id": -1}}[scope]
    with app.app_context():
        run = db.session.get(AnalysisRun, big_run["run_id"])
        everything = results.theme_points(run, **filters)
        sampled = results.theme_map_data(run, per_theme=per_theme, **filters)
        assert_same(sampled, former_selection(everything, per_theme))
        if scope == "nothing":
            assert sampled == ([], [])
        else:
            assert 0 < len(sampled[0]) <= len(everything)
            assert per_theme == 150 or len(sampled[0]) < len(everything)
            assert all(p[key] == value for p in sampled[0] for key, value in filters.items())


def test_themes_with_the_same_shown_label_are_one_theme_like_before(app, big_run, count_queries):
    """Renamed to the same label (or to "Ohne Thema"), themes are counted and thinned together."""
    with app.app_context():
        run = db.session.get(AnalysisRun, big_run["run_id"])
        themes = [db.session.get(AnalysisTheme, theme_id) for theme_id in big_run["theme_ids"]]
        themes[2].label = themes[1].label
        themes[3].label = "Ohne Thema"
        db.session.commit()
        everything = results.theme_points(run)
        with count_queries() as counter:
            sampled = results.theme_map_data(run, per_theme=150)
        assert counter.count == 2  # the second pass samples by label
        assert_same(sampled, former_selection(everything, 150))
        assert [s["theme"] for s in sampled[1]] == ["Thema 0", "Thema 1", "Ohne Thema"]
        assert sampled[1][1]["count"] > 300
        with_topic = {"topic_id": big_run["topics"][1]}
        assert_same(results.theme_map_data(run, per_theme=20, **with_topic),
                    former_selection(results.theme_points(run, **with_topic), 20))


def test_a_run_without_positioned_items_has_no_map(app, process):
    with app.app_context():
        made = make_finished_run(process_by_slug(process).id, items=4)
        db.session.query(AnalysisItem).filter_by(run_id=made["run_id"]).update({"x": None})
        db.session.commit()
        assert results.theme_map_data(db.session.get(AnalysisRun, made["run_id"])) == ([], [])

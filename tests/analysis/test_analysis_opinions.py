import numpy as np
import pytest
from conftest import two_camp_votes

from analysis.errors import AnalysisError, NotEnoughDataError
from analysis.opinions import find_opinion_groups
from analysis.repness import proportion_z, two_proportion_z


@pytest.mark.parametrize("method", ["polis", "kmeans"])
def test_two_camps_are_recovered_with_representative_and_consensus_statements(method):
    result = find_opinion_groups(two_camp_votes(n_per_group=12), seed=0, method=method)
    groups = result["participants"]
    camp_a = {groups[f"v0-{i}"] for i in range(12)}
    camp_b = {groups[f"v1-{i}"] for i in range(12)}
    assert len(camp_a) == 1 and len(camp_b) == 1 and camp_a != camp_b
    assert [group["size"] for group in result["groups"]] == [12, 12]
    assert result["parameters"]["method"] == method
    for group in result["groups"]:
        assert group["representative"], "every camp has significant statements"
        for item in group["representative"]:
            assert set(item) >= {"statement", "direction", "agree_ratio", "score", "n_seen",
                                 "rest_agree_ratio", "rest_n_seen"}
            assert item["statement"] != "0"
            assert item["n_seen"] + item["rest_n_seen"] <= 24
    consensus = {(item["statement"], item["direction"]) for item in result["consensus"]}
    assert consensus == {("0", "agree")}
    (entry,) = result["consensus"]
    assert entry["n_seen"] == 24 and entry["group_n_seen"] == [12, 12] and entry["group_agree_ratios"] == [1.0, 1.0]
    assert set(result["projection"]) == set(groups)
    assert all(len(xy) == 2 for xy in result["projection"].values())


def test_consensus_needs_ten_votes_in_every_group():
    # Two camps of 8: statement 0 is unanimous, but 8 votes per group are below the minimum of 10.
    result = find_opinion_groups(two_camp_votes(n_per_group=8), seed=0)
    assert [group["size"] for group in result["groups"]] == [8, 8]
    assert result["consensus"] == []


def test_min_votes_excludes_light_voters_and_moderated_statements():
    rows = two_camp_votes() + [{"voter-id": "light", "comment-id": "1", "vote": 1}]
    result = find_opinion_groups(rows, min_votes=7, moderated_out=["1"])
    assert result["participants"]["light"] is None
    assert "light" not in result["projection"]
    reported = [s["statement"] for g in result["groups"] for s in g["representative"]]
    assert "1" not in reported and result["parameters"]["n_moderated_out"] == 1


def test_repness_statistics_match_published_polis_values():
    # Group 0, statement 13 of the red-dwarf fixture: 6/6 agree in the group, 3/10 outside.
    assert proportion_z(np.array(6), np.array(6)) == pytest.approx(2.6457513, rel=1e-6)
    assert two_proportion_z(np.array(6), np.array(6), np.array(3), np.array(10)) == pytest.approx(2.6998622, rel=1e-6)
    assert two_proportion_z(np.array(3), np.array(3), np.array(1), np.array(2)) == pytest.approx(1.2472191, rel=1e-6)


def test_too_few_voters_and_identical_votes_raise():
    few = [{"voter-id": v, "comment-id": s, "vote": 1} for v in range(3) for s in range(8)]
    with pytest.raises(NotEnoughDataError, match="at least 4"):
        find_opinion_groups(few)
    same = [{"voter-id": v, "comment-id": s, "vote": 1} for v in range(6) for s in range(8)]
    with pytest.raises(AnalysisError, match="identically"):
        find_opinion_groups(same)


def test_unknown_method_is_a_parameter_error():
    with pytest.raises(AnalysisError, match="method must be one of polis, kmeans"):
        find_opinion_groups(two_camp_votes(), method="magic")

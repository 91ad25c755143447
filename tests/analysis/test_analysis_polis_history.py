import numpy as np
import pytest
from conftest import two_camp_votes

import analysis.polis_history as history
from analysis.evaluate import compare_with_polis_math
from analysis.opinions import find_opinion_groups
from analysis.votes import VoteMatrix


def _timed(rows, start=1_700_000_000_000, step_ms=1000):
    return [{**row, "timestamp": start + i * step_ms} for i, row in enumerate(rows)]


def test_update_windows_and_thinning(monkeypatch):
    times = np.array([0, 3, 9, 10, 25, 26, 40], float)
    assert history._update_bounds(times) == [3, 4, 6, 7]
    monkeypatch.setattr(history, "MAX_UPDATES", 2)
    assert history._update_bounds(times) == [3, 7]


def test_k_smoother_changes_k_only_after_four_updates_in_a_row():
    state = {}
    for _ in range(3):
        state = history._smooth(state, {2: 0.3, 3: 0.5})
    assert state["smoothed"] == 3
    for expected in (3, 3, 3, 2):
        state = history._smooth(state, {2: 0.6, 3: 0.5})
        assert state["smoothed"] == expected
    assert history._smooth({}, {2: 0.5, 3: 0.5})["smoothed"] == 3  # ties: the larger k, as Pol.is's max-key
    assert history._smooth({"last": 5, "count": 1, "smoothed": 5}, {2: 0.1, 3: 0.2})["smoothed"] == 3


def test_replay_is_used_with_time_stamps_and_is_deterministic():
    rows = _timed(two_camp_votes(n_per_group=10))
    first = find_opinion_groups(rows, seed=0, stability=False)
    second = find_opinion_groups(rows, seed=5, stability=False)
    assert first["parameters"]["history"]["updates"] >= 2
    assert first["participants"] == second["participants"]
    groups = first["participants"]
    assert len({groups[f"v0-{i}"] for i in range(10)}) == 1 and groups["v0-0"] != groups["v1-0"]
    without = find_opinion_groups(two_camp_votes(n_per_group=10), seed=0, stability=False)
    assert without["parameters"]["history"] is None


def test_a_long_pause_restarts_the_group_memory():
    rows = _timed(two_camp_votes(n_per_group=10))
    half = len(rows) // 2
    for row in rows[half:]:
        row["timestamp"] += 2 * 3600 * 1000
    result = find_opinion_groups(rows, seed=0, stability=False)
    assert result["parameters"]["history"]["restarts"] == 1


def test_large_conversations_fall_back_to_the_snapshot(monkeypatch):
    monkeypatch.setattr(history, "MAX_PARTICIPANTS", 5)
    result = find_opinion_groups(_timed(two_camp_votes(n_per_group=10)), seed=0, stability=False)
    assert result["parameters"]["history"] is None
    assert result["parameters"]["k"] == 2


def test_history_can_be_switched_off():
    matrix = VoteMatrix.from_frame(_timed(two_camp_votes(n_per_group=10)))
    assert matrix.history is not None and len(matrix.history.times) >= len(matrix.values)
    result = find_opinion_groups(matrix, seed=0, stability=False, history=False)
    assert result["parameters"]["history"] is None


def test_reddwarf_replay_reproduces_polis_groups_exactly(data_dir):
    result = compare_with_polis_math(data_dir / "polis" / "reddwarf-fixture")
    assert result["groups"]["ari"] == pytest.approx(1.0)
    assert result["n_participants_compared"] == result["polis_in_conv"] == 23

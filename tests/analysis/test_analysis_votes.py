import numpy as np
import pandas as pd
import pytest
from conftest import two_camp_votes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import InputFileError, MissingColumnError
from analysis.opinions import find_opinion_groups
from analysis.votes import VoteMatrix

vote_rows = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 4), st.sampled_from([-1, 0, 1]), st.integers(0, 50)),
    min_size=1, max_size=60,
)


@given(vote_rows)
@settings(max_examples=60, deadline=None)
def test_last_vote_wins_shape_and_values(rows):
    frame = pd.DataFrame(rows, columns=["voter-id", "comment-id", "vote", "timestamp"])
    matrix = VoteMatrix.from_frame(frame)
    dense = matrix.to_dense()
    assert dense.shape == (frame["voter-id"].nunique(), frame["comment-id"].nunique())
    assert set(np.unique(dense[~np.isnan(dense)])) <= {-1, 0, 1}
    expected = {}
    for voter, statement, vote, _stamp in sorted(rows, key=lambda r: r[3]):  # stable: file order on ties
        expected[(str(voter), str(statement))] = vote
    for (voter, statement), vote in expected.items():
        assert dense[matrix.voters.index(voter), matrix.statements.index(statement)] == vote
    assert np.count_nonzero(~np.isnan(dense)) == len(expected)


def test_file_order_decides_without_timestamp():
    frame = pd.DataFrame({"voter-id": [1, 1], "comment-id": [1, 1], "vote": [1, -1]})
    assert VoteMatrix.from_frame(frame).to_dense()[0, 0] == -1
    stamped = frame.assign(timestamp=[20, 10])
    assert VoteMatrix.from_frame(stamped).to_dense()[0, 0] == 1


def test_invalid_votes_and_columns():
    with pytest.raises(InputFileError, match="Row 3"):
        VoteMatrix.from_frame(pd.DataFrame({"voter-id": [1, 2], "comment-id": [1, 1], "vote": ["1", "yes"]}))
    with pytest.raises(MissingColumnError, match="vote"):
        VoteMatrix.from_frame(pd.DataFrame({"voter-id": [1], "comment-id": [1]}))


@pytest.mark.slow  # ten clusterings of 160 voters: 1–3 s
@given(st.permutations(range(160)), st.integers(0, 3))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_groups_do_not_depend_on_row_order(order, seed):
    rows = two_camp_votes()
    shuffled = [rows[i] for i in order]
    first = find_opinion_groups(rows, seed=seed)
    second = find_opinion_groups(shuffled, seed=seed)
    assert first["participants"] == second["participants"]
    assert first["groups"] == second["groups"]

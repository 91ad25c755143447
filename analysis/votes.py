"""The participant × statement vote matrix (Pol.is ``votes.csv`` export).

Votes are +1 (agree), -1 (disagree) and 0 (pass); a missing vote means the
participant never saw or answered the statement. Only the last vote of a
participant on a statement counts: by ``timestamp`` when that column exists,
otherwise by file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.errors import InputFileError, NotEnoughDataError
from analysis.io import read_csv, require_columns, to_frame

VOTER_COLUMN = "voter-id"
STATEMENT_COLUMN = "comment-id"
MODERATED_COLUMN = "moderated"
MODERATED_VALUES = ("-1", "0", "1")  # Pol.is: moderated out, not moderated yet, accepted
VOTE_COLUMN = "vote"
TIMESTAMP_COLUMN = "timestamp"


def natural_order(labels) -> list[str]:
    """Sort ids numerically when they all are numbers, else as text."""
    labels = list(labels)
    try:
        return sorted(labels, key=lambda label: (float(label), label))
    except ValueError:
        return sorted(labels)


@dataclass(frozen=True)
class VoteHistory:
    """Every vote in the order it was cast (superseded votes included), with its time stamp."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    times: np.ndarray


@dataclass(frozen=True)
class VoteMatrix:
    """Sparse vote matrix: ``values[i]`` is the vote of ``voters[rows[i]]`` on ``statements[cols[i]]``.

    ``history`` keeps all votes in time order when the table had a numeric
    ``timestamp`` for every vote (used to replay Pol.is's updates), else ``None``.
    """

    voters: list[str]
    statements: list[str]
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    history: VoteHistory | None = None

    @classmethod
    def from_frame(cls, votes) -> VoteMatrix:
        """Build the matrix from a DataFrame or dicts with ``voter-id, comment-id, vote[, timestamp]``."""
        frame = to_frame(votes)
        require_columns(frame, [VOTER_COLUMN, STATEMENT_COLUMN, VOTE_COLUMN], source="The vote table")
        if frame.empty:
            raise NotEnoughDataError("The vote table contains no votes.")
        frame = frame.assign(
            **{VOTER_COLUMN: frame[VOTER_COLUMN].astype(str).str.strip(),
               STATEMENT_COLUMN: frame[STATEMENT_COLUMN].astype(str).str.strip()}
        )
        numeric = pd.to_numeric(frame[VOTE_COLUMN], errors="coerce")
        invalid = ~numeric.isin([-1, 0, 1])
        if invalid.any():
            row = int(np.flatnonzero(invalid.to_numpy())[0])
            raise InputFileError(
                f"Row {row + 2} of the vote table has the vote {frame[VOTE_COLUMN].iloc[row]!r}; "
                "votes must be 1 (agree), -1 (disagree) or 0 (pass)."
            )
        frame = frame.assign(**{VOTE_COLUMN: numeric.astype(np.int8)})
        timed = False
        if TIMESTAMP_COLUMN in frame.columns:
            stamps = pd.to_numeric(frame[TIMESTAMP_COLUMN], errors="coerce")
            if stamps.notna().all():
                frame = frame.assign(_order=stamps.astype(np.float64)).sort_values("_order", kind="stable")
                timed = True
        voters = natural_order(frame[VOTER_COLUMN].unique())
        statements = natural_order(frame[STATEMENT_COLUMN].unique())
        voter_index = {voter: i for i, voter in enumerate(voters)}
        statement_index = {statement: j for j, statement in enumerate(statements)}
        history = VoteHistory(
            rows=frame[VOTER_COLUMN].map(voter_index).to_numpy(np.int64),
            cols=frame[STATEMENT_COLUMN].map(statement_index).to_numpy(np.int64),
            values=frame[VOTE_COLUMN].to_numpy(np.int8),
            times=frame["_order"].to_numpy(np.float64),
        ) if timed else None
        frame = frame.drop_duplicates([VOTER_COLUMN, STATEMENT_COLUMN], keep="last")
        return cls(
            voters=voters,
            statements=statements,
            rows=frame[VOTER_COLUMN].map(voter_index).to_numpy(np.int64),
            cols=frame[STATEMENT_COLUMN].map(statement_index).to_numpy(np.int64),
            values=frame[VOTE_COLUMN].to_numpy(np.int8),
            history=history,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.voters), len(self.statements)

    def indicator(self, value: int | None = None) -> sp.csr_matrix:
        """0/1 sparse matrix of votes equal to ``value`` (``None``: any vote, i.e. "seen")."""
        mask = np.ones(len(self.values), bool) if value is None else self.values == value
        return sp.csr_matrix(
            (np.ones(mask.sum(), np.float64), (self.rows[mask], self.cols[mask])), shape=self.shape
        )

    def to_dense(self) -> np.ndarray:
        """Dense float matrix with -1/0/1 for votes and NaN where no vote exists."""
        dense = np.full(self.shape, np.nan)
        dense[self.rows, self.cols] = self.values
        return dense

    def votes_per_voter(self) -> np.ndarray:
        return np.bincount(self.rows, minlength=len(self.voters))

    def without_statements(self, excluded) -> VoteMatrix:
        """Copy without the given statements (e.g. moderated out) and voters left without votes."""
        excluded = {str(statement) for statement in excluded}
        keep_statement = np.array([s not in excluded for s in self.statements], bool)
        keep_vote = keep_statement[self.cols]
        used_voters = np.unique(self.rows[keep_vote])
        voter_map = np.full(len(self.voters), -1)
        voter_map[used_voters] = np.arange(len(used_voters))
        statement_map = np.cumsum(keep_statement) - 1
        return VoteMatrix(
            voters=[self.voters[i] for i in used_voters],
            statements=[s for s, keep in zip(self.statements, keep_statement) if keep],
            rows=voter_map[self.rows[keep_vote]],
            cols=statement_map[self.cols[keep_vote]],
            values=self.values[keep_vote],
        )


def read_votes(path: str | Path) -> VoteMatrix:
    """Read a Pol.is ``votes.csv`` export into a :class:`VoteMatrix`."""
    return VoteMatrix.from_frame(read_csv(path, required=[VOTER_COLUMN, STATEMENT_COLUMN, VOTE_COLUMN]))


def moderated_out_statements(path: str | Path) -> list[str]:
    """Ids of statements marked ``moderated = -1`` in a Pol.is ``comments.csv`` export."""
    comments = read_csv(path, required=[STATEMENT_COLUMN, MODERATED_COLUMN])
    ids = comments[STATEMENT_COLUMN].str.strip()
    moderated = comments[MODERATED_COLUMN].str.strip()
    for row, (statement, value) in enumerate(zip(ids, moderated), start=2):
        if not statement:
            raise InputFileError(f"{path}: Row {row}: the {STATEMENT_COLUMN} is empty.")
        if value not in MODERATED_VALUES:
            raise InputFileError(f"{path}: Row {row}: {MODERATED_COLUMN} must be -1, 0 or 1, not {value[:20]!r}.")
    return ids[moderated == "-1"].tolist()

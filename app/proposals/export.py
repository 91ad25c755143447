"""Exporting the participant × proposal vote matrix in the Pol.is `votes.csv` format.

Columns as in Pol.is exports: `timestamp` (milliseconds since 1970), `datetime`, `comment-id`
(the proposal's number within the process, i.e. 42 for ENG-2026-0042), `voter-id`
(a pseudonym: participants numbered 0, 1, 2 … in the order of their first vote in this
process — never an email, name or account id), `vote` (+1 agree, -1 disagree, 0 pass).
Hidden (moderated) proposals are left out.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

from sqlalchemy import select

from app.core.csvfiles import csv_chunks
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal, Vote

COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
BATCH = 5000


def vote_rows(process: Process) -> Iterator[list]:
    """The rows of the export (without header), oldest vote first, streamed from the database."""
    statement = (
        select(Vote.user_id, Vote.value, Vote.updated_at, Proposal.number)
        .join(Proposal, Proposal.id == Vote.proposal_id)
        .where(Proposal.process_id == process.id, Proposal.hidden_at.is_(None))
        .order_by(Vote.updated_at, Vote.id)
        .execution_options(yield_per=BATCH)
    )
    pseudonyms: dict[int, int] = {}
    for user_id, value, stamp, number in db.session.execute(statement):
        voter = pseudonyms.setdefault(user_id, len(pseudonyms))
        if stamp.tzinfo is None:  # SQLite returns naive UTC
            stamp = stamp.replace(tzinfo=UTC)
        yield [int(stamp.timestamp() * 1000), stamp.strftime("%a %b %d %H:%M:%S UTC %Y"), number, voter, value]


def votes_csv(process: Process) -> Iterator[str]:
    """The export as CSV text chunks (header first)."""
    return csv_chunks(COLUMNS, vote_rows(process))

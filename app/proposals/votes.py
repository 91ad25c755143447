"""Casting, changing and withdrawing votes on proposals.

One vote per person and proposal is enforced by the database (unique constraint). The
counters on the proposal change in the same transaction as the vote row, and every change
of a vote row is conditional on the value read before, so concurrent double submits on
SQLite and PostgreSQL either apply cleanly or are retried: the counts always match the rows.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from app.core.clock import now
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.extensions import db
from app.processes.phases import is_participation_open
from app.proposals import permissions
from app.proposals.models import COUNTER_COLUMNS, VOTE_VALUES, Proposal, Vote

WITHDRAW = "withdraw"
ATTEMPTS = 10


class _Changed(Exception):
    """The vote row changed between reading and writing; try again."""


def parse_vote_value(value) -> int | None:
    """'agree'/'disagree'/'pass' → +1/-1/0, 'withdraw' → None; anything else is a DomainError."""
    if value == WITHDRAW:
        return None
    if isinstance(value, str) and value in VOTE_VALUES:
        return VOTE_VALUES[value].value
    raise DomainError(_l("Bitte wählen Sie „Zustimmen“, „Ablehnen“ oder „Enthalten“."), field="value")


def vote_refusal(user, proposal: Proposal, day: date):
    """Why `user` may not vote on `proposal` today (translated)."""
    if proposal.is_withdrawn:
        return _l("Dieser Vorschlag wurde zurückgezogen; über ihn kann nicht mehr abgestimmt werden.")
    if proposal.is_hidden:
        return _l("Über diesen Vorschlag kann nicht abgestimmt werden.")
    if not is_participation_open(proposal.process, day):
        return _l("Abstimmen ist nur während der Beteiligungsphase möglich.")
    if not permissions.can_participate(user):
        return _l("Zum Abstimmen melden Sie sich bitte an und bestätigen Ihre E-Mail-Adresse.")
    return _l("Sie können über diesen Vorschlag nicht abstimmen.")


def cast_vote(user, proposal: Proposal, value, day: date) -> int | None:
    """Set `user`'s vote on `proposal` to agree/disagree/pass, or withdraw it. Returns the stored value."""
    new = parse_vote_value(value)
    if not permissions.can_vote(user, proposal, day):
        raise PermissionDenied(vote_refusal(user, proposal, day))
    user_id, proposal_id, author_id = user.id, proposal.id, proposal.author_id
    for _attempt in range(ATTEMPTS):
        try:
            _apply(user_id, proposal_id, author_id, new)
            db.session.commit()
            return new
        except (IntegrityError, _Changed, OperationalError):
            db.session.rollback()
    raise Conflict(_l("Ihre Stimme konnte gerade nicht gespeichert werden. Bitte versuchen Sie es erneut."))


def _apply(user_id: int, proposal_id: int, author_id: int, new: int | None) -> None:
    mine = (Vote.user_id == user_id) & (Vote.proposal_id == proposal_id)
    old = db.session.scalar(select(Vote.value).where(mine))
    if old == new:
        return
    stamp = now()
    if old is None:
        db.session.execute(insert(Vote).values(user_id=user_id, proposal_id=proposal_id, value=new,
                                               created_at=stamp, updated_at=stamp))
    elif new is None:
        if db.session.execute(delete(Vote).where(mine, Vote.value == old)).rowcount != 1:
            raise _Changed()
    elif db.session.execute(update(Vote).where(mine, Vote.value == old)
                            .values(value=new, updated_at=stamp)).rowcount != 1:
        raise _Changed()
    deltas = {}
    if old is not None:
        deltas[COUNTER_COLUMNS[old]] = -1
    if new is not None:
        deltas[COUNTER_COLUMNS[new]] = deltas.get(COUNTER_COLUMNS[new], 0) + 1
    columns = Proposal.__table__.c
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id)
                       .values({columns[name]: columns[name] + delta for name, delta in deltas.items()}))
    if new is not None and user_id != author_id:
        db.session.execute(update(Proposal).where(Proposal.id == proposal_id, Proposal.engaged_at.is_(None))
                           .values(engaged_at=stamp))


def votes_of(user, proposal_ids) -> dict[int, int]:
    """{proposal id: stored vote value} for the given proposals (one query, also for an empty page, so
    that every page costs the same; none for visitors)."""
    proposal_ids = list(proposal_ids)
    if not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(select(Vote.proposal_id, Vote.value)
                              .where(Vote.user_id == user.id, Vote.proposal_id.in_(proposal_ids)))
    return {proposal_id: value for proposal_id, value in rows}

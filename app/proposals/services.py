"""Proposal use cases: submit, edit, withdraw, vote; and the vote counters on the proposal.

One vote per person and proposal is enforced by the database (unique constraint). The counters on the
proposal change in the same transaction as the vote row, and every change of a vote row is conditional on
the value read before, so concurrent double submits on SQLite and PostgreSQL either apply cleanly or are
retried: the counts always match the rows. `recount_votes` recomputes them from the rows (after a merge).
The status and official answer are set by the moderation (`app.moderation.services`).
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.core.events import proposal_submitted
from app.core.numbers import parse_id
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db
from app.processes.models import Process
from app.processes.permissions import is_participation_open
from app.proposals import permissions
from app.proposals.models import COUNTER_COLUMNS, VOTE_VALUES, Proposal, Vote

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MIN, BODY_MAX = 10, 5000
ANSWER_MAX = 10000


def reference_for(process: Process, year: int, number: int) -> str:
    """The citable reference, e.g. ENG-2026-0042."""
    return f"{process.reference_prefix}-{year}-{number:04d}"


def get_proposal(proposal_id, user) -> Proposal:
    """The proposal with its process (and phases), topic, district and author, or NotFound."""
    proposal_id = parse_id(proposal_id)
    if proposal_id is None:
        raise NotFound(_l("Diesen Vorschlag gibt es nicht."))
    query = (
        select(Proposal).where(Proposal.id == proposal_id)
        .options(joinedload(Proposal.process).selectinload(Process.phases), joinedload(Proposal.topic),
                 joinedload(Proposal.district), joinedload(Proposal.author), joinedload(Proposal.merged_into))
    )
    proposal = db.session.scalar(query)
    if proposal is None or not permissions.can_see(user, proposal):
        raise NotFound(_l("Diesen Vorschlag gibt es nicht."))
    return proposal


def _clean_fields(process: Process, title, body, topic_id, district_id) -> dict:
    """Validate and normalise the editable fields; raises DomainError naming the field."""
    title = clean_text(title, single_line=True)
    body = clean_text(body)
    if len(title) < TITLE_MIN:
        raise DomainError(_l("Der Titel muss mindestens %(min)d Zeichen lang sein.", min=TITLE_MIN), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(_l("Der Titel darf höchstens %(max)d Zeichen lang sein.", max=TITLE_MAX), field="title")
    if len(body) < BODY_MIN:
        raise DomainError(_l("Bitte beschreiben Sie Ihren Vorschlag mit mindestens %(min)d Zeichen.", min=BODY_MIN),
                          field="body")
    if len(body) > BODY_MAX:
        raise DomainError(_l("Die Beschreibung darf höchstens %(max)d Zeichen lang sein.", max=BODY_MAX), field="body")
    topic = _child_by_id(process.topics, topic_id)
    if topic is None:
        raise DomainError(_l("Bitte wählen Sie eines der Themen aus."), field="topic")
    district = None
    if district_id not in (None, "", 0, "0"):
        district = _child_by_id(process.districts, district_id)
        if district is None:
            raise DomainError(_l("Bitte wählen Sie einen Stadtteil aus der Liste oder „kein bestimmter Stadtteil“."),
                              field="district")
    return {"title": title, "body": body, "topic_id": topic.id, "district_id": district.id if district else None}


def _child_by_id(items, raw_id):
    wanted = parse_id(raw_id)
    return next((item for item in items if item.id == wanted), None)


def submit_proposal(user, process: Process, *, title, body, topic_id, district_id=None, day: date) -> Proposal:
    """Create a proposal with the next reference number; the author follows it automatically."""
    if not permissions.can_submit(user, process, day):
        raise PermissionDenied(_l("Vorschläge können nur angemeldete, bestätigte Teilnehmende während der "
                                  "Beteiligungsphase einreichen."))
    fields = _clean_fields(process, title, body, topic_id, district_id)
    for _attempt in range(10):
        highest = db.session.scalar(select(func.max(Proposal.number)).where(Proposal.process_id == process.id))
        number = (highest or 0) + 1
        proposal = Proposal(process_id=process.id, number=number, reference=reference_for(process, day.year, number),
                            author_id=user.id, created_at=now(), **fields)
        db.session.add(proposal)
        try:
            db.session.flush()
        except IntegrityError:  # another submission took this number at the same moment
            db.session.rollback()
            continue
        proposal_submitted.send(proposal, author=user)
        db.session.commit()
        return proposal
    raise Conflict(_l("Ihr Vorschlag konnte gerade nicht gespeichert werden. Bitte senden Sie ihn erneut."))


def edit_proposal(user, proposal: Proposal, *, title, body, topic_id, district_id=None, day: date) -> Proposal:
    """Change the text while nobody else has voted or commented yet."""
    if not permissions.can_edit(user, proposal, day):
        raise PermissionDenied(edit_refusal(user, proposal))
    fields = _clean_fields(proposal.process, title, body, topic_id, district_id)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.edited_at = now()
    db.session.commit()
    return proposal


def edit_refusal(user, proposal: Proposal):
    """Why `user` may not edit `proposal` (translated)."""
    if not permissions.is_author(user, proposal):
        return _l("Nur wer den Vorschlag eingereicht hat, kann ihn bearbeiten.")
    if proposal.engaged_at is not None:
        return _l("Andere haben schon abgestimmt oder kommentiert – der Vorschlag kann deshalb nicht mehr "
                  "bearbeitet werden.")
    return _l("Der Vorschlag kann jetzt nicht bearbeitet werden.")


def withdraw_proposal(user, proposal: Proposal, day: date) -> Proposal:
    """The author takes the proposal back; it stays readable but leaves the list and voting closes."""
    if not permissions.can_withdraw(user, proposal, day):
        if not permissions.is_author(user, proposal):
            raise PermissionDenied(_l("Nur wer den Vorschlag eingereicht hat, kann ihn zurückziehen."))
        raise PermissionDenied(_l("Der Vorschlag kann jetzt nicht zurückgezogen werden."))
    proposal.withdrawn_at = now()
    db.session.commit()
    return proposal


# --- votes ---

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


def merged_refusal(proposal: Proposal):
    """Why nothing more can be done on a merged proposal, naming the proposal it was merged into (translated)."""
    target = proposal.merged_into or db.session.get(Proposal, proposal.merged_into_id)
    return _l("Dieser Vorschlag wurde mit %(reference)s zusammengeführt. Bitte stimmen Sie dort ab, kommentieren "
              "oder folgen Sie dort.", reference=target.reference if target else "")


def vote_refusal(user, proposal: Proposal, day: date):
    """Why `user` may not vote on `proposal` today (translated)."""
    if proposal.is_merged:
        return merged_refusal(proposal)
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


def recount_votes(proposal_id: int) -> None:
    """Set the vote counters of a proposal from its vote rows (in the caller's transaction)."""
    counts = dict(db.session.execute(select(Vote.value, func.count()).where(Vote.proposal_id == proposal_id)
                                     .group_by(Vote.value)).all())
    values = {column: counts.get(value, 0) for value, column in COUNTER_COLUMNS.items()}
    db.session.execute(update(Proposal).where(Proposal.id == proposal_id).values(**values))


def proposals_merged_into(target: Proposal) -> list[Proposal]:
    """The proposals that were merged into `target` (its merge history), by number."""
    return list(db.session.scalars(select(Proposal).where(Proposal.merged_into_id == target.id)
                                   .order_by(Proposal.number)))


# --- the process set-up changes: a topic or district is deleted ---

@use_case
def reassign_proposals(*, from_topic_id: int | None = None, to_topic_id: int | None = None,
                       from_district_id: int | None = None, to_district_id: int | None = None) -> int:
    """Move every proposal of a topic to another topic, or of a district to another district (None: to no
    district); returns how many moved. The caller checks that both belong to the same process."""
    if from_topic_id is not None:
        statement = update(Proposal).where(Proposal.topic_id == from_topic_id).values(topic_id=to_topic_id)
    else:
        statement = update(Proposal).where(Proposal.district_id == from_district_id).values(
            district_id=to_district_id)
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount

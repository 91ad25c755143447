"""Proposal use cases: submit, edit, withdraw, set status / official answer. One transaction each."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.core.text import clean_text
from app.extensions import db
from app.notifications import services as notifications
from app.processes.models import Process
from app.proposals import permissions
from app.proposals.models import STATUS_VALUES, Proposal

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MIN, BODY_MAX = 10, 5000
ANSWER_MAX = 10000


def reference_for(process: Process, year: int, number: int) -> str:
    """The citable reference, e.g. ENG-2026-0042."""
    return f"{process.reference_prefix}-{year}-{number:04d}"


def get_proposal(proposal_id, user) -> Proposal:
    """The proposal with its process (and phases), topic, district and author, or NotFound."""
    try:
        proposal_id = int(proposal_id)
    except (TypeError, ValueError):
        raise NotFound(_l("Diesen Vorschlag gibt es nicht.")) from None
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
    try:
        wanted = int(raw_id)
    except (TypeError, ValueError):
        return None
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
        notifications.add_follow(user.id, proposal.id)
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


def set_status(actor, proposal: Proposal, *, status: str | None = None, official_answer: str | None = None) -> Proposal:
    """Moderators set the status and/or the official answer; followers are notified (in-app and by email)."""
    if not permissions.can_answer(actor):
        raise PermissionDenied(_l("Nur die Moderation kann den Status und die offizielle Antwort festlegen."))
    changes = []
    if status is not None and status != proposal.status:
        if status not in STATUS_VALUES:
            raise DomainError(_l("Unbekannter Status."), field="status")
        proposal.status = status
        changes.append(("status", status))
    if official_answer is not None:
        answer = clean_text(official_answer)
        if len(answer) > ANSWER_MAX:
            raise DomainError(_l("Die Antwort darf höchstens %(max)d Zeichen lang sein.", max=ANSWER_MAX),
                              field="official_answer")
        if answer and answer != (proposal.official_answer or ""):
            proposal.official_answer = answer
            proposal.answered_at = now()
            changes.append(("answer", None))
    mails = [mail for kind, value in changes
             for mail in notifications.notify_followers(proposal, kind, status=value, actor_id=actor.id)]
    db.session.commit()
    notifications.send_mails(mails)
    return proposal

"""Blocking and unblocking users, and setting status and official answers of proposals."""
from __future__ import annotations

from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.audit import services as audit
from app.auth.models import User, new_session_token
from app.comments.models import Comment
from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.core.numbers import parse_id
from app.core.text import clean_text
from app.extensions import db
from app.moderation.permissions import can_answer, can_block
from app.moderation.queue import moderated_process_ids
from app.notifications import services as notifications
from app.proposals.models import STATUS_VALUES, Proposal

REASON_MAX = 500
ANSWER_MAX = 10000  # characters of an official answer


def get_user(user_id) -> User:
    """The user, or NotFound."""
    number = parse_id(user_id)
    user = db.session.get(User, number) if number is not None else None
    if user is None:
        raise NotFound(_l("Diese Person gibt es nicht."))
    return user


def block_user(actor, user_id, *, reason, until=None, hide_content: bool = False) -> User:
    """Block a user (optionally until a date, optionally hiding their content); they are logged out.

    The block is global (moderators may block anywhere), but `hide_content` hides only content in the
    processes `actor` may moderate (admins: all).
    """
    if not can_block(actor):
        raise PermissionDenied(_l("Nur die Moderation kann Personen sperren."))
    user = get_user(user_id)
    if user.id == actor.id or user.is_moderator:
        raise PermissionDenied(_l("Moderatorinnen, Moderatoren und Admins können hier nicht gesperrt werden."))
    reason = clean_text(reason)
    if not reason:
        raise DomainError(_l("Bitte geben Sie einen Grund an; die Person sieht ihn."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=REASON_MAX), field="reason")
    blocked_until = None
    if until is not None:
        blocked_until = datetime.combine(until, time.min, tzinfo=UTC)
        if blocked_until <= now():
            raise DomainError(_l("Das Ende der Sperre muss in der Zukunft liegen."), field="until")
    if user.is_blocked:
        raise Conflict(_l("Diese Person ist bereits gesperrt."))
    user.blocked_at, user.blocked_until, user.blocked_reason = now(), blocked_until, reason
    user.session_token = new_session_token()  # ends their sessions
    hidden = 0
    if hide_content:
        hidden_reason = str(_l("Die Person wurde von der Moderation gesperrt."))
        process_ids = moderated_process_ids(actor)  # None: all processes (admins)
        in_scope = {Proposal: [], Comment: []}
        if process_ids is not None:
            in_scope[Proposal] = [Proposal.process_id.in_(process_ids)]
            in_scope[Comment] = [Comment.proposal_id.in_(select(Proposal.id)
                                                         .where(Proposal.process_id.in_(process_ids)))]
        for model in (Proposal, Comment):
            hidden += db.session.execute(
                update(model).where(model.author_id == user.id, model.hidden_at.is_(None), *in_scope[model])
                .values(hidden_at=now(), hidden_reason=hidden_reason)).rowcount
    audit.record(actor, "block", item_kind="user", item_id=user.id, reason=reason,
                 details=f"until={blocked_until.date().isoformat() if blocked_until else '-'}; hidden_items={hidden}")
    db.session.commit()
    return user


def unblock_user(actor, user_id, *, reason=None) -> User:
    """Lift a block (content hidden with it stays hidden until restored in the queue)."""
    if not can_block(actor):
        raise PermissionDenied(_l("Nur die Moderation kann Sperren aufheben."))
    user = get_user(user_id)
    if user.blocked_at is None:
        raise Conflict(_l("Diese Person ist nicht gesperrt."))
    user.blocked_at = user.blocked_until = user.blocked_reason = None
    audit.record(actor, "unblock", item_kind="user", item_id=user.id, reason=clean_text(reason)[:REASON_MAX])
    db.session.commit()
    return user


def blocked_users() -> list[User]:
    """Everyone with a block on record (current or expired), newest first."""
    return list(db.session.scalars(select(User).where(User.blocked_at.is_not(None))
                                   .order_by(User.blocked_at.desc())))


def answer_proposal(actor, proposal: Proposal, *, status=None, official_answer=None) -> Proposal:
    """Set status and official answer (admins, or moderators where the process allows); logged, followers told
    in-app and by e-mail. Everything is checked before anything changes."""
    if not can_answer(actor, proposal.process):
        raise PermissionDenied(_l("Sie dürfen in diesem Beteiligungsprozess keine offiziellen Antworten geben."))
    answer = clean_text(official_answer)
    new_status = status not in (None, proposal.status)
    new_answer = bool(answer) and answer != (proposal.official_answer or "")
    if new_status and status not in STATUS_VALUES:
        raise DomainError(_l("Unbekannter Status."), field="status")
    if len(answer) > ANSWER_MAX:
        raise DomainError(_l("Die Antwort darf höchstens %(max)d Zeichen lang sein.", max=ANSWER_MAX),
                          field="official_answer")
    if not (new_status or new_answer):
        raise Conflict(_l("Status und Antwort sind unverändert."))
    if new_status:
        proposal.status = status
    if new_answer:
        proposal.official_answer = answer
        proposal.answered_at = now()
    audit.record(actor, "answer", process_id=proposal.process_id, item_kind="proposal", item_id=proposal.id,
                 details=f"status={proposal.status}")
    # One notification per follower: an answer (with the new status, if that changed too) or a new status.
    kind = "answer" if new_answer else "status"
    mails = notifications.notify_followers(proposal, kind, status=status if new_status else None,
                                           actor_id=actor.id)
    db.session.commit()
    notifications.send_mails(mails)
    return proposal

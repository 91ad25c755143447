"""Following proposals and notifying people: in-app always, by email when they want it.

The `notify_*` helpers add notification rows to the caller's transaction and return the
mails to send; the caller commits first and then hands them to `send_mails`. Events of lower
features (a proposal submitted, a comment posted) are handled by `connect_event_handlers`: their
mails go out once the transaction that caused them has committed, and never after a rollback.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.auth.models import User
from app.auth.permissions import can_participate
from app.core.clock import now
from app.core.errors import NotFound, PermissionDenied
from app.core.events import comment_posted, proposal_submitted
from app.core.mail import OutgoingMail, queue_mails
from app.extensions import db
from app.notifications.models import Follow, Kind, Notification
from app.notifications.permissions import can_follow
from app.proposals.models import Proposal
from app.proposals.services import merged_refusal


@dataclass(frozen=True)
class PendingMail:
    to: str
    locale: str | None
    kind: str
    proposal_id: int
    reference: str
    title: str
    status: str | None = None
    comment_id: int | None = None
    actor_name: str | None = None
    reason: str | None = None
    target_reference: str | None = None  # kind "merged": the proposal it was merged into
    target_title: str | None = None


def add_follow(user_id: int, proposal_id: int) -> None:
    """Add a follow to the current transaction (no commit; the caller makes sure it does not exist yet)."""
    db.session.add(Follow(user_id=user_id, proposal_id=proposal_id, created_at=now()))


def is_following(user, proposal_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(
        select(Follow.id).where(Follow.user_id == user.id, Follow.proposal_id == proposal_id)) is not None


def set_following(user, proposal, follow: bool) -> bool:
    """Start or stop following `proposal`; idempotent. Returns whether the user now follows it."""
    if follow and not can_follow(user, proposal):
        if proposal.is_merged and can_participate(user):
            raise PermissionDenied(merged_refusal(proposal))
        raise PermissionDenied(
            _l("Bitte melden Sie sich an und bestätigen Sie Ihre E-Mail-Adresse, um Vorschlägen zu folgen."))
    if follow:
        if not is_following(user, proposal.id):
            add_follow(user.id, proposal.id)
            try:
                db.session.commit()
            except IntegrityError:  # a double submit already added it
                db.session.rollback()
    else:
        db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.proposal_id == proposal.id))
        db.session.commit()
    return follow


def wants_mail(user: User) -> bool:
    """Notification mails go to confirmed people who want them and are not blocked."""
    return bool(user.email_notifications and user.is_confirmed and not user.is_blocked)


def mail_for(user: User, kind: str, proposal, **extra) -> PendingMail | None:
    """The mail about `proposal` for `user`, or None if they get no notification mails (see `wants_mail`)."""
    if not wants_mail(user):
        return None
    return PendingMail(to=user.email, locale=user.locale, kind=kind, proposal_id=proposal.id,
                       reference=proposal.reference, title=proposal.title, **extra)


def notify_reply(reply, parent, proposal, replier) -> list[PendingMail]:
    """Tell the author of `parent` that `replier` answered (not when people answer themselves)."""
    recipient = parent.author
    if recipient is None or recipient.id == replier.id:
        return []
    db.session.add(Notification(user_id=recipient.id, kind=Kind.REPLY.value, proposal_id=proposal.id,
                                comment_id=reply.id, created_at=now()))
    mail = mail_for(recipient, Kind.REPLY.value, proposal, comment_id=reply.id, actor_name=replier.display_name)
    return [mail] if mail else []


def notify_followers(proposal, kind: str, *, status: str | None = None,
                     actor_id: int | None = None) -> list[PendingMail]:
    """Notify everyone following `proposal` about a new status or official answer (bulk insert)."""
    followers = db.session.execute(
        select(User).join(Follow, Follow.user_id == User.id).where(Follow.proposal_id == proposal.id)
    ).scalars().all()
    recipients = [user for user in followers if user.id != actor_id]
    if not recipients:
        return []
    created = now()
    db.session.execute(insert(Notification), [
        {"user_id": user.id, "kind": kind, "proposal_id": proposal.id, "status": status, "created_at": created}
        for user in recipients
    ])
    mails = (mail_for(user, kind, proposal, status=status) for user in recipients)
    return [mail for mail in mails if mail]


def send_mails(mails: list[PendingMail]) -> None:
    """Queue notification mails, each in its recipient's language (after the transaction committed), in one
    insert; the outbox sends them in the background over one connection."""
    outgoing = []
    for mail in mails:
        with force_locale(mail.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject, body = _compose(mail)
        outgoing.append(OutgoingMail(to=mail.to, subject=str(subject), body=str(body)))
    queue_mails(outgoing)


def _link(mail: PendingMail) -> str:
    anchor = f"comment-{mail.comment_id}" if mail.comment_id else None
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for("discussion.proposal", proposal_id=mail.proposal_id, _external=True, _anchor=anchor)
    return f"/proposals/{mail.proposal_id}"


def _compose(mail: PendingMail) -> tuple[str, str]:
    from app.proposals.labels import PROPOSAL_STATUS_LABELS

    link = _link(mail)
    footer = _("Sie erhalten diese E-Mail, weil Sie bei Ratschlag Benachrichtigungen per E-Mail eingeschaltet "
               "haben. Sie können das in Ihrem Konto unter „Mein Konto“ abschalten.")
    if mail.kind == Kind.REPLY.value:
        subject = _("Neue Antwort auf Ihren Kommentar")
        text = _("%(name)s hat auf Ihren Kommentar zum Vorschlag %(reference)s „%(title)s“ geantwortet.",
                 name=mail.actor_name, reference=mail.reference, title=mail.title)
    elif mail.kind == Kind.STATUS.value:
        subject = _("Neuer Status für %(reference)s", reference=mail.reference)
        status = PROPOSAL_STATUS_LABELS.get(mail.status, mail.status)
        text = _("Der Vorschlag %(reference)s „%(title)s“, dem Sie folgen, hat jetzt den Status „%(status)s“.",
                 reference=mail.reference, title=mail.title, status=status)
    elif mail.kind == Kind.HIDDEN.value:
        subject = _("Ihr Beitrag wurde ausgeblendet")
        text = _("Die Moderation hat Ihren Beitrag zum Vorschlag %(reference)s „%(title)s“ ausgeblendet. "
                 "Grund: %(reason)s", reference=mail.reference, title=mail.title, reason=mail.reason)
    elif mail.kind == Kind.MERGED.value:
        subject = _("Vorschlag %(reference)s wurde zusammengeführt", reference=mail.reference)
        text = _("Der Vorschlag %(reference)s „%(title)s“, dem Sie folgen, wurde mit %(target)s „%(target_title)s“ "
                 "zusammengeführt. Stimmen, Kommentare und Folgende sind jetzt dort.",
                 reference=mail.reference, title=mail.title, target=mail.target_reference,
                 target_title=mail.target_title)
    elif mail.status:
        subject = _("Offizielle Antwort zu %(reference)s", reference=mail.reference)
        text = _("Zum Vorschlag %(reference)s „%(title)s“, dem Sie folgen, gibt es jetzt eine offizielle Antwort; "
                 "sein Status ist jetzt „%(status)s“.", reference=mail.reference, title=mail.title,
                 status=PROPOSAL_STATUS_LABELS.get(mail.status, mail.status))
    else:
        subject = _("Offizielle Antwort zu %(reference)s", reference=mail.reference)
        text = _("Zum Vorschlag %(reference)s „%(title)s“, dem Sie folgen, gibt es jetzt eine offizielle Antwort.",
                 reference=mail.reference, title=mail.title)
    return subject, f"{text}\n\n{link}\n\n-- \n{footer}"


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def list_notifications(user, page: int, per_page: int = 30):
    """A page of the user's notifications, newest first, with proposal (and its merge target) and comment
    author loaded."""
    from app.comments.models import Comment

    statement = (
        select(Notification).where(Notification.user_id == user.id)
        .options(joinedload(Notification.proposal).joinedload(Proposal.merged_into),
                 joinedload(Notification.comment).joinedload(Comment.author))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def open_notification(user, notification_id) -> Notification:
    """The user's notification, marked read (opening it is reading it); NotFound for anyone else's."""
    try:
        number = int(notification_id)
    except (TypeError, ValueError):
        number = 0
    notification = (db.session.scalar(select(Notification).where(Notification.id == number,
                                                                  Notification.user_id == user.id))
                     if 0 < number < 2**31 else None)
    if notification is None:
        raise NotFound(_l("Diese Benachrichtigung gibt es nicht."))
    if notification.read_at is None:
        notification.read_at = now()
        db.session.commit()
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of `user` as read; returns how many."""
    result = db.session.execute(update(Notification)
                                .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                                .values(read_at=now()))
    db.session.commit()
    return result.rowcount


# --- events of lower features ---

_MAILS_AFTER_COMMIT = "notification_mails_after_commit"


def send_after_commit(mails: list[PendingMail]) -> None:
    """Send `mails` once the current transaction commits (dropped if it rolls back)."""
    if mails:
        session = db.session()
        if not session.in_transaction():
            session.begin()  # so that a rollback before the next commit drops them
        session.info.setdefault(_MAILS_AFTER_COMMIT, []).extend(mails)


def _send_pending(session) -> None:
    mails = session.info.pop(_MAILS_AFTER_COMMIT, None)
    if mails:
        send_mails(mails)


def _drop_pending(session, *_args) -> None:
    session.info.pop(_MAILS_AFTER_COMMIT, None)


def follow_own_proposal(proposal, *, author) -> None:
    """Authors follow what they submit."""
    add_follow(author.id, proposal.id)


def notify_reply_posted(comment, *, parent, proposal, author) -> None:
    """A reply tells the author of the comment it answers."""
    if parent is not None:
        send_after_commit(notify_reply(comment, parent, proposal, author))


def connect_event_handlers() -> None:
    """Connect the receivers of domain events (idempotent; called by `create_app`)."""
    proposal_submitted.connect(follow_own_proposal)
    comment_posted.connect(notify_reply_posted)
    for name, handler in (("after_commit", _send_pending), ("after_soft_rollback", _drop_pending)):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)

"""Telling people about moderation: authors of hidden items, followers of merged proposals, moderators.

Helpers add in-app notifications to the caller's transaction and return the mails to send after commit.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, insert, or_, select

from app.auth.models import Role, User
from app.core.clock import now
from app.core.mail import send_mail
from app.extensions import db
from app.moderation.models import Flag, ProcessModerator
from app.notifications import services as notifications
from app.notifications.models import Follow, Kind, Notification


def send(mails) -> None:
    """Send mails collected during a transaction (call after the commit)."""
    notifications.send_mails(mails)


def author_about_hiding(item, reason: str) -> list:
    """In-app notification (and mail if wanted) to the author of a hidden proposal or comment."""
    author = item.obj.author
    db.session.add(Notification(user_id=author.id, kind=Kind.HIDDEN.value, proposal_id=item.proposal.id,
                                comment_id=item.id if item.kind == "comment" else None, created_at=now()))
    mail = notifications.mail_for(author, Kind.HIDDEN.value, item.proposal, reason=reason)
    return [mail] if mail else []


def followers_about_merge(source, target, actor_id: int) -> list:
    """The followers of `source` (its author among them, unless they unfollowed) hear that it was merged into
    `target`. The notification and the mail are about `source` (its link leads to the target); people who
    followed only the target hear nothing: for them nothing changed."""
    recipients = db.session.scalars(
        select(User).join(Follow, Follow.user_id == User.id).where(Follow.proposal_id == source.id)).all()
    recipients = [user for user in recipients if user.id != actor_id]
    if not recipients:
        return []
    db.session.execute(insert(Notification), [
        {"user_id": user.id, "kind": Kind.MERGED.value, "proposal_id": source.id, "created_at": now()}
        for user in recipients])
    mails = (notifications.mail_for(user, Kind.MERGED.value, source, target_reference=target.reference,
                                    target_title=target.title) for user in recipients)
    return [mail for mail in mails if mail]


def moderators_of(process_id: int) -> list[User]:
    """Admins plus the moderators who moderate the process (assigned, or all if nobody is assigned)."""
    assigned = select(ProcessModerator.user_id).where(ProcessModerator.process_id == process_id)
    has_assignments = db.session.scalar(select(func.count()).select_from(assigned.subquery())) > 0
    condition = User.role == Role.ADMIN.value
    if has_assignments:
        condition = or_(condition, User.id.in_(assigned))
    else:
        condition = or_(condition, User.role == Role.MODERATOR.value)
    return list(db.session.scalars(select(User).where(condition, User.confirmed_at.is_not(None))))


def moderators_about_flag(item) -> None:
    """In-app notification to the moderators of the process when an item gets its first open report."""
    rows = [{"user_id": user.id, "kind": Kind.REPORT.value, "proposal_id": item.proposal.id,
             "comment_id": item.id if item.kind == "comment" else None, "created_at": now()}
            for user in moderators_of(item.process.id)]
    if rows:
        db.session.execute(insert(Notification), rows)


def send_digest() -> int:
    """Mail each moderator who wants mail a summary of open reports from the last 24 hours; returns mails sent.

    Meant to be run at most daily (cron: `flask moderation digest`).
    """
    since = now() - timedelta(days=1)
    rows = db.session.execute(select(Flag.process_id, func.count()).where(
        Flag.resolved_at.is_(None), Flag.created_at >= since).group_by(Flag.process_id)).all()
    if not rows:
        return 0
    per_user: dict[int, tuple[User, int]] = {}
    for process_id, count in rows:
        for user in moderators_of(process_id):
            previous = per_user.get(user.id, (user, 0))[1]
            per_user[user.id] = (user, previous + count)
    sent = 0
    for user, count in per_user.values():
        if not user.email_notifications:
            continue
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = _("Moderation: neue Meldungen")
            body = _("In den letzten 24 Stunden sind %(count)d neue Meldungen eingegangen, die noch offen sind. "
                     "Die Warteschlange finden Sie unter /moderation/.", count=count)
        send_mail(user.email, subject, body)
        sent += 1
    return sent

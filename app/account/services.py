"""Account self-service use cases. Each writes one transaction (`@use_case`) with an audit entry that names
what happened, never the data that changed or was erased; mails go out after the commit."""
from __future__ import annotations

import secrets

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from app.audit.services import forget_actor, record
from app.auth.models import DELETED_NAME, User, new_session_token
from app.auth.services import (
    find_user_by_email,
    normalise_email,
    password_matches,
    read_signed_token,
    set_new_password,
    sign_token,
)
from app.comments.models import Comment, CommentVote
from app.core.clock import now
from app.core.errors import DomainError
from app.core.mail import send_mail
from app.core.transactions import use_case
from app.extensions import db
from app.moderation.models import ProcessModerator
from app.notifications.models import Follow, Notification
from app.proposals.models import Proposal
from app.surveys.models import SurveyAnswer, SurveyResponse

EMAIL_TOKEN_PURPOSE = "email-change"
KEEP = "keep"        # contributions stay, shown as DELETED_NAME
REMOVE = "remove"    # contributions go where the process allows it
CONTRIBUTION_CHOICES = (KEEP, REMOVE)


def _check_current_password(user: User, password: str) -> None:
    if not password_matches(user, password):
        raise DomainError(_l("Das aktuelle Passwort ist falsch."), field="current_password")


def _locale(user: User) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


@use_case
def change_password(user: User, current_password: str, new_password: str) -> User:
    """Set a new password after checking the current one. Every session of the account ends (new session
    token); the view logs the current browser in again with the new token."""
    _check_current_password(user, current_password)
    set_new_password(user, new_password)
    record(user, "password_change", item_kind="user", item_id=user.id)
    return user


@use_case
def end_all_sessions(user: User) -> None:
    """"Log out everywhere": a new session token makes every session and remember cookie unusable."""
    user.session_token = new_session_token()
    record(user, "logout_everywhere", item_kind="user", item_id=user.id)


def _mask(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def request_email_change(user: User, current_password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one. The address changes only
    when the link is opened (`confirm_email_change`). An address that has an account already gets no link
    (its owner is told instead), so the form does not reveal which addresses are registered."""
    new_email = normalise_email(new_email)
    _check_current_password(user, current_password)
    if "@" not in new_email or len(new_email) > 254:
        raise DomainError(_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="email")
    if new_email == user.email:
        raise DomainError(_l("Das ist schon Ihre E-Mail-Adresse."), field="email")
    _audit_email_request(user)
    other = find_user_by_email(new_email)
    with force_locale(_locale(user)):
        if other is None:
            token = sign_token(EMAIL_TOKEN_PURPOSE, {"uid": user.id, "old": user.email, "new": new_email})
            link = url_for("account.confirm_email", token=token, _external=True)
            send_mail(new_email, _("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"), _(
                "Hallo %(name)s,\n\nbitte bestätigen Sie mit diesem Link, dass Ihr Konto künftig diese "
                "E-Mail-Adresse verwendet:\n%(link)s\n\nDer Link ist %(hours)s Stunden gültig. Bis dahin gilt "
                "Ihre bisherige Adresse. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.",
                name=user.display_name, link=link,
                hours=current_app.config["EMAIL_CHANGE_TOKEN_MAX_AGE"] // 3600))
        else:
            send_mail(new_email, _("Diese Adresse hat bereits ein Konto"), _(
                "Hallo,\n\njemand wollte diese E-Mail-Adresse für ein anderes Konto eintragen. Da es mit "
                "dieser Adresse schon ein Konto gibt, wurde nichts geändert."))
        send_mail(user.email, _("Änderung Ihrer E-Mail-Adresse angefordert"), _(
            "Hallo %(name)s,\n\nfür Ihr Konto wurde die Änderung der E-Mail-Adresse auf %(masked)s "
            "angefordert. Sie wird erst wirksam, wenn der Link an die neue Adresse geöffnet wird.\n\n"
            "Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Passwort.",
            name=user.display_name, masked=_mask(new_email)))


@use_case
def _audit_email_request(user: User) -> None:
    record(user, "email_change_request", item_kind="user", item_id=user.id)


@use_case
def confirm_email_change(token: str) -> User:
    """Switch the account to the address a change link was sent to. The link works once (it names the old
    address) and only until EMAIL_CHANGE_TOKEN_MAX_AGE."""
    payload = read_signed_token(
        EMAIL_TOKEN_PURPOSE, token, current_app.config["EMAIL_CHANGE_TOKEN_MAX_AGE"],
        expired=_l("Der Link zur Änderung der E-Mail-Adresse ist abgelaufen. Bitte fordern Sie die Änderung "
                   "erneut an."),
        invalid=_l("Der Link zur Änderung der E-Mail-Adresse ist ungültig."))
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.is_deleted or user.email != payload.get("old"):
        raise DomainError(_l("Der Link zur Änderung der E-Mail-Adresse ist ungültig oder wurde schon benutzt."))
    new_email = normalise_email(str(payload.get("new", "")))
    if find_user_by_email(new_email) is not None:
        raise DomainError(_l("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    user.email = new_email
    if user.confirmed_at is None:  # opening the link proves the address
        user.confirmed_at = now()
    record(user, "email_change", item_kind="user", item_id=user.id)
    return user


def _other_admins(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.id != user.id, User.deleted_at.is_(None)))


@use_case
def delete_account(user: User, password: str, confirmed: bool, contributions: str = KEEP) -> dict[str, int]:
    """Delete `user`'s account: personal data goes at once; votes stay (anonymised, so counts and analyses
    stay right); proposals and comments stay under DELETED_NAME or, with `contributions="remove"`, go where
    the process allows (see docs/account-and-retention.md). Returns what was done, by kind (counts only)."""
    _check_current_password(user, password)
    if not confirmed:
        raise DomainError(_l("Bitte bestätigen Sie, dass Sie Ihr Konto endgültig löschen möchten."),
                          field="confirm")
    if contributions not in CONTRIBUTION_CHOICES:
        raise DomainError(_l("Bitte wählen Sie, was mit Ihren Beiträgen geschehen soll."), field="contributions")
    if user.is_admin and not _other_admins(user):
        raise DomainError(_l("Das letzte Admin-Konto kann nicht gelöscht werden."))
    done = {"proposals_removed": 0, "comments_removed": 0}
    if contributions == REMOVE:
        done = _remove_contributions(user)
    stamp = now()
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(ProcessModerator).where(ProcessModerator.user_id == user.id))
    # Submitted survey answers stay with the anonymised account, like votes (unlinking them would make one
    # participant count as two in the figures); unfinished ones go.
    draft_ids = select(SurveyResponse.id).where(SurveyResponse.user_id == user.id, SurveyResponse.status != "complete")
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(draft_ids.scalar_subquery())))
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.user_id == user.id,
                                                    SurveyResponse.status != "complete"))
    user.email = f"geloescht-{user.id}-{secrets.token_hex(4)}@invalid"
    user.display_name = DELETED_NAME
    user.password_hash = "!"  # matches no password
    user.session_token = new_session_token()
    user.locale = None
    user.email_notifications = False
    user.last_login_at = None
    user.blocked_reason = None
    user.deleted_at = stamp
    forget_actor(user.id, DELETED_NAME)
    record(user, "account_delete", item_kind="user", item_id=user.id,
           details=f"contributions={contributions}")
    return done


def _remove_contributions(user: User) -> dict[str, int]:
    """Remove what can go without changing what others did: comments become the usual placeholder ("deleted
    comment", the thread stays intact); proposals nobody else has engaged with yet go entirely; proposals
    others voted on or discussed stay (anonymised) because their votes and replies belong to the others."""
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id,
                                                        Comment.deleted_at.is_(None))).all()
    stamp = now()
    for comment in comments:
        comment.body = ""
        comment.deleted_at = stamp
        comment.up_count = comment.down_count = 0
        db.session.execute(update(Proposal).where(Proposal.id == comment.proposal_id, Proposal.comment_count > 0)
                           .values(comment_count=Proposal.comment_count - 1))
    if comments:
        db.session.execute(delete(CommentVote).where(CommentVote.comment_id.in_([c.id for c in comments])))
    untouched = db.session.scalars(select(Proposal.id).where(
        Proposal.author_id == user.id, Proposal.engaged_at.is_(None))).all()
    removed = 0
    for proposal_id in untouched:
        if db.session.scalar(select(func.count()).select_from(Proposal).where(Proposal.merged_into_id == proposal_id)):
            continue  # other proposals were merged into it
        db.session.execute(delete(Comment).where(Comment.proposal_id == proposal_id))
        db.session.execute(delete(Proposal).where(Proposal.id == proposal_id))
        removed += 1
    return {"proposals_removed": removed, "comments_removed": len(comments)}


@use_case
def record_data_export(user: User) -> None:
    """Audit that the person downloaded their data (the entry says that, not what)."""
    record(user, "data_export", item_kind="user", item_id=user.id)

"""Use cases of the legal pages: the operator's details, accessibility feedback, Leichte-Sprache summaries and
sign-language videos. Every write checks its input first and is one transaction (`@use_case`)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.auth.permissions import is_admin
from app.core.errors import DomainError, NotFound, PermissionDenied
from app.core.mail import send_mail
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db
from app.legal.labels import CONFORMITY_LABELS, FIELDS_BY_KEY, PLACEHOLDER_MARK
from app.legal.models import AccessibilityFeedback, EasyLanguageSummary, LegalSetting, SignLanguageVideo
from app.legal.queries import legal_details

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MESSAGE_MAX = 5000
VIDEO_FILE_SUFFIXES = (".mp4", ".webm", ".ogv")


def _require_admin(actor) -> None:
    if not is_admin(actor):
        raise PermissionDenied(_l("Nur die Verwaltung darf das ändern."))


def _too_long(field: str, limit: int) -> DomainError:
    return DomainError(_l("Höchstens %(max)d Zeichen.", max=limit), field=field)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


def is_web_link(value: str) -> bool:
    """An absolute http(s) address with a host."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _check_setting(key: str, value: str) -> str:
    field = FIELDS_BY_KEY[key]
    value = clean_text(value, single_line=field.kind not in ("text",))
    if len(value) > field.max_length:
        raise _too_long(key, field.max_length)
    if not value or PLACEHOLDER_MARK in value:
        if field.kind == "conformity":
            raise DomainError(_l("Bitte wählen Sie einen Stand aus."), field=key)
        return value
    if field.kind == "email" and not is_email(value):
        raise DomainError(_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), field=key)
    if field.kind == "url" and not is_web_link(value):
        raise DomainError(_l("Bitte geben Sie eine Adresse mit https:// an."), field=key)
    if field.kind == "conformity" and value not in CONFORMITY_LABELS:
        raise DomainError(_l("Bitte wählen Sie einen Stand aus."), field=key)
    if field.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            raise DomainError(_l("Bitte geben Sie ein gültiges Datum an."), field=key) from None
    return value


@use_case
def save_legal_details(values: dict[str, str], *, actor) -> list[str]:
    """Store the operator's details (only known keys; all checked before anything is stored); returns the keys
    that changed."""
    _require_admin(actor)
    unknown = set(values) - set(FIELDS_BY_KEY)
    if unknown:
        raise DomainError(_l("Unbekanntes Feld."))
    checked = {key: _check_setting(key, value) for key, value in values.items()}
    current = legal_details()
    changed = [key for key, value in checked.items() if current[key] != value]
    for key in changed:
        row = db.session.get(LegalSetting, key)
        if row is None:
            db.session.add(LegalSetting(key=key, value=checked[key]))
        else:
            row.value = checked[key]
    if changed:
        record(actor, "legal_update", details=", ".join(changed))
    return changed


def submit_feedback(*, message: str, page: str = "", name: str = "", email: str = "") -> AccessibilityFeedback:
    """A barrier reported through the accessibility statement: stored, then mailed to the configured address
    (if one is set) after the transaction committed."""
    feedback = _store_feedback(message=message, page=page, name=name, email=email)
    recipient = legal_details().feedback_email
    if is_email(recipient):
        send_mail(recipient, _l("Rückmeldung zur Barrierefreiheit von Ratschlag"), _feedback_mail(feedback))
    return feedback


@use_case
def _store_feedback(*, message: str, page: str, name: str, email: str) -> AccessibilityFeedback:
    message = clean_text(message)
    page, name, email = (clean_text(value, single_line=True) for value in (page, name, email))
    if not message:
        raise DomainError(_l("Bitte beschreiben Sie die Barriere."), field="message")
    for field, value, limit in (("message", message, MESSAGE_MAX), ("page", page, 500), ("name", name, 120),
                                ("email", email, 254)):
        if len(value) > limit:
            raise _too_long(field, limit)
    if email and not is_email(email):
        raise DomainError(_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), field="email")
    feedback = AccessibilityFeedback(message=message, page=page, name=name, email=email)
    db.session.add(feedback)
    db.session.flush()
    return feedback


def _feedback_mail(feedback: AccessibilityFeedback) -> str:
    lines = [str(_l("Über das Formular der Erklärung zur Barrierefreiheit kam diese Rückmeldung:")), "",
             feedback.message, ""]
    if feedback.page:
        lines.append(f"{_l('Betroffene Seite')}: {feedback.page}")
    if feedback.name:
        lines.append(f"{_l('Name')}: {feedback.name}")
    if feedback.email:
        lines.append(f"{_l('E-Mail-Adresse für die Antwort')}: {feedback.email}")
    lines.append(f"{_l('Eingang')}: {feedback.created_at:%Y-%m-%d %H:%M} UTC")
    current_app.logger.info("Accessibility feedback %s received", feedback.id)
    return "\n".join(lines)


@use_case
def delete_feedback(feedback_id: int, *, actor) -> None:
    """Delete a handled feedback message (data minimisation)."""
    _require_admin(actor)
    feedback = db.session.get(AccessibilityFeedback, feedback_id)
    if feedback is None:
        raise NotFound(_l("Diese Rückmeldung gibt es nicht mehr."))
    db.session.delete(feedback)
    record(actor, "feedback_delete", item_kind="feedback", item_id=feedback_id)


@use_case
def save_easy_language_summary(process, text: str, *, actor) -> EasyLanguageSummary | None:
    """Set or (with an empty text) remove the Leichte-Sprache summary of `process`."""
    _require_admin(actor)
    text = clean_text(text)
    if len(text) > 20000:
        raise _too_long("text", 20000)
    summary = db.session.get(EasyLanguageSummary, process.id)
    if not text:
        if summary is not None:
            db.session.delete(summary)
            record(actor, "easy_language_save", process_id=process.id, details="removed")
        return None
    if summary is None:
        summary = EasyLanguageSummary(process_id=process.id, text=text)
        db.session.add(summary)
    else:
        summary.text = text
    record(actor, "easy_language_save", process_id=process.id)
    return summary


def is_local_video(url: str) -> bool:
    """A video file served by this site under /static/ (shown in a player; anything else is linked)."""
    return url.startswith("/static/") and url.lower().endswith(VIDEO_FILE_SUFFIXES)


@use_case
def add_video(*, title: str, url: str, description: str = "", position: int | None = None,
              actor) -> SignLanguageVideo:
    """Add a sign-language video: a file under /static/ on this site, or an https link to one."""
    _require_admin(actor)
    title, url = clean_text(title, single_line=True), clean_text(url, single_line=True)
    description = clean_text(description)
    if not title:
        raise DomainError(_l("Bitte füllen Sie dieses Feld aus."), field="title")
    if len(title) > 200:
        raise _too_long("title", 200)
    if len(description) > 2000:
        raise _too_long("description", 2000)
    if len(url) > 500:
        raise _too_long("url", 500)
    local = url.startswith("/static/") and ".." not in url and is_local_video(url)
    if not local and not (is_web_link(url) and url.startswith("https://")):
        raise DomainError(_l("Bitte geben Sie eine Adresse mit https:// oder den Pfad einer Videodatei unter "
                             "/static/ an (mp4, webm, ogv)."), field="url")
    if position is not None and not 0 <= position <= 10000:
        raise DomainError(_l("Bitte geben Sie eine Zahl von 0 bis 10000 an."), field="position")
    video = SignLanguageVideo(title=title, url=url, description=description, position=position or 0)
    db.session.add(video)
    db.session.flush()
    record(actor, "sign_video_add", item_kind="video", item_id=video.id)
    return video


@use_case
def delete_video(video_id: int, *, actor) -> None:
    """Remove a sign-language video from the page."""
    _require_admin(actor)
    video = db.session.get(SignLanguageVideo, video_id)
    if video is None:
        raise NotFound(_l("Dieses Video gibt es nicht mehr."))
    db.session.delete(video)
    record(actor, "sign_video_delete", item_kind="video", item_id=video_id)

"""Texts and rendering helpers for long discussions, prepared once per page instead of once per comment."""
from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.core.markdown import render_markdown

COMMENT_ALIGNMENT_LABELS = {"pro": _l("Dafür"), "contra": _l("Dagegen"), "neutral": _l("Neutral / Frage")}


def thread_labels() -> dict[str, str]:
    """Translated texts of the comment template (placeholders are filled with the `format` filter)."""
    return {
        "deleted": _("Dieser Kommentar wurde von der Verfasserin oder dem Verfasser gelöscht."),
        "hidden": _("Dieser Kommentar wurde von der Moderation ausgeblendet."),
        "hidden_reason": _("Dieser Beitrag wurde von der Moderation ausgeblendet: %(reason)s"),
        "report": _("Melden"),
        "moderate": _("Moderieren"),
        "locked": _("Dieser Thread ist von der Moderation gesperrt; neue Antworten sind nicht möglich."),
        "deleted_label": _("Gelöschter Kommentar"),
        "comment_by": _("Kommentar von %(name)s"),
        "edited": _("bearbeitet am %(date)s"),
        "helpful": _("Hilfreich"),
        "unhelpful": _("Nicht hilfreich"),
        "score": _("%(up)d hilfreich, %(down)d nicht hilfreich"),
        "edit": _("Bearbeiten"),
        "your_comment": _("Ihr Kommentar"),
        "delete": _("Löschen"),
        "delete_hint": _("Ihr Text wird entfernt; Antworten anderer bleiben stehen."),
        "delete_confirm": _("Ja, Kommentar löschen"),
        "reply": _("Antworten"),
        "reply_body": _("Ihre Antwort"),
        "reply_hint": _("Höchstens %(max)d Zeichen. Markdown ist möglich."),
        "stance": _("Ihre Haltung zum Vorschlag"),
        "publish_reply": _("Antwort veröffentlichen"),
        "required": _("Pflichtfeld"),
        "staff_moderator": _("Moderation"),
        "staff_admin": _("Verwaltung"),
    }


@lru_cache(maxsize=4096)
def comment_markup(body: str) -> Markup:
    """Sanitised HTML of a comment body; repeated bodies (and re-renders of a page) come from memory."""
    return render_markdown(body)

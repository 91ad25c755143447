"""Comment forms. Field names are part of the public contract: body, parent_id, alignment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.comments.labels import COMMENT_ALIGNMENT_LABELS
from app.comments.services import BODY_MAX


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Ihr Kommentar"),
        validators=[DataRequired(message=_l("Bitte schreiben Sie einen Kommentar.")),
                    Length(max=BODY_MAX, message=_l("Höchstens %(max)d Zeichen.", max=BODY_MAX))],
        description=_l("Höchstens %(max)d Zeichen. Markdown ist möglich.", max=BODY_MAX),
    )
    # Unknown values are refused by the service with a translated message.
    alignment = RadioField(_l("Ihre Haltung zum Vorschlag"), choices=list(COMMENT_ALIGNMENT_LABELS.items()),
                           default="neutral", validate_choice=False,
                           validators=[InputRequired(message=_l("Bitte wählen Sie Ihre Haltung."))])
    parent_id = HiddenField()


class StaffCommentForm(CommentForm):
    """Moderation and administration speak for the process, not for a side: no stance asked (stored neutral)."""

    alignment = RadioField(_l("Ihre Haltung zum Vorschlag"), choices=list(COMMENT_ALIGNMENT_LABELS.items()),
                           default="neutral", validate_choice=False, validators=[Optional()])


class CommentEditForm(FlaskForm):
    body = CommentForm.body
    alignment = CommentForm.alignment


class StaffCommentEditForm(FlaskForm):
    body = CommentForm.body
    alignment = StaffCommentForm.alignment


def comment_form(parent_id: int | None = None, *, staff: bool = False, **kwargs) -> CommentForm:
    """A comment form (without a required stance for staff); reply forms get ids of their own so that many fit
    on one page."""
    form = (StaffCommentForm if staff else CommentForm)(**kwargs)
    if parent_id is not None:
        if not form.parent_id.data:
            form.parent_id.data = str(parent_id)
        for field in (form.body, form.alignment, form.parent_id):
            field.id = f"reply-{parent_id}-{field.name}"
    return form

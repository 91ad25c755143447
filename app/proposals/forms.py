"""Proposal forms. Field names are part of the public contract: title, body, topic, district; vote: value."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.numbers import MAX_ID, parse_int
from app.proposals.services import BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))


def _coerce_id(value):
    """Select values are ids: empty means "none chosen" (0); anything else that is no number becomes -1,
    which no topic or district has, so the service refuses it with a message."""
    if value in (None, ""):
        return 0
    number = parse_int(value, minimum=0, maximum=MAX_ID)
    return -1 if number is None else number


class ProposalForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        validators=[_required, Length(min=TITLE_MIN, max=TITLE_MAX,
                                      message=_l("Der Titel muss %(min)d bis %(max)d Zeichen lang sein.",
                                                 min=TITLE_MIN, max=TITLE_MAX))],
        description=_l("Kurz und verständlich, höchstens %(max)d Zeichen.", max=TITLE_MAX),
    )
    body = TextAreaField(
        _l("Beschreibung"),
        validators=[_required, Length(min=BODY_MIN, max=BODY_MAX,
                                      message=_l("Die Beschreibung muss %(min)d bis %(max)d Zeichen lang sein.",
                                                 min=BODY_MIN, max=BODY_MAX))],
        description=_l("Was schlagen Sie vor, und warum? Höchstens %(max)d Zeichen. Markdown ist möglich: "
                       "**fett**, *kursiv*, Listen mit „-“, Links.", max=BODY_MAX),
    )
    topic = SelectField(_l("Thema (Säule)"), coerce=_coerce_id, validate_choice=False,
                        validators=[DataRequired(message=_l("Bitte wählen Sie eines der Themen aus."))])
    district = SelectField(_l("Stadtteil"), coerce=_coerce_id, validate_choice=False,
                           description=_l("Optional: Bezieht sich Ihr Vorschlag auf einen bestimmten Stadtteil?"))

    def set_choices(self, process) -> None:
        """Fill the topic and district choices from `process`. The placeholders' value is empty: a select's
        `required` only takes effect when its first option has an empty value (the server checks too)."""
        self.topic.choices = [("", _l("Bitte wählen …"))] + [(topic.id, topic.title) for topic in process.topics]
        self.district.choices = [("", _l("Kein bestimmter Stadtteil"))] + [
            (district.id, district.name) for district in process.districts]

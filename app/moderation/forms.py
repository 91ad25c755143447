"""Moderation forms. Contract: the report (flag) form has the fields `reason` and `details`."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.moderation.labels import FLAG_REASON_LABELS


class FlagForm(FlaskForm):
    # Unknown values are refused by the service with a translated message.
    reason = RadioField(_l("Warum melden Sie diesen Beitrag?"), choices=list(FLAG_REASON_LABELS.items()),
                        validate_choice=False, validators=[InputRequired(message=_l("Bitte wählen Sie einen Grund."))])
    details = TextAreaField(_l("Weitere Angaben (freiwillig)"), validators=[Optional(), Length(max=1000)],
                            description=_l("Höchstens 1000 Zeichen. Die Verfasserin oder der Verfasser erfährt "
                                           "nicht, wer gemeldet hat."))


class ActionForm(FlaskForm):
    """One moderation action on one item; `reason` is required for hiding (the author sees it)."""

    reason = StringField(_l("Grund (für Ausblenden Pflicht; die Verfasserin oder der Verfasser sieht ihn)"),
                         validators=[Optional(), Length(max=500)])


class MergeForm(FlaskForm):
    target = StringField(_l("Zielvorschlag (Nummer aus der Liste oder interne ID)"),
                         validators=[InputRequired(message=_l("Bitte wählen Sie einen Zielvorschlag."))])
    reason = StringField(_l("Begründung (freiwillig)"), validators=[Optional(), Length(max=500)])


class BlockForm(FlaskForm):
    reason = TextAreaField(_l("Grund der Sperre (die Person sieht ihn)"),
                           validators=[InputRequired(message=_l("Bitte geben Sie einen Grund an.")), Length(max=500)])
    until = DateField(_l("Gesperrt bis (leer: unbefristet)"), validators=[Optional()])
    hide_content = BooleanField(_l("Alle Beiträge dieser Person ausblenden"),
                                description=_l("Nur in den Verfahren, die Sie moderieren."))


class UnblockForm(FlaskForm):
    reason = StringField(_l("Begründung (freiwillig)"), validators=[Optional(), Length(max=500)])


class CurateForm(FlaskForm):
    topic = SelectField(_l("Thema"), validate_choice=False)
    district = SelectField(_l("Stadtteil"), validate_choice=False)
    reason = StringField(_l("Begründung (freiwillig)"), validators=[Optional(), Length(max=500)])


class AnswerForm(FlaskForm):
    status = SelectField(_l("Status"), validate_choice=False)
    official_answer = TextAreaField(_l("Offizielle Antwort"), validators=[Optional(), Length(max=10000)],
                                    description=_l("Markdown ist möglich. Alle, die dem Vorschlag folgen, "
                                                   "werden benachrichtigt."))

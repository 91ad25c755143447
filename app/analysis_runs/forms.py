"""Forms of the analysis pages. Values are parsed by app.analysis_runs.parameters (translated errors)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from app.analysis_runs import parameters
from app.core.errors import DomainError


def _parsed_by(parse):
    def check(form, field):
        try:
            parse(field.data)
        except DomainError as error:
            raise ValidationError(str(error.message)) from None
    return check


class StartForm(FlaskForm):
    k = StringField(_l("Themen je Säule"), default="auto", validators=[_parsed_by(parameters.parse_k)],
                    description=_l("„auto“ wählt die Zahl je Säule selbst (empfohlen), sonst eine ganze Zahl von "
                                   "1 bis 20; eine Säule mit wenigen Beiträgen erhält weniger Themen."))
    duplicate_threshold = StringField(
        _l("Schwelle für Duplikate"), default="0,8", validators=[_parsed_by(parameters.parse_threshold)],
        description=_l("Ähnlichkeit von 0,5 bis 1, ab der zwei Vorschläge als mögliche Duplikate gelten."))
    min_votes = StringField(
        _l("Mindeststimmen je Person"), default="7", validators=[_parsed_by(parameters.parse_min_votes)],
        description=_l("Nur wer über so viele Vorschläge abgestimmt hat, zählt für die Meinungsgruppen (1 bis 100)."))

    def values(self) -> dict:
        return {"k": self.k.data, "duplicate_threshold": self.duplicate_threshold.data,
                "min_votes": self.min_votes.data}


class RenameForm(FlaskForm):
    # Length and emptiness are checked by the service, with translated messages.
    label = StringField(_l("Neue Bezeichnung"))


class MoveForm(FlaskForm):
    theme = SelectField(_l("Thema"), validate_choice=False)

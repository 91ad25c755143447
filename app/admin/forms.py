"""Administration forms for setting up processes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.auth.labels import USER_ROLE_LABELS
from app.auth.models import ROLE_VALUES
from app.core.forms import WholeNumberField
from app.processes.labels import PHASE_LABELS

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))
_date_required = InputRequired(message=_l("Bitte geben Sie ein gültiges Datum an."))


def _too_long(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen.", max=n))


class ProcessForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[_required, _too_long(200)])
    slug = StringField(
        _l("Kurzadresse"), validators=[_required, _too_long(80)],
        description=_l("Teil der Adresse, z. B. engagement-strategie. Kleinbuchstaben, Ziffern, Bindestriche."),
    )
    reference_prefix = StringField(_l("Kürzel für Aktenzeichen"), validators=[_required, _too_long(6)],
                                   description=_l("2 bis 6 Großbuchstaben, z. B. ENG für ENG-2026-0042."))
    summary = TextAreaField(_l("Kurzbeschreibung"), validators=[_required, _too_long(500)])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), _too_long(20000)],
                                description=_l("Markdown: **fett**, *kursiv*, Listen, Links."))
    title_en = StringField(_l("Titel auf Englisch"), validators=[Optional(), _too_long(200)])
    summary_en = TextAreaField(_l("Kurzbeschreibung auf Englisch"), validators=[Optional(), _too_long(500)])
    description_en = TextAreaField(_l("Beschreibung auf Englisch"), validators=[Optional(), _too_long(20000)])
    published = BooleanField(_l("Veröffentlicht (öffentlich sichtbar)"))
    moderators_may_answer = BooleanField(_l("Moderation darf Status und offizielle Antworten setzen"))


class PhaseForm(FlaskForm):
    kind = SelectField(_l("Phase"), choices=list(PHASE_LABELS.items()), validators=[_required])
    starts_on = DateField(_l("Beginn"), validators=[_date_required])
    ends_on = DateField(_l("Ende"), validators=[_date_required])
    description = TextAreaField(_l("Beschreibung"), validators=[Optional(), _too_long(5000)])
    description_en = TextAreaField(_l("Beschreibung auf Englisch"), validators=[Optional(), _too_long(5000)])


class TopicForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[_required, _too_long(120)])
    description = TextAreaField(_l("Erläuterung"), validators=[Optional(), _too_long(5000)])
    title_en = StringField(_l("Titel auf Englisch"), validators=[Optional(), _too_long(120)])
    description_en = TextAreaField(_l("Erläuterung auf Englisch"), validators=[Optional(), _too_long(5000)])
    position = WholeNumberField(_l("Reihenfolge"), validators=[Optional(), NumberRange(min=0, max=10000)])


class DistrictBulkForm(FlaskForm):
    names = TextAreaField(_l("Stadtteile (einer pro Zeile)"), validators=[_required, _too_long(20000)])


class DistrictForm(FlaskForm):
    name = StringField(_l("Name"), validators=[_required, _too_long(120)])
    position = WholeNumberField(_l("Reihenfolge"), validators=[Optional(), NumberRange(min=0, max=10000)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Rolle"), choices=[(role, USER_ROLE_LABELS[role]) for role in ROLE_VALUES],
                       validators=[_required])

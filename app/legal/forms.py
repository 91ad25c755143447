"""Forms of the legal pages: the accessibility feedback form and the admin forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from app.core.forms import WholeNumberField
from app.legal.labels import CONFORMITY_LABELS, SETTING_FIELDS

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))


def _too_long(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen.", max=n))


class FeedbackForm(FlaskForm):
    message = TextAreaField(_l("Welche Barriere haben Sie gefunden?"),
                            validators=[DataRequired(message=_l("Bitte beschreiben Sie die Barriere.")),
                                        _too_long(5000)],
                            description=_l("Beschreiben Sie bitte, was nicht funktioniert hat."))
    page = StringField(_l("Auf welcher Seite? (freiwillig)"), validators=[Optional(), _too_long(500)],
                       description=_l("Zum Beispiel die Adresse oder der Titel der Seite."))
    name = StringField(_l("Ihr Name (freiwillig)"), validators=[Optional(), _too_long(120)])
    email = StringField(_l("Ihre E-Mail-Adresse (freiwillig, nur für eine Antwort)"),
                        validators=[Optional(), _too_long(254),
                                    Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."),
                                          check_deliverability=False)])


def legal_details_form(details: dict, formdata=None):
    """A form with one field per operator detail (built from `SETTING_FIELDS`), filled from `details`."""

    class LegalDetailsForm(FlaskForm):
        pass

    for field in SETTING_FIELDS:
        options = {"description": field.description}
        if field.kind == "conformity":
            form_field = SelectField(field.label, choices=list(CONFORMITY_LABELS.items()), **options)
        elif field.kind == "date":  # checked by the service: a bad date is a translated field error
            form_field = StringField(field.label, validators=[_too_long(10)], render_kw={"type": "date"}, **options)
        elif field.kind == "text":
            form_field = TextAreaField(field.label, validators=[_too_long(field.max_length)], **options)
        else:
            form_field = StringField(field.label, validators=[_too_long(field.max_length)], **options)
        setattr(LegalDetailsForm, field.key, form_field)
    data = {field.key: details[field.key] for field in SETTING_FIELDS}
    if formdata is None:
        return LegalDetailsForm(formdata=None, data=data)
    return LegalDetailsForm()


def form_values(form) -> dict[str, str]:
    """The submitted operator details as text."""
    return {field.key: getattr(form, field.key).data or "" for field in SETTING_FIELDS}


class EasyLanguageForm(FlaskForm):
    text = TextAreaField(_l("Zusammenfassung in Leichter Sprache"), validators=[_too_long(20000)],
                         description=_l("Kurze Sätze. Eine Aussage pro Satz. Schwierige Wörter erklären. Leer "
                                        "lassen, um die Zusammenfassung zu entfernen. Markdown: Absätze und "
                                        "Listen."))


class VideoForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[_required, _too_long(200)])
    url = StringField(_l("Adresse des Videos"), validators=[_required, _too_long(500)],
                      description=_l("Eine Videodatei dieser Seite unter /static/ (mp4, webm) wird direkt "
                                     "abgespielt; eine Adresse mit https:// wird verlinkt."))
    description = TextAreaField(_l("Worum geht es im Video?"), validators=[Optional(), _too_long(2000)])
    position = WholeNumberField(_l("Reihenfolge"), validators=[Optional(), NumberRange(min=0, max=10000)])

"""Builder forms (administration). The answering form is generated from the questionnaire itself
(templates/surveys/_question.html) and checked by `validation.py`, not by WTForms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import DecimalNumberField, WholeNumberField
from app.core.numbers import parse_id
from app.surveys.labels import QUESTION_KIND_LABELS, SURVEY_AUDIENCE_LABELS, SURVEY_STATUS_LABELS
from app.surveys.models import DEFAULT_LIKERT_LABELS
from app.surveys.questions import QuestionSpec

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))
_number = _l("Bitte geben Sie eine Zahl ein.")


def _too_long(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen.", max=n))


class SurveyForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[_required, _too_long(200)])
    description = TextAreaField(
        _l("Einleitung"), validators=[Optional(), _too_long(20000)],
        description=_l("Wird über dem ersten Abschnitt gezeigt. Markdown: **fett**, *kursiv*, Listen, Links."),
    )
    audience = RadioField(_l("Wer kann teilnehmen?"), choices=list(SURVEY_AUDIENCE_LABELS.items()), default="accounts",
                          validators=[_required])
    phase_id = SelectField(
        _l("Phase"), choices=[], validate_choice=False,
        description=_l("Die Umfrage nimmt nur in dieser Phase Antworten an. Ohne Angabe: in der Beteiligungsphase."),
    )
    title_en = StringField(_l("Titel auf Englisch"), validators=[Optional(), _too_long(200)])
    description_en = TextAreaField(_l("Einleitung auf Englisch"), validators=[Optional(), _too_long(20000)])
    ask_demographics = BooleanField(_l("Freiwillige Angaben zur Person erfragen (Altersgruppe, Geschlecht, Stadtteil)"))
    status = SelectField(_l("Status"), choices=list(SURVEY_STATUS_LABELS.items()), default="draft")


class NewSurveyForm(SurveyForm):
    status = None  # new surveys start as drafts


class SectionForm(FlaskForm):
    title = StringField(_l("Titel des Abschnitts"), validators=[_required, _too_long(200)])
    description = TextAreaField(_l("Erläuterung"), validators=[Optional(), _too_long(5000)])
    title_en = StringField(_l("Titel des Abschnitts auf Englisch"), validators=[Optional(), _too_long(200)])
    description_en = TextAreaField(_l("Erläuterung auf Englisch"), validators=[Optional(), _too_long(5000)])


class NewQuestionForm(FlaskForm):
    """Step one of adding a question (a GET form): where, and which kind."""

    class Meta:
        csrf = False

    section = SelectField(_l("Abschnitt"), choices=[], validate_choice=False)
    kind = SelectField(_l("Fragetyp"), choices=list(QUESTION_KIND_LABELS.items()))


class QuestionForm(FlaskForm):
    text = StringField(_l("Frage"), validators=[_required, _too_long(500)])
    help_text = TextAreaField(
        _l("Hilfetext"), validators=[Optional(), _too_long(2000)],
        description=_l("Wird unter der Frage angezeigt, z. B. eine Erläuterung oder ein Beispiel."),
    )
    text_en = StringField(_l("Frage auf Englisch"), validators=[Optional(), _too_long(500)])
    help_text_en = TextAreaField(_l("Hilfetext auf Englisch"), validators=[Optional(), _too_long(2000)])
    required = BooleanField(_l("Pflichtfrage"))
    choices = TextAreaField(_l("Antwortmöglichkeiten (eine pro Zeile)"), validators=[Optional(), _too_long(20000)])
    choices_en = TextAreaField(_l("Antwortmöglichkeiten auf Englisch (in derselben Reihenfolge)"),
                               validators=[Optional(), _too_long(20000)])
    rows = TextAreaField(_l("Zeilen der Matrix (eine pro Zeile)"), validators=[Optional(), _too_long(20000)])
    rows_en = TextAreaField(_l("Zeilen der Matrix auf Englisch (in derselben Reihenfolge)"),
                            validators=[Optional(), _too_long(20000)])
    allow_other = BooleanField(_l("„Sonstiges“ mit Freitext anbieten"))
    min_choices = WholeNumberField(_l("Mindestens so viele Antworten"),
                                   validators=[Optional(), NumberRange(min=0, max=50)],
                                   description=_l("Leer lassen: keine Untergrenze."))
    max_choices = WholeNumberField(_l("Höchstens so viele Antworten"),
                                   validators=[Optional(), NumberRange(min=1, max=50)],
                                   description=_l("Leer lassen: keine Obergrenze."))
    min_value = DecimalNumberField(_l("Kleinster erlaubter Wert"), validators=[Optional()],
                                   description=_l("Leer lassen: keine Untergrenze."))
    max_value = DecimalNumberField(_l("Größter erlaubter Wert"), validators=[Optional()],
                                   description=_l("Leer lassen: keine Obergrenze."))
    min_label = StringField(_l("Beschriftung für 0"), validators=[Optional(), _too_long(80)],
                            description=_l("z. B. „überhaupt nicht“"))
    max_label = StringField(_l("Beschriftung für 10"), validators=[Optional(), _too_long(80)],
                            description=_l("z. B. „voll und ganz“"))
    topic_id = SelectField(_l("Thema (für die Auswertung der Freitexte)"), choices=[], validate_choice=False)
    condition = SelectField(_l("Nur anzeigen, wenn …"), choices=[], validate_choice=False,
                            description=_l("Bedingungen können sich auf Fragen in früheren Abschnitten beziehen."))

    def fill_from(self, question) -> None:
        """Pre-fill the form from a stored question."""
        self.text.data, self.help_text.data, self.required.data = question.text, question.help_text, question.required
        self.choices.data = "\n".join(choice["label"] for choice in question.choices)
        self.rows.data = "\n".join(row["label"] for row in question.rows)
        self.text_en.data, self.help_text_en.data = question.text_en, question.help_text_en
        self.choices_en.data = "\n".join(choice.get("label_en") or "" for choice in question.choices).rstrip("\n")
        self.rows_en.data = "\n".join(row.get("label_en") or "" for row in question.rows).rstrip("\n")
        for name in ("allow_other", "min_choices", "max_choices", "min_value", "max_value", "min_label", "max_label"):
            getattr(self, name).data = question.setting(name)
        self.topic_id.data = str(question.topic_id or "")
        self.condition.data = (f"{question.condition_question_id}:{question.condition_value}"
                               if question.condition_question_id else "")

    def fill_defaults(self, kind: str) -> None:
        if kind == "likert":
            self.choices.data = "\n".join(DEFAULT_LIKERT_LABELS)

    def spec(self, kind: str) -> QuestionSpec:
        """The submitted configuration as a `QuestionSpec` for the builder service."""
        return QuestionSpec(
            kind=kind, text=self.text.data or "", help_text=self.help_text.data or "", required=self.required.data,
            choices=(self.choices.data or "").splitlines(), rows=(self.rows.data or "").splitlines(),
            allow_other=self.allow_other.data, min_choices=self.min_choices.data, max_choices=self.max_choices.data,
            min_value=self.min_value.data, max_value=self.max_value.data, min_label=self.min_label.data or "",
            max_label=self.max_label.data or "",
            topic_id=parse_id(self.topic_id.data),
            condition=self.condition.data or "",
            english={"text": self.text_en.data or "", "help_text": self.help_text_en.data or ""},
            choices_en=(self.choices_en.data or "").splitlines(), rows_en=(self.rows_en.data or "").splitlines(),
        )

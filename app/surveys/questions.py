"""Checking and applying a question's configuration (kind, choices, rows, bounds, condition).

Choice and row keys are stable: before any answer exists they follow the labels (an unchanged
label keeps its key); once answered, the number and order of choices is frozen and a changed
label keeps the key of its position, so a typo fix never changes what stored answers mean.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.i18n import set_translations
from app.core.numbers import parse_float, parse_id
from app.core.text import clean_text
from app.surveys.models import (
    CONDITION_KINDS,
    COUNT_KINDS,
    KINDS,
    OTHER_KINDS,
    Survey,
    SurveyQuestion,
    condition_values,
)

LIMITS = {  # kind: (fewest, most) choices
    "single_choice": (2, 50), "multiple_choice": (2, 50), "ranking": (2, 20), "matrix": (2, 11), "likert": (5, 5),
}
MAX_ROWS = 30
LABEL_MAX = 200


def locked_message() -> str:
    """Why an answered survey's structure cannot change, and what to do instead."""
    return _("Diese Umfrage hat bereits Antworten. Damit sie gültig bleiben, lassen sich Fragetyp, "
             "Antwortmöglichkeiten, Grenzen, Pflichtangaben und Bedingungen nicht mehr ändern und keine Fragen "
             "oder Abschnitte mehr hinzufügen oder löschen – nur Texte lassen sich noch korrigieren. "
             "Für größere Änderungen legen Sie eine Kopie als neuen Entwurf an.")


@dataclass
class QuestionSpec:
    """What the builder form submits for a question (choices and rows as lists of labels)."""

    kind: str
    text: str
    help_text: str = ""
    required: bool = False
    choices: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    allow_other: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    min_label: str = ""
    max_label: str = ""
    topic_id: int | None = None
    condition: str = ""  # "<question id>:<value>", or "" for always shown
    # Optional English texts: {"text", "help_text"}, and labels line by line beside `choices`/`rows`
    # (a blank line leaves that label untranslated).
    english: dict = field(default_factory=dict)
    choices_en: list[str] = field(default_factory=list)
    rows_en: list[str] = field(default_factory=list)


def _labels(raw: list[str], field_name: str) -> list[str]:
    labels = [label for label in (clean_text(raw_label, single_line=True) for raw_label in raw) if label]
    if any(len(label) > LABEL_MAX for label in labels):
        raise DomainError(_("Jede Zeile darf höchstens %(max)d Zeichen haben.", max=LABEL_MAX), field=field_name)
    if len({label.casefold() for label in labels}) != len(labels):
        raise DomainError(_("Jede Antwortmöglichkeit darf nur einmal vorkommen."), field=field_name)
    return labels


def _keyed(old: list[dict], labels: list[str], prefix: str, locked: bool, field_name: str) -> list[dict]:
    """Attach stable keys to labels (see the module docstring)."""
    if locked:
        if len(labels) != len(old):
            raise DomainError(locked_message(), field=field_name)
        return [{"key": item["key"], "label": label} for item, label in zip(old, labels)]
    by_label = {item["label"]: item["key"] for item in old}
    used = [int(item["key"][len(prefix):]) for item in old if item["key"][len(prefix):].isdigit()]
    counter = max(used, default=0)
    keyed = []
    for label in labels:
        key = by_label.pop(label, None)
        if key is None:
            counter += 1
            key = f"{prefix}{counter}"
        keyed.append({"key": key, "label": label})
    return keyed


def _build_choices(question: SurveyQuestion, spec: QuestionSpec, locked: bool) -> list[dict]:
    if spec.kind not in LIMITS:
        return []
    labels = _labels(spec.choices, "choices")
    fewest, most = LIMITS[spec.kind]
    if spec.kind == "likert" and len(labels) != 5:
        raise DomainError(_("Eine Likert-Skala hat genau fünf Stufen: bitte fünf Zeilen."), field="choices")
    if not fewest <= len(labels) <= most:
        raise DomainError(_("Bitte geben Sie %(min)d bis %(max)d Antwortmöglichkeiten an, eine pro Zeile.",
                            min=fewest, max=most), field="choices")
    old = (question.choices or []) if question.kind == spec.kind else []
    if spec.kind == "likert":
        return [{"key": str(step), "label": label} for step, label in enumerate(labels, start=1)]
    return _keyed(old or [], labels, "c", locked, "choices")


def _build_rows(question: SurveyQuestion, spec: QuestionSpec, locked: bool) -> list[dict]:
    if spec.kind != "matrix":
        return []
    labels = _labels(spec.rows, "rows")
    if not 1 <= len(labels) <= MAX_ROWS:
        raise DomainError(_("Bitte geben Sie 1 bis %(max)d Zeilen an, eine pro Zeile.", max=MAX_ROWS), field="rows")
    return _keyed((question.rows or []) if question.kind == "matrix" else [], labels, "r", locked, "rows")


def _build_settings(spec: QuestionSpec, choice_count: int) -> dict:
    settings: dict = {}
    if spec.kind in OTHER_KINDS:
        settings["allow_other"] = bool(spec.allow_other)
    if spec.kind in COUNT_KINDS:
        options = choice_count + (1 if spec.allow_other else 0)
        low, high = spec.min_choices, spec.max_choices
        if low is not None and not 0 <= low <= options:
            raise DomainError(_("Die Mindestzahl muss zwischen 0 und der Zahl der Antworten liegen."),
                              field="min_choices")
        if high is not None and not 1 <= high <= options:
            raise DomainError(_("Die Höchstzahl muss zwischen 1 und der Zahl der Antworten liegen."),
                              field="max_choices")
        if low is not None and high is not None and low > high:
            raise DomainError(_("Die Mindestzahl darf nicht größer als die Höchstzahl sein."), field="min_choices")
        settings.update(min_choices=low or None, max_choices=high)
    if spec.kind == "number":
        for name in ("min_value", "max_value"):
            if getattr(spec, name) is not None and parse_float(getattr(spec, name)) is None:
                raise DomainError(_("Bitte geben Sie eine Zahl ein."), field=name)
        if spec.min_value is not None and spec.max_value is not None and spec.min_value > spec.max_value:
            raise DomainError(_("Der kleinste Wert darf nicht größer als der größte sein."), field="min_value")
        settings.update(min_value=spec.min_value, max_value=spec.max_value)
    if spec.kind == "scale":
        for name in ("min_label", "max_label"):
            label = clean_text(getattr(spec, name), single_line=True)
            if len(label) > 80:
                raise DomainError(_("Höchstens %(max)d Zeichen.", max=80), field=name)
            settings[name] = label
    return settings


def _condition(survey: Survey, question: SurveyQuestion, section, spec: QuestionSpec) -> tuple[int | None, str | None]:
    if not spec.condition:
        return None, None
    raw_id, _sep, value = spec.condition.partition(":")
    by_id = {candidate.id: candidate for candidate in survey.questions()}
    parent = by_id.get(parse_id(raw_id))
    if parent is None or parent.id == question.id:
        raise DomainError(_("Diese Bedingung bezieht sich auf keine Frage dieser Umfrage."), field="condition")
    order = {item.id: position for position, item in enumerate(survey.sections)}
    if order[parent.section_id] >= order[section.id]:
        raise DomainError(_("Eine Bedingung kann sich nur auf eine Frage in einem früheren Abschnitt beziehen – "
                            "so funktioniert der Fragebogen auch ohne JavaScript."), field="condition")
    if parent.kind not in CONDITION_KINDS or value not in dict(condition_values(parent)):
        raise DomainError(_("Diese Antwort gibt es bei der gewählten Frage nicht."), field="condition")
    return parent.id, value


def apply_question_spec(survey: Survey, question: SurveyQuestion, spec: QuestionSpec, *, locked: bool) -> None:
    """Validate `spec` and copy it onto `question`; with `locked`, only text changes are accepted."""
    if spec.kind not in KINDS:
        raise DomainError(_("Unbekannter Fragetyp."), field="kind")
    text = clean_text(spec.text, single_line=True)
    if not text or len(text) > 500:
        raise DomainError(_("Bitte geben Sie die Frage ein (höchstens 500 Zeichen)."), field="text")
    help_text = clean_text(spec.help_text)
    if len(help_text) > 2000:
        raise DomainError(_("Höchstens %(max)d Zeichen.", max=2000), field="help_text")
    if locked and spec.kind != question.kind:
        raise DomainError(locked_message(), field="kind")
    choices = _build_choices(question, spec, locked)
    rows = _build_rows(question, spec, locked)
    settings = _build_settings(spec, len(choices))
    condition_id, condition_value = _condition(survey, question, question.section, spec)
    if spec.topic_id is not None and spec.topic_id not in {topic.id for topic in survey.process.topics}:
        raise DomainError(_("Dieses Thema gehört nicht zu diesem Prozess."), field="topic_id")
    if locked:
        structure = {key: value for key, value in settings.items() if key not in ("min_label", "max_label")}
        old_structure = {key: value for key, value in (question.settings or {}).items()
                         if key not in ("min_label", "max_label")}
        for name, changed in (("required", bool(spec.required) != question.required),
                              ("min_choices", structure != old_structure),
                              ("condition", (condition_id, condition_value)
                               != (question.condition_question_id, question.condition_value))):
            if changed:
                raise DomainError(locked_message(), field=name)
    choices = _with_english(choices, spec.choices_en, "choices_en")
    rows = _with_english(rows, spec.rows_en, "rows_en")
    set_translations(question, spec.english, single_line={"text": 500}, multi_line={"help_text": 2000})
    question.kind, question.text, question.help_text = spec.kind, text, help_text
    question.required, question.choices, question.rows, question.settings = bool(spec.required), choices, rows, settings
    question.topic_id = spec.topic_id
    question.condition_question_id, question.condition_value = condition_id, condition_value
    _check_dependents(survey, question)


def _with_english(items: list[dict], raw: list[str], field_name: str) -> list[dict]:
    """Copies of the choice/row dicts with `label_en` from the English lines (same order as the German)."""
    lines = [clean_text(line, single_line=True) for line in raw]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > len(items):
        raise DomainError(_("Bitte geben Sie höchstens so viele englische wie deutsche Zeilen an."), field=field_name)
    if any(len(line) > LABEL_MAX for line in lines):
        raise DomainError(_("Jede Zeile darf höchstens %(max)d Zeichen haben.", max=LABEL_MAX), field=field_name)
    result = []
    for index, item in enumerate(items):
        copy = {key: value for key, value in item.items() if key != "label_en"}
        if index < len(lines) and lines[index]:
            copy["label_en"] = lines[index]
        result.append(copy)
    return result


def _check_dependents(survey: Survey, question: SurveyQuestion) -> None:
    """Questions that depend on `question` must still find the value they depend on."""
    if question.id is None:  # a new question has no dependents yet
        return
    values = dict(condition_values(question)) if question.kind in CONDITION_KINDS else {}
    for other in survey.questions():
        if other.condition_question_id == question.id and other.condition_value not in values:
            raise DomainError(_("Die Frage „%(text)s“ hängt von einer Antwort ab, die es dann nicht mehr gäbe. "
                                "Ändern Sie zuerst deren Bedingung.", text=other.text), field="choices")

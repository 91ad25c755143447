"""Which questions are shown, and which submitted answers are valid: one set of rules for both.

The answering form is built from `build_steps` (sections whose questions are visible under the
answers given so far) and a submission is checked with `parse_step` against the very same step,
so an answer to a hidden question, a forged question id or an unknown choice never gets stored.
Conditions may only refer to questions in *earlier* sections (the builder enforces this), which
is what lets the form work without JavaScript: by the time a section is shown, every answer its
conditions depend on is already known. Turning one question's raw form values into a stored
value (and back) is `answers.py`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.numbers import parse_id
from app.surveys.answers import Value, anchor, field_name, format_number, parse_answer, to_form, values_of
from app.surveys.labels import DEMOGRAPHIC_LABELS
from app.surveys.models import AGE_GROUPS, GENDERS, PREFER_NOT, Survey, SurveyQuestion, SurveySection

__all__ = ["Value", "anchor", "field_name", "format_number", "parse_answer", "to_form"]

DEMOGRAPHICS_STEP = "demographics"
FIELD_PATTERN = re.compile(r"^q([0-9]+)(?:-(.+))?$")


class InvalidSubmission(DomainError):
    """The submission does not match the form that was shown (forged or hidden question)."""

    status_code = 400


@dataclass(frozen=True)
class Step:
    """A page of the answering form: a section's visible questions, or the demographics page."""

    key: str
    section: SurveySection | None
    questions: tuple[SurveyQuestion, ...] = ()
    possible: bool = False  # shown only if answers not given yet allow it (counted, marked "depends")

    @property
    def is_demographics(self) -> bool:
        return self.key == DEMOGRAPHICS_STEP


@dataclass(frozen=True)
class FieldError:
    anchor: str  # id of the input the error summary links to
    label: str
    message: str


@dataclass
class ParsedStep:
    values: dict[int, Value | None] = field(default_factory=dict)  # None = not answered
    demographics: dict[str, Any] | None = None
    errors: list[FieldError] = field(default_factory=list)


def has_value(question: SurveyQuestion, value: Value | None, expected: str | None) -> bool:
    """Does this answer to `question` have the value `expected` (a choice key or a scale step)?"""
    if value is None or expected is None:
        return False
    if question.kind == "single_choice":
        return value.text == expected
    if question.kind == "multiple_choice":
        return expected in (value.data or [])
    if question.kind in ("likert", "scale"):
        return format_number(value.number) == expected
    return False


def visible_question_ids(questions: Sequence[SurveyQuestion], answers: Mapping[int, Value],
                         undecided: frozenset[int] | set[int] = frozenset()) -> set[int]:
    """Ids of the questions shown under `answers`; a question depending on a hidden one is hidden too.
    A condition on a question in `undecided` (not answered yet) counts as possibly met."""
    by_id = {question.id: question for question in questions}
    visible: set[int] = set()
    for question in questions:
        parent_id = question.condition_question_id
        if parent_id is None or parent_id not in by_id:
            visible.add(question.id)
        elif parent_id in visible and (parent_id in undecided or has_value(
                by_id[parent_id], answers.get(parent_id), question.condition_value)):
            visible.add(question.id)
    return visible


def _step_order(survey: Survey) -> dict[str, int]:
    order = {f"s{section.id}": index for index, section in enumerate(survey.sections)}
    order[DEMOGRAPHICS_STEP] = len(order)
    return order


def decided_before(survey: Survey, current_key: str | None) -> int:
    """How many sections are answered for good under the stored progress `current_key`: those before it
    (its own answers may still change). Conditions on later questions are not decided yet."""
    return _step_order(survey).get(current_key or "", 0)


def build_steps(survey: Survey, answers: Mapping[int, Value], decided: int | None = None) -> list[Step]:
    """The pages of the form under `answers`: sections without visible questions are skipped.

    `decided`: the number of leading sections whose answers are final (None: all). A section whose
    conditions refer to a later question may still be shown: it is a step, marked `possible`, so that
    the page count and the "Weiter"/"Absenden" button never claim an end that the answers can move.
    """
    questions = survey.questions()
    visible = visible_question_ids(questions, answers)
    possible: set[int] = set()
    if decided is not None:
        undecided = {question.id for index, section in enumerate(survey.sections) if index >= decided
                     for question in section.questions}
        possible = visible_question_ids(questions, answers, undecided) - visible
    steps = []
    for section in survey.sections:
        shown = tuple(question for question in section.questions if question.id in visible | possible)
        if shown:
            steps.append(Step(f"s{section.id}", section, shown,
                              possible=not any(question.id in visible for question in shown)))
    if survey.ask_demographics:
        steps.append(Step(DEMOGRAPHICS_STEP, None))
    return steps


def reachable_index(survey: Survey, steps: Sequence[Step], current_key: str) -> int:
    """Index of the furthest step one may open, given the stored progress `current_key`."""
    order = _step_order(survey)
    limit = order.get(current_key, 0)
    reachable = 0
    for index, step in enumerate(steps):
        if order[step.key] <= limit:
            reachable = index
    return reachable


def missing_required(survey: Survey, answers: Mapping[int, Value]) -> list[SurveyQuestion]:
    """Visible required questions without an answer (checked again when a response is submitted)."""
    visible = visible_question_ids(survey.questions(), answers)
    return [question for question in survey.questions()
            if question.required and question.id in visible and answers.get(question.id) is None]


# --- form fields ---------------------------------------------------------------------------------

def _allowed_suffixes(question: SurveyQuestion) -> set[str | None]:
    if question.kind in ("single_choice", "multiple_choice"):
        return {None, "other"} if question.setting("allow_other") else {None}
    if question.kind == "ranking":
        return {choice["key"] for choice in question.choices}
    if question.kind == "matrix":
        return {row["key"] for row in question.rows}
    return {None}


def check_fields(survey: Survey, step: Step, form: Mapping[str, list[str]], answers: Mapping[int, Value]) -> None:
    """Reject fields that the shown step cannot contain: forged ids, hidden or other sections' questions."""
    questions = survey.questions()
    in_step = {question.id: question for question in step.questions}
    known = {question.id for question in questions}
    visible = visible_question_ids(questions, answers)
    for key in form:
        if key.startswith("demo_") and not step.is_demographics:
            raise InvalidSubmission(_("Das Formular enthält Felder, die zu diesem Abschnitt nicht gehören. "
                                      "Es wurde nichts gespeichert."))
        match = FIELD_PATTERN.match(key)
        if not match:
            continue
        question_id, suffix = parse_id(match.group(1)), match.group(2)  # None: no question has that id
        if question_id in in_step:
            if suffix not in _allowed_suffixes(in_step[question_id]):
                raise InvalidSubmission(_("Das Formular enthält ein unbekanntes Feld. Bitte laden Sie die Seite neu. "
                                          "Es wurde nichts gespeichert."))
        elif question_id in known and question_id not in visible:
            raise InvalidSubmission(_("Sie haben eine Frage beantwortet, die nach Ihren bisherigen Antworten nicht "
                                      "gestellt wird. Es wurde nichts gespeichert."))
        elif question_id in known:
            raise InvalidSubmission(_("Das Formular enthält Antworten aus einem anderen Abschnitt. "
                                      "Es wurde nichts gespeichert."))
        else:
            raise InvalidSubmission(_("Das Formular enthält eine unbekannte Frage. Bitte laden Sie die Seite neu. "
                                      "Es wurde nichts gespeichert."))


def parse_step(survey: Survey, step: Step, form: Mapping[str, list[str]], answers: Mapping[int, Value], *,
               enforce_required: bool, district_ids: set[int] | None = None) -> ParsedStep:
    """Check the fields, then turn the step's raw form values into `Value`s or field errors."""
    check_fields(survey, step, form, answers)
    parsed = ParsedStep()
    if step.is_demographics:
        parsed.demographics = _parse_demographics(form, district_ids or set(), parsed.errors)
        return parsed
    for question in step.questions:
        try:
            value = parse_answer(question, form)
        except ValueError as error:
            parsed.errors.append(FieldError(anchor(question), question.text, str(error)))
            continue
        if value is None and enforce_required and question.required:
            message = (_("Bitte beantworten Sie jede Zeile.") if question.kind == "matrix"
                       else _("Bitte beantworten Sie diese Frage."))
            parsed.errors.append(FieldError(anchor(question), question.text, message))
            continue
        if question.kind == "matrix" and value is not None and enforce_required and question.required \
                and len(value.data) < len(question.rows):
            parsed.errors.append(FieldError(anchor(question), question.text, _("Bitte beantworten Sie jede Zeile.")))
            continue
        parsed.values[question.id] = value
    return parsed


def _parse_demographics(form, district_ids: set[int], errors: list[FieldError]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, options in (("age_group", AGE_GROUPS), ("gender", GENDERS)):
        raw = values_of(form, f"demo_{name}")
        value = raw[0] if len(raw) == 1 else ("" if not raw else None)
        if value in ("", PREFER_NOT):
            result[name] = None
        elif value in {key for key, _label in options}:
            result[name] = value
        else:
            errors.append(FieldError(f"demo_{name}-{options[0][0]}", str(DEMOGRAPHIC_LABELS[name]),
                                     _("Bitte wählen Sie eine der angebotenen Antworten.")))
    raw = values_of(form, "demo_district")
    value = raw[0] if len(raw) == 1 else ("" if not raw else "invalid")
    if value in ("", PREFER_NOT):
        result["district_id"] = None
    elif parse_id(value) in district_ids:
        result["district_id"] = parse_id(value)
    else:
        errors.append(FieldError("demo_district", str(DEMOGRAPHIC_LABELS["district"]),
                                 _("Bitte wählen Sie einen Stadtteil aus der Liste.")))
    return result



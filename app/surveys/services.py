"""Survey use cases: answering (respondents) and building questionnaires (administration).

Each function that writes is one transaction (`@use_case`): it commits when it returns and
stores nothing when it raises a `DomainError`. Reading surveys and responses is `queries.py`.

Answering: anonymous surveys keep only the day of answering (see `queries.py` for how
respondents are identified).

Building, change protection: once a survey has responses (drafts included), its structure is frozen so
that stored answers stay meaningful. Texts may still be corrected (survey, sections, questions,
choice and row labels, scale labels, topic); kinds, choices, bounds, required flags, conditions,
the audience and adding or deleting questions and sections are refused with an explanation.
For bigger changes, `copy_survey` makes a new draft version of the questionnaire.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.core.clock import now
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.core.i18n import set_translations
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db
from app.processes.models import Process
from app.surveys import permissions
from app.surveys.models import AUDIENCES, STATUSES, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySection
from app.surveys.queries import (
    Respondent,
    browser_hash,
    find_response,
    get_survey,  # noqa: F401  (alias for benchmarks/survey_export_bench.py: use queries)
    is_locked,
)
from app.surveys.questions import QuestionSpec, apply_question_spec, locked_message
from app.surveys.validation import (
    FieldError,
    InvalidSubmission,
    Step,
    Value,
    build_steps,
    decided_before,
    missing_required,
    parse_step,
    reachable_index,
    visible_question_ids,
)

ACTIONS = ("next", "back", "save", "submit")


class SurveyClosed(DomainError):
    status_code = 409


@dataclass
class StepOutcome:
    """Result of `save_step`: field errors (nothing stored), or where to go next."""

    errors: list[FieldError] = field(default_factory=list)
    next_step: str | None = None
    completed: bool = False
    started: bool = False  # a new (draft) response was created
    notice: str | None = None


def _check_may_answer(survey: Survey, respondent: Respondent, day: date) -> None:
    reason = permissions.answer_block_reason(respondent.user, survey, day)
    if reason == permissions.CLOSED:
        raise SurveyClosed(_("Diese Umfrage nimmt derzeit keine Antworten an. Es wurde nichts gespeichert."))
    if reason == permissions.LOGIN:
        raise PermissionDenied(_("Bitte melden Sie sich an, um an dieser Umfrage teilzunehmen."))
    if reason == permissions.CONFIRM:
        raise PermissionDenied(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    if survey.is_anonymous and not respondent.browser_token:
        raise InvalidSubmission(_("Bitte erlauben Sie Cookies für diese Seite, um an der Umfrage teilzunehmen."))


@use_case
def save_step(survey: Survey, respondent: Respondent, step_key: str, form: Mapping[str, list[str]],
              action: str, day: date) -> StepOutcome:
    """Validate one page of answers and store it (creating the draft response on the first page).

    `action`: "next" (required questions enforced), "back" and "save" (store what is valid so far),
    "submit" (last page: enforce everything, then complete the response). Invalid fields come back
    as errors and nothing is stored; forged or hidden questions, double submission and a closed
    survey raise `DomainError`s.
    """
    if action not in ACTIONS:
        raise InvalidSubmission(_("Unbekannte Aktion. Bitte laden Sie die Seite neu."))
    _check_may_answer(survey, respondent, day)
    response = find_response(survey, respondent, lock=True)
    if response is not None and response.is_complete:
        raise Conflict(_("Sie haben an dieser Umfrage bereits teilgenommen; eine zweite Teilnahme ist nicht möglich."))
    answers = {answer.question_id: Value.of(answer) for answer in response.answers} if response else {}
    steps = build_steps(survey, answers, decided_before(survey, response.current_step) if response else 0)
    index = next((i for i, step in enumerate(steps) if step.key == step_key), None)
    reachable = reachable_index(survey, steps, response.current_step) if response else 0
    if index is None or index > reachable:
        raise InvalidSubmission(_("Diesen Abschnitt können Sie noch nicht beantworten. "
                                  "Bitte gehen Sie die Abschnitte der Reihe nach durch."))
    if action == "submit" and index != len(steps) - 1:
        raise InvalidSubmission(_("Absenden ist erst im letzten Abschnitt möglich."))
    step = steps[index]
    parsed = parse_step(survey, step, form, answers, enforce_required=action in ("next", "submit"),
                        district_ids={district.id for district in survey.process.districts})
    if parsed.errors:
        return StepOutcome(errors=parsed.errors)  # nothing has been changed yet
    started = response is None
    if started:
        response = _start_response(survey, respondent)
    _store_step(survey, response, step, parsed.values, parsed.demographics, answers)
    outcome = _advance(survey, response, step, answers, action)
    outcome.started = started
    try:
        db.session.flush()  # a response started at the same moment in another window breaks UNIQUE here
    except IntegrityError:
        raise Conflict(_("Ihre Antworten wurden gerade in einem anderen Fenster gespeichert. "
                         "Bitte laden Sie die Seite neu.")) from None
    return outcome


def _stamp(survey: Survey) -> datetime:
    moment = now()
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) if survey.is_anonymous else moment


def _start_response(survey: Survey, respondent: Respondent) -> SurveyResponse:
    response = SurveyResponse(survey_id=survey.id, status="draft", current_step="", started_at=_stamp(survey))
    if survey.is_anonymous:
        response.browser_hash = browser_hash(survey.id, respondent.browser_token)
    else:
        response.user_id = respondent.user.id
    db.session.add(response)
    return response


def _store_step(survey, response, step, values, demographics, answers: dict[int, Value]) -> None:
    """Write the step's answers into `response` and `answers`; drop answers that are now hidden."""
    rows = {answer.question_id: answer for answer in response.answers}
    if demographics is not None:
        response.age_group = demographics["age_group"]
        response.gender = demographics["gender"]
        response.district_id = demographics["district_id"]
    for question in step.questions:
        value = values.get(question.id)
        if value is None:
            answers.pop(question.id, None)
            if question.id in rows:
                response.answers.remove(rows.pop(question.id))
            continue
        row = rows.get(question.id)
        if row is None:
            row = rows[question.id] = SurveyAnswer(question_id=question.id)
            response.answers.append(row)
        row.value_text, row.value_number, row.value_json, row.other_text = (
            value.text, value.number, value.data, value.other
        )
        answers[question.id] = value
    visible = visible_question_ids(survey.questions(), answers)
    for question_id in [question_id for question_id in rows if question_id not in visible]:
        response.answers.remove(rows.pop(question_id))
        answers.pop(question_id, None)


def _advance(survey: Survey, response: SurveyResponse, step: Step, answers, action: str) -> StepOutcome:
    # The answers just stored decide the conditions on this step's questions.
    decided = max(decided_before(survey, response.current_step), decided_before(survey, step.key) + 1)
    steps = build_steps(survey, answers, decided)
    index = next(i for i, candidate in enumerate(steps) if candidate.key == step.key)
    order = [candidate.key for candidate in steps]
    if action == "back":
        return StepOutcome(next_step=order[max(index - 1, 0)])
    if action == "save":
        _raise_progress(survey, response, steps, step.key)
        return StepOutcome(next_step=step.key, notice=_("Ihre Antworten sind gespeichert. Sie können später hier "
                                                         "weitermachen."))
    if action == "next" and index + 1 < len(order):
        target = order[index + 1]
        _raise_progress(survey, response, steps, target)
        return StepOutcome(next_step=target)
    # "Absenden", or "Weiter" when the answers just given leave no further section: the response is complete.
    missing = missing_required(survey, answers)
    if missing:
        first = next(candidate.key for candidate in steps if missing[0] in candidate.questions)
        _raise_progress(survey, response, steps, step.key)
        return StepOutcome(next_step=first, notice=_("Bitte beantworten Sie noch die Pflichtfragen in diesem "
                                                     "Abschnitt; danach können Sie absenden."))
    response.status = "complete"
    response.current_step = step.key
    response.submitted_at = _stamp(survey)
    return StepOutcome(next_step=None, completed=True)


def _raise_progress(survey: Survey, response: SurveyResponse, steps: list[Step], key: str) -> None:
    """Move the stored progress forward to `key` (never backwards)."""
    current = reachable_index(survey, steps, response.current_step) if response.current_step else 0
    target = next(i for i, step in enumerate(steps) if step.key == key)
    if not response.current_step or target >= current:
        response.current_step = key


# --- building questionnaires (administration) ---

def _refuse_if_locked(survey: Survey, field: str | None = None) -> None:
    if is_locked(survey):
        raise DomainError(locked_message(), field=field)


def _check_survey_fields(process: Process, title: str, audience: str, phase_id: int | None, status: str) -> None:
    if not title:
        raise DomainError(_("Bitte geben Sie einen Titel an."), field="title")
    if audience not in AUDIENCES:
        raise DomainError(_("Unbekannte Zielgruppe."), field="audience")
    if status not in STATUSES:
        raise DomainError(_("Unbekannter Status."), field="status")
    if phase_id is not None and phase_id not in {phase.id for phase in process.phases}:
        raise DomainError(_("Diese Phase gehört nicht zu diesem Prozess."), field="phase_id")


@use_case
def create_survey(process: Process, *, title: str, description: str = "", audience: str = "accounts",
                  phase_id: int | None = None, ask_demographics: bool = False, english: dict | None = None,
                  actor=None) -> Survey:
    """Create a draft survey in `process`; `english` holds the optional English title and introduction."""
    title, description = clean_text(title, single_line=True), clean_text(description)
    _check_survey_fields(process, title, audience, phase_id, "draft")
    survey = Survey(process_id=process.id, title=title, description=description, audience=audience,
                    phase_id=phase_id, ask_demographics=bool(ask_demographics), status="draft")
    set_translations(survey, english, single_line={"title": 200}, multi_line={"description": 20000})
    db.session.add(survey)
    _audited(actor, "survey_create", survey, title)
    return survey


@use_case
def update_survey(survey: Survey, *, title: str, description: str, audience: str, phase_id: int | None,
                  ask_demographics: bool, status: str, english: dict | None = None, actor=None) -> Survey:
    """Change a survey's settings and status (draft → open → closed); the audience is frozen by answers."""
    title, description = clean_text(title, single_line=True), clean_text(description)
    _check_survey_fields(survey.process, title, audience, phase_id, status)
    if audience != survey.audience or bool(ask_demographics) != survey.ask_demographics:
        _refuse_if_locked(survey, "audience" if audience != survey.audience else "ask_demographics")
    if status == "open" and not survey.questions():
        raise DomainError(_("Eine Umfrage ohne Fragen kann nicht geöffnet werden."), field="status")
    if status == "draft" and survey.status != "draft" and is_locked(survey):
        raise DomainError(_("Eine Umfrage mit Antworten kann nicht zurück in den Entwurf. Schließen Sie sie "
                            "stattdessen."), field="status")
    survey.title, survey.description, survey.audience = title, description, audience
    survey.phase_id, survey.ask_demographics, survey.status = phase_id, bool(ask_demographics), status
    set_translations(survey, english, single_line={"title": 200}, multi_line={"description": 20000})
    _audited(actor, "survey_update", survey, f"{title} ({status})")
    return survey


@use_case
def delete_survey(survey: Survey, actor=None) -> None:
    """Delete a survey that has no responses (close it instead once people have answered)."""
    if is_locked(survey):
        raise DomainError(_("Eine Umfrage mit Antworten kann nicht gelöscht werden. Schließen Sie sie stattdessen."))
    db.session.delete(survey)
    _audited(actor, "survey_delete", survey, survey.title)


@use_case
def copy_survey(survey: Survey, actor=None) -> Survey:
    """A new draft with the same sections and questions (conditions re-pointed to the copies)."""
    copy = Survey(process_id=survey.process_id, phase_id=survey.phase_id, audience=survey.audience,
                  title=_("%(title)s (Kopie)", title=survey.title)[:200], description=survey.description,
                  ask_demographics=survey.ask_demographics, status="draft")
    db.session.add(copy)
    copies: dict[int, SurveyQuestion] = {}
    with db.session.no_autoflush:
        for section in survey.sections:
            new_section = SurveySection(survey=copy, position=section.position, title=section.title,
                                        description=section.description)
            db.session.add(new_section)
            for question in section.questions:
                copies[question.id] = SurveyQuestion(
                    survey=copy, section=new_section, position=question.position, kind=question.kind,
                    text=question.text, help_text=question.help_text, required=question.required,
                    choices=list(question.choices), rows=list(question.rows), settings=dict(question.settings),
                    topic_id=question.topic_id, condition_value=question.condition_value)
                db.session.add(copies[question.id])
    db.session.flush()
    for question in survey.questions():
        if question.condition_question_id in copies:
            copies[question.id].condition_question_id = copies[question.condition_question_id].id
    _audited(actor, "survey_copy", copy, survey.title)
    return copy


@use_case
def save_section(survey: Survey, section: SurveySection | None, *, title: str, description: str = "",
                 english: dict | None = None, actor=None) -> SurveySection:
    """Add a section at the end (refused once answered) or correct a section's texts (always allowed)."""
    title = clean_text(title, single_line=True)
    if not title:
        raise DomainError(_("Bitte geben Sie einen Titel an."), field="title")
    if section is None:
        _refuse_if_locked(survey, "title")
        section = SurveySection(survey=survey, position=_next_position(SurveySection, survey_id=survey.id))
        db.session.add(section)
    section.title, section.description = title, clean_text(description)
    set_translations(section, english, single_line={"title": 200}, multi_line={"description": 5000})
    _audited(actor, "section_save", survey, title)
    return section


@use_case
def delete_section(section: SurveySection, actor=None) -> None:
    """Delete a section with its questions, unless answered or later questions depend on them."""
    survey = section.survey
    _refuse_if_locked(survey)
    own = {question.id for question in section.questions}
    if any(question.condition_question_id in own for question in survey.questions() if question.id not in own):
        raise DomainError(_("Fragen in späteren Abschnitten hängen von Fragen dieses Abschnitts ab. "
                            "Entfernen Sie zuerst diese Bedingungen."))
    db.session.delete(section)
    _audited(actor, "section_delete", survey, section.title)


@use_case
def move_section(section: SurveySection, direction: str, actor=None) -> None:
    """Swap a section with its neighbour (up/down), keeping every condition on an earlier section."""
    survey = section.survey
    sections = list(survey.sections)
    index = sections.index(section)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        raise DomainError(_("Dieser Abschnitt lässt sich nicht weiter verschieben."))
    sections[index], sections[other] = sections[other], sections[index]
    order = {item.id: position for position, item in enumerate(sections)}
    by_id = {question.id: question for question in survey.questions()}
    for question in by_id.values():
        parent = by_id.get(question.condition_question_id)
        if parent is not None and order[parent.section_id] >= order[question.section_id]:
            raise DomainError(_("Dann stünde eine Frage vor der Frage, von der sie abhängt. "
                                "Entfernen Sie zuerst die Bedingung."))
    for position, item in enumerate(sections, start=1):
        item.position = position
    _audited(actor, "section_move", survey, f"{section.title} ({direction})")


@use_case
def save_question(survey: Survey, section: SurveySection, question: SurveyQuestion | None,
                  spec: QuestionSpec, actor=None) -> SurveyQuestion:
    """Add a question at the end of `section`, or change one; answered surveys allow text corrections only."""
    if section.survey_id != survey.id:
        raise DomainError(_("Dieser Abschnitt gehört nicht zu dieser Umfrage."))
    locked = is_locked(survey)
    if question is None:
        if locked:
            raise DomainError(locked_message(), field="text")
        question = SurveyQuestion(survey_id=survey.id, section=section, kind=spec.kind,
                                  position=_next_position(SurveyQuestion, section_id=section.id))
        db.session.add(question)
    with db.session.no_autoflush:  # a refused spec raises; the use case then discards the new question
        apply_question_spec(survey, question, spec, locked=locked)
    _audited(actor, "question_save", survey, question.text)
    return question


@use_case
def delete_question(question: SurveyQuestion, actor=None) -> None:
    """Delete a question that is not answered and on which no other question depends."""
    survey = question.section.survey
    _refuse_if_locked(survey)
    if any(other.condition_question_id == question.id for other in survey.questions()):
        raise DomainError(_("Andere Fragen hängen von dieser Frage ab. Entfernen Sie zuerst diese Bedingungen."))
    db.session.delete(question)
    _audited(actor, "question_delete", survey, question.text)


@use_case
def move_question(question: SurveyQuestion, direction: str, actor=None) -> None:
    """Swap a question with its neighbour in the same section (harmless to answers, so always allowed)."""
    questions = list(question.section.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(questions):
        raise DomainError(_("Diese Frage lässt sich nicht weiter verschieben."))
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position
    _audited(actor, "question_move", question.section.survey, f"{question.text} ({direction})")


def _audited(actor, action: str, survey: Survey, details: str | None) -> None:
    """Add the audit entry of a builder change (the calling use case commits both together)."""
    db.session.flush()
    record(actor, action, process_id=survey.process_id, item_kind="survey", item_id=survey.id,
           details=(details or "")[:500])


def _next_position(model, **criteria) -> int:
    query = select(func.max(model.position))
    for name, value in criteria.items():
        query = query.where(getattr(model, name) == value)
    return (db.session.scalar(query) or 0) + 1


@use_case
def reassign_question_topics(from_topic_id: int, to_topic_id: int) -> int:
    """Questions whose free text belongs to a deleted topic move to another topic of the process."""
    questions = db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.topic_id == from_topic_id)).all()
    for question in questions:
        question.topic_id = to_topic_id
    return len(questions)

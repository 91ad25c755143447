"""Answering surveys (use cases for respondents) and the survey data other parts read.

One function per use case, one transaction each. Account surveys identify the respondent by user
(one response each, UNIQUE); anonymous surveys only by the keyed hash of a random per-browser token,
never by user, IP address or user agent, and keep only the day of answering.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.extensions import db
from app.processes.models import Topic
from app.surveys import permissions
from app.surveys.kinds import TEXT_KINDS
from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySection
from app.surveys.validation import (FieldError, InvalidSubmission, Step, Value, build_steps, missing_required,
                                    parse_step, reachable_index, visible_question_ids)

ACTIONS = ("next", "back", "save", "submit")


class SurveyClosed(DomainError):
    status_code = 409


@dataclass(frozen=True)
class Respondent:
    """Who answers: an authenticated user (account surveys) and/or the browser's survey token."""

    user: Any = None
    browser_token: str | None = None


@dataclass
class Progress:
    """A respondent's state in a survey: their (draft) response, answers and the form's steps."""

    response: SurveyResponse | None
    answers: dict[int, Value]
    steps: list[Step]
    reachable: int  # index of the furthest step that may be opened

    @property
    def is_complete(self) -> bool:
        return self.response is not None and self.response.is_complete


@dataclass
class StepOutcome:
    """Result of `save_step`: field errors (nothing stored), or where to go next."""

    errors: list[FieldError] = field(default_factory=list)
    next_step: str | None = None
    completed: bool = False
    started: bool = False  # a new (draft) response was created
    notice: str | None = None


def new_browser_token() -> str:
    """A random token for the survey cookie (identifies a browser, never a person)."""
    return secrets.token_urlsafe(32)


def browser_hash(survey_id: int, token: str) -> str:
    """Per-survey keyed hash of the browser token: responses to different surveys cannot be linked."""
    return hmac.new(token.encode(), f"ratschlag-survey-{survey_id}".encode(), hashlib.sha256).hexdigest()


def get_survey(survey_id: int, process_slug: str | None = None) -> Survey:
    """The survey with its process, phase, sections and questions; NotFound if missing or elsewhere."""
    query = (select(Survey).where(Survey.id == survey_id)
             .options(selectinload(Survey.sections).selectinload(SurveySection.questions),
                      selectinload(Survey.process), selectinload(Survey.phase)))
    survey = db.session.scalar(query)
    if survey is None or (process_slug is not None and survey.process.slug != process_slug):
        raise NotFound(_("Diese Umfrage gibt es nicht."))
    return survey


def list_public_surveys(process) -> list[Survey]:
    """Open and closed (not draft) surveys of a process, oldest first."""
    query = (select(Survey).where(Survey.process_id == process.id, Survey.status != "draft")
             .order_by(Survey.created_at, Survey.id))
    return list(db.session.scalars(query))


def find_response(survey: Survey, respondent: Respondent, *, lock: bool = False) -> SurveyResponse | None:
    """The respondent's response (draft or complete) to `survey`, if any."""
    if survey.is_anonymous:
        if not respondent.browser_token:
            return None
        criterion = SurveyResponse.browser_hash == browser_hash(survey.id, respondent.browser_token)
    else:
        user = respondent.user
        if user is None or not user.is_authenticated:
            return None
        criterion = SurveyResponse.user_id == user.id
    query = (select(SurveyResponse).where(SurveyResponse.survey_id == survey.id, criterion)
             .options(selectinload(SurveyResponse.answers)))
    if lock:
        query = query.with_for_update()
    return db.session.scalar(query)


def progress(survey: Survey, respondent: Respondent) -> Progress:
    """Where the respondent stands: used to render the form and to resume a saved draft."""
    response = find_response(survey, respondent)
    answers = {answer.question_id: Value.of(answer) for answer in response.answers} if response else {}
    steps = build_steps(survey, answers)
    reachable = reachable_index(survey, steps, response.current_step) if response else 0
    return Progress(response, answers, steps, reachable)


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
    steps = build_steps(survey, answers)
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
        db.session.rollback()
        return StepOutcome(errors=parsed.errors)
    started = response is None
    if started:
        response = _start_response(survey, respondent)
    _store_step(survey, response, step, parsed.values, parsed.demographics, answers)
    outcome = _advance(survey, response, step, answers, action)
    outcome.started = started
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
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
        row.value_text, row.value_number, row.value_json, row.other_text = value.text, value.number, value.data, value.other
        answers[question.id] = value
    visible = visible_question_ids(survey.questions(), answers)
    for question_id in [question_id for question_id in rows if question_id not in visible]:
        response.answers.remove(rows.pop(question_id))
        answers.pop(question_id, None)


def _advance(survey: Survey, response: SurveyResponse, step: Step, answers, action: str) -> StepOutcome:
    steps = build_steps(survey, answers)
    index = next(i for i, candidate in enumerate(steps) if candidate.key == step.key)
    order = [candidate.key for candidate in steps]
    if action == "back":
        return StepOutcome(next_step=order[max(index - 1, 0)])
    if action == "save":
        _raise_progress(survey, response, steps, step.key)
        return StepOutcome(next_step=step.key, notice=_("Ihre Antworten sind gespeichert. Sie können später hier "
                                                         "weitermachen."))
    if action == "next":
        target = order[min(index + 1, len(order) - 1)]
        _raise_progress(survey, response, steps, target)
        return StepOutcome(next_step=target)
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


def free_text_submissions(process_id: int) -> list[dict]:
    """Free-text answers of completed responses in a process, as plain dicts for the analysis package.

    Each: {"id": "survey-<response>-<question>", "source": "survey", "text": …, "topic": topic title or None};
    "Sonstiges" texts of choice questions count as free text too.
    """
    query = (
        select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyQuestion.kind, SurveyAnswer.value_text,
               SurveyAnswer.other_text, Topic.title)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .outerjoin(Topic, Topic.id == SurveyQuestion.topic_id)
        .where(Survey.process_id == process_id, Survey.status != "draft", SurveyResponse.status == "complete")
        .order_by(SurveyAnswer.response_id, SurveyAnswer.question_id)
    )
    submissions = []
    for response_id, question_id, kind, text, other, topic in db.session.execute(query):
        content = text if kind in TEXT_KINDS else other
        if content and content.strip():
            submissions.append({"id": f"survey-{response_id}-{question_id}", "source": "survey",
                                "text": content.strip(), "topic": topic})
    return submissions

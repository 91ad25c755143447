"""Reading surveys and responses, and identifying respondents (no writes: those are `services.py`).

Account surveys identify the respondent by user (one response each, UNIQUE); anonymous surveys only
by the keyed hash of a random per-browser token, never by user, IP address or user agent.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.errors import NotFound
from app.extensions import db
from app.processes.models import Topic
from app.surveys.models import TEXT_KINDS, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySection
from app.surveys.validation import Step, Value, build_steps, decided_before, reachable_index


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
    steps = build_steps(survey, answers, decided_before(survey, response.current_step) if response else 0)
    reachable = reachable_index(survey, steps, response.current_step) if response else 0
    return Progress(response, answers, steps, reachable)


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


def response_count(survey: Survey, *, complete_only: bool = False) -> int:
    """Number of responses (complete only, or including drafts)."""
    query = select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)
    if complete_only:
        query = query.where(SurveyResponse.status == "complete")
    return db.session.scalar(query) or 0


def is_locked(survey: Survey) -> bool:
    """True once any response (even an unfinished one) exists: the structure is frozen."""
    return response_count(survey) > 0


def references_to(*, topic_id: int | None = None, district_id: int | None = None,
                  phase_id: int | None = None) -> int:
    """What of the surveys uses a topic (questions), a district (responses' demographics) or a phase (surveys)."""
    if topic_id is not None:
        statement = select(func.count(SurveyQuestion.id)).where(SurveyQuestion.topic_id == topic_id)
    elif district_id is not None:
        statement = select(func.count(SurveyResponse.id)).where(SurveyResponse.district_id == district_id)
    else:
        statement = select(func.count(Survey.id)).where(Survey.phase_id == phase_id)
    return db.session.scalar(statement) or 0

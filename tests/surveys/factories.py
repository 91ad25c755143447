"""Survey factories for tests: plain functions (call inside an app context)."""
from __future__ import annotations

from datetime import UTC, datetime

from app.extensions import db
from app.surveys.models import (
    DEFAULT_LIKERT_LABELS,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)
from app.surveys.validation import Value


def make_survey(process, *, audience: str = "anonymous", status: str = "open", ask_demographics: bool = False,
                title: str = "Umfrage", description: str = "Eine **Einleitung**.", phase=None) -> Survey:
    survey = Survey(process_id=process.id, title=title, description=description, audience=audience, status=status,
                    ask_demographics=ask_demographics, phase_id=phase.id if phase else None)
    db.session.add(survey)
    db.session.commit()
    return survey


def add_section(survey: Survey, title: str = "Abschnitt", description: str = "") -> SurveySection:
    position = len(survey.sections) + 1
    section = SurveySection(survey=survey, title=title, description=description, position=position)
    db.session.add(section)
    db.session.commit()
    return section


def _keyed(labels, prefix):
    return [{"key": f"{prefix}{number}", "label": label} for number, label in enumerate(labels, start=1)]


def add_question(section: SurveySection, kind: str, text: str | None = None, *, required: bool = False,
                 choices: list[str] | None = None, rows: list[str] | None = None, settings: dict | None = None,
                 condition: tuple[SurveyQuestion, str] | None = None, help_text: str = "",
                 topic=None) -> SurveyQuestion:
    if kind == "likert":
        keyed_choices = [{"key": str(n), "label": label}
                         for n, label in enumerate(choices or DEFAULT_LIKERT_LABELS, start=1)]
    else:
        keyed_choices = _keyed(choices or [], "c")
    question = SurveyQuestion(
        survey_id=section.survey_id, section=section, position=len(section.questions) + 1, kind=kind,
        text=text or f"Frage ({kind})", help_text=help_text, required=required, choices=keyed_choices,
        rows=_keyed(rows or [], "r"), settings=settings or {}, topic_id=topic.id if topic else None,
        condition_question_id=condition[0].id if condition else None,
        condition_value=condition[1] if condition else None,
    )
    db.session.add(question)
    db.session.commit()
    return question


def make_conditional_survey(process, *, audience: str = "anonymous", ask_demographics: bool = False,
                            status: str = "open") -> dict:
    """Four sections; section 2 only for people who volunteer, section 3 only for those who don't.

    Returns {"survey": id, name: question id, …} (ids survive the test's app contexts).
    """
    survey = make_survey(process, audience=audience, ask_demographics=ask_demographics, status=status,
                         title="Umfrage: Engagement")
    first = add_section(survey, "Ihr Engagement")
    engaged = add_question(first, "single_choice", "Engagieren Sie sich ehrenamtlich?", required=True,
                           choices=["Ja", "Nein"])
    second = add_section(survey, "Wo Sie sich engagieren")
    fields = add_question(second, "multiple_choice", "In welchen Bereichen?", required=True,
                          choices=["Sport", "Kultur", "Soziales", "Umwelt"],
                          settings={"allow_other": True, "min_choices": None, "max_choices": 3},
                          condition=(engaged, "c1"))
    hours = add_question(second, "number", "Wie viele Stunden im Monat?", settings={"min_value": 0, "max_value": 300},
                         condition=(engaged, "c1"))
    third = add_section(survey, "Was Sie hindert")
    barriers = add_question(third, "single_choice", "Was hindert Sie am meisten?", required=True,
                            choices=["Zeit", "Information", "Gesundheit"], settings={"allow_other": True},
                            condition=(engaged, "c2"))
    fourth = add_section(survey, "Ihre Meinung")
    likert = add_question(fourth, "likert", "Kiel würdigt Engagement ausreichend.", required=True)
    scale = add_question(fourth, "scale", "Wie wahrscheinlich empfehlen Sie ein Ehrenamt?",
                         settings={"min_label": "gar nicht", "max_label": "sehr"})
    ranking = add_question(fourth, "ranking", "Was ist am wichtigsten?", choices=["Räume", "Geld", "Anerkennung"])
    matrix = add_question(fourth, "matrix", "Wie zufrieden sind Sie mit …", rows=["Beratung", "Räumen"],
                          choices=["zufrieden", "teils", "unzufrieden"])
    when = add_question(fourth, "date", "Seit wann engagieren Sie sich?")
    idea = add_question(fourth, "long_text", "Ihre Idee für Kiel", topic=process.topics[0] if process.topics else None)
    short = add_question(fourth, "short_text", "Ein Stichwort")
    return {"survey": survey.id, "engaged": engaged.id, "fields": fields.id, "hours": hours.id,
            "barriers": barriers.id, "likert": likert.id, "scale": scale.id, "ranking": ranking.id,
            "matrix": matrix.id, "date": when.id, "idea": idea.id, "short": short.id,
            "sections": [first.id, second.id, third.id, fourth.id]}


def make_response(survey_id: int, answers: dict[int, Value], *, status: str = "complete", user=None,
                  browser_hash: str | None = None, age_group: str | None = None, gender: str | None = None,
                  district_id: int | None = None, submitted_at: datetime | None = None) -> SurveyResponse:
    """A response stored directly (bypassing the answering service), for results and export tests."""
    moment = submitted_at or datetime(2026, 5, 4, 10, 30, tzinfo=UTC)
    response = SurveyResponse(survey_id=survey_id, status=status, current_step="", started_at=moment,
                              submitted_at=moment if status == "complete" else None,
                              user_id=user.id if user else None, browser_hash=browser_hash,
                              age_group=age_group, gender=gender, district_id=district_id)
    for question_id, value in answers.items():
        response.answers.append(SurveyAnswer(question_id=question_id, value_text=value.text,
                                             value_number=value.number, value_json=value.data,
                                             other_text=value.other))
    db.session.add(response)
    db.session.commit()
    return response

"""The Kiel demo survey: present once, well-formed, and its sample responses obey the survey's own rules."""
from __future__ import annotations

from sqlalchemy import func, select

from app.core.clock import today
from app.demo.seed import seed_kiel
from app.demo.surveys import SAMPLE_RESPONSES, TITLE
from app.extensions import db
from app.surveys.models import Survey, SurveyResponse
from app.surveys.queries import free_text_submissions
from app.surveys.queries.results import survey_results
from app.surveys.validation import Value, missing_required, visible_question_ids


def test_demo_survey_is_seeded_once_and_consistent(app):
    with app.app_context():
        seed_kiel(today())
        seed_kiel(today())
        surveys = db.session.scalars(select(Survey)).all()
        assert [survey.title for survey in surveys] == [TITLE]
        survey = surveys[0]
        assert survey.is_anonymous and survey.status == "open" and survey.ask_demographics
        kinds = {question.kind for question in survey.questions()}
        assert {"single_choice", "multiple_choice", "likert", "scale", "ranking", "long_text", "matrix"} <= kinds
        order = {section.id: index for index, section in enumerate(survey.sections)}
        by_id = {question.id: question for question in survey.questions()}
        for question in survey.questions():
            if question.condition_question_id:
                assert order[by_id[question.condition_question_id].section_id] < order[question.section_id]
        assert db.session.scalar(select(func.count(SurveyResponse.id))) == SAMPLE_RESPONSES
        for response in db.session.scalars(select(SurveyResponse)):
            answers = {answer.question_id: Value.of(answer) for answer in response.answers}
            assert set(answers) <= visible_question_ids(survey.questions(), answers)
            assert missing_required(survey, answers) == []
        results = survey_results(survey, public=True)
        assert results.respondents == SAMPLE_RESPONSES and not results.suppressed
        ideas = free_text_submissions(survey.process_id)
        assert ideas and all(item["source"] == "survey" and item["topic"] for item in ideas)

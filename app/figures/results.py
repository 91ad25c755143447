"""Proposal rows (with votes, status and official answer) and survey results as report dataclasses."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.report_data import ProposalRow, SurveyOption
from analysis.report_data import Survey as SurveyData
from analysis.report_data import SurveyQuestion as QuestionData
from app.extensions import db
from app.figures.participation import proposal_scope
from app.processes.models import District, Process, Topic
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.models import Proposal
from app.surveys.models import Survey, SurveySection
from app.surveys.queries.results import QuestionResult
from app.surveys.queries.results import survey_results as aggregate_survey

OPTION_KINDS = ("single_choice", "multiple_choice", "likert", "scale")
MEAN_KINDS = ("likert", "scale")


def proposal_rows(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> list[ProposalRow]:
    """Every counted (not withdrawn, not hidden) proposal in reference order, with pillar, district,
    translated status, the platform's vote and comment counters and the official answer. One query."""
    query = (select(Proposal.reference, Proposal.title, Topic.title, District.name, Proposal.status,
                    Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count, Proposal.comment_count,
                    Proposal.official_answer)
             .join(Topic, Topic.id == Proposal.topic_id)
             .outerjoin(District, District.id == Proposal.district_id)
             .where(*proposal_scope(process, topic_id, district_id))
             .order_by(Proposal.number))
    statuses = {key: str(label) for key, label in PROPOSAL_STATUS_LABELS.items()}
    return [ProposalRow(ref, title, pillar, district or "", statuses.get(status, status), agree, disagree, pass_,
                        comments, answer or "")
            for ref, title, pillar, district, status, agree, disagree, pass_, comments, answer
            in db.session.execute(query)]


def survey_results(process: Process) -> list[SurveyData]:
    """Results of the process's non-draft surveys (app.surveys.queries.results aggregation, unsuppressed: the
    analysis functions suppress when they publish). Choice, Likert and 0–10 questions with option
    counts (Likert and scales with their mean), rankings as how often each item was put first,
    matrices one entry per row, numbers with their mean. Free text and dates are not included."""
    surveys = db.session.scalars(
        select(Survey).where(Survey.process_id == process.id, Survey.status != "draft")
        .options(selectinload(Survey.sections).selectinload(SurveySection.questions))
        .order_by(Survey.created_at, Survey.id)).all()
    converted = []
    for survey in surveys:
        results = aggregate_survey(survey, public=False)
        questions = []
        for result in results.questions:
            questions.extend(_question(result))
        converted.append(SurveyData(survey.title, results.respondents, questions))
    return converted


def _options(cells) -> list[SurveyOption]:
    return [SurveyOption(cell.label, cell.count or 0) for cell in cells]


def _mean(cells) -> float | None:
    counted = [(float(cell.key), cell.count or 0) for cell in cells]
    total = sum(count for _value, count in counted)
    return round(sum(value * count for value, count in counted) / total, 2) if total else None


def _question(result: QuestionResult) -> list[QuestionData]:
    question, respondents = result.question, result.respondents
    kind = question.kind
    if kind in OPTION_KINDS:
        mean = _mean(result.cells) if kind in MEAN_KINDS else None
        return [QuestionData(question.text, respondents, _options(result.cells), mean)]
    if kind == "ranking":
        text = _("%(question)s (auf Rang 1 gesetzt)", question=question.text)
        return [QuestionData(text, respondents, _options(result.cells))]
    if kind == "matrix":
        return [QuestionData(f"{question.text} – {row}", sum(cell.count or 0 for cell in cells), _options(cells))
                for row, cells in result.matrix]
    if kind == "number" and result.stats.get("mean"):
        return [QuestionData(question.text, respondents, [], float(result.stats["mean"].replace(",", ".")))]
    return []

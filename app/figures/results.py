"""Proposal rows (with votes, status and official answer) and survey results as report dataclasses."""
from __future__ import annotations

import math

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, selectinload

from analysis.report_data import ProposalRow, SurveyOption
from analysis.report_data import Survey as SurveyData
from analysis.report_data import SurveyQuestion as QuestionData
from app.extensions import db
from app.figures.participation import proposal_scope
from app.processes.models import District, Process, Topic
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.models import Proposal
from app.surveys.models import Survey, SurveyAnswer, SurveyResponse, SurveySection
from app.surveys.queries.results import QuestionResult
from app.surveys.queries.results import survey_results as aggregate_survey

OPTION_KINDS = ("single_choice", "multiple_choice", "likert", "scale")
MAX_BINS = 12  # bins of a number question's histogram
MEAN_KINDS = ("likert", "scale")


def proposal_rows(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> list[ProposalRow]:
    """Every visible (not withdrawn, not hidden) proposal in reference order, with pillar, district,
    translated status, the platform's vote and comment counters, the official answer and – for a merged
    proposal – the reference of the proposal it was merged into (rankings leave those out). One query."""
    target = aliased(Proposal)
    query = (select(Proposal.reference, Proposal.title, Topic.title, District.name, Proposal.status,
                    Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count, Proposal.comment_count,
                    Proposal.official_answer, target.reference)
             .join(Topic, Topic.id == Proposal.topic_id)
             .outerjoin(District, District.id == Proposal.district_id)
             .outerjoin(target, target.id == Proposal.merged_into_id)
             .where(*proposal_scope(process, topic_id, district_id))
             .order_by(Proposal.number))
    statuses = {key: str(label) for key, label in PROPOSAL_STATUS_LABELS.items()}
    return [ProposalRow(ref, title, pillar, district or "", statuses.get(status, status), agree, disagree, pass_,
                        comments, answer or "", merged or "")
            for ref, title, pillar, district, status, agree, disagree, pass_, comments, answer, merged
            in db.session.execute(query)]


def excluded_proposal_rows(process: Process) -> list[ProposalRow]:
    """The process's hidden and withdrawn proposals as rows with reference, pillar and why they are not
    counted ("ausgeblendet" / "zurückgezogen") – no title, text or votes. One query."""
    query = (select(Proposal.reference, Topic.title, Proposal.withdrawn_at.is_not(None))
             .join(Topic, Topic.id == Proposal.topic_id)
             .where(Proposal.process_id == process.id,
                    or_(Proposal.withdrawn_at.is_not(None), Proposal.hidden_at.is_not(None)))
             .order_by(Proposal.number))
    withdrawn, hidden = _("zurückgezogen"), _("ausgeblendet (Moderation)")
    return [ProposalRow(ref, "", pillar, status=withdrawn if is_withdrawn else hidden)
            for ref, pillar, is_withdrawn in db.session.execute(query)]


def survey_results(process: Process) -> list[SurveyData]:
    """Results of the process's non-draft surveys (app.surveys.queries.results aggregation, unsuppressed: the
    analysis functions suppress when they publish). Choice, Likert and 0–10 questions with option
    counts (Likert and scales with their mean), rankings as how often each item was put first,
    matrices one entry per row, numbers as a histogram with mean, median and unit (the question's "unit"
    setting). Free text and dates are not included."""
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
        return [QuestionData(question.text, respondents, histogram(question), _parsed(result.stats["mean"]),
                             median=_parsed(result.stats["median"]), unit=str(question.setting("unit") or ""),
                             kind="number")]
    return []


def _parsed(number: str) -> float:
    """A number formatted by app.surveys.answers.format_number ("1.234,5") back as a float."""
    return float(str(number).replace(".", "").replace(",", "."))


def _bin_label(low: float, high: float | None) -> str:
    def fmt(value: float) -> str:
        return f"{value:g}".replace(".", ",")

    return fmt(low) if high is None else f"{fmt(low)}–{fmt(high)}"


def histogram(question) -> list[SurveyOption]:
    """The answers of a number question in bins (completed responses only): one bin per value when
    there are at most MAX_BINS distinct values, else MAX_BINS bins of equal, rounded width. One query."""
    rows = db.session.execute(
        select(SurveyAnswer.value_number, func.count()).join(SurveyResponse, SurveyResponse.id ==
                                                              SurveyAnswer.response_id)
        .where(SurveyAnswer.question_id == question.id, SurveyResponse.status == "complete",
               SurveyAnswer.value_number.is_not(None))
        .group_by(SurveyAnswer.value_number).order_by(SurveyAnswer.value_number)).all()
    if len(rows) <= MAX_BINS:
        return [SurveyOption(_bin_label(float(value), None), int(count)) for value, count in rows]
    low, high = float(rows[0][0]), float(rows[-1][0])
    width = _nice_width((high - low) / MAX_BINS)
    start = math.floor(low / width) * width
    bins = int(math.floor((high - start) / width)) + 1
    counts = [0] * bins
    for value, count in rows:
        counts[int((float(value) - start) // width)] += int(count)
    step = 1 if float(width).is_integer() and all(float(v).is_integer() for v, _c in rows) else 0
    return [SurveyOption(_bin_label(start + i * width, start + (i + 1) * width - step), count)
            for i, count in enumerate(counts)]


def _nice_width(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least `raw`."""
    if raw <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)

"""Survey results as open-data rows: aggregates per question and answer option, never single answers.

Only surveys whose results are already public (the process is in its results phase or finished, see
app.surveys.permissions.results_are_public) are included, computed by app.surveys.queries.results with
`public=True`: a question (or a whole survey) with fewer than five respondents shows no figures, a
count of 1 to 4 is written as "< 5" (analysis.privacy.suppress_small), and free-text answers, "other"
texts and the exact extremes of numbers and dates are left out.
"""
from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.privacy import MIN_GROUP_SIZE, suppress_small
from app.core.clock import today
from app.extensions import db
from app.surveys.labels import DEMOGRAPHIC_LABELS
from app.surveys.models import TEXT_KINDS, Survey, SurveySection
from app.surveys.permissions import results_are_public
from app.surveys.queries.results import Cell, survey_results

SUPPRESSED = f"< {MIN_GROUP_SIZE}"
NO_FIGURES = TEXT_KINDS | {"date"}  # public results show no figures for these: left out entirely


def public_result_surveys(process_id: int) -> list[Survey]:
    """Surveys of the process whose results are public today, with their questions."""
    surveys = db.session.scalars(
        select(Survey).where(Survey.process_id == process_id, Survey.status != "draft").order_by(Survey.id)
        .options(selectinload(Survey.sections).selectinload(SurveySection.questions), selectinload(Survey.process)))
    day = today()
    return [survey for survey in surveys if results_are_public(survey, day)]


def _count(cell: Cell):
    return SUPPRESSED if cell.count is None else suppress_small(cell.count)


def _number(text) -> float | int | None:
    """A number formatted by the survey results ("2,5") as a number again."""
    if text in (None, ""):
        return None
    value = float(str(text).replace(",", "."))
    return int(value) if value.is_integer() else value


def survey_result_rows(process_id: int) -> Iterator[list]:
    """Rows in the order of open_survey_columns()."""
    for survey in public_result_surveys(process_id):
        results = survey_results(survey, public=True)
        head = [survey.id, survey.title]
        if results.suppressed:
            yield head + [None, None, None, suppress_small(results.respondents), None, None, "suppressed", None, None]
            continue
        for number, result in enumerate(results.questions, start=1):
            question = result.question
            if question.kind in NO_FIGURES:
                continue
            base = head + [number, question.text, question.kind, suppress_small(result.respondents)]
            if result.suppressed:
                yield base + [None, None, "suppressed", None, None]
                continue
            measure = "first_place" if question.kind == "ranking" else "count"
            for cell in result.cells:
                yield base + [None, cell.label, measure, _count(cell), cell.percent]
            for row_label, cells in result.matrix:
                for cell in cells:
                    yield base + [row_label, cell.label, "count", _count(cell), cell.percent]
            for name in ("mean", "median"):
                if name in result.stats:
                    yield base + [None, None, name, _number(result.stats[name]), None]
            for label, rank in result.stats.get("average_rank", {}).items():
                yield base + [None, label, "average_rank", _number(rank), None]
        for name, cells in results.demographics.items():
            base = head + [None, str(DEMOGRAPHIC_LABELS[name]), "demographic", suppress_small(results.respondents)]
            for cell in cells:
                yield base + [None, cell.label or _("keine Angabe"), "count", _count(cell), cell.percent]

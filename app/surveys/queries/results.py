"""Per-question aggregates of completed responses, optionally for one demographic group.

Public results suppress small numbers to protect respondents: a group or question with fewer
than `SUPPRESS_BELOW` respondents shows nothing, single counts from 1 to 4 are shown as "< 5",
exact extremes (smallest/largest number or date) and free texts are never public.
The administration sees everything.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.surveys.answers import format_number
from app.surveys.models import (
    AGE_GROUPS,
    DEMOGRAPHIC_FIELDS,
    GENDERS,
    OTHER_KEY,
    OTHER_LABEL,
    SCALE_VALUES,
    TEXT_KINDS,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

SUPPRESS_BELOW = 5
TEXT_SAMPLE = 30
JSON_KINDS = ("multiple_choice", "ranking", "matrix")


@dataclass
class Cell:
    label: str
    count: int | None  # None: suppressed (1 to 4)
    percent: float | None = None
    key: str = ""


@dataclass
class QuestionResult:
    question: SurveyQuestion
    respondents: int
    suppressed: bool = False
    cells: list[Cell] = field(default_factory=list)
    matrix: list[tuple[str, list[Cell]]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    public: bool
    group: tuple[str, str] | None = None
    suppressed: bool = False  # the whole (group) result is below the threshold
    questions: list[QuestionResult] = field(default_factory=list)
    demographics: dict[str, list[Cell]] = field(default_factory=dict)


def demographic_options(survey: Survey) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs per demographic field; districts by id."""
    return {
        "age_group": [(key, str(label)) for key, label in AGE_GROUPS],
        "gender": [(key, str(label)) for key, label in GENDERS],
        "district": [(str(district.id), district.name) for district in survey.process.districts],
    }


def parse_group(survey: Survey, raw: str | None) -> tuple[str, str] | None:
    """'age_group:30-44' → ('age_group', '30-44') if it names a known group, else None."""
    if not raw or not survey.ask_demographics:
        return None
    name, _sep, value = raw.partition(":")
    options = demographic_options(survey).get(name, [])
    return (name, value) if value in {key for key, _label in options} else None


def _responses(survey: Survey, group: tuple[str, str] | None):
    query = select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id, SurveyResponse.status == "complete")
    if group:
        name, value = group
        column = SurveyResponse.district_id if name == "district" else getattr(SurveyResponse, name)
        query = query.where(column == (int(value) if name == "district" else value))
    return query


def survey_results(survey: Survey, *, public: bool, group: tuple[str, str] | None = None) -> SurveyResults:
    """Aggregate the survey's completed responses (all, or one demographic group)."""
    responses = _responses(survey, group)
    total = db.session.scalar(select(func.count()).select_from(responses.subquery())) or 0
    results = SurveyResults(survey, total, public, group)
    if public and total < SUPPRESS_BELOW:
        results.suppressed = True
        return results
    in_group = SurveyAnswer.response_id.in_(responses)
    questions = survey.questions()
    answered = dict(db.session.execute(
        select(SurveyAnswer.question_id, func.count()).where(in_group).group_by(SurveyAnswer.question_id)).all())
    text_counts = _grouped(in_group, SurveyAnswer.value_text, [q.id for q in questions if q.kind == "single_choice"])
    number_counts = _grouped(in_group, SurveyAnswer.value_number,
                             [q.id for q in questions if q.kind in ("likert", "scale")])
    json_counts = _json_counts([q for q in questions if q.kind in JSON_KINDS], in_group)
    for question in questions:
        result = QuestionResult(question, answered.get(question.id, 0))
        if public and result.respondents < SUPPRESS_BELOW:
            result.suppressed = True
        else:
            _fill(result, text_counts.get(question.id, {}), number_counts.get(question.id, {}),
                  json_counts.get(question.id), in_group, public)
        results.questions.append(result)
    if survey.ask_demographics and group is None:
        results.demographics = _demographics(survey, responses, total, public)
    return results


def _grouped(in_group, column, question_ids: list[int]) -> dict[int, dict]:
    grouped: dict[int, dict] = defaultdict(dict)
    if not question_ids:
        return grouped
    rows = db.session.execute(select(SurveyAnswer.question_id, column, func.count())
                              .where(in_group, SurveyAnswer.question_id.in_(question_ids), column.is_not(None))
                              .group_by(SurveyAnswer.question_id, column))
    for question_id, value, count in rows:
        grouped[question_id][value] = count
    return grouped


def _json_counts(questions: list[SurveyQuestion], in_group) -> dict[int, Counter]:
    """Counts for list/dict answers, streamed: choices chosen, rank positions, matrix (row, column)."""
    if not questions:
        return {}
    kinds = {question.id: question.kind for question in questions}
    counts: dict[int, Counter] = {question.id: Counter() for question in questions}
    query = (select(SurveyAnswer.question_id, SurveyAnswer.value_json)
             .where(in_group, SurveyAnswer.question_id.in_(kinds)).execution_options(yield_per=5000))
    for question_id, data in db.session.execute(query):
        counter = counts[question_id]
        if kinds[question_id] == "multiple_choice":
            counter.update(data or [])
        elif kinds[question_id] == "ranking":
            counter.update((key, rank) for rank, key in enumerate(data or [], start=1))
        else:
            counter.update((data or {}).items())
    return counts


def _cell(label: str, count: int, base: int, public: bool, key: str = "") -> Cell:
    if public and 0 < count < SUPPRESS_BELOW:
        return Cell(label, None, None, key)
    return Cell(label, count, round(100 * count / base, 1) if base else None, key)


def _options(question: SurveyQuestion) -> list[tuple[str, str]]:
    options = [(choice["key"], choice["label"]) for choice in question.choices]
    if question.setting("allow_other"):
        options.append((OTHER_KEY, str(OTHER_LABEL)))
    return options


def _fill(result: QuestionResult, texts: dict, numbers: dict, json_counts: Counter | None, in_group,
          public: bool) -> None:
    question, base = result.question, result.respondents
    kind = question.kind
    if kind == "single_choice":
        result.cells = [_cell(label, texts.get(key, 0), base, public, key) for key, label in _options(question)]
    elif kind == "multiple_choice":
        result.cells = [_cell(label, json_counts[key], base, public, key) for key, label in _options(question)]
    elif kind == "likert":
        result.cells = [_cell(choice["label"], numbers.get(float(choice["key"]), 0), base, public, choice["key"])
                        for choice in question.choices]
    elif kind == "scale":
        result.cells = [_cell(value, numbers.get(float(value), 0), base, public, value) for value in SCALE_VALUES]
        _number_stats(result, in_group, public)
    elif kind == "ranking":
        _ranking(result, json_counts, public)
    elif kind == "matrix":
        result.matrix = [(row["label"], [_cell(choice["label"], json_counts[(row["key"], choice["key"])],
                                               sum(json_counts[(row["key"], c["key"])] for c in question.choices),
                                               public, choice["key"]) for choice in question.choices])
                         for row in question.rows]
    elif kind == "number":
        _number_stats(result, in_group, public)
    elif kind == "date" and not public:
        extremes = db.session.execute(select(func.min(SurveyAnswer.value_text), func.max(SurveyAnswer.value_text))
                                      .where(in_group, SurveyAnswer.question_id == question.id)).one()
        result.stats = {"earliest": extremes[0], "latest": extremes[1]}
    elif kind in TEXT_KINDS and not public:
        result.texts = list(db.session.scalars(
            select(SurveyAnswer.value_text).where(in_group, SurveyAnswer.question_id == question.id)
            .order_by(SurveyAnswer.id.desc()).limit(TEXT_SAMPLE)))


def _number_stats(result: QuestionResult, in_group, public: bool) -> None:
    question_id, count = result.question.id, result.respondents
    if not count:
        return
    where = (in_group, SurveyAnswer.question_id == question_id)
    mean, low, high = db.session.execute(
        select(func.avg(SurveyAnswer.value_number), func.min(SurveyAnswer.value_number),
               func.max(SurveyAnswer.value_number)).where(*where)
    ).one()
    ordered = select(SurveyAnswer.value_number).where(*where).order_by(SurveyAnswer.value_number)
    middle = list(db.session.scalars(ordered.limit(2 - count % 2).offset((count - 1) // 2)))
    stats = {"mean": format_number(round(float(mean), 2)), "median": format_number(sum(middle) / len(middle))}
    if not public:
        stats.update(min=format_number(low), max=format_number(high))
    result.stats = stats


def _ranking(result: QuestionResult, counts: Counter, public: bool) -> None:
    question, base = result.question, result.respondents
    size = len(question.choices)
    rows = []
    for choice in question.choices:
        placed = {rank: counts[(choice["key"], rank)] for rank in range(1, size + 1)}
        total = sum(placed.values())
        average = sum(rank * number for rank, number in placed.items()) / total if total else None
        first = _cell(choice["label"], placed[1], base, public, choice["key"])
        rows.append((average if average is not None else size + 1, choice["label"], first, average))
    rows.sort(key=lambda row: row[0])
    result.cells = [row[2] for row in rows]
    result.stats = {"average_rank": {row[1]: format_number(round(row[3], 2)) if row[3] is not None else ""
                                     for row in rows}}


def _demographics(survey: Survey, responses, total: int, public: bool) -> dict[str, list[Cell]]:
    summary = {}
    options = demographic_options(survey)
    for name in DEMOGRAPHIC_FIELDS:
        column = SurveyResponse.district_id if name == "district" else getattr(SurveyResponse, name)
        counts = dict(db.session.execute(select(column, func.count()).where(SurveyResponse.id.in_(responses))
                                         .group_by(column)).all())
        counts = {str(key) if key is not None else None: value for key, value in counts.items()}
        cells = [_cell(label, counts.get(key, 0), total, public, key) for key, label in options[name]]
        cells.append(_cell("", counts.get(None, 0), total, public, ""))  # no answer / prefer not to say
        summary[name] = cells
    return summary

"""The table of completed responses: one row per response, one column per question (lists expanded).

Rows come from a single query over responses LEFT JOIN answers ordered by response, read with
`yield_per` (a server-side cursor on PostgreSQL), so memory stays flat however many responses
there are. `surveys.export` writes the table as CSV or XLSX; the process workbook reuses it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.surveys.answers import Value
from app.surveys.models import (
    AGE_GROUPS,
    GENDERS,
    OTHER_KEY,
    OTHER_LABEL,
    TEXT_KINDS,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)

BATCH = 2000  # rows fetched per round trip, and CSV rows per chunk


@dataclass(frozen=True)
class Column:
    header: str
    cell: Callable[[dict[int, Value], tuple], object]  # (answers, response row) → cell value
    text: bool = False  # free text typed by a respondent (guarded against spreadsheet formulas in CSV)


def _question_columns(number: int, question) -> list[Column]:
    title = f"F{number}: {question.text}"
    qid, kind = question.id, question.kind

    def value(answers):
        return answers.get(qid)

    if kind == "single_choice":
        labels = {choice["key"]: choice["label"] for choice in question.choices}
        labels[OTHER_KEY] = str(OTHER_LABEL)
        columns = [Column(title, lambda a, r: labels.get(value(a).text, "") if value(a) else "")]
    elif kind == "multiple_choice":
        options = [(choice["key"], choice["label"]) for choice in question.choices]
        if question.setting("allow_other"):
            options.append((OTHER_KEY, str(OTHER_LABEL)))
        columns = [Column(f"{title} – {label}",
                          lambda a, r, key=key: (1 if key in (value(a).data or []) else 0) if value(a) else "")
                   for key, label in options]
    elif kind in ("likert", "scale"):
        labels = {float(choice["key"]): choice["label"] for choice in question.choices}
        columns = [Column(title, lambda a, r: _step_cell(value(a), labels))]
    elif kind == "ranking":
        columns = [Column(f"{title} – {choice['label']} (Rang)",
                          lambda a, r, key=choice["key"]: _rank(value(a), key)) for choice in question.choices]
    elif kind == "matrix":
        labels = {choice["key"]: choice["label"] for choice in question.choices}
        columns = [Column(f"{title} – {row['label']}",
                          lambda a, r, key=row["key"]: (labels.get((value(a).data or {}).get(key), "")
                                                        if value(a) else ""))
                   for row in question.rows]
    elif kind == "number":
        columns = [Column(title, lambda a, r: _number(value(a).number) if value(a) else "")]
    else:  # texts and dates
        columns = [Column(title, lambda a, r: (value(a).text or "") if value(a) else "", text=kind in TEXT_KINDS)]
    if kind in ("single_choice", "multiple_choice") and question.setting("allow_other"):
        columns.append(Column(f"{title} – {OTHER_LABEL} (Text)",
                              lambda a, r: (value(a).other or "") if value(a) else "", text=True))
    return columns


def _step_cell(value: Value | None, labels: dict) -> object:
    if value is None or value.number is None:
        return ""
    return labels.get(value.number, _number(value.number))  # Likert: label; scale: 0–10


def _rank(value: Value | None, key: str) -> object:
    if value is None or key not in (value.data or []):
        return ""
    return value.data.index(key) + 1


def _number(number: float | None) -> object:
    if number is None:
        return ""
    return int(number) if float(number).is_integer() else number


def columns_for(survey: Survey) -> list[Column]:
    """Every export column in order: response, date, questions (expanded), demographics."""
    timezone_name = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    columns = [Column(_("Antwort-Nr."), lambda a, r: r[0]),
               Column(_("Abgeschickt am"), lambda a, r: _local_date(r[1], timezone_name))]
    for number, question in enumerate(survey.questions(), start=1):
        columns.extend(_question_columns(number, question))
    if survey.ask_demographics:
        ages = {key: str(label) for key, label in AGE_GROUPS}
        genders = {key: str(label) for key, label in GENDERS}
        districts = {district.id: district.name for district in survey.process.districts}
        columns += [Column(_("Altersgruppe"), lambda a, r: ages.get(r[2], "")),
                    Column(_("Geschlecht"), lambda a, r: genders.get(r[3], "")),
                    Column(_("Stadtteil"), lambda a, r: districts.get(r[4], ""))]
    return columns


def _local_date(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite returns naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date().isoformat()


def iter_records(survey: Survey) -> Iterator[tuple[tuple, dict[int, Value]]]:
    """(response row, answers by question id) per completed response, streamed in response order."""
    query = (
        select(SurveyResponse.id, SurveyResponse.submitted_at, SurveyResponse.age_group, SurveyResponse.gender,
               SurveyResponse.district_id, SurveyAnswer.question_id, SurveyAnswer.value_text,
               SurveyAnswer.value_number, SurveyAnswer.value_json, SurveyAnswer.other_text)
        .outerjoin(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.status == "complete")
        .order_by(SurveyResponse.id)
        .execution_options(yield_per=BATCH)
    )
    current, answers = None, {}
    for row in db.session.execute(query):
        if current is None or row[0] != current[0]:
            if current is not None:
                yield current, answers
            current, answers = row[:5], {}
        if row[5] is not None:
            answers[row[5]] = Value(row[6], row[7], row[8], row[9])
    if current is not None:
        yield current, answers


def iter_rows(survey: Survey) -> Iterator[list]:
    """The header, then one list of cells per completed response."""
    columns = columns_for(survey)
    yield [column.header for column in columns]
    for record, answers in iter_records(survey):
        yield [column.cell(answers, record) for column in columns]



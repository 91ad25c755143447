"""Streaming exports of the response table (`queries.response_rows`): CSV from a generator; XLSX written
by XlsxWriter in `constant_memory` mode to an anonymous temporary file, then streamed in chunks
(app/core/xlsx.py).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response, stream_with_context
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.csvfiles import spreadsheet_safe
from app.core.errors import DomainError
from app.core.xlsx import MAX_ROWS, new_workbook, workbook_response
from app.extensions import db
from app.surveys.models import Survey, SurveyResponse
from app.surveys.queries.response_rows import BATCH, columns_for, iter_rows

XLSX_MAX_ROWS = MAX_ROWS


def _csv_rows(survey: Survey) -> Iterator[list]:
    text_columns = [index for index, column in enumerate(columns_for(survey)) if column.text]
    for number, row in enumerate(iter_rows(survey)):
        if number:
            for index in text_columns:
                row[index] = spreadsheet_safe(row[index])
        yield row


def iter_csv(survey: Survey) -> Iterator[str]:
    """CSV text (RFC 4180, UTF-8, comma) in chunks of `BATCH` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, row in enumerate(_csv_rows(survey)):
        writer.writerow(row)
        if number % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(survey: Survey, handle) -> int:
    """Write the CSV export to an open text file (newline=""); returns the number of responses."""
    writer = csv.writer(handle, lineterminator="\r\n")
    rows = 0
    for row in _csv_rows(survey):
        writer.writerow(row)
        rows += 1
    return max(rows - 1, 0)  # the first row is the header


def write_xlsx(survey: Survey, path) -> int:
    """Write the XLSX export to `path` (or an open binary file) in constant-memory mode; returns the number of
    responses."""
    workbook = new_workbook(path)
    sheet = workbook.add_worksheet(_("Umfrageantworten"))
    header_format = workbook.add_format({"bold": True})
    count = -1
    try:
        for count, row in enumerate(iter_rows(survey)):
            if count > XLSX_MAX_ROWS:
                raise DomainError(_("Zu viele Antworten für eine Excel-Tabelle. Bitte nutzen Sie den CSV-Export."))
            if count == 0:
                sheet.write_row(0, 0, row, header_format)
                sheet.freeze_panes(1, 0)
            else:
                sheet.write_row(count, 0, row)
    finally:
        workbook.close()
    return max(count, 0)


def response_total(survey: Survey) -> int:
    """Number of completed responses (the rows of an export)."""
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.status == "complete")) or 0


def filename(survey: Survey, extension: str) -> str:
    return f"umfrage-{survey.id}.{extension}"


def _streamed(survey_id: int) -> Iterator[bytes]:
    """The CSV body. Runs after the view has returned, when the view's database session is already
    closed, so the survey is loaded again in the (re-pushed) context's own session."""
    from app.surveys.queries import get_survey

    survey = get_survey(survey_id)
    for chunk in iter_csv(survey):
        yield chunk.encode("utf-8")


def export_response(survey: Survey, fmt: str) -> Response:
    """A streamed download of the survey's responses as CSV or XLSX."""
    if fmt == "xlsx":
        if response_total(survey) > XLSX_MAX_ROWS:
            raise DomainError(_("Zu viele Antworten für eine Excel-Tabelle. Bitte nutzen Sie den CSV-Export."))
        return workbook_response(lambda handle: write_xlsx(survey, handle), filename(survey, "xlsx"))
    response = Response(stream_with_context(_streamed(survey.id)), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(survey, fmt)}"'
    response.headers["Cache-Control"] = "no-store"
    return response

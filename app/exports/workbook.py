"""The administration's workbook of one process: Info, Vorschläge, Kommentare, Stimmen, one sheet per survey.

Written row by row in XlsxWriter's constant-memory mode from streamed queries (app/exports/queries.py),
so memory does not grow with the process. No names, e-mail addresses or account ids: authors appear
as pseudonymous keys (app/exports/pseudonyms.py), votes only as counts per proposal.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.comments.labels import COMMENT_ALIGNMENT_LABELS
from app.core.clock import now
from app.core.errors import DomainError
from app.core.xlsx import MAX_ROWS, clip, new_workbook, sheet_title
from app.exports import queries
from app.exports.columns import Column, admin_comment_columns, admin_proposal_columns, vote_columns
from app.exports.pseudonyms import AuthorKeys
from app.extensions import db
from app.processes.models import Process
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.surveys.models import Survey, SurveyResponse, SurveySection
from app.surveys.queries.response_rows import iter_rows

TEXT_WIDTH = {"title": 40, "body": 60, "official_answer": 50, "pillar": 24, "district": 18, "status": 16}


class _Sheets:
    """The open workbook with its cell formats and one writer per column kind."""

    def __init__(self, target):
        self.book = new_workbook(target)
        self.bold = self.book.add_format({"bold": True})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.moment = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.taken: set[str] = set()

    def add(self, title: str):
        return self.book.add_worksheet(sheet_title(title, self.taken))

    def writer(self, sheet, kind: str) -> Callable:
        """A function (row, column, value) that writes one cell of this kind; None leaves it empty."""
        def text(row, col, value):
            if value is not None and value != "":
                sheet.write_string(row, col, clip(str(value)))

        def number(row, col, value):
            if value is not None:
                sheet.write_number(row, col, value)

        def moment(row, col, value):
            if value is not None:
                sheet.write_datetime(row, col, value, self.moment)

        def boolean(row, col, value):
            sheet.write_boolean(row, col, bool(value))

        return {"text": text, "int": number, "datetime": moment, "bool": boolean}.get(kind, text)

    def table(self, title: str, columns: list[Column], rows: Iterable[tuple]) -> int:
        """A sheet with a bold header row and one row per item; returns the number of items."""
        sheet = self.add(title)
        for index, column in enumerate(columns):
            sheet.set_column(index, index, TEXT_WIDTH.get(column.key, 14))
        sheet.write_row(0, 0, [column.header for column in columns], self.bold)
        sheet.freeze_panes(1, 0)
        writers = [self.writer(sheet, column.kind) for column in columns]
        count = 0
        for count, row in enumerate(rows, start=1):
            for index, write in enumerate(writers):
                write(count, index, row[index])
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        return count

    def survey(self, survey: Survey) -> int:
        """A sheet with the survey's completed responses, in the columns of the survey export."""
        sheet = self.add(f"{_('Umfrage')} {survey.id} – {survey.title}")
        count = -1
        for count, row in enumerate(iter_rows(survey)):
            if count == 0:
                sheet.write_row(0, 0, row, self.bold)
                sheet.freeze_panes(1, 0)
            else:  # strings_to_formulas is off: typed-in "=…" stays text
                sheet.write_row(count, 0, [clip(cell) if isinstance(cell, str) else cell for cell in row])
        return max(count, 0)


def process_surveys(process: Process) -> list[Survey]:
    """All surveys of the process with their questions (one query per relationship)."""
    return list(db.session.scalars(
        select(Survey).where(Survey.process_id == process.id).order_by(Survey.id)
        .options(selectinload(Survey.sections).selectinload(SurveySection.questions))))


def survey_sizes(process: Process) -> dict[int, int]:
    """Completed responses per survey of the process."""
    return dict(db.session.execute(
        select(SurveyResponse.survey_id, func.count()).join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.process_id == process.id, SurveyResponse.status == "complete")
        .group_by(SurveyResponse.survey_id)).all())


def check_size(process: Process) -> dict:
    """The sizes of the sheets; DomainError if one would not fit on an Excel sheet."""
    sizes = queries.table_sizes(process.id)
    responses = survey_sizes(process)
    if max([sizes["proposals"], sizes["comments"], *responses.values()]) > MAX_ROWS:
        raise DomainError(_("Zu viele Zeilen für eine Excel-Tabelle. Bitte nutzen Sie die CSV-Exporte."))
    return {**sizes, "responses": responses}


def _proposal_rows(process_id: int, keys: AuthorKeys, zone):
    for row in queries.all_proposals(process_id):
        (reference, title, body, pillar, district, status, created, agree, disagree, passed, comments, answer,
         answered, hidden, withdrawn, merged, author_id, _id) = row
        yield (reference, title, body, pillar, district, str(PROPOSAL_STATUS_LABELS.get(status, status)),
               queries.local_time(created, zone), agree, disagree, passed, comments, answer,
               queries.local_time(answered, zone), hidden is not None, withdrawn is not None, merged, keys(author_id))


def _comment_rows(process_id: int, keys: AuthorKeys, zone):
    labels = {key: str(label) for key, label in COMMENT_ALIGNMENT_LABELS.items()}
    for (comment_id, reference, parent_id, depth, alignment, body, created, up, down, hidden, deleted,
         author_id) in queries.all_comments(process_id):
        yield (comment_id, reference, parent_id, depth, labels.get(alignment, alignment), body,
               queries.local_time(created, zone), up, down, hidden is not None, deleted is not None, keys(author_id))


def write_process_workbook(process: Process, target) -> dict:
    """Write the workbook to `target` (a path or a binary file); returns the number of rows per sheet."""
    sizes = check_size(process)
    surveys = process_surveys(process)
    zone, keys = queries.local_zone(), AuthorKeys(process.id)
    sheets = _Sheets(target)
    written: dict = {}
    try:
        _write_info(sheets, process, sizes, surveys, zone)
        written["proposals"] = sheets.table(_("Vorschläge"), admin_proposal_columns(),
                                            _proposal_rows(process.id, keys, zone))
        written["comments"] = sheets.table(_("Kommentare"), admin_comment_columns(),
                                           _comment_rows(process.id, keys, zone))
        written["votes"] = sheets.table(_("Stimmen"), vote_columns(), queries.vote_totals(process.id))
        written["surveys"] = {survey.id: sheets.survey(survey) for survey in surveys}
    finally:
        sheets.book.close()
    return written


def _write_info(sheets: _Sheets, process: Process, sizes: dict, surveys: list[Survey], zone) -> None:
    sheet = sheets.add(_("Info"))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 2, 90)
    lines: list[tuple] = [
        (_("Export der Beteiligungsdaten"),),
        (_("Prozess"), process.title),
        (_("Kurzadresse"), process.slug),
        (_("Exportiert am"), queries.local_time(now(), zone).strftime("%Y-%m-%d %H:%M")),
        (_("Vorschläge"), sizes["proposals"]),
        (_("Kommentare"), sizes["comments"]),
        (_("Personen mit Stimmen"), sizes["voters"]),
        (),
        (_("Datenschutz"), _("Diese Datei enthält keine Namen, E-Mail-Adressen oder Konto-Nummern. Stimmen sind nur "
                             "je Vorschlag gezählt. Der Autor-Schlüssel ist ein Pseudonym: ein Ausschnitt eines "
                             "HMAC-SHA256 aus der Konto-Nummer, der Prozess-Nummer und dem geheimen Schlüssel der "
                             "Anwendung. Er ist für dieselbe Person in allen Exporten dieses Prozesses gleich, in "
                             "anderen Prozessen verschieden und ohne den geheimen Schlüssel nicht auf eine Person "
                             "zurückzuführen. Die Datei ist trotzdem vertraulich: Texte können Personenbezug haben.")),
        (),
        (_("Tabellenblatt"), _("Spalte"), _("Bedeutung")),
    ]
    for title, columns in ((_("Vorschläge"), admin_proposal_columns()), (_("Kommentare"), admin_comment_columns()),
                           (_("Stimmen"), vote_columns())):
        lines += [(title, column.header, column.description) for column in columns]
    for survey in surveys:
        lines.append((f"{_('Umfrage')} {survey.id}", survey.title,
                      _("Eine Zeile je abgeschlossener Antwort (%(count)d), eine Spalte je Frage.",
                        count=sizes["responses"].get(survey.id, 0))))
    for number, line in enumerate(lines):
        for col, value in enumerate(line):
            if isinstance(value, int):
                sheet.write_number(number, col, value)
            else:
                sheet.write_string(number, col, str(value), sheets.bold if col == 0 or number == 0 else sheets.wrap)

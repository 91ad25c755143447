"""The Anlagen of a report as separate files: one XLSX and one CSV per Anlage.

The paper itself only lists them (the Anlagenverzeichnis of ``blocks.anlagen_table``, with the
file names of ``blocks.anlage_file_names``); the long tables – every proposal, every quoted
contribution, the survey tables – live here, with every reference number whole.

    >>> from analysis.report_render.anlagen import export_anlagen
    >>> export_anlagen(report, "out/")      # [out/<slug>-anlage-1.xlsx, out/<slug>-anlage-1.csv, …]

The CSV is byte for byte the file the OParl Paper describes (``attachment_csv``: UTF-8 with BOM,
";"-separated, opens in German Excel). In the XLSX every text stays text (a title starting with
"=" is never a formula); counts become numbers, so the sheet can be sorted and summed.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from analysis.report_model import Report, Section, Table
from analysis.report_render.blocks import anlage_file_names
from analysis.report_render.oparl import attachment_csv

MAX_SHEET_TITLE = 31  # Excel's limit
MAX_COLUMN_WIDTH = 80
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _number(value, thousands: str):
    """``value`` as an int when it is a formatted count ("12.345"), else the text itself."""
    if isinstance(value, int):
        return value
    text = str(value)
    pattern = r"-?\d{1,3}(?:" + re.escape(thousands) + r"\d{3})*" if thousands else r"-?\d+"
    if re.fullmatch(pattern, text):
        return int(text.replace(thousands, "") if thousands else text)
    return text


def _cell(sheet, value, thousands: str, bold: bool = False) -> WriteOnlyCell:
    value = _number(value, thousands)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = Font(bold=True)
    return cell


def _sheet_title(table: Table, index: int) -> str:
    title = _SHEET_FORBIDDEN.sub(" ", table.caption).strip() or str(index)
    return f"{index} {title}"[:MAX_SHEET_TITLE] if index else title[:MAX_SHEET_TITLE]


def _widths(table: Table) -> list[int]:
    sample = table.rows[:500]
    return [min(MAX_COLUMN_WIDTH, max([len(str(table.columns[i]))] + [len(str(row[i])) for row in sample
                                                                       if i < len(row)]) + 2)
            for i in range(len(table.columns))]


def anlage_xlsx(attachment: Section, path: str | Path, thousands: str = ".") -> None:
    """Write the tables of one Anlage as an XLSX workbook (one sheet per table: bold, frozen header
    row with filter; text as text, counts as numbers)."""
    workbook = Workbook(write_only=True)
    several = len(attachment.tables) > 1
    for index, table in enumerate(attachment.tables, start=1):
        sheet = workbook.create_sheet(_sheet_title(table, index if several else 0))
        for column, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = f"A1:{_column_letter(len(table.columns))}{len(table.rows) + 1}"
        sheet.append([_cell(sheet, name, "", bold=True) for name in table.columns])
        for row in table.rows:
            sheet.append([_cell(sheet, value, thousands) for value in row])
    if not attachment.tables:
        workbook.create_sheet("1")
    workbook.save(str(path))


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def export_anlagen(report: Report, directory: str | Path) -> list[Path]:
    """Write every Anlage of ``report`` into ``directory`` (created if needed) as XLSX and CSV,
    named as the paper's Anlagenverzeichnis lists them; returns the paths in that order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    thousands = report.label("_thousands")
    written = []
    for number, attachment in enumerate(report.attachments, start=1):
        xlsx_name, csv_name = anlage_file_names(report, number)
        anlage_xlsx(attachment, directory / xlsx_name, thousands)
        (directory / csv_name).write_bytes(attachment_csv(attachment))
        written += [directory / xlsx_name, directory / csv_name]
    return written


def anlage_file(report: Report, number: int, extension: str, directory: str | Path) -> Path:
    """Write one file of Anlage ``number`` (1-based; ``extension`` "xlsx" or "csv") into
    ``directory`` and return its path. ``ValueError`` for an unknown Anlage or extension."""
    if not 1 <= number <= len(report.attachments) or extension not in ("xlsx", "csv"):
        raise ValueError(f"no Anlage {number} as {extension}")
    attachment = report.attachments[number - 1]
    name = anlage_file_names(report, number)[0 if extension == "xlsx" else 1]
    path = Path(directory) / name
    if extension == "xlsx":
        anlage_xlsx(attachment, path, report.label("_thousands"))
    else:
        path.write_bytes(attachment_csv(attachment))
    return path

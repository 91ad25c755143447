"""CSV as every download and export of the platform writes it: RFC 4180 (CRLF line ends), streamed in chunks.

Free text is neutralised against spreadsheet formulas (OWASP "CSV injection"): a cell that starts with
=, +, -, @, tab or carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 1000
UTF8_BOM = "\ufeff"


def spreadsheet_safe(value):
    """The cell value as written: None → "", dates as ISO 8601, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool = False,
               chunk_rows: int = CHUNK_ROWS) -> Iterator[str]:
    """The CSV text (header first) in chunks of `chunk_rows` rows; every cell through `spreadsheet_safe`.

    `bom` starts the file with a UTF-8 byte order mark, which spreadsheet programs need to read umlauts.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(UTF8_BOM)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([spreadsheet_safe(value) for value in row])
        if count % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

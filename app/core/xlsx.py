"""Writing Excel workbooks safely and with flat memory, and sending them as downloads.

Workbooks are written by XlsxWriter in `constant_memory` mode (each row goes to disk once the next
one starts), with every automatic conversion switched off: a text that begins with "=", "+", "-"
or "@" is stored as a text cell, never as a formula (no spreadsheet formula injection), and
numbers or web addresses typed into free text stay text as well.

A download is written into an anonymous temporary file (`tempfile.TemporaryFile`: it has no name
on disk and disappears when closed, even if the client disconnects) and then handed to the WSGI
server as a file wrapper, which sends it in chunks (`sendfile` under gunicorn). Errors while
writing therefore surface as a normal error page before any byte is sent.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable

from flask import Response, send_file

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1_048_575  # rows below the header row on one sheet
MAX_TEXT = 32_767  # characters in one cell
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                    "strings_to_urls": False}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def new_workbook(target):
    """An XlsxWriter workbook on a path or an open binary file, with the safe options above."""
    import xlsxwriter

    return xlsxwriter.Workbook(target, dict(WORKBOOK_OPTIONS))


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\); adds it to `taken`."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", str(text)).split()).strip("'")[:31].strip() or "Sheet"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def clip(text: str) -> str:
    """Text cut to what one cell holds (Excel's limit), marked with an ellipsis."""
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def workbook_response(write: Callable[[object], object], filename: str) -> Response:
    """Run `write(file)` into an anonymous temporary file and return it as a streamed attachment."""
    handle = tempfile.TemporaryFile(prefix="ratschlag-", suffix=".xlsx")
    try:
        write(handle)
        handle.flush()
        size = os.fstat(handle.fileno()).st_size
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = send_file(handle, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=filename,
                         conditional=False, etag=False, max_age=0)
    response.content_length = size
    response.headers["Cache-Control"] = "no-store"
    return response

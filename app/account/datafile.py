"""The "download my data" ZIP: data.json (machine-readable), one CSV per kind, and index.html to read.

Written kind by kind into a temporary file (rows streamed from the database), so memory does not grow with
the amount of data; the caller sends the file and it disappears when closed.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from datetime import date, datetime

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from app.account.queries import KINDS, rows
from app.core.clock import now

_TEXT = {"encoding": "utf-8", "newline": ""}


def _plain(value):
    """A value as JSON-compatible data."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _cell(value) -> str:
    """A value as text for CSV and HTML."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _write_csv(archive: zipfile.ZipFile, kind, user_id: int) -> None:
    with archive.open(f"{kind.name}.csv", "w") as raw, io.TextIOWrapper(raw, **_TEXT) as text:
        text.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(text)
        writer.writerow(kind.columns)
        for row in rows(kind, user_id):
            writer.writerow([_cell(value) for value in row])


def _write_json(archive: zipfile.ZipFile, user_id: int, created: str) -> None:
    with archive.open("data.json", "w") as raw, io.TextIOWrapper(raw, **_TEXT) as text:
        text.write('{"created_at": ' + json.dumps(created))
        for kind in KINDS:
            text.write(", " + json.dumps(kind.name) + ": [")
            for number, row in enumerate(rows(kind, user_id)):
                record = {column: _plain(value) for column, value in zip(kind.columns, row, strict=True)}
                text.write((", " if number else "") + json.dumps(record, ensure_ascii=False))
            text.write("]")
        text.write("}\n")


def _write_html(archive: zipfile.ZipFile, user_id: int, created: str) -> None:
    sections = ((kind, (tuple(_cell(value) for value in row) for row in rows(kind, user_id))) for kind in KINDS)
    with archive.open("index.html", "w") as raw, io.TextIOWrapper(raw, **_TEXT) as text:
        for chunk in _html_chunks(sections, created):
            text.write(chunk)


def _html_chunks(sections, created: str):
    template = current_app.jinja_env.get_template("account/data_export.html")
    return template.generate(sections=sections, created=created, lang=str(get_locale() or "de"))


def build_zip(user_id: int):
    """Write the person's data into a temporary ZIP file; returns the open file positioned at its start."""
    created = now().isoformat()
    target = tempfile.TemporaryFile(suffix=".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write_json(archive, user_id, created)
        for kind in KINDS:
            _write_csv(archive, kind, user_id)
        _write_html(archive, user_id, created)
        archive.writestr("LIESMICH.txt", _(
            "Ihre Daten bei Ratschlag, erstellt am %(created)s.\n\n"
            "index.html: alle Daten zum Lesen im Browser.\n"
            "data.json: alle Daten maschinenlesbar (JSON).\n"
            "*.csv: je Art eine Tabelle (UTF-8, Komma als Trennzeichen).\n\n"
            "Andere Personen erscheinen nur als Nummer eines Beitrags, nie mit Namen.\n", created=created))
    target.seek(0)
    return target


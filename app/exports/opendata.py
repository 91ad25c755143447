"""Open data of a published process: proposals, comments and survey results as CSV and JSON.

No personal data: no authors, no account ids, no free-text survey answers; e-mail addresses and
telephone numbers typed into texts are removed (analysis.privacy.redact_contacts); survey counts of
1 to 4 people are shown as "< 5" (analysis.privacy.suppress_small); dates are days, not times.

Formats (also described on the open-data page):
* CSV: RFC 4180 (comma, double quotes, CRLF), UTF-8 *with* byte-order mark, so that Excel shows
  umlauts correctly when the file is double-clicked (Python reads it with encoding "utf-8-sig").
  A text that begins with =, +, -, @, tab or CR gets a leading apostrophe, so no spreadsheet runs it
  as a formula. Empty cells are empty.
* JSON: an array of objects with the same keys as the CSV header; the texts as they are (no
  apostrophe), numbers as numbers, missing values as null.
Both are generated row by row from streamed queries: memory stays flat for any size.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from analysis.privacy import redact_contacts
from app.core.csvfiles import csv_chunks
from app.exports import queries
from app.exports.columns import Column, open_comment_columns, open_proposal_columns, open_survey_columns
from app.exports.survey_results import survey_result_rows
from app.extensions import db

CHUNK_ROWS = 500
LICENCE_NAME = "Datenlizenz Deutschland – Zero – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/zero-2-0"


def redact(text: str | None) -> str:
    """Contacts removed line by line, so that paragraphs (and Markdown lists) survive."""
    if not text:
        return ""
    return "\n".join(redact_contacts(line) for line in text.splitlines()).strip()


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _proposal_url_pattern() -> str:
    """The absolute address of a proposal with "{id}" in place of its id (url_for once, not per row)."""
    return url_for("discussion.proposal", proposal_id=987654321, _external=True).replace("987654321", "{id}")


def _proposal_records(process_id: int) -> Iterator[list]:
    zone, pattern = queries.local_zone(), _proposal_url_pattern()
    rows = queries.stream(db.engine, queries.public_proposals_statement(process_id))

    def records():
        for (reference, title, body, pillar, district, status, created, answered, agree, disagree, passed, comments,
             answer, merged, proposal_id) in rows:
            yield [reference, pattern.format(id=proposal_id), redact(title), redact(body), pillar, district, status,
                   _day(queries.local_day(created, zone)), _day(queries.local_day(answered, zone)), agree, disagree,
                   passed, int(comments), redact(answer) or None, merged]

    return records()


def _comment_records(process_id: int) -> Iterator[list]:
    zone = queries.local_zone()
    rows = queries.stream(db.engine, queries.public_comments_statement(process_id))
    return ([reference, comment_id, parent_id, depth, alignment, redact(body), _day(queries.local_day(created, zone))]
            for reference, comment_id, parent_id, depth, alignment, body, created in rows)


def _survey_records(process_id: int) -> Iterator[list]:
    return iter(list(survey_result_rows(process_id)))  # a few rows per question, computed while the app is at hand


@dataclass(frozen=True)
class Dataset:
    name: str  # file name without extension
    columns: Callable[[], list[Column]]
    # process id → rows in column order. Called in the view; the iterator it returns needs no Flask context
    # (it reads on a connection of its own), so the response body can stream it after the view has returned.
    records: Callable[[int], Iterator[list]]


#: What each dataset holds: the open-data page and the README of the ZIP show the same texts.
DATASET_TITLES = {
    "proposals": _l("Vorschläge"),
    "comments": _l("Kommentare"),
    "survey-results": _l("Umfrageergebnisse"),
}
DATASET_DESCRIPTIONS = {
    "proposals": _l("Alle veröffentlichten Vorschläge (ohne ausgeblendete und zurückgezogene) mit Säule, Stadtteil, "
                    "Status, Stimmen, Zahl der Kommentare und offizieller Antwort. Ohne Angaben zu den "
                    "Verfasserinnen und Verfassern."),
    "comments": _l("Alle veröffentlichten Kommentare zu diesen Vorschlägen (ohne ausgeblendete und gelöschte), mit "
                   "Haltung und Antwortstruktur. Ohne Angaben zu den Verfasserinnen und Verfassern."),
    "survey-results": _l("Zusammengefasste Ergebnisse der Umfragen je Frage und Antwortmöglichkeit, sobald sie "
                         "veröffentlicht sind (ab der Ergebnisphase). Zahlen von 1 bis 4 Personen erscheinen als "
                         "„< 5“; Freitext-Antworten sind nicht enthalten."),
}

DATASETS = {
    "proposals": Dataset("proposals", open_proposal_columns, _proposal_records),
    "comments": Dataset("comments", open_comment_columns, _comment_records),
    "survey-results": Dataset("survey-results", open_survey_columns, _survey_records),
}


def open_file(dataset: str, fmt: str, process_id: int) -> Iterator[bytes]:
    """The bytes of one open-data file; call with the app at hand, iterate anywhere."""
    chosen = DATASETS[dataset]
    keys = [column.key for column in chosen.columns()]
    return (iter_csv if fmt == "csv" else iter_json)(keys, chosen.records(process_id))


def iter_csv(keys: list[str], records: Iterator[list]) -> Iterator[bytes]:
    """The CSV file (BOM, header of machine names, rows) in chunks of `CHUNK_ROWS` rows."""
    for chunk in csv_chunks(keys, records, bom=True, chunk_rows=CHUNK_ROWS):
        yield chunk.encode("utf-8")


def iter_json(keys: list[str], records: Iterator[list]) -> Iterator[bytes]:
    """The JSON array, written element by element (one object per line)."""
    parts, separator = ["["], "\n"
    for number, record in enumerate(records, start=1):
        parts.append(separator + json.dumps(dict(zip(keys, record)), ensure_ascii=False))
        separator = ",\n"
        if number % CHUNK_ROWS == 0:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")

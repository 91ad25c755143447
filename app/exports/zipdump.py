"""The open-data ZIP of a process: every open dataset as CSV and JSON, plus README.md.

The files in the ZIP are byte for byte what the single downloads at `/processes/<slug>/opendata/…`
serve (the same `opendata.open_file`, in the platform's default language), written entry by entry
into a deflated ZIP on disk: the data is streamed from the database in batches and never held in
memory as a whole. README.md names the process, the licence, the time of generation, every file
with its number of rows, and every column with its meaning (from the same column definitions the
files are written with) – in German, then in English.

Call with the app and a request context at hand (the proposal addresses are absolute URLs).
"""
from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import BinaryIO

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.comments.labels import COMMENT_ALIGNMENT_LABELS
from app.exports import opendata, queries
from app.proposals.labels import PROPOSAL_STATUS_LABELS

README = "README.md"
FORMATS = ("csv", "json")
README_LANGUAGES = ("de", "en")


def entry_names() -> list[str]:
    """The files in the ZIP, in the order they are written (README.md last, with the row counts)."""
    return [f"{name}.{fmt}" for name in opendata.DATASETS for fmt in FORMATS] + [README]


def write_zip(process, target: BinaryIO, moment: datetime,
              progress: Callable[[], None] | None = None) -> dict[str, int]:
    """Write the ZIP of `process` (published or not: the caller decides who may have it) to the binary
    file `target`; returns the number of data rows per dataset. `moment` is the generation time named in
    the README; `progress` is called after each file (with no database cursor open)."""
    stamp = queries.local_time(moment, queries.local_zone()).timetuple()[:6]
    rows: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # as the single downloads
            for name in opendata.DATASETS:
                for fmt in FORMATS:
                    counted = _Counter()
                    info = zipfile.ZipInfo(f"{name}.{fmt}", date_time=stamp)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with archive.open(info, "w", force_zip64=True) as handle:
                        for chunk in _file_chunks(name, fmt, process.id, counted):
                            handle.write(chunk)
                    rows[name] = counted.rows
                    if progress is not None:
                        progress()
        info = zipfile.ZipInfo(README, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, readme(process, moment, rows).encode("utf-8"))
    return rows


class _Counter:
    rows = 0


def _file_chunks(name: str, fmt: str, process_id: int, counter: _Counter) -> Iterator[bytes]:
    dataset = opendata.DATASETS[name]
    keys = [column.key for column in dataset.columns()]

    def counted():
        for record in dataset.records(process_id):
            counter.rows += 1
            yield record

    return (opendata.iter_csv if fmt == "csv" else opendata.iter_json)(keys, counted())


def readme(process, moment: datetime, rows: dict[str, int]) -> str:
    """README.md: one section per language of README_LANGUAGES (German first)."""
    sections = []
    for language in README_LANGUAGES:
        with force_locale(language):
            sections.append(_readme_section(process, moment, rows))
    return "\n\n---\n\n".join(sections) + "\n"


def _table(header: tuple[str, str], lines: list[tuple[str, str]]) -> list[str]:
    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    return [f"| {header[0]} | {header[1]} |", "| --- | --- |",
            *(f"| `{cell(key)}` | {cell(meaning)} |" for key, meaning in lines)]


def _readme_section(process, moment: datetime, rows: dict[str, int]) -> str:
    local = queries.local_time(moment, queries.local_zone())
    page = url_for("exports.opendata_index", slug=process.slug, _external=True)
    lines = [
        f"# {_('Offene Daten: %(title)s', title=process.title)}",
        "",
        f"- {_('Beteiligungsprozess:')} {process.title} (`{process.slug}`)",
        f"- {_('Erstellt am:')} {local:%Y-%m-%d %H:%M} ({current_app.config['BABEL_DEFAULT_TIMEZONE']})",
        f"- {_('Lizenz:')} {opendata.LICENCE_NAME} – {opendata.LICENCE_URL}",
        f"- {_('Quelle:')} {page}",
        "",
        _("Sie dürfen die Daten ohne Einschränkung nutzen, auch ohne Quellenangabe."),
        "",
        f"## {_('Datenschutz')}",
        "",
        _("Die Dateien enthalten keine Namen, E-Mail-Adressen oder Konto-Nummern. E-Mail-Adressen und "
          "Telefonnummern in Texten werden durch „[…]“ ersetzt. Daten sind auf den Tag genau angegeben."),
        "",
        f"## {_('Dateien')}",
        "",
    ]
    for name in opendata.DATASETS:
        count = rows.get(name, 0)
        lines.append(f"- `{name}.csv`, `{name}.json` – {opendata.DATASET_TITLES[name]}: "
                     f"{opendata.DATASET_DESCRIPTIONS[name]} "
                     + _("%(count)d Zeilen.", count=count))
    lines += [
        "",
        f"## {_('Formate')}",
        "",
        "- " + _("CSV: Komma als Trennzeichen, Texte in doppelten Anführungszeichen, Zeichensatz UTF-8 mit "
                 "Byte-Order-Mark (damit Excel Umlaute richtig zeigt). Beginnt ein Text mit =, +, - oder @, steht "
                 "ein Apostroph davor, damit Tabellenprogramme ihn nicht als Formel ausführen."),
        "- " + _("JSON: eine Liste von Objekten mit denselben Feldnamen wie die CSV-Kopfzeile; Texte unverändert, "
                 "Zahlen als Zahlen, fehlende Werte als null."),
        "- " + _("CSV- und JSON-Datei eines Datensatzes werden nacheinander aus der Datenbank gelesen; was "
                 "dazwischen geschrieben wurde, kann in nur einer der beiden stehen."),
    ]
    for name, dataset in opendata.DATASETS.items():
        lines += ["", f"## {_('Spalten der Datei „%(name)s“', name=f'{name}.csv / {name}.json')}", ""]
        lines += _table((_("Spalte"), _("Bedeutung")),
                        [(column.key, column.description) for column in dataset.columns()])
    for column, labels in (("status", PROPOSAL_STATUS_LABELS), ("alignment", COMMENT_ALIGNMENT_LABELS)):
        lines += ["", f"## {_('Werte der Spalte „%(name)s“', name=column)}", ""]
        lines += _table((_("Schlüssel"), _("Bedeutung")), list(labels.items()))
    return "\n".join(lines)

"""OParl 1.1 export: the report as a ``Paper`` (Drucksache) with embedded ``File`` objects.

The main file is the report document (PDF by default, served by the app at its
``accessUrl``); every Anlage is an auxiliary ``File`` – a CSV whose bytes
``attachment_csv`` produces, so size and SHA-512 in the JSON match what the app serves.
The Beratungsfolge becomes ``Consultation`` objects. ``oparl_validator`` checks objects
against the OParl JSON schemas (whose ``"schema": "File.json"`` links become ``$ref``s
resolved from a local registry).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from analysis.report_model import Report, Section
from analysis.report_render.markdown import render_markdown

OPARL = "https://schema.oparl.org/1.1/"


def slugify(text: str) -> str:
    """"Ausschuss für Soziales, Wohnen und Gesundheit" → "ausschuss-fuer-soziales-wohnen-und-gesundheit"."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def attachment_csv(attachment: Section) -> bytes:
    """The tables of an Anlage as one CSV (UTF-8 with BOM, ";" – opens in German Excel);
    several tables are separated by an empty line and start with their caption."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(attachment.tables):
        if index:
            writer.writerow([])
        if len(attachment.tables) > 1:
            writer.writerow([table.caption])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _file(file_id: str, name: str, file_name: str, mime: str, access_url: str, report: Report,
          content: bytes | None, extra: dict) -> dict:
    obj = {"id": file_id, "type": OPARL + "File", "name": name, "fileName": file_name, "mimeType": mime,
           "date": report.date.isoformat(), "accessUrl": access_url, "downloadUrl": access_url}
    if content is not None:
        obj["size"] = len(content)
        obj["sha512Checksum"] = hashlib.sha512(content).hexdigest()
    obj.update(extra)
    return obj


def render_oparl(report: Report, base_url: str, *, body_url: str | None = None,
                 main_file: bytes | None = None, main_file_name: str | None = None,
                 main_file_mime: str = "application/pdf", license_url: str | None = None,
                 modified: datetime | None = None) -> dict:
    """The report as an OParl 1.1 ``Paper`` dict (JSON-ready).

    ``base_url``: where the app serves OParl objects, e.g. ``https://ratschlag.kiel.de/oparl``.
    ``main_file``: the rendered report bytes (adds size and checksum). ``modified``: time
    stamp for ``created``/``modified`` (omitted when None, keeping the output reproducible).
    """
    base = base_url.rstrip("/")
    slug = slugify(report.slug)
    paper_id = f"{base}/paper/{slug}"
    common = {"license": license_url} if license_url else {}
    if modified is not None:
        stamp = modified.isoformat(timespec="seconds")
        common.update(created=stamp, modified=stamp)
    main_name = main_file_name or f"{slug}-bericht.pdf"
    main = _file(f"{base}/file/{slug}-bericht", report.betreff, main_name, main_file_mime,
                 f"{base}/file/{slug}-bericht/{main_name}", report, main_file,
                 {"text": render_markdown(report, include_attachments=False), **common})
    auxiliary = []
    for number, attachment in enumerate(report.attachments, start=1):
        name = f"{slug}-anlage-{number}.csv"
        auxiliary.append(_file(f"{base}/file/{slug}-anlage-{number}", attachment.title, name, "text/csv",
                               f"{base}/file/{slug}-anlage-{number}/{name}", report,
                               attachment_csv(attachment), common))
    consultations = [{
        "id": f"{paper_id}/consultation/{index}", "type": OPARL + "Consultation", "paper": paper_id,
        "organization": [f"{base}/organization/{slugify(step.committee)}"],
        "authoritative": step.role == "Entscheidung", "role": step.role, "keyword": [step.committee], **common,
    } for index, step in enumerate(report.beratungsfolge, start=1)]
    paper = {"id": paper_id, "type": OPARL + "Paper", "body": body_url or f"{base}/body/1",
             "name": report.betreff, "date": report.date.isoformat(), "paperType": report.kind,
             "mainFile": main, "consultation": consultations, "keyword": ["Bürgerbeteiligung", report.process_title],
             **common}
    if report.reference:
        paper["reference"] = report.reference
    if auxiliary:
        paper["auxiliaryFile"] = auxiliary
    return paper


def _with_refs(node):
    if isinstance(node, dict):
        converted = {key: _with_refs(value) for key, value in node.items() if key != "schema"}
        if isinstance(node.get("schema"), str):
            converted = {"$ref": node["schema"], **{k: v for k, v in converted.items() if k == "description"}}
        return converted
    if isinstance(node, list):
        return [_with_refs(item) for item in node]
    return node


def oparl_validator(schema_dir: str | Path, object_type: str = "Paper"):
    """A jsonschema validator for ``object_type`` that also validates embedded objects
    (File, Consultation, Location) against their own schema files."""
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    schemas = {path.name: _with_refs(json.loads(path.read_text(encoding="utf-8")))
               for path in sorted(Path(schema_dir).glob("*.json"))}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT7)) for name, schema in schemas.items())
    root = {"$id": f"{object_type}.json", **schemas[f"{object_type}.json"]}
    return Draft7Validator(root, registry=registry, format_checker=FormatChecker())

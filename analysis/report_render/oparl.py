"""OParl 1.1 export: the report as a ``Paper`` (Drucksache) with embedded ``File`` objects.

The main file is the report document (PDF by default, served by the app at its
``accessUrl``); every Anlage is an auxiliary ``File`` – a CSV whose bytes
``attachment_csv`` produces, so size and SHA-512 in the JSON match what the app serves.
The Beratungsfolge becomes ``Consultation`` objects. ``oparl_objects`` gives every object the
Paper links to (System, Body, its lists, one Organization per committee, the Consultations), so
a client can follow each URL. ``oparl_validator`` checks objects
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


def oparl_urls(base_url: str, report: Report) -> dict[str, str]:
    """The URLs of the objects below ``base_url`` (the app serves each of them)."""
    base = base_url.rstrip("/")
    body = f"{base}/body/1"
    return {"system": f"{base}/system", "bodies": f"{base}/body", "body": body,
            "organizations": f"{body}/organization", "persons": f"{body}/person", "meetings": f"{body}/meeting",
            "papers": f"{body}/paper", "paper": f"{base}/paper/{slugify(report.slug)}",
            "organization": f"{base}/organization/"}


def _stamps(modified: datetime | None) -> dict:
    if modified is None:
        return {}
    stamp = modified.isoformat(timespec="seconds")
    return {"created": stamp, "modified": stamp}


def _related_papers(report: Report) -> list[str]:
    """URLs of related papers the report names (``report.related_papers``: items with a ``url``);
    papers without an OParl URL (e.g. only a Drucksachen-Nr.) cannot be linked and are left out."""
    urls = []
    for paper in getattr(report, "related_papers", None) or []:
        url = paper.get("url") if isinstance(paper, dict) else getattr(paper, "url", None)
        if url:
            urls.append(url)
    return urls


def render_oparl(report: Report, base_url: str, *, body_url: str | None = None,
                 main_file: bytes | None = None, main_file_name: str | None = None,
                 main_file_mime: str = "application/pdf", license_url: str | None = None,
                 modified: datetime | None = None, web_url: str | None = None) -> dict:
    """The report as an OParl 1.1 ``Paper`` dict (JSON-ready).

    ``base_url``: where the app serves OParl objects, e.g. ``https://ratschlag.kiel.de/oparl``.
    ``main_file``: the rendered report bytes (adds size and checksum). ``modified``: time
    stamp for ``created``/``modified`` (omitted when None, keeping the output reproducible).
    ``license_url``: the licence of the paper and its files; ``web_url``: its HTML page.
    """
    base = base_url.rstrip("/")
    urls = oparl_urls(base, report)
    slug = slugify(report.slug)
    paper_id = urls["paper"]
    common = {"license": license_url} if license_url else {}
    common.update(_stamps(modified))
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
    paper = {"id": paper_id, "type": OPARL + "Paper", "body": body_url or urls["body"],
             "name": report.betreff, "date": report.date.isoformat(), "paperType": report.kind,
             "relatedPaper": _related_papers(report), "mainFile": main,
             "consultation": [consultation(report, base, index) for index in range(1, len(report.beratungsfolge) + 1)],
             "keyword": ["Bürgerbeteiligung", report.process_title], **common}
    for step in paper["consultation"]:
        step.update(common)
    if report.reference:
        paper["reference"] = report.reference
    if web_url:
        paper["web"] = web_url
    if auxiliary:
        paper["auxiliaryFile"] = auxiliary
    return paper


def consultation(report: Report, base_url: str, index: int) -> dict:
    """The ``index``-th (1-based) step of the Beratungsfolge as an OParl ``Consultation``."""
    urls = oparl_urls(base_url, report)
    step = report.beratungsfolge[index - 1]
    return {"id": f"{urls['paper']}/consultation/{index}", "type": OPARL + "Consultation", "paper": urls["paper"],
            "organization": [urls["organization"] + slugify(step.committee)],
            "authoritative": step.role == "Entscheidung", "role": step.role, "keyword": [step.committee]}


def organization(report: Report, base_url: str, key: str) -> dict | None:
    """The committee ``key`` (its slug) of the Beratungsfolge as an OParl ``Organization``; None if unknown."""
    urls = oparl_urls(base_url, report)
    for step in report.beratungsfolge:
        if slugify(step.committee) == key:
            council = "ratsversammlung" in key
            return {"id": urls["organization"] + key, "type": OPARL + "Organization", "body": urls["body"],
                    "name": step.committee, "organizationType": "Gremium",
                    "classification": "Ratsversammlung" if council else "Ausschuss"}
    return None


def organizations(report: Report, base_url: str) -> list[dict]:
    """Every committee of the Beratungsfolge once, in order."""
    keys = list(dict.fromkeys(slugify(step.committee) for step in report.beratungsfolge))
    return [organization(report, base_url, key) for key in keys]


def system(report: Report, base_url: str, *, name: str, license_url: str | None = None,
           web_url: str | None = None) -> dict:
    """The OParl ``System`` the Paper's objects belong to."""
    urls = oparl_urls(base_url, report)
    obj = {"id": urls["system"], "type": OPARL + "System", "oparlVersion": OPARL, "body": urls["bodies"],
           "name": name, "product": "https://github.com/ratschlag/ratschlag"}
    if license_url:
        obj["license"] = license_url
    if web_url:
        obj["web"] = web_url
    return obj


def body(report: Report, base_url: str, *, name: str, license_url: str | None = None,
         web_url: str | None = None) -> dict:
    """The OParl ``Body`` (the city) with the lists a Body must name."""
    urls = oparl_urls(base_url, report)
    obj = {"id": urls["body"], "type": OPARL + "Body", "system": urls["system"], "name": name,
           "organization": urls["organizations"], "person": urls["persons"], "meeting": urls["meetings"],
           "paper": urls["papers"], "legislativeTerm": []}
    if license_url:
        obj["license"] = license_url
    if web_url:
        obj["web"] = web_url
    return obj


def object_list(items: list[dict], url: str) -> dict:
    """An OParl external list (one page): ``data``, ``pagination`` and ``links``."""
    return {"data": items, "pagination": {"totalElements": len(items), "elementsPerPage": max(1, len(items)),
                                          "currentPage": 1, "totalPages": 1},
            "links": {"first": url, "last": url}}


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

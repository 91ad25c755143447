"""Serving the objects the OParl `Paper` names: the Paper itself, its main file (the report PDF of
the newest finished export job – never rendered in the request) and one CSV per Anlage, byte for
byte as `analysis.report_render.attachment_csv` makes them – so `size` and `sha512Checksum` in the
Paper describe what is served at `accessUrl`.

URLs below `oparl_base_url(process)` = `/processes/<slug>/oparl`:
`paper/<slug>`, `file/<slug>-bericht/<slug>-bericht.pdf`, `file/<slug>-anlage-<n>/<slug>-anlage-<n>.csv`.
"""
from __future__ import annotations

import io
import json
import logging
import re
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import lazy_gettext as _l

from analysis.report_render import attachment_csv
from analysis.report_render import oparl as objects
from analysis.report_render.oparl import slugify
from app.auth.permissions import is_admin
from app.core.errors import DomainError, NotFound
from app.report import exports
from app.report.drafts import consultations, get_or_default_draft
from app.report.rendering import (
    build_process_report,
    oparl_base_url,
    oparl_license,
    process_page_url,
    render_report,
)

logger = logging.getLogger(__name__)
LISTS = ("organization", "person", "meeting", "paper")


class OparlNotConfigured(DomainError):
    """The public OParl objects need the app's public address (`OPARL_BASE_URL`)."""

    status_code = 503

_ANLAGE = re.compile(r"^(?P<slug>[a-z0-9-]+)-anlage-(?P<number>[1-9][0-9]{0,2})$")


@dataclass(frozen=True)
class OparlFile:
    kind: str  # "main" (the report PDF) or "anlage"
    number: int = 0


def main_pdf(process) -> bytes | None:
    """The bytes of the newest exported report PDF, or None when no export made one yet."""
    found = exports.latest_file(process, "pdf")
    if found is None:
        return None
    job, entry = found
    return (exports.job_directory(job) / entry["name"]).read_bytes()


def public_base_url(process, user) -> str:
    """The base URL of the process's OParl objects. Public readers need the configured
    `OPARL_BASE_URL` – ids built from whatever host a request names would not be stable – so
    without it they get a clear error (logged); the administration previews with the request's URL."""
    if current_app.config.get("OPARL_BASE_URL") or is_admin(user):
        return oparl_base_url(process)
    logger.error("OParl objects of %r requested, but OPARL_BASE_URL is not set.", process.slug)
    raise OparlNotConfigured(_l("Die OParl-Schnittstelle ist noch nicht eingerichtet: Es fehlt die öffentliche "
                                "Adresse der Anwendung. Bitte wenden Sie sich an die Verwaltung."))


def paper_bytes(process, base_url: str | None = None) -> bytes:
    """The OParl Paper JSON of `process`; its main file carries size and checksum of the newest
    exported PDF (the one `oparl_file` serves)."""
    buffer = io.BytesIO()
    pdf = main_pdf(process)
    render_report(process, "oparl", buffer, base_url=base_url, **({"main_file": pdf} if pdf is not None else {}))
    return buffer.getvalue()


def _json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _oparl_report(process):
    """The report with the Beratungsfolge as OParl reads it (role keys)."""
    return replace(build_process_report(process), beratungsfolge=consultations(get_or_default_draft(process)))


def _body_name(process) -> str:
    return current_app.config.get("OPARL_BODY_NAME") or process.title


def object_bytes(process, base_url: str, kind: str, key: str | None = None) -> bytes:
    """One OParl object (or list) linked from the Paper as JSON: "system", "bodies", "body",
    "list" (key: organization, person, meeting, paper), "organization" (key: committee slug),
    "consultation" (key: its number). NotFound for anything the Paper does not name."""
    report = _oparl_report(process)
    urls = objects.oparl_urls(base_url, report)
    common = {"license_url": oparl_license(), "web_url": process_page_url(base_url)}
    body = objects.body(report, base_url, name=_body_name(process), **common)
    if kind == "system":
        return _json(objects.system(report, base_url, name=f"Ratschlag – {_body_name(process)}", **common))
    if kind == "bodies":
        return _json(objects.object_list([body], urls["bodies"]))
    if kind == "body":
        return _json(body)
    if kind == "list" and key in LISTS:
        items = {"organization": lambda: objects.organizations(report, base_url),
                 "paper": lambda: [json.loads(paper_bytes(process, base_url))]}.get(key, list)()
        return _json(objects.object_list(items, urls[f"{key}s"]))
    if kind == "organization":
        found = objects.organization(report, base_url, key or "")
        if found is not None:
            return _json(found)
    if kind == "consultation" and key and key.isdigit() and 1 <= int(key) <= len(report.beratungsfolge):
        return _json(objects.consultation(report, base_url, int(key)))
    raise _not_found()


def main_file_bytes(process) -> bytes:
    """The report PDF served as the Paper's main file; NotFound until an export has made one."""
    pdf = main_pdf(process)
    if pdf is None:
        raise NotFound(_l("Der Bericht wurde noch nicht als PDF exportiert."))
    return pdf


def _not_found():
    return NotFound(_l("Diese Datei gibt es nicht."))


def check_paper_key(process, paper_key: str) -> None:
    if paper_key != slugify(process.slug):
        raise _not_found()


def parse_file(process, file_key: str, file_name: str) -> OparlFile:
    """Which file `file_key`/`file_name` names; NotFound for anything the Paper does not name."""
    slug = slugify(process.slug)
    if file_key == f"{slug}-bericht" and file_name == f"{slug}-bericht.pdf":
        return OparlFile("main")
    match = _ANLAGE.match(file_key)
    if match and match["slug"] == slug and file_name == f"{file_key}.csv":
        return OparlFile("anlage", int(match["number"]))
    raise _not_found()


def anlage_csv(process, number: int) -> bytes:
    """The CSV of Anlage `number` (1-based) of the current report."""
    attachments = build_process_report(process).attachments
    if not 1 <= number <= len(attachments):
        raise _not_found()
    return attachment_csv(attachments[number - 1])

"""Serving the objects the OParl `Paper` names: the Paper itself, its main file (the report PDF of
the newest finished export job – never rendered in the request) and one CSV per Anlage, byte for
byte as `analysis.report_render.attachment_csv` makes them – so `size` and `sha512Checksum` in the
Paper describe what is served at `accessUrl`.

URLs below `oparl_base_url(process)` = `/processes/<slug>/oparl`:
`paper/<slug>`, `file/<slug>-bericht/<slug>-bericht.pdf`, `file/<slug>-anlage-<n>/<slug>-anlage-<n>.csv`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from analysis.report_render import attachment_csv
from analysis.report_render.oparl import slugify
from app.core.errors import NotFound
from app.report import exports
from app.report.rendering import build_process_report, render_report

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


def paper_bytes(process) -> bytes:
    """The OParl Paper JSON of `process`; its main file carries size and checksum of the newest
    exported PDF (the one `oparl_file` serves)."""
    buffer = io.BytesIO()
    pdf = main_pdf(process)
    render_report(process, "oparl", buffer, **({"main_file": pdf} if pdf is not None else {}))
    return buffer.getvalue()


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

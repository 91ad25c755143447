"""Rendering a process's report in one of the five formats, for the CLI and for downloads.

Downloads are rendered to a temporary file first (so a failure becomes an error page, not a
broken download) and then streamed in chunks; the file is deleted afterwards.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace

from flask import Response, current_app, url_for

from analysis.report_builder import build_report
from analysis.report_model import Report
from analysis.report_render import FORMATS, export_report
from app.core.clock import today
from app.figures import services as figures
from app.figures.labels import report_labels
from app.report.data import collect_report_data
from app.report.drafts import consultations, get_or_default_draft

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "oparl": "application/json",
}
EXTENSIONS = {"docx": "docx", "pdf": "pdf", "html": "html", "md": "md", "oparl": "oparl.json"}
CHUNK_BYTES = 64 * 1024


def report_labels_for(draft) -> dict[str, str]:
    """The app's translated report labels; a Beschlussvorlage's Antrag is headed
    "Beschlussvorschlag" in every language (the library recognises it only in German)."""
    labels = dict(report_labels())
    if draft.kind == "beschlussvorlage":
        labels["antrag"] = labels.get("antrag_beschlussvorlage", labels.get("antrag", "Beschlussvorschlag"))
    return labels


def build_process_report(process, draft=None, run=None) -> Report:
    """Collect the data of `process` and build its report (not yet rendered); `draft` and the
    analysis `run` are looked up (stored draft, latest finished run) unless the caller has them."""
    draft = draft or get_or_default_draft(process)
    run = run or figures.latest_run(process)
    return build_report(collect_report_data(process, draft, run), report_labels_for(draft), today=today())


def oparl_base_url(process) -> str:
    """Where this app serves the OParl objects of `process` (`…/processes/<slug>/oparl`).

    `OPARL_BASE_URL` – the app's public URL (origin plus mount prefix, e.g.
    https://beteiligung.kiel.de) – is used when set: behind a proxy and from the CLI.
    Otherwise the URL of the current request.
    """
    origin = current_app.config.get("OPARL_BASE_URL")
    if origin:
        path = current_app.url_map.bind("localhost").build("report.oparl_index", {"slug": process.slug})
        return origin.rstrip("/") + path.rstrip("/")
    return url_for("report.oparl_index", slug=process.slug, _external=True).rstrip("/")


def render_report(process, fmt: str, target, charts=None, *, base_url: str | None = None,
                  chart_images: bool = True, report: Report | None = None) -> Report:
    """Render the report of `process` as `fmt` (docx, pdf, html, md, oparl) to a path or binary stream.

    `charts`: a started `analysis.report_render.ChartImages` to share between formats;
    otherwise one is started when needed (`chart_images=False` shows charts as tables).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    report = report or build_process_report(process)
    if fmt == "oparl":
        # OParl consumers read the role keys ("Entscheidung" marks the authoritative step).
        draft = get_or_default_draft(process)
        report = replace(report, beratungsfolge=consultations(draft))
        base_url = base_url or oparl_base_url(process)
    export_report(report, fmt, target, charts=charts, chart_images=chart_images,
                  **({"base_url": base_url} if base_url else {}))
    return report


def download_name(process, report: Report, fmt: str) -> str:
    """E.g. "bericht-engagement-strategie-2026-06-15.docx"."""
    return f"bericht-{process.slug}-{report.date.isoformat()}.{EXTENSIONS[fmt]}"


def chart_images_enabled() -> bool:
    """Chart images in downloads (`REPORT_CHART_IMAGES`, default on; tables without Chromium)."""
    return bool(current_app.config.get("REPORT_CHART_IMAGES", True))


def stream_file(path: str, mimetype: str, filename: str) -> Response:
    """Stream the file at `path` in chunks as an attachment and delete it afterwards."""

    def chunks() -> Iterator[bytes]:
        try:
            with open(path, "rb") as source:
                while chunk := source.read(CHUNK_BYTES):
                    yield chunk
        finally:
            _remove(path)

    response = Response(chunks(), content_type=mimetype)  # used as given: Werkzeug would add a second charset
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Length"] = str(os.path.getsize(path))
    response.headers["Cache-Control"] = "no-store"
    response.call_on_close(lambda: _remove(path))  # also when the body is never read
    return response


def _remove(path: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)


def report_response(process, fmt: str, filename: str | None = None) -> Response:
    """Render the report into a temporary file and return the streamed download
    (named like `download_name` unless `filename` is given)."""
    handle, path = tempfile.mkstemp(prefix="ratschlag-report-", suffix="." + EXTENSIONS[fmt])
    os.close(handle)
    try:
        report = render_report(process, fmt, path, chart_images=chart_images_enabled())
    except BaseException:
        _remove(path)
        raise
    return stream_file(path, MIMETYPES[fmt], filename or download_name(process, report, fmt))

"""Rendering a process's report in one of the five formats, for the CLI and the export jobs.

Nothing here runs inside a web request for a download: the export jobs (`app.report.exports`)
render the files in the background and the routes serve the finished files.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from flask import current_app, url_for
from flask_babel import gettext as _

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


def report_labels_for(draft) -> dict[str, str]:
    """The app's translated report labels; a Beschlussvorlage's Antrag is headed
    "Beschlussvorschlag" in every language (the library recognises it only in German)."""
    labels = dict(report_labels())
    labels.update(page=_("Seite"), page_of=_("von"), no_chart_data=_("Für dieses Diagramm gibt es keine Daten."),
                  table_as_file=_("Diese Tabelle hat {rows} Zeilen; sie liegt dem Bericht deshalb als Tabellendatei "
                                  "(XLSX/CSV) bei und ist hier nicht abgedruckt."))
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


DEFAULT_LICENSE = "https://www.govdata.de/dl-de/by-2-0"  # Datenlizenz Deutschland – Namensnennung 2.0


def oparl_license() -> str:
    """The licence URL of the OParl objects and files (`OPARL_LICENSE`, default dl-de/by-2-0)."""
    return current_app.config.get("OPARL_LICENSE") or DEFAULT_LICENSE


def process_page_url(base_url: str) -> str:
    """The public page of the process (the Paper's `web`), from its OParl base `…/processes/<slug>/oparl`."""
    return base_url.rstrip("/").removesuffix("/oparl") + "/"


def paper_metadata(draft, base_url: str) -> dict:
    """Licence, web page and – once the draft was saved – created/modified for the OParl objects."""
    metadata = {"license_url": oparl_license(), "web_url": process_page_url(base_url)}
    if getattr(draft, "id", None) and draft.updated_at is not None:
        stamp = draft.updated_at
        metadata["modified"] = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return metadata


def render_report(process, fmt: str, target, charts=None, *, base_url: str | None = None,
                  chart_images: bool = True, report: Report | None = None, **oparl_options) -> Report:
    """Render the report of `process` as `fmt` (docx, pdf, html, md, oparl) to a path or binary stream.

    `charts`: a started `analysis.report_render.ChartImages` to share between formats;
    otherwise one is started when needed (`chart_images=False` shows charts as tables).
    `oparl_options` go to `render_oparl` (e.g. `main_file=` the PDF's bytes for size and checksum).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    report = report or build_process_report(process)
    if fmt == "oparl":
        # OParl consumers read the role keys ("Entscheidung" marks the authoritative step).
        draft = get_or_default_draft(process)
        report = replace(report, beratungsfolge=consultations(draft))
        base_url = base_url or oparl_base_url(process)
        oparl_options = {**paper_metadata(draft, base_url), **oparl_options}
    export_report(report, fmt, target, charts=charts, chart_images=chart_images,
                  **({"base_url": base_url} if base_url else {}), **(oparl_options if fmt == "oparl" else {}))
    return report


def download_name(process, report: Report, fmt: str) -> str:
    """E.g. "bericht-engagement-strategie-2026-06-15.docx"."""
    return f"bericht-{process.slug}-{report.date.isoformat()}.{EXTENSIONS[fmt]}"

"""`flask report export --process SLUG --format docx|pdf|html|md|oparl --out FILE`.

Charts become images through Debian's Chromium (`/usr/bin/chromium`, or `$BROWSER_PATH`);
without it – or with `--no-chart-images` – they are shown as tables. Unknown process,
format or base URL: a clear message and exit code 2. An OParl export without `--base-url` or
`OPARL_BASE_URL` warns that its ids name a local address.
"""
from __future__ import annotations

import os
from contextlib import nullcontext
from time import perf_counter

import click
from flask import current_app
from flask.cli import AppGroup

from analysis.report_render import FORMATS, ChartImages
from app.audit.services import log_export
from app.processes.services import find_process
from app.report.rendering import render_report

report_cli = AppGroup("report", help="Berichtsentwurf für die Ratsversammlung / council report draft.")
CHART_FORMATS = ("docx", "pdf", "html")


def _origin() -> str:
    """The public origin for absolute URLs (OParl): OPARL_BASE_URL, else SERVER_NAME, else localhost."""
    configured = current_app.config.get("OPARL_BASE_URL")
    if configured:
        return configured.rstrip("/")
    scheme = current_app.config.get("PREFERRED_URL_SCHEME") or "http"
    return f"{scheme}://{current_app.config.get('SERVER_NAME') or 'localhost'}"


@report_cli.command("export")
@click.option("--process", "slug", required=True, help="Kurzadresse (slug) des Prozesses")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Ausgabeformat")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="Zieldatei")
@click.option("--no-chart-images", is_flag=True, help="Diagramme als Tabellen (ohne Chromium)")
@click.option("--base-url", default=None,
              help="OParl: Basis-URL der Objekte (Standard: /processes/SLUG/oparl dieser Anwendung)")
def export_command(slug: str, fmt: str, out: str, no_chart_images: bool, base_url: str | None) -> None:
    """Render the report draft of a process as DOCX, PDF, HTML, Markdown or an OParl Paper."""
    process = find_process(slug)
    if process is None:
        raise click.BadParameter(f"no process with the slug {slug!r}.", param_hint="'--process'")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise click.BadParameter("must start with https:// or http://.", param_hint="'--base-url'")
    if fmt == "oparl" and base_url is None and not current_app.config.get("OPARL_BASE_URL"):
        click.echo(f"Warning: neither --base-url nor OPARL_BASE_URL is set; the OParl ids use {_origin()}, "
                   "which clients outside this machine cannot resolve.", err=True)
    started = perf_counter()
    charts = ChartImages(enabled=not no_chart_images) if fmt in CHART_FORMATS else None
    partial = f"{out}.part"
    try:
        with current_app.test_request_context(base_url=_origin()), (charts or nullcontext()):
            render_report(process, fmt, partial, charts=charts, base_url=base_url)
        os.replace(partial, out)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    log_export(None, "export_report", process_id=process.id, item_kind="report", details=f"cli:{fmt}")
    note = f" Charts shown as tables: {charts.failure}." if charts is not None and charts.failure else ""
    click.echo(f"Wrote the {fmt} report of {slug!r} to {out} in {perf_counter() - started:.1f} s.{note}", err=True)

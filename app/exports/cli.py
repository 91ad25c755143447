"""`flask export process --process SLUG --out FILE.xlsx` (added to the export group by `create_app`)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.audit.services import log_export
from app.core.errors import DomainError
from app.exports.workbook import write_process_workbook
from app.processes.services import get_process


@click.command("process")
@with_appcontext
@click.option("--process", "slug", required=True, help="Kurzadresse (slug) des Prozesses")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="Zieldatei (.xlsx)")
def export_process_command(slug: str, out: str) -> None:
    """Export all raw data of a process as one XLSX workbook (pseudonymous authors, votes per proposal)."""
    try:
        process = get_process(slug, include_unpublished=True)
        written = write_process_workbook(process, out)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    log_export(None, "export_process", process_id=process.id, details="xlsx (cli)")
    surveys = sum(written["surveys"].values())
    click.echo(f"Wrote {written['proposals']} proposals, {written['comments']} comments, "
               f"{written['votes']} vote totals and {surveys} survey responses of {slug!r} to {out}.")


@click.command("opendata-zip")
@with_appcontext
@click.option("--process", "slug", default=None, help="Nur dieser Prozess (Kurzadresse), auch unveröffentlicht")
@click.option("--force", is_flag=True, help="Auch neu erstellen, wenn sich die Daten nicht geändert haben")
def opendata_zip_command(slug: str | None, force: bool) -> None:
    """Build the open-data ZIPs whose data changed (all published processes, or --process), for cron.

    Runs in this process, one after the other; exits with status 1 if a build failed."""
    from app.exports.services import refresh_zips

    outcomes = refresh_zips(slug, force=force)
    if slug and not outcomes:
        raise click.ClickException(f"No process {slug!r}.")
    for process_slug, outcome in outcomes:
        click.echo(f"{process_slug}: {outcome}")
    if any(outcome == "failed" for _slug, outcome in outcomes):
        raise SystemExit(1)

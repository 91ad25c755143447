"""`flask export votes --process SLUG [--out FILE]` (added to the export group by `create_app`)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.errors import DomainError
from app.processes.services import get_process
from app.proposals.export import votes_csv


@click.command("votes")
@click.option("--process", "slug", required=True, help="Kurzadresse (slug) des Prozesses")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Zieldatei (Standard: Standardausgabe)")
@with_appcontext
def export_votes_command(slug: str, out: str | None) -> None:
    """Export the votes of a process as a Pol.is votes.csv (pseudonymous voter ids)."""
    try:
        process = get_process(slug, include_unpublished=True, with_children=False)
    except DomainError:
        raise click.ClickException(f"No process with the slug {slug!r}.") from None
    if out:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            for chunk in votes_csv(process):
                handle.write(chunk)
        click.echo(f"Wrote votes of {slug!r} to {out}.", err=True)
    else:
        for chunk in votes_csv(process):
            click.echo(chunk, nl=False)

"""`flask maintenance …` commands (meant for cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.maintenance.services import periods, purge

maintenance_cli = AppGroup("maintenance", help="Wartung / housekeeping (retention periods).")


@maintenance_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge_command(dry_run: bool) -> None:
    """Delete what the retention periods (RETENTION_*_DAYS) say is no longer needed; print counts per kind."""
    done = purge(dry_run=dry_run)
    days = periods()
    verb = "would remove" if dry_run else "removed"
    for kind, count in done.items():
        period = f"older than {days[kind]} days" if days[kind] else "rule off"
        click.echo(f"{kind}: {verb} {count} ({period})")
    click.echo(f"total: {verb} {sum(done.values())}")

"""`flask demo`: seed the Kiel Engagement-Strategie demo process."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.clock import today
from app.demo.seed import seed_kiel


@click.command("demo")
@click.option("--scale", type=click.Choice(["small", "large"]), default="small", show_default=True,
              help="large adds a city-scale data set for benchmarks (comes with proposals).")
@with_appcontext
def demo_command(scale: str) -> None:
    """Seed the Kiel demo process and demo accounts (safe to run again)."""
    if scale == "large":
        raise click.ClickException("--scale large needs proposals, votes and comments, which are not built yet.")
    result = seed_kiel(today())
    if result.created:
        click.echo("Kiel demo process 'engagement-strategie' created.")
    else:
        click.echo("Kiel demo process already present; nothing changed.")
    if result.accounts:
        lines = [f"{role:10} {email}  password: {password}" for role, email, password in result.accounts]
        click.echo("Demo accounts (shown once; also saved to instance/demo-accounts.txt):")
        for line in lines:
            click.echo("  " + line)
        _save_accounts(lines)


def _save_accounts(lines: list[str]) -> None:
    path = Path(current_app.instance_path) / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)

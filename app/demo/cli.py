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
    if scale == "large":
        _seed_large()


def _seed_large() -> None:
    from time import perf_counter

    from app.demo.large import seed_large

    started = perf_counter()
    large = seed_large(today())
    if not large.created:
        click.echo("Large data set already present; nothing changed.")
        return
    counts = ", ".join(f"{number:,} {name}" for name, number in large.counts.items())
    click.echo(f"Large data set created in {perf_counter() - started:.1f} s: {counts}.")
    click.echo(f"Longest discussion: /proposals/{large.big_thread_id}")


def _save_accounts(lines: list[str]) -> None:
    path = Path(current_app.instance_path) / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)

"""`flask demo`: seed the Kiel Engagement-Strategie demo process."""
from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.clock import today
from app.demo.seed import seed_kiel
from app.processes.services import find_process


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
        click.echo("For themes of the large data set: flask analysis run --process engagement-strategie")
    else:
        _analyse_demo()


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


def _analyse_demo() -> None:
    """One synchronous analysis run of the small demo, so its dashboard has themes (once)."""

    from app.analysis_runs.queries.results import latest_finished_run
    from app.analysis_runs.services import run_analysis_sync
    from app.core.errors import DomainError
    from app.demo.kiel import PROCESS_SLUG

    process = find_process(PROCESS_SLUG)
    process_id = process.id if process else None
    if process_id is None or latest_finished_run(process_id) is not None:
        return
    try:
        run = run_analysis_sync(process_id)
    except DomainError as error:  # e.g. an analysis of the demo is running right now
        click.echo(f"Demo analysis skipped: {error.message}")
        return
    themes = (run.results or {}).get("themes", {}).get("count", 0)
    click.echo(f"Demo analysis (version {run.version}): {run.status}, {themes} themes.")


def _save_accounts(lines: list[str]) -> None:
    path = Path(current_app.instance_path) / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)

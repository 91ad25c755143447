"""`flask analysis run --process SLUG [--k N]` (synchronous) and `flask analysis worker` (RQ)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.analysis_runs import parameters as run_parameters
from app.analysis_runs import runner
from app.analysis_runs.collect import collect
from app.analysis_runs.labels import NOTE_LABELS
from app.analysis_runs.services import run_analysis_sync
from app.core.errors import DomainError
from app.processes.services import find_process

analysis_cli = AppGroup("analysis", help="Analysis runs: themes, duplicates and opinion groups.")


def summary_lines(run) -> list[str]:
    """A short plain-text summary of a run (also used by `flask demo`)."""
    results, counts = run.results or {}, run.counts or {}
    lines = [f"Analysis version {run.version}: {run.status}"]
    if run.status != "finished":
        return lines
    opinions = results.get("opinions") or {}
    lines.append(f"  analysed: {counts.get('proposals', 0)} proposals, {counts.get('comments', 0)} comments, "
                 f"{counts.get('survey_answers', 0)} survey answers, {counts.get('votes', 0)} votes")
    lines.append(f"  themes: {results.get('themes', {}).get('count', 0)}, "
                 f"without theme: {results.get('themes', {}).get('outliers', 0)}")
    lines.append(f"  duplicate pairs: {(results.get('duplicates') or {}).get('total', 0)}")
    lines.append(f"  opinion groups: {len(opinions.get('groups', []))}, consensus statements: "
                 f"{len(opinions.get('consensus', []))}")
    for part, note in (results.get("notes") or {}).items():
        lines.append(f"  note ({part}): {NOTE_LABELS.get(note, note)}")
    return lines


@analysis_cli.command("run")
@click.option("--process", "slug", required=True, help="Slug of the process, e.g. engagement-strategie.")
@click.option("--k", default="auto", show_default=True, help="Themes per pillar (1–20) or auto.")
@click.option("--threshold", default=None, help="Similarity for duplicates (0.5–1, default 0.8).")
@click.option("--min-votes", default=None, help="Votes a participant needs for the opinion groups (default 7).")
def run_command(slug: str, k: str, threshold: str | None, min_votes: str | None) -> None:
    """Analyse a process now (synchronously) and store it as a new version."""
    process = find_process(slug)
    if process is None:
        raise click.ClickException(f"No process with the slug {slug!r}.")
    process_id = process.id
    try:
        # Before a version is stored: a fixed --k must fit the texts (the analysis would form no themes).
        run_parameters.check_k_fits(run_parameters.parse_k(k), len(collect(process_id, votes=False).records))
        run = run_analysis_sync(process_id, parameters={"k": k, "duplicate_threshold": threshold,
                                                        "min_votes": min_votes})
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    for line in summary_lines(run):
        click.echo(line)
    if run.status != "finished":
        raise click.ClickException("The analysis failed; see the log for details.")


@analysis_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--queue", default=None, help="Queue name (default: config ANALYSIS_QUEUE).")
def worker_command(burst: bool, queue: str | None) -> None:
    """Execute queued analysis runs from Redis (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set; without it analyses run in a background thread.")
    click.echo(f"Analysis worker listening on queue {queue or runner.queue_name(current_app.config)!r}.")
    runner.work(current_app.config, burst=burst, queue=queue)

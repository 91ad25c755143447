"""Where a report export job runs: configured like the analysis runs (`app/analysis_runs/runner.py`).

`ANALYSIS_RUNNER`: "inline" in the caller (tests), "thread" (a daemon thread with its own app
context) or "rq" (a job on the Redis queue `ANALYSIS_QUEUE`, executed by the same
`flask analysis worker`); unset: "rq" when `REDIS_URL` is set, else "thread". The few lines
that read this configuration are repeated here because the runner module is private to
`analysis_runs` (only its public modules may be imported, tests/architecture).
"""
from __future__ import annotations

import threading

from flask import current_app, has_app_context

from app.extensions import db

JOB_TIMEOUT = 15 * 60  # seconds; the city-scale report takes about a minute
MODES = ("inline", "thread", "rq")
DEFAULT_QUEUE = "ratschlag-analysis"  # the queue `flask analysis worker` works on


def runner_mode(config) -> str:
    """"inline", "thread" or "rq" (see module docstring)."""
    mode = (config.get("ANALYSIS_RUNNER") or "").strip().lower()
    if mode in MODES:
        return mode
    return "rq" if config.get("REDIS_URL") else "thread"


def _queue(config):
    from redis import Redis
    from rq import Queue

    return Queue(config.get("ANALYSIS_QUEUE") or DEFAULT_QUEUE, connection=Redis.from_url(config["REDIS_URL"]))


def submit(job_id: int):
    """Hand a queued, committed export job to the configured runner (see module docstring).

    Returns the thread, the RQ job or None (inline); raises whatever enqueuing raises.
    """
    from app.report.exports import execute_export

    mode = runner_mode(current_app.config)
    if mode == "inline":
        execute_export(job_id)
        return None
    if mode == "rq":
        return _queue(current_app.config).enqueue(
            "app.report.export_runner.perform_job", job_id, job_timeout=JOB_TIMEOUT,
            description=f"report export {job_id}")
    thread = threading.Thread(target=_thread_main, args=(current_app._get_current_object(), job_id),
                              name=f"report-export-{job_id}", daemon=True)
    thread.start()
    return thread


def _thread_main(app, job_id: int) -> None:
    from app.report.exports import execute_export

    with app.app_context():
        try:
            execute_export(job_id)
        finally:
            db.session.remove()


def perform_job(job_id: int) -> None:
    """The RQ job: inside `flask analysis worker` the app context exists; otherwise the app is loaded
    the way the `flask` command does."""
    from app.report.exports import execute_export

    if has_app_context():
        execute_export(job_id)
        return
    from flask.cli import ScriptInfo

    app = ScriptInfo().load_app()
    with app.app_context():
        try:
            execute_export(job_id)
        finally:
            db.session.remove()

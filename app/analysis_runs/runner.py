"""Where a queued run is executed: inline, in a background thread, or by an RQ worker.

Config `ANALYSIS_RUNNER`: "inline" (synchronously, in the caller – the test suite), "thread"
(a daemon thread with its own app context), "rq" (a job on the Redis queue `ANALYSIS_QUEUE`,
executed by `flask analysis worker`). Unset: "rq" when `REDIS_URL` is set, else "thread".
"""
from __future__ import annotations

import logging
import threading

from flask import current_app, has_app_context

from app.analysis_runs.pipeline import execute_run
from app.extensions import db

logger = logging.getLogger(__name__)
MODES = ("inline", "thread", "rq")
DEFAULT_QUEUE = "ratschlag-analysis"
JOB_TIMEOUT = 3 * 3600  # seconds; a city-scale run takes minutes


def runner_mode(config) -> str:
    """The configured mode (see module docstring)."""
    mode = (config.get("ANALYSIS_RUNNER") or "").strip().lower()
    if mode in MODES:
        return mode
    return "rq" if config.get("REDIS_URL") else "thread"


def queue_name(config) -> str:
    return config.get("ANALYSIS_QUEUE") or DEFAULT_QUEUE


def submit(run_id: int):
    """Hand a queued, committed run to the configured runner.

    Returns the started thread ("thread"), the RQ job ("rq") or None ("inline"). Raises
    whatever enqueuing raises (e.g. Redis unreachable); the caller marks the run failed.
    """
    mode = runner_mode(current_app.config)
    if mode == "inline":
        execute_run(run_id)
        return None
    if mode == "rq":
        return _queue(current_app.config).enqueue(
            "app.analysis_runs.runner.perform_job", run_id, job_timeout=JOB_TIMEOUT,
            description=f"analysis run {run_id}")
    thread = threading.Thread(target=_thread_main, args=(current_app._get_current_object(), run_id),
                              name=f"analysis-run-{run_id}", daemon=True)
    thread.start()
    return thread


def _thread_main(app, run_id: int) -> None:
    with app.app_context():
        try:
            execute_run(run_id)
        finally:
            db.session.remove()


def _queue(config):
    from redis import Redis
    from rq import Queue

    return Queue(queue_name(config), connection=Redis.from_url(config["REDIS_URL"]))


def perform_job(run_id: int) -> None:
    """The RQ job. Inside `flask analysis worker` the app context exists; a plain `rq worker`
    (or a forked work horse) loads the app the way the `flask` command does (FLASK_APP, else wsgi.py)."""
    if has_app_context():
        execute_run(run_id)
        return
    from flask.cli import ScriptInfo

    app = ScriptInfo().load_app()
    with app.app_context():
        try:
            execute_run(run_id)
        finally:
            db.session.remove()


def work(config, *, burst: bool = False, queue: str | None = None) -> bool:
    """Run an RQ worker in this process (jobs run in the current app context); True if any job ran."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(config["REDIS_URL"])
    worker = SimpleWorker([Queue(queue or queue_name(config), connection=connection)], connection=connection)
    return worker.work(burst=burst)

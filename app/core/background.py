"""Where background work runs: inline, in a daemon thread, or as a job for an RQ worker.

Config `ANALYSIS_RUNNER`: "inline" (synchronously, in the caller – the test suite), "thread" (a daemon
thread with its own app context), "rq" (a job on the Redis queue `ANALYSIS_QUEUE`, executed by
`flask analysis worker`). Unset: "rq" when `REDIS_URL` is set, else "thread". Analysis runs and report
exports both use it; each feature passes the function that does its work and the dotted path of its RQ job.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from flask import current_app, has_app_context

from app.extensions import db

MODES = ("inline", "thread", "rq")
DEFAULT_QUEUE = "ratschlag-analysis"


def runner_mode(config) -> str:
    """The configured mode (see module docstring)."""
    mode = (config.get("ANALYSIS_RUNNER") or "").strip().lower()
    if mode in MODES:
        return mode
    return "rq" if config.get("REDIS_URL") else "thread"


def queue_name(config) -> str:
    """The Redis queue the jobs go to and `flask analysis worker` works on."""
    return config.get("ANALYSIS_QUEUE") or DEFAULT_QUEUE


def submit(execute: Callable[[int], None], job_id: int, *, rq_job: str, name: str, timeout: int):
    """Run `execute(job_id)` with the configured runner; the job's row must be committed already.

    `rq_job` is the dotted path of the feature's RQ job function (which calls `perform`). Returns the
    started thread ("thread"), the RQ job ("rq") or None ("inline"); raises whatever enqueuing raises
    (e.g. Redis unreachable) – the caller marks its job failed.
    """
    mode = runner_mode(current_app.config)
    if mode == "inline":
        execute(job_id)
        return None
    if mode == "rq":
        return _queue(current_app.config).enqueue(rq_job, job_id, job_timeout=timeout, description=name)
    thread = threading.Thread(target=_thread_main, args=(current_app._get_current_object(), execute, job_id),
                              name=name, daemon=True)
    thread.start()
    return thread


def perform(execute: Callable[[int], None], job_id: int) -> None:
    """The body of an RQ job. Inside `flask analysis worker` the app context exists; a plain `rq worker`
    (or a forked work horse) loads the app the way the `flask` command does (FLASK_APP, else wsgi.py)."""
    if has_app_context():
        execute(job_id)
        return
    from flask.cli import ScriptInfo

    _thread_main(ScriptInfo().load_app(), execute, job_id)


def work(config, *, burst: bool = False, queue: str | None = None) -> bool:
    """Run an RQ worker in this process (jobs run in the current app context); True if any job ran."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(config["REDIS_URL"])
    worker = SimpleWorker([Queue(queue or queue_name(config), connection=connection)], connection=connection)
    return worker.work(burst=burst)


def _thread_main(app, execute: Callable[[int], None], job_id: int) -> None:
    with app.app_context():
        try:
            execute(job_id)
        finally:
            db.session.remove()


def _queue(config):
    from redis import Redis
    from rq import Queue

    return Queue(queue_name(config), connection=Redis.from_url(config["REDIS_URL"]))

"""Where a queued analysis run is executed: inline, in a background thread, or by an RQ worker
(`app.core.background`; config `ANALYSIS_RUNNER`, `REDIS_URL`, `ANALYSIS_QUEUE`)."""
from __future__ import annotations

from app.analysis_runs.pipeline import execute_run
from app.core import background
from app.core.background import queue_name, runner_mode, work

__all__ = ["JOB_TIMEOUT", "perform_job", "queue_name", "runner_mode", "submit", "work"]

JOB_TIMEOUT = 3 * 3600  # seconds; a city-scale run takes minutes


def submit(run_id: int):
    """Hand a queued, committed run to the configured runner: the thread, the RQ job or None (inline).
    Raises whatever enqueuing raises (e.g. Redis unreachable); the caller marks the run failed."""
    return background.submit(execute_run, run_id, rq_job="app.analysis_runs.runner.perform_job",
                             name=f"analysis-run-{run_id}", timeout=JOB_TIMEOUT)


def perform_job(run_id: int) -> None:
    """The RQ job of an analysis run."""
    background.perform(execute_run, run_id)

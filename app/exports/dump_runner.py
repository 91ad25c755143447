"""Where an open-data ZIP build runs: the same runner as analysis runs and report exports
(`app.core.background`; config `ANALYSIS_RUNNER`, `REDIS_URL`, `ANALYSIS_QUEUE`)."""
from __future__ import annotations

from app.core import background

JOB_TIMEOUT = 30 * 60  # seconds; the large demo (10,000 proposals, 50,000 comments) takes well under a minute


def submit(dump_id: int):
    """Hand a queued, committed build to the configured runner: the thread, the RQ job or None (inline).
    Raises whatever enqueuing raises; the caller marks the build failed."""
    from app.exports.services import execute_build

    return background.submit(execute_build, dump_id, rq_job="app.exports.dump_runner.perform_job",
                             name=f"opendata-zip-{dump_id}", timeout=JOB_TIMEOUT)


def perform_job(dump_id: int) -> None:
    """The RQ job of an open-data ZIP build."""
    from app.exports.services import execute_build

    background.perform(execute_build, dump_id)

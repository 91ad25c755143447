"""Where a report export job runs: the same runner as the analysis runs (`app.core.background`;
config `ANALYSIS_RUNNER`, `REDIS_URL`, `ANALYSIS_QUEUE`; RQ jobs are executed by `flask analysis worker`)."""
from __future__ import annotations

from app.core import background

JOB_TIMEOUT = 15 * 60  # seconds; the city-scale report takes about a minute


def submit(job_id: int):
    """Hand a queued, committed export job to the configured runner: the thread, the RQ job or None
    (inline). Raises whatever enqueuing raises; the caller marks the job failed."""
    from app.report.exports import execute_export

    return background.submit(execute_export, job_id, rq_job="app.report.export_runner.perform_job",
                             name=f"report-export-{job_id}", timeout=JOB_TIMEOUT)


def perform_job(job_id: int) -> None:
    """The RQ job of a report export."""
    from app.report.exports import execute_export

    background.perform(execute_export, job_id)

"""Report exports as background jobs: start one, run it, find its files, clean up.

One job renders every requested format of a process's report with one Chromium (`ChartImages`):
the report is built once, then Markdown, HTML, DOCX, PDF, the OParl Paper (whose main file is
this job's PDF, with its size and checksum) and the Anlagen files are written into the job's
directory. The web request only starts the job and later serves the finished files.

Starting is one transaction (`@use_case`): the job row is committed before the runner (thread,
RQ worker or inline) reads it; a failed hand-over marks the job failed. As before, each download
is audited (`export_report`), not the start of a job. A process keeps its
newest `KEEP` jobs; older ones lose their row and their files when a new one starts.
"""
from __future__ import annotations

import logging
import os
import shutil
from contextlib import nullcontext
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from analysis.report_render import ChartImages
from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound
from app.core.transactions import use_case
from app.extensions import db
from app.report import export_runner
from app.report.export_models import ACTIVE_STATUSES, STALE_AFTER, ExportStatus, ReportExport
from app.report.rendering import build_process_report, download_name, render_report

logger = logging.getLogger(__name__)
#: What a job can produce, in the order it renders them (the PDF before the OParl Paper that describes it).
EXPORT_FORMATS = ("md", "html", "docx", "pdf", "oparl", "anlagen")
CHART_FORMATS = ("html", "docx", "pdf")
KEEP = 3  # jobs per process whose files are kept
ACTIVE_EXPORT = _l("Für diesen Bericht läuft bereits ein Export. Bitte warten Sie, bis er fertig ist.")


def export_root() -> Path:
    """Where job directories live: `REPORT_EXPORT_DIR`, else `<instance>/report-exports`."""
    return Path(current_app.config.get("REPORT_EXPORT_DIR") or os.path.join(current_app.instance_path,
                                                                             "report-exports"))


def job_directory(job: ReportExport) -> Path:
    """The directory of one job's files."""
    return export_root() / f"job-{job.id}"


def export_anlagen(report, directory: Path) -> list[Path]:
    """The Anlagen of `report` as files (XLSX and CSV per Anlage) in `directory`."""
    from analysis.report_render.anlagen import export_anlagen as make_files

    return list(make_files(report, directory))


# --- starting ------------------------------------------------------------------------------

def _close_stale_jobs(process_id: int) -> None:
    db.session.execute(
        update(ReportExport)
        .where(ReportExport.process_id == process_id, ReportExport.status.in_(ACTIVE_STATUSES),
               ReportExport.heartbeat_at < now() - STALE_AFTER)
        .values(status=ExportStatus.FAILED.value, stage="failed", error="stale: no heartbeat", finished_at=now())
        .execution_options(synchronize_session=False))


@use_case
def _create_job(process, actor, formats: list[str], base_url: str | None) -> ReportExport:
    unknown = [fmt for fmt in formats if fmt not in EXPORT_FORMATS]
    if not formats or unknown:
        raise DomainError(_l("Bitte wählen Sie mindestens eines der angebotenen Formate."))
    _close_stale_jobs(process.id)
    active = db.session.scalar(select(ReportExport.id).where(ReportExport.process_id == process.id,
                                                             ReportExport.status.in_(ACTIVE_STATUSES)))
    if active is not None:
        raise Conflict(ACTIVE_EXPORT)
    moment = now()
    ordered = [fmt for fmt in EXPORT_FORMATS if fmt in formats]
    job = ReportExport(process_id=process.id, formats=ordered, status=ExportStatus.QUEUED.value, progress=0,
                       stage="queued", base_url=base_url, files=[], started_by_id=actor.id if actor else None,
                       created_at=moment, heartbeat_at=moment)
    db.session.add(job)
    db.session.flush()
    return job


def start_export(actor, process, formats: list[str], base_url: str | None = None) -> ReportExport:
    """Queue a job for `formats` (see EXPORT_FORMATS) and hand it to the runner; old jobs are cleaned up.

    Conflict while another export of the process is queued or running; DomainError for no or
    unknown formats, or when the queue cannot be reached (the job is then marked failed).
    """
    job = _create_job(process, actor, list(formats), base_url)
    job_id = job.id
    clean_up(process.id)
    try:
        export_runner.submit(job_id)
    except Exception as error:  # noqa: BLE001 – e.g. Redis down: the job must not stay queued
        logger.exception("Could not hand report export %s to the runner", job_id)
        db.session.rollback()
        _finish(job_id, ExportStatus.FAILED, error=f"submit: {type(error).__name__}: {error}")
        raise DomainError(_l("Der Export konnte nicht gestartet werden, weil die Warteschlange nicht "
                             "erreichbar ist. Bitte versuchen Sie es später erneut.")) from None
    return db.session.get(ReportExport, job_id)


def clean_up(process_id: int, keep: int = KEEP) -> int:
    """Delete all but the newest `keep` jobs of the process (rows and files); returns how many went.
    Active jobs are never deleted."""
    jobs = db.session.scalars(select(ReportExport).where(ReportExport.process_id == process_id)
                              .order_by(ReportExport.created_at.desc(), ReportExport.id.desc())).all()
    old = [job for job in jobs[keep:] if job.status not in ACTIVE_STATUSES]
    for job in old:
        shutil.rmtree(job_directory(job), ignore_errors=True)
        db.session.delete(job)
    if old:
        db.session.commit()
    return len(old)


# --- reading -------------------------------------------------------------------------------

def get_export(process, job_id: int) -> ReportExport:
    """The job `job_id` of `process`, or NotFound."""
    job = db.session.get(ReportExport, job_id)
    if job is None or job.process_id != process.id:
        raise NotFound(_l("Diesen Export gibt es nicht (mehr)."))
    return job


def latest_exports(process, limit: int = KEEP) -> list[ReportExport]:
    """The newest jobs of the process, newest first."""
    return list(db.session.scalars(select(ReportExport).where(ReportExport.process_id == process.id)
                                   .order_by(ReportExport.created_at.desc(), ReportExport.id.desc())
                                   .limit(limit)))


def latest_file(process, fmt: str) -> tuple[ReportExport, dict] | None:
    """The newest finished job that produced a file of `fmt`, with that file's entry; None if none."""
    jobs = db.session.scalars(select(ReportExport).where(ReportExport.process_id == process.id,
                                                         ReportExport.status == ExportStatus.FINISHED.value)
                              .order_by(ReportExport.created_at.desc(), ReportExport.id.desc()))
    for job in jobs:
        entry = next((e for e in job.files if e.get("format") == fmt), None)
        if entry is not None and (job_directory(job) / entry["name"]).is_file():
            return job, entry
    return None


def file_path(job: ReportExport, name: str) -> Path:
    """The path of a finished job's file `name`; NotFound for anything else."""
    entry = job.file(name) if job.status == ExportStatus.FINISHED.value else None
    path = job_directory(job) / name if entry else None
    if path is None or not path.is_file():
        raise NotFound(_l("Diese Datei gibt es nicht (mehr)."))
    return path


# --- running -------------------------------------------------------------------------------

def _update(job_id: int, **values) -> None:
    db.session.execute(update(ReportExport).where(ReportExport.id == job_id)
                       .values(heartbeat_at=now(), **values).execution_options(synchronize_session=False))
    db.session.commit()


def _finish(job_id: int, status: ExportStatus, **values) -> None:
    if "error" in values:
        values["error"] = values["error"][:1000]
    _update(job_id, status=status.value, stage=status.value, finished_at=now(), **values)


def execute_export(job_id: int) -> None:
    """Run a queued job: build the report once, render each format with one shared Chromium into the
    job's directory, record progress and files; failed with a logged reason on any error."""
    job = db.session.get(ReportExport, job_id)
    if job is None or job.status != ExportStatus.QUEUED.value:
        return
    process, formats, base_url = job.process_id, list(job.formats), job.base_url
    directory = job_directory(job)
    _update(job_id, status=ExportStatus.RUNNING.value, stage="report", progress=2)
    try:
        files = _render_all(job_id, process, formats, base_url, directory)
    except Exception as error:  # noqa: BLE001 – any failure: the job fails, the files go
        logger.exception("Report export %s failed", job_id)
        db.session.rollback()
        shutil.rmtree(directory, ignore_errors=True)
        _finish(job_id, ExportStatus.FAILED, error=f"{type(error).__name__}: {error}")
        return
    _finish(job_id, ExportStatus.FINISHED, progress=100, files=files)


def _render_all(job_id: int, process_id: int, formats: list[str], base_url: str | None,
                directory: Path) -> list[dict]:
    from app.processes.models import Process

    process = db.session.get(Process, process_id)
    directory.mkdir(parents=True, exist_ok=True)
    report = build_process_report(process)
    wants_charts = any(fmt in CHART_FORMATS for fmt in formats)
    enabled = bool(current_app.config.get("REPORT_CHART_IMAGES", True))
    charts = ChartImages(enabled=enabled) if wants_charts else None
    files: list[dict] = []
    main_file: bytes | None = None
    with charts or nullcontext():
        for index, fmt in enumerate(formats):
            _update(job_id, stage=fmt, progress=min(95, 5 + 90 * index // len(formats)))
            if fmt == "anlagen":
                for path in export_anlagen(report, directory):
                    files.append({"format": "anlage", "name": Path(path).name, "size": Path(path).stat().st_size})
                continue
            name = download_name(process, report, fmt)
            partial = directory / f"{name}.part"
            options = {}
            if fmt == "oparl" and main_file is not None:  # named as the OParl route serves it
                options = {"main_file": main_file}
            render_report(process, fmt, str(partial), charts=charts, base_url=base_url, report=report,
                          **options)
            partial.replace(directory / name)
            if fmt == "pdf":
                main_file = (directory / name).read_bytes()
            files.append({"format": fmt, "name": name, "size": (directory / name).stat().st_size})
    return files

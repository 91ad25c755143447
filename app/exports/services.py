"""The open-data ZIP of a process: whether it is current, (re)building it in the background, serving it.

Design (see also docs/architecture.md, "Open-data ZIP"):

* One row per process (`OpenDataDump`) and one file, `<OPENDATA_ZIP_DIR>/process-<id>.zip`
  (default directory: `<instance>/opendata-zip`). The row holds the file's facts (data fingerprint,
  generation time, size, SHA-256 = ETag) and the state of the latest build.
* **Current** means: the file exists and was built from data with the same fingerprint as now
  (`data_fingerprint`: a handful of aggregate queries over the open data's rows – counts, id sums,
  vote sums, edit and answer times per proposal status, comments, surveys with public results, the
  process title and today's date). Anything the fingerprint misses is picked up the next day.
* **On demand:** a request for the ZIP (`current_zip`) checks the fingerprint; when it differs, no
  build is running and the file is older than `OPENDATA_ZIP_MIN_AGE` seconds (default 300, the lag
  the single files allow too), a build is claimed (one conditional UPDATE, so two requests never
  start two builds) and handed to `app.core.background` (thread / RQ / inline). Meanwhile the
  previous file is served; without one the visitor sees "being built" (HTTP 202). An unchanged
  fingerprint is remembered (`checked_at`), so it is computed at most once per minimum age.
* **Cron:** `flask export opendata-zip [--process SLUG] [--force]` builds the stale ZIPs of all
  published processes (or one process) synchronously and exits with 1 if a build failed.
* **Atomic:** a build writes `<file>.<random>.part` in the same directory, syncs it to disk and
  renames it over the file (`os.replace`); readers see the old or the new ZIP, never half of one.
* **Failure:** the row is marked failed (reason logged, `failures` counted), the previous file stays
  and is served. A build that died without a word (server restart, killed worker) has no heartbeat
  for `STALE_AFTER` and counts as failed. Failed builds are retried by the next request after
  `OPENDATA_ZIP_MIN_AGE`, or by the cron command.
"""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.comments.models import Comment
from app.core.clock import as_utc, now, today
from app.exports import dump_runner
from app.exports.dump_models import ACTIVE_STATUSES, STALE_AFTER, DumpStatus, OpenDataDump
from app.exports.survey_results import public_result_surveys
from app.exports.zipdump import write_zip
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal
from app.surveys.models import Survey, SurveyResponse

logger = logging.getLogger(__name__)
DEFAULT_MIN_AGE = 300  # seconds
DEFAULT_BASE_URL = "http://localhost/"


def zip_directory() -> Path:
    """Where the ZIPs live: `OPENDATA_ZIP_DIR`, else `<instance>/opendata-zip`."""
    return Path(current_app.config.get("OPENDATA_ZIP_DIR") or os.path.join(current_app.instance_path,
                                                                           "opendata-zip"))


def zip_path(process_id: int) -> Path:
    """The ZIP file of a process (named by id: a process's slug may change)."""
    return zip_directory() / f"process-{process_id}.zip"


def min_age() -> timedelta:
    """How old a file must be before changed data rebuild it (`OPENDATA_ZIP_MIN_AGE` seconds)."""
    return timedelta(seconds=int(current_app.config.get("OPENDATA_ZIP_MIN_AGE", DEFAULT_MIN_AGE)))


def get_dump(process_id: int) -> OpenDataDump | None:
    """The ZIP row of the process, or None if none was ever requested (one query)."""
    return db.session.scalar(select(OpenDataDump).where(OpenDataDump.process_id == process_id))


def zip_size_text(size: int) -> str:
    """The size of a ZIP for people: "830 KB", "12,4 MB" (number format of the page language)."""
    if size < 1_000_000:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1000))))
    return _("%(size)s MB", size=format_decimal(round(size / 1_000_000, 1)))


def zip_summary(process) -> dict | None:
    """For the links on the process and open-data pages (template global `opendata_zip`): the ZIP's size
    and generation time, or None when no file has been built yet. No query: the file's own size and
    modification time (a build sets it to the generation time before it renames the file into place)."""
    try:
        facts = zip_path(process.id).stat()
    except OSError:
        return None
    return {"size": zip_size_text(facts.st_size),
            "generated_at": datetime.fromtimestamp(facts.st_mtime, UTC)}


# --- is it current? ------------------------------------------------------------------------

def data_fingerprint(process: Process, day: date | None = None) -> str:
    """SHA-256 over aggregates of what the open data holds (see module docstring); a few queries."""
    visible = (Proposal.process_id == process.id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None))
    proposals = db.session.execute(
        select(Proposal.status, func.count(), func.sum(Proposal.id), func.max(Proposal.edited_at),
               func.max(Proposal.answered_at), func.sum(Proposal.agree_count), func.sum(Proposal.disagree_count),
               func.sum(Proposal.pass_count), func.sum(func.coalesce(Proposal.merged_into_id, 0)),
               func.sum(Proposal.topic_id), func.sum(func.coalesce(Proposal.district_id, 0)))
        .where(*visible).group_by(Proposal.status).order_by(Proposal.status)).all()
    parent = aliased(Comment)
    comments = db.session.execute(
        select(func.count(), func.sum(Comment.id), func.max(Comment.edited_at), func.count(parent.hidden_at))
        .select_from(Comment).join(Proposal, Proposal.id == Comment.proposal_id)
        .outerjoin(parent, parent.id == Comment.parent_id)
        .where(*visible, Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))).one()
    surveys = db.session.execute(
        select(Survey.id, Survey.status, func.count(SurveyResponse.id), func.max(SurveyResponse.submitted_at))
        .outerjoin(SurveyResponse, (SurveyResponse.survey_id == Survey.id) & (SurveyResponse.status == "complete"))
        .where(Survey.process_id == process.id).group_by(Survey.id, Survey.status).order_by(Survey.id)).all()
    public = [survey.id for survey in public_result_surveys(process.id)]
    parts = [process.title, process.slug, (day or today()).isoformat(), [list(row) for row in proposals],
             list(comments), [list(row) for row in surveys], public]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def needs_build(dump: OpenDataDump | None, process: Process, moment) -> bool:
    """No file yet, or the data changed and the file (or the last failed try) is older than the minimum age."""
    if dump is None:
        return True
    if (dump.status in ACTIVE_STATUSES and not dump.is_stale(moment)) or _too_soon_after_failure(dump, moment):
        return False
    if not dump.has_file or not zip_path(process.id).is_file():
        return True
    checked = as_utc(dump.checked_at or dump.generated_at)
    if checked > moment - min_age():
        return False
    if dump.fingerprint != data_fingerprint(process):
        return True
    _set(dump.id, checked_at=moment)  # unchanged: the next few downloads need not compute it again
    return False


def _too_soon_after_failure(dump: OpenDataDump, moment) -> bool:
    failed = dump.status == DumpStatus.FAILED.value and dump.finished_at is not None
    return failed and as_utc(dump.finished_at) > moment - min_age()


# --- requesting a build --------------------------------------------------------------------

def _base_url(requested: str | None) -> str | None:
    """Where the proposal addresses in the ZIP point: `OPENDATA_BASE_URL`, else `OPARL_BASE_URL`, else the
    address of the request that started the build (as the single files do; set one of the two in
    production, or `TRUSTED_HOSTS`, so that a forged Host header cannot end up in a shared file)."""
    config = current_app.config
    configured = config.get("OPENDATA_BASE_URL") or config.get("OPARL_BASE_URL")
    if configured:
        return configured
    if requested:
        logger.info("Open-data ZIP: OPENDATA_BASE_URL is not set, using the request's address %s", requested)
    return requested  # None (cron without configuration): keep the address of the previous build


def claim_build(process_id: int, base_url: str | None = None) -> int | None:
    """Mark the process's build queued, unless one is queued or running (and alive); commits.

    Returns the row id when this caller won the claim (and must run or submit the build), else None.
    """
    moment = now()
    dump_id = db.session.scalar(select(OpenDataDump.id).where(OpenDataDump.process_id == process_id))
    if dump_id is None:
        dump = OpenDataDump(process_id=process_id, status=DumpStatus.QUEUED.value, requested_at=moment,
                            heartbeat_at=moment, base_url=_base_url(base_url), failures=0)
        db.session.add(dump)
        try:
            db.session.commit()
        except IntegrityError:  # another request created the row a moment ago: its build
            db.session.rollback()
            return None
        return dump.id
    claimed = db.session.execute(
        update(OpenDataDump)
        .where(OpenDataDump.id == dump_id,
               or_(OpenDataDump.status.not_in(ACTIVE_STATUSES), OpenDataDump.heartbeat_at < moment - STALE_AFTER))
        .values(status=DumpStatus.QUEUED.value, requested_at=moment, heartbeat_at=moment,
                base_url=func.coalesce(_base_url(base_url), OpenDataDump.base_url))
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return dump_id if claimed == 1 else None


def request_build(process_id: int, base_url: str | None = None) -> bool:
    """Claim a build and hand it to the background runner; False if one was already under way.
    A failed hand-over (e.g. Redis down) marks the build failed."""
    dump_id = claim_build(process_id, base_url)
    if dump_id is None:
        return False
    try:
        dump_runner.submit(dump_id)
    except Exception as error:  # noqa: BLE001 – the build must not stay queued
        logger.exception("Could not hand open-data ZIP %s to the runner", dump_id)
        db.session.rollback()
        _fail(dump_id, f"submit: {type(error).__name__}: {error}")
    return True


def current_zip(process: Process, base_url: str | None = None) -> OpenDataDump | None:
    """For a download: start a build when needed (see module docstring); the row afterwards, or None."""
    moment = now()
    dump = get_dump(process.id)
    if needs_build(dump, process, moment):
        request_build(process.id, base_url)
        db.session.expire_all()
        dump = get_dump(process.id)
    return dump


# --- the build -----------------------------------------------------------------------------

def _set(dump_id: int, **values) -> None:
    db.session.execute(update(OpenDataDump).where(OpenDataDump.id == dump_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _fail(dump_id: int, error: str) -> None:
    _set(dump_id, status=DumpStatus.FAILED.value, error=error[:2000], finished_at=now(),
         failures=OpenDataDump.failures + 1)


def execute_build(dump_id: int) -> None:
    """Build a queued ZIP: write it next to the old one, sync, rename over it, record its facts.
    Any error marks the build failed (logged) and keeps the previous file."""
    dump = db.session.get(OpenDataDump, dump_id)
    if dump is None or dump.status != DumpStatus.QUEUED.value:
        return
    process = db.session.get(Process, dump.process_id)
    base_url = dump.base_url or DEFAULT_BASE_URL
    moment = now()
    _set(dump_id, status=DumpStatus.RUNNING.value, heartbeat_at=moment)
    target = zip_path(process.id)
    partial = target.with_name(f"{target.name}.{secrets.token_hex(6)}.part")
    try:
        fingerprint = data_fingerprint(process)  # before reading: a change meanwhile makes the next check rebuild
        target.parent.mkdir(parents=True, exist_ok=True)
        with current_app.test_request_context(base_url=base_url), open(partial, "wb") as handle:
            write_zip(process, handle, moment, progress=lambda: _set(dump_id, heartbeat_at=now()))
            handle.flush()
            os.fsync(handle.fileno())
        digest, size = _sha256(partial), partial.stat().st_size
        os.utime(partial, (moment.timestamp(), moment.timestamp()))  # the page shows it as the generation time
        os.replace(partial, target)
    except Exception as error:  # noqa: BLE001 – any failure: the build fails, the old file stays
        logger.exception("Open-data ZIP of process %s failed", dump.process_id if dump else dump_id)
        db.session.rollback()
        partial.unlink(missing_ok=True)
        _fail(dump_id, f"{type(error).__name__}: {error}")
        return
    _set(dump_id, status=DumpStatus.FINISHED.value, fingerprint=fingerprint, generated_at=moment, size=size,
         sha256=digest, finished_at=now(), failures=0, error=None, checked_at=moment)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- cron ----------------------------------------------------------------------------------

def refresh_zips(slug: str | None = None, *, force: bool = False) -> list[tuple[str, str]]:
    """Build, in this process, the ZIP of every published process (or of `slug`, published or not) whose
    data changed – or all of them with `force`. Returns (slug, outcome) pairs: "built", "current",
    "busy" (another build is under way) or "failed"."""
    query = select(Process).order_by(Process.id)
    query = query.where(Process.slug == slug) if slug else query.where(Process.published.is_(True))
    outcomes = []
    remove_leftovers()
    for process in db.session.scalars(query).all():
        dump = get_dump(process.id)
        fresh = (dump is not None and dump.has_file and zip_path(process.id).is_file()
                 and dump.fingerprint == data_fingerprint(process))
        if fresh and not force:
            outcomes.append((process.slug, "current"))
            continue
        dump_id = claim_build(process.id)
        if dump_id is None:
            outcomes.append((process.slug, "busy"))
            continue
        execute_build(dump_id)
        db.session.expire_all()
        outcomes.append((process.slug, "built" if get_dump(process.id).status == DumpStatus.FINISHED.value
                         else "failed"))
    return outcomes


def remove_leftovers() -> list[str]:
    """Delete ZIPs of processes that no longer exist and `.part` files of builds that died (older than
    STALE_AFTER); returns the names removed. Called by the cron command."""
    directory = zip_directory()
    if not directory.is_dir():
        return []
    known = set(db.session.scalars(select(Process.id)))
    cutoff = now().timestamp() - STALE_AFTER.total_seconds()
    removed = []
    for path in directory.iterdir():
        if path.name.endswith(".part"):
            gone = path.stat().st_mtime < cutoff
        else:
            number = path.name.removeprefix("process-").removesuffix(".zip")
            gone = path.name.startswith("process-") and number.isdigit() and int(number) not in known
        if gone:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed

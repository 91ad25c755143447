"""Use cases of analysis runs: start (in the background or synchronously), rename a theme, move an item.

Writes are one transaction each (`@use_case`; nothing is stored when they raise). Starting a run spans
two by design: the new version is committed first, because the runner (a thread, an RQ worker, or
inline) reads it from the database; then it is handed over, and a failed hand-over is recorded.
"""
from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.analysis_runs import parameters as run_parameters
from app.analysis_runs import permissions, runner
from app.analysis_runs.models import (
    ACTIVE_STATUSES,
    LABEL_MAX,
    STALE_AFTER,
    AnalysisItem,
    AnalysisRun,
    AnalysisTheme,
    RunStatus,
)
from app.audit import services as audit
from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db

logger = logging.getLogger(__name__)
ACTIVE_RUN = _l("Für diesen Prozess läuft bereits eine Analyse. Bitte warten Sie, bis sie fertig ist.")


def get_run(process, version: int) -> AnalysisRun:
    """The run with this version number in the process, or NotFound."""
    run = db.session.scalar(select(AnalysisRun).where(AnalysisRun.process_id == process.id,
                                                      AnalysisRun.version == version))
    if run is None:
        raise NotFound(_l("Diese Analyse gibt es nicht."))
    return run


def require_view(user, process) -> None:
    if not permissions.can_view_runs(user, process):
        raise PermissionDenied(_l("Sie dürfen die Analysen dieses Prozesses nicht ansehen."))


def _close_stale_runs(process_id: int) -> None:
    """Runs without a heartbeat for STALE_AFTER are marked failed: they no longer block a new run."""
    db.session.execute(
        update(AnalysisRun)
        .where(AnalysisRun.process_id == process_id, AnalysisRun.status.in_(ACTIVE_STATUSES),
               AnalysisRun.heartbeat_at < now() - STALE_AFTER)
        .values(status=RunStatus.FAILED.value, stage="failed", error="stale: no heartbeat", finished_at=now())
        .execution_options(synchronize_session=False))


@use_case
def _create_run(process_id: int, actor, parameters: dict | None) -> AnalysisRun:
    values = run_parameters.normalise(parameters)
    _close_stale_runs(process_id)
    active = db.session.scalar(select(AnalysisRun.id).where(AnalysisRun.process_id == process_id,
                                                            AnalysisRun.status.in_(ACTIVE_STATUSES)))
    if active is not None:
        raise Conflict(ACTIVE_RUN)
    version = (db.session.scalar(select(func.max(AnalysisRun.version))
                                 .where(AnalysisRun.process_id == process_id)) or 0) + 1
    moment = now()
    run = AnalysisRun(process_id=process_id, version=version, status=RunStatus.QUEUED.value, progress=0,
                      stage="queued", parameters=values, started_by_id=actor.id if actor else None,
                      created_at=moment, heartbeat_at=moment, counts={}, results={})
    db.session.add(run)
    try:
        db.session.flush()
    except IntegrityError:  # another request created the same version at the same moment
        raise Conflict(ACTIVE_RUN) from None
    audit.record(actor, "analysis_started", process_id=process_id, item_kind="analysis_run", item_id=run.id,
                 details=f"Version {version}; " + ", ".join(f"{k}={v}" for k, v in values.items()))
    return run


def start_analysis(actor, process, parameters: dict | None = None) -> AnalysisRun:
    """Create a new version and hand it to the background runner (admins only).

    Only one queued/running run per process (Conflict); bad parameters raise DomainError
    naming the field. If the queue cannot be reached the run is marked failed and a
    DomainError explains it.
    """
    if not permissions.can_start_run(actor, process):
        raise PermissionDenied(_l("Nur die Verwaltung kann eine Analyse starten."))
    run = _create_run(process.id, actor, parameters)
    try:
        runner.submit(run.id)
    except Exception as error:  # noqa: BLE001 - e.g. Redis down: the run must not stay queued
        logger.exception("Could not hand analysis run %s to the runner", run.id)
        # Inline, the runner works in this very session and may fail half-way (e.g. committing the
        # "running" status): start recording the failure from a clean session.
        db.session.rollback()
        _mark_not_submitted(run.id, error)
        raise DomainError(_l("Die Analyse konnte nicht gestartet werden, weil die Warteschlange nicht "
                             "erreichbar ist. Bitte versuchen Sie es später erneut.")) from None
    return run


@use_case
def _mark_not_submitted(run_id: int, error: Exception) -> None:
    db.session.execute(update(AnalysisRun).where(AnalysisRun.id == run_id).values(
        status=RunStatus.FAILED.value, stage="failed", error=f"submit: {type(error).__name__}: {error}"[:1000],
        finished_at=now()).execution_options(synchronize_session=False))


def run_analysis_sync(process_id: int, started_by=None, parameters: dict | None = None) -> AnalysisRun:
    """Create a run and execute it right here (CLI, demo, tests, benchmarks); returns the finished
    (or failed) run. No permission check: for trusted callers only. Conflict if a run is active."""
    from app.analysis_runs.pipeline import execute_run

    run_id = _create_run(process_id, started_by, parameters).id
    execute_run(run_id)
    db.session.expire_all()
    return db.session.get(AnalysisRun, run_id)


def _editable(actor, process, run: AnalysisRun) -> None:
    if not permissions.can_edit_themes(actor, process):
        raise PermissionDenied(_l("Sie dürfen die Themen dieser Analyse nicht bearbeiten."))
    if run.status != RunStatus.FINISHED.value:
        raise Conflict(_l("Themen lassen sich erst bearbeiten, wenn die Analyse fertig ist."))


def _theme_of(run: AnalysisRun, theme_id, *, field: str | None = None) -> AnalysisTheme:
    theme = db.session.get(AnalysisTheme, theme_id) if isinstance(theme_id, int) else None
    if theme is None or theme.run_id != run.id:
        message = _l("Dieses Thema gehört nicht zu dieser Analyse.")
        raise DomainError(message, field=field) if field else NotFound(message)
    return theme


@use_case
def rename_theme(actor, process, run: AnalysisRun, theme_id: int, label) -> AnalysisTheme:
    """Give a theme a new label (1–120 characters); logged as "theme_renamed"."""
    _editable(actor, process, run)
    theme = _theme_of(run, theme_id)
    label = " ".join(clean_text(label, single_line=True).split())
    if not label:
        raise DomainError(_l("Bitte geben Sie eine Bezeichnung für das Thema ein."), field="label")
    if len(label) > LABEL_MAX:
        raise DomainError(_l("Die Bezeichnung darf höchstens %(max)d Zeichen lang sein.", max=LABEL_MAX),
                          field="label")
    if label != theme.label:
        audit.record(actor, "theme_renamed", process_id=process.id, item_kind="analysis_theme", item_id=theme.id,
                     details=f"Version {run.version}: {theme.label} → {label}")
        theme.label = label
    return theme


@use_case
def move_item(actor, process, run: AnalysisRun, item_id: int, theme_id: int | None) -> AnalysisItem:
    """Assign an analysed submission to another theme of the same run (None: no theme); logged."""
    _editable(actor, process, run)
    item = db.session.get(AnalysisItem, item_id)
    if item is None or item.run_id != run.id:
        raise NotFound(_l("Diesen Beitrag gibt es in dieser Analyse nicht."))
    target = _theme_of(run, theme_id, field="theme") if theme_id is not None else None
    if (target.id if target else None) != item.theme_id:
        before = item.theme.label if item.theme else "–"
        audit.record(actor, "theme_item_moved", process_id=process.id, item_kind="analysis_item", item_id=item.id,
                     details=f"Version {run.version}, {item.reference}: {before} → {target.label if target else '–'}")
        item.theme_id, item.moved = (target.id if target else None), True
    return item

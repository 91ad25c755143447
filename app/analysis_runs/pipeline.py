"""Executing one queued run: collect → themes → map → duplicates → opinion groups → save.

Progress is written on a connection of its own after each step, so a page polling the
status sees it while the run's own session is still working. Real exceptions mark the run
as failed (logged with traceback; users see a generic translated message).
"""
from __future__ import annotations

import logging

from sqlalchemy import insert, update

from app.analysis_runs import steps
from app.analysis_runs.collect import collect
from app.analysis_runs.models import EXCERPT_MAX, LABEL_MAX, AnalysisItem, AnalysisRun, AnalysisTheme, RunStatus
from app.core.clock import now
from app.extensions import db

logger = logging.getLogger(__name__)


def report_progress(run_id: int, stage: str, progress: int) -> None:
    """Store the current step and progress (and a heartbeat) in a transaction of its own."""
    with db.engine.begin() as connection:
        connection.execute(update(AnalysisRun).where(AnalysisRun.id == run_id)
                           .values(stage=stage, progress=progress, heartbeat_at=now()))


def execute_run(run_id: int) -> None:
    """Run the analysis of a queued run to its end; never raises for problems inside the analysis."""
    run = db.session.get(AnalysisRun, run_id)
    if run is None or run.status != RunStatus.QUEUED.value:
        logger.warning("Analysis run %s is not queued any more; skipped.", run_id)
        return
    run.status, run.started_at, run.heartbeat_at = RunStatus.RUNNING.value, now(), now()
    run.stage, run.progress = "collect", 1
    process_id = run.process_id
    db.session.commit()
    try:
        _analyse(run)
        db.session.commit()
    except Exception as error:  # noqa: BLE001 - any failure must end the run visibly
        db.session.rollback()
        logger.exception("Analysis run %s (process %s) failed", run_id, process_id)
        _mark_failed(run_id, error)


def _analyse(run: AnalysisRun) -> None:
    parameters, run_id = dict(run.parameters), run.id
    seed = int(parameters.get("seed", 0))
    collected = collect(run.process_id)
    counts = {"proposals": collected.count("proposal"), "comments": collected.count("comment"),
              "survey_answers": collected.count("survey"), "votes": int(len(collected.values))}
    notes: dict[str, str] = {}

    report_progress(run_id, "themes", 10)
    topics, notes["themes"] = steps.themes(collected, parameters.get("k", "auto"), seed)
    report_progress(run_id, "projection", 50)
    positions = steps.projection(collected, topics["assignments"] if topics else {}, seed)
    report_progress(run_id, "duplicates", 65)
    duplicates, notes["duplicates"] = steps.duplicates(collected, float(parameters.get("duplicate_threshold", 0.8)))
    report_progress(run_id, "opinions", 75)
    opinions, notes["opinions"] = steps.opinions(collected, int(parameters.get("min_votes", 7)), seed)
    report_progress(run_id, "save", 90)

    _save_items(run, collected, topics, positions)
    run.counts = counts
    run.results = {
        "themes": {"count": len(topics["clusters"]) if topics else 0,
                   "outliers": topics["parameters"]["n_outliers"] if topics else 0},
        "duplicates": duplicates,
        "opinions": opinions,
        "notes": {part: note for part, note in notes.items() if note},
    }
    run.status, run.stage, run.progress = RunStatus.FINISHED.value, "done", 100
    run.finished_at = run.heartbeat_at = now()


def _save_items(run: AnalysisRun, collected, topics: dict | None, positions: dict) -> None:
    """Themes with their labels and terms; one item row per submission (bulk insert)."""
    theme_ids: dict = {}
    representatives: set = set()
    for position, cluster in enumerate((topics or {}).get("clusters", [])):
        label = cluster["label"][:LABEL_MAX]
        theme = AnalysisTheme(run_id=run.id, key=str(cluster["id"]), label=label, original_label=label,
                              terms=list(cluster["terms"]), position=position)
        db.session.add(theme)
        theme_ids[cluster["id"]] = theme
        representatives.update(cluster["representatives"])
    db.session.flush()
    assignments = (topics or {}).get("assignments", {})
    rows = []
    for record in collected.records:
        cluster = assignments.get(record["id"])
        point = positions.get(record["id"])
        rows.append({
            "run_id": run.id, "kind": record["kind"], "source_id": record["source_id"],
            "reference": record["reference"], "topic_id": record["topic_id"], "district_id": record["district_id"],
            "excerpt": record["excerpt"][:EXCERPT_MAX],
            "theme_id": theme_ids[cluster].id if cluster is not None else None,
            "x": point[0] if point else None, "y": point[1] if point else None,
            "representative": record["id"] in representatives, "moved": False})
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(AnalysisItem), rows[start:start + 5000])


def _mark_failed(run_id: int, error: Exception) -> None:
    try:
        run = db.session.get(AnalysisRun, run_id)
        run.status, run.stage = RunStatus.FAILED.value, "failed"
        run.error = f"{type(error).__name__}: {error}"[:1000]
        run.finished_at = run.heartbeat_at = now()
        db.session.commit()
    except Exception:  # noqa: BLE001 - the database itself may be gone; the run then turns stale
        db.session.rollback()
        logger.exception("Could not mark analysis run %s as failed", run_id)

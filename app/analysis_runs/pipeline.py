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
from app.analysis_runs.labels import STAGE_LABELS
from app.analysis_runs.models import (
    EXCERPT_MAX,
    LABEL_MAX,
    QUOTE_MAX,
    AnalysisItem,
    AnalysisRun,
    AnalysisTheme,
    RunStatus,
)
from app.core.clock import now
from app.core.numbers import parse_id
from app.extensions import db

logger = logging.getLogger(__name__)


def report_progress(run_id: int, stage: str, progress: int) -> None:
    """Store the current step and progress (and a heartbeat) in a transaction of its own."""
    with db.engine.begin() as connection:
        connection.execute(update(AnalysisRun).where(AnalysisRun.id == run_id)
                           .values(stage=stage, progress=progress, heartbeat_at=now()))


# Where the theme analysis's own stages sit within its share of the progress bar (THEMES_START…THEMES_END).
THEMES_START, THEMES_END = 10, 55
THEME_STAGES = {"filter": (0.0, 0.1), "embed": (0.1, 0.3), "cluster": (0.3, 0.75), "label": (0.75, 0.9),
                "quotes": (0.9, 1.0)}


class ThemeProgress:
    """The ``progress(stage, fraction)`` callback for ``analysis.find_topics``: maps the library's stages onto
    the run's progress bar and stores a new value only when the shown stage or percentage changes, so a long
    clustering moves the bar in small steps without a write per call. Never goes backwards."""

    def __init__(self, run_id: int, start: int = THEMES_START, end: int = THEMES_END) -> None:
        self.run_id, self.start, self.end = run_id, start, end
        self.shown: tuple[str, int] = ("themes", start)

    def __call__(self, stage: str, fraction: float) -> None:
        low, high = THEME_STAGES.get(stage, (0.0, 1.0))
        share = low + (high - low) * min(max(float(fraction), 0.0), 1.0)
        percent = max(self.shown[1], min(self.end, int(self.start + (self.end - self.start) * share)))
        key = f"themes_{stage}" if f"themes_{stage}" in STAGE_LABELS else "themes"
        if (key, percent) != self.shown:
            self.shown = (key, percent)
            report_progress(self.run_id, key, percent)


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

    report_progress(run_id, "themes", THEMES_START)
    topics, notes["themes"] = steps.themes(collected, parameters.get("k", "auto"), seed, ThemeProgress(run_id))
    report_progress(run_id, "projection", THEMES_END)
    positions = steps.projection(collected, topics["assignments"] if topics else {}, seed)
    report_progress(run_id, "duplicates", 65)
    duplicates, notes["duplicates"] = steps.duplicates(collected, float(parameters.get("duplicate_threshold", 0.8)))
    report_progress(run_id, "opinions", 75)
    opinions, notes["opinions"] = steps.opinions(collected, int(parameters.get("min_votes", 7)), seed)
    report_progress(run_id, "save", 90)

    _save_items(run, collected, topics, positions)
    run.counts = counts
    run.results = {
        "themes": theme_summary(topics),
        "duplicates": duplicates,
        "opinions": opinions,
        "notes": {part: note for part, note in notes.items() if note},
    }
    run.status, run.stage, run.progress = RunStatus.FINISHED.value, "done", 100
    run.finished_at = run.heartbeat_at = now()


def theme_summary(topics: dict | None) -> dict:
    """What the run page, dashboard and report say about the themes as a whole: their number, the
    contributions with content that fit no theme, and those kept out of the themes by reason."""
    if not topics:
        return {"count": 0, "outliers": 0, "excluded": {}}
    excluded: dict[str, int] = {}
    for reason in (topics.get("excluded") or {}).values():
        excluded[reason] = excluded.get(reason, 0) + 1
    without_theme = sum(cluster is None for cluster in topics["assignments"].values())
    return {"count": len(topics["clusters"]), "outliers": without_theme - sum(excluded.values()),
            "excluded": excluded}


def quote_text(record: dict) -> str:
    """A quote as the report prints it: title and text as readable plain text (lists kept as lists),
    contacts removed, shortened at a line or word boundary."""
    from analysis.privacy import redact_contacts
    from analysis.quotes import plain_text

    plain = plain_text("\n\n".join(part for part in (record["title"], record["text"]) if part))
    text = "\n".join(redact_contacts(line) if line.strip() else "" for line in plain.splitlines()).strip()
    if len(text) <= QUOTE_MAX:
        return text
    cut = text[: QUOTE_MAX - 2]
    cut = cut.rsplit("\n", 1)[0] if "\n" in cut[QUOTE_MAX // 2:] else cut.rsplit(" ", 1)[0]
    return cut.rstrip() + " …"


def _save_items(run: AnalysisRun, collected, topics: dict | None, positions: dict) -> None:
    """Themes with their pillar, labels and terms; one item row per submission (bulk insert) with its
    theme, pillar, exclusion reason and quote rank."""
    topics = topics or {}
    known_topics = {record["topic_id"] for record in collected.records if record["topic_id"] is not None}
    theme_ids: dict = {}
    quote_ranks: dict = {}
    for position, cluster in enumerate(topics.get("clusters", [])):
        label = cluster["label"][:LABEL_MAX]
        group = cluster.get("group")
        theme = AnalysisTheme(run_id=run.id, key=str(cluster["id"]), label=label, original_label=label,
                              terms=list(cluster["terms"]), position=position,
                              topic_id=_topic_of(group, known_topics))
        db.session.add(theme)
        theme_ids[cluster["id"]] = theme
        for rank, record_id in enumerate(cluster["representatives"], start=1):
            quote_ranks[record_id] = rank
    db.session.flush()
    assignments = topics.get("assignments", {})
    placed = topics.get("groups", {})
    excluded = topics.get("excluded", {})
    rows = []
    for record in collected.records:
        cluster = assignments.get(record["id"])
        point = positions.get(record["id"])
        rank = quote_ranks.get(record["id"])
        topic_id = _topic_of(placed[record["id"]], known_topics) if record["id"] in placed else record["topic_id"]
        rows.append({
            "run_id": run.id, "kind": record["kind"], "source_id": record["source_id"],
            "reference": record["reference"], "topic_id": topic_id, "district_id": record["district_id"],
            "excerpt": record["excerpt"][:EXCERPT_MAX],
            "theme_id": theme_ids[cluster].id if cluster is not None else None,
            "x": point[0] if point else None, "y": point[1] if point else None,
            "representative": rank is not None, "moved": False, "exclusion": excluded.get(record["id"]),
            "quote_rank": rank, "quote": quote_text(record) if rank is not None else None})
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(AnalysisItem), rows[start:start + 5000])


def _topic_of(group: str | None, known_topics: set) -> int | None:
    """The pillar (topic id) of a group key from the analysis; None for cross-cutting or unknown keys."""
    topic_id = parse_id(group)
    return topic_id if topic_id in known_topics else None


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

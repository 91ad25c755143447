"""Read queries of the analysis pages (constant number of queries per page)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.analysis_runs.labels import ERROR_MESSAGES, RUN_STATUS_LABELS, STAGE_LABELS
from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.core.clock import now
from app.extensions import db
from app.processes.models import Topic
from app.proposals.queries import numbers_by_reference

ITEMS_PER_PAGE = 50


def runs_of_process(process_id: int) -> list[AnalysisRun]:
    """All runs of a process, newest first, with the person who started them. One query."""
    return list(db.session.scalars(
        select(AnalysisRun).options(joinedload(AnalysisRun.started_by))
        .where(AnalysisRun.process_id == process_id).order_by(AnalysisRun.version.desc())))


@dataclass(frozen=True)
class ThemeRow:
    theme: AnalysisTheme
    size: int
    pillar: str | None  # the pillar's title; None for a cross-cutting theme


def theme_overview(run: AnalysisRun) -> tuple[list[ThemeRow], int]:
    """The run's themes with their pillar and current sizes – by pillar (in the process's order, cross-cutting
    themes last), largest first within it – and the number of submissions with content but without a theme
    (those kept out of the themes are counted in the run's summary instead). Two queries."""
    sizes = dict(db.session.execute(
        select(AnalysisItem.theme_id, func.count())
        .where(AnalysisItem.run_id == run.id, AnalysisItem.exclusion.is_(None))
        .group_by(AnalysisItem.theme_id)).all())
    themes = db.session.execute(
        select(AnalysisTheme, Topic.title, Topic.position).outerjoin(Topic, Topic.id == AnalysisTheme.topic_id)
        .where(AnalysisTheme.run_id == run.id)).all()
    ordered = sorted(themes, key=lambda row: (row[2] is None, row[2] or 0, -sizes.get(row[0].id, 0),
                                              row[0].position))
    return [ThemeRow(theme, sizes.get(theme.id, 0), title) for theme, title, _ in ordered], sizes.get(None, 0)


def themes_of_run(run: AnalysisRun) -> list[AnalysisTheme]:
    return list(db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)
                                   .order_by(AnalysisTheme.position)))


def items_page(run: AnalysisRun, theme_id: int | None, page: int):
    """One page of the submissions in a theme (None: without theme), its quotes first (in their order); without
    a theme, those with content come before those kept out of the themes."""
    query = (select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.theme_id == theme_id)
             .order_by(AnalysisItem.exclusion.is_not(None), AnalysisItem.exclusion,
                       func.coalesce(AnalysisItem.quote_rank, 32767), AnalysisItem.representative.desc(),
                       AnalysisItem.id))
    return db.paginate(query, page=page, per_page=ITEMS_PER_PAGE, error_out=False)


def shown_status(run: AnalysisRun) -> str:
    return run.shown_status(now())


def status_payload(run: AnalysisRun) -> dict:
    """The small JSON the progress page polls."""
    status = shown_status(run)
    message = str(ERROR_MESSAGES[status]) if status in ERROR_MESSAGES else ""
    stage = "failed" if status == "aborted" else run.stage
    return {
        "version": run.version, "status": status, "status_label": str(RUN_STATUS_LABELS[status]),
        "progress": run.progress, "stage": stage, "stage_label": str(STAGE_LABELS.get(stage, stage)),
        "done": status in ("finished", "failed", "aborted"), "message": message,
        "text": _("%(stage)s – %(progress)d %%", stage=STAGE_LABELS.get(stage, stage), progress=run.progress),
    }


def merge_links(run: AnalysisRun) -> list[tuple[int, str] | None]:
    """For each duplicate pair of a finished run: (id of the newer proposal, reference of the older one), the
    merge the moderation would usually make (newer into older); None when a proposal no longer exists."""
    pairs = ((run.results or {}).get("duplicates") or {}).get("pairs") or []
    known = numbers_by_reference(run.process_id, [pair.get(side) for pair in pairs for side in ("a", "b")])
    links = []
    for pair in pairs:
        first, second = known.get(pair.get("a")), known.get(pair.get("b"))
        if first is None or second is None:
            links.append(None)
            continue
        (newer_id, _), older_reference = ((first, pair["b"]) if first[1] > second[1] else (second, pair["a"]))
        links.append((newer_id, older_reference))
    return links

"""Charts from the latest finished analysis run (read through app.figures): the theme map and the
opinion groups. Without a run the dashboard shows a note instead."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from analysis import dashboards_results
from analysis.opinion_explain import Explanation, explain_opinions
from analysis.report_data import Opinions
from analysis.report_labels import format_decimal, format_int
from app.audit.models import AuditEntry
from app.core.pagecache import PageCache
from app.dashboard.charts import Chart, chart, content_rows
from app.dashboard.forms import Filters
from app.extensions import db
from app.figures import services as figures

MAP_POINTS_PER_THEME = 150  # the map is thinned; the table counts every submission
MAP_CACHE_ENTRIES = 32
MAP_CACHE_SECONDS = 24 * 3600
THEME_EDITS = ("theme_renamed", "theme_item_moved")


def opinions_chart(run, labels: dict) -> tuple[Chart | None, Explanation | None]:
    """The opinion groups of the run: the chart (sizes, statements with their votes) and the plain-language
    explanation (head counts, one paragraph per group, consensus rule or the reason why there are no groups).
    Without a run: (None, None)."""
    if run is None:
        return None, None
    opinions = figures.opinions(run) or Opinions()
    explanation = explain_opinions(opinions, labels)
    if explanation.reason:
        return None, explanation
    return chart("opinions", dashboards_results.opinion_groups(opinions.groups, opinions.consensus, labels)), \
        explanation


def _map_cache() -> PageCache:
    """Theme maps per application (so tests with fresh apps never share one)."""
    return current_app.extensions.setdefault("dashboard_theme_maps", PageCache(max_entries=MAP_CACHE_ENTRIES))


def _last_theme_edit(process_id: int) -> int | None:
    """Id of the newest audited theme edit (rename, move) of the process: the map changes only with those."""
    return db.session.scalar(select(func.max(AuditEntry.id)).where(
        AuditEntry.process_id == process_id, AuditEntry.action.in_(THEME_EDITS)))


def theme_map_chart(run, labels: dict, filters: Filters) -> Chart | None:
    """The theme map of a finished run, kept per worker until a theme is renamed or an item moved
    (items and positions of a finished run never change otherwise; the key names the run).

    Drawn from at most MAP_POINTS_PER_THEME points per theme (taken evenly in SQL, so the picture stays
    the same and the items are never all loaded); the table counts every submission and gives the exact
    centres (aggregated in SQL)."""
    if run is None:
        return None
    key = (run.id, run.version, str(run.finished_at), _last_theme_edit(run.process_id), filters.topic_id,
           filters.district_id, labels["_language"], labels["theme"])
    cache = _map_cache()
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    points, summaries = figures.theme_map_data(run, topic_id=filters.topic_id, district_id=filters.district_id,
                                               per_theme=MAP_POINTS_PER_THEME)
    made = _theme_map(points, summaries, labels) if summaries else None
    cache.set(key, made or False, MAP_CACHE_SECONDS)
    return made


def _theme_map(points: list[dict], summaries: list[dict], labels: dict) -> Chart:
    """The map drawn from the thinned points; the table from the per-theme summaries of every item."""
    result = dashboards_results.theme_map(points, labels, max_points_per_theme=MAP_POINTS_PER_THEME)
    result.table.rows = [
        [summary["theme"], format_int(summary["count"], labels), format_decimal(summary["mean_x"], labels, 2),
         format_decimal(summary["mean_y"], labels, 2)]
        for summary in summaries]
    return content_rows(chart("theme-map", result))

"""Read API of analysis runs for the figures (dashboard, public results page, council report).

Every function reflects the moderation's edits (renamed themes, moved submissions) and runs a
constant number of queries, whatever the size of the run.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Integer, String, func, literal, literal_column, select

from analysis.report_data import OpinionGroup, Opinions, Quote, Statement, Theme
from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme, RunStatus
from app.extensions import db
from app.processes.models import District, Topic

MAX_QUOTES = 3


def latest_finished_run(process_id: int) -> AnalysisRun | None:
    """The newest finished run of a process (highest version), or None. One query."""
    return db.session.scalar(
        select(AnalysisRun).where(AnalysisRun.process_id == process_id, AnalysisRun.status == RunStatus.FINISHED.value)
        .order_by(AnalysisRun.version.desc()).limit(1))


def themes_by_pillar(run: AnalysisRun) -> dict[int | None, list[Theme]]:
    """Themes per pillar (topic id; None: cross-cutting themes): current label, number of submissions now in
    the theme (moves by the moderation included), and up to MAX_QUOTES quotes in the analysis's order.

    Quotes are the items the analysis chose (representative, diverse, with substance), as readable text;
    an item the moderation moved out of its theme is no longer quoted there. Runs from before quotes were
    ranked fall back to their representative items. Within a pillar, themes are sorted by size (largest
    first), then by their position. Three queries.
    """
    themes = {theme.id: theme for theme in db.session.scalars(
        select(AnalysisTheme).where(AnalysisTheme.run_id == run.id))}
    sizes = dict(db.session.execute(
        select(AnalysisItem.theme_id, func.count())
        .where(AnalysisItem.run_id == run.id, AnalysisItem.theme_id.is_not(None))
        .group_by(AnalysisItem.theme_id)).all())
    ranked = (
        select(AnalysisItem.theme_id, AnalysisItem.reference,
               func.coalesce(AnalysisItem.quote, AnalysisItem.excerpt).label("text"),
               func.row_number().over(
                   partition_by=AnalysisItem.theme_id,
                   order_by=(func.coalesce(AnalysisItem.quote_rank, 32767), AnalysisItem.id)).label("rank"))
        .where(AnalysisItem.run_id == run.id, AnalysisItem.theme_id.is_not(None), AnalysisItem.moved.is_(False),
               (AnalysisItem.quote_rank.is_not(None)) | AnalysisItem.representative.is_(True))
        .subquery())
    quotes: dict[int, list[Quote]] = {}
    for theme_id, reference, text, _rank in db.session.execute(
            select(ranked).where(ranked.c.rank <= MAX_QUOTES).order_by(ranked.c.theme_id, ranked.c.rank)):
        quotes.setdefault(theme_id, []).append(Quote(ref=reference, text=text))
    result: dict[int | None, list[tuple]] = {}
    for theme_id, theme in themes.items():
        size = int(sizes.get(theme_id, 0))
        if size:
            entry = Theme(label=theme.label, size=size, quotes=quotes.get(theme_id, []))
            result.setdefault(theme.topic_id, []).append((-size, theme.position, entry))
    return {topic_id: [entry for *_, entry in sorted(entries, key=lambda e: e[:2])]
            for topic_id, entries in result.items()}


def theme_exclusions(run: AnalysisRun) -> dict[str, int]:
    """How many submissions the run kept out of its themes, by reason (see analysis_runs.labels.EXCLUSION_LABELS).
    No query: the run's summary holds them."""
    stored = ((run.results or {}).get("themes") or {}).get("excluded") or {}
    return {reason: int(count) for reason, count in stored.items() if int(count) > 0}


def _map_filters(run: AnalysisRun, topic_id: int | None, district_id: int | None) -> list:
    """Items of the run with a map position, optionally of one pillar and one district."""
    conditions = [AnalysisItem.run_id == run.id, AnalysisItem.x.is_not(None), AnalysisItem.y.is_not(None)]
    if topic_id is not None:
        conditions.append(AnalysisItem.topic_id == topic_id)
    if district_id is not None:
        conditions.append(AnalysisItem.district_id == district_id)
    return conditions


def _point(x, y, label, reference, kind, topic, district_key, pillar, district, no_theme: str) -> dict:
    return {"x": x, "y": y, "theme": label or no_theme, "ref": reference, "kind": kind, "pillar": pillar or "",
            "district": district or "", "topic_id": topic, "district_id": district_key}


def theme_points(run: AnalysisRun, *, topic_id: int | None = None, district_id: int | None = None) -> list[dict]:
    """Rows for ``analysis.dashboards_results.theme_map``: x, y, theme (current label; "Ohne Thema"
    for submissions without one), ref, kind, pillar, district (names), topic_id, district_id.

    Optionally filtered by pillar and district; submissions without a map position are left out.
    One query. Every item is loaded: for the dashboard's map use `theme_map_data`.
    """
    query = (
        select(AnalysisItem.x, AnalysisItem.y, AnalysisTheme.label, AnalysisItem.reference, AnalysisItem.kind,
               AnalysisItem.topic_id, AnalysisItem.district_id, Topic.title, District.name)
        .outerjoin(AnalysisTheme, AnalysisTheme.id == AnalysisItem.theme_id)
        .outerjoin(Topic, Topic.id == AnalysisItem.topic_id)
        .outerjoin(District, District.id == AnalysisItem.district_id)
        .where(*_map_filters(run, topic_id, district_id))
        .order_by(AnalysisItem.id))
    no_theme = _("Ohne Thema")
    return [_point(*row, no_theme=no_theme) for row in db.session.execute(query)]


def theme_map_data(run: AnalysisRun, *, topic_id: int | None = None, district_id: int | None = None,
                   per_theme: int = 150) -> tuple[list[dict], list[dict]]:
    """The theme map without loading every item: (points, summaries). One query (two when themes share a label).

    points: rows as `theme_points` returns them, at most ``per_theme`` per theme, taken evenly (every
    ceil(n / per_theme)-th item of a theme in id order, starting with the first), in id order.
    summaries: per theme (current label; "Ohne Thema" for items without one) the exact ``count`` of
    its items and their centre ``mean_x``, ``mean_y``; largest theme first, then by label.
    Themes are told apart by their shown label, as on the map: themes renamed to the same label are one.
    Same filters as `theme_points`.
    """
    per_theme = max(1, int(per_theme))
    no_theme = _("Ohne Thema")
    # "+ 0": SQLite would otherwise read a filtered map through the (run, theme) index for its order and
    # pass over every item of the run instead of using the pillar or district index (50 ms instead of 5).
    by_theme = AnalysisItem.theme_id + literal_column("0")
    rows = db.session.execute(_sampled(run, topic_id, district_id, per_theme, by_theme)).all()
    if len({row.theme_id for row in rows}) != len({row.label or no_theme for row in rows}):
        # Two themes (or a theme and the items without one) show the same label: sample them as one.
        by_label = func.coalesce(AnalysisTheme.label, literal(no_theme, String))
        rows = db.session.execute(_sampled(run, topic_id, district_id, per_theme, by_label)).all()
    totals: dict[str, tuple] = {}
    for row in rows:  # every partition's first item is kept, and each kept row carries its partition's totals
        totals.setdefault(row.label or no_theme, (int(row.size), float(row.sum_x), float(row.sum_y)))
    summaries = [{"theme": label, "count": count, "mean_x": sum_x / count, "mean_y": sum_y / count}
                 for label, (count, sum_x, sum_y) in sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))]
    points = [_point(row.x, row.y, row.label, row.reference, row.kind, row.topic_id, row.district_id, row.title,
                     row.name, no_theme=no_theme) for row in rows]
    return points, summaries


def _sampled(run: AnalysisRun, topic_id: int | None, district_id: int | None, per_theme: int, partition):
    """Every ceil(n / per_theme)-th item of each partition (n: its size) with the partition's size and sums.

    The window runs over narrow rows (id, rank, sizes, sums); only the kept items are joined afterwards.
    """
    window = {"partition_by": partition}
    ranked = (
        select(AnalysisItem.id,
               func.row_number().over(order_by=AnalysisItem.id, **window).label("number"),
               func.count().over(**window).label("size"),
               func.sum(AnalysisItem.x).over(**window).label("sum_x"),
               func.sum(AnalysisItem.y).over(**window).label("sum_y"))
        .select_from(AnalysisItem).outerjoin(AnalysisTheme, AnalysisTheme.id == AnalysisItem.theme_id)
        .where(*_map_filters(run, topic_id, district_id))
        .subquery())
    # ceil(size / per_theme) with integer operands only: integer division on SQLite and PostgreSQL alike
    step = (ranked.c.size + literal(per_theme - 1, Integer)) // literal(per_theme, Integer)
    return (
        select(AnalysisItem.x, AnalysisItem.y, AnalysisItem.theme_id, AnalysisTheme.label, AnalysisItem.reference,
               AnalysisItem.kind, AnalysisItem.topic_id, AnalysisItem.district_id, Topic.title, District.name,
               ranked.c.size, ranked.c.sum_x, ranked.c.sum_y)
        .select_from(ranked)
        .join(AnalysisItem, AnalysisItem.id == ranked.c.id)
        .outerjoin(AnalysisTheme, AnalysisTheme.id == AnalysisItem.theme_id)
        .outerjoin(Topic, Topic.id == AnalysisItem.topic_id)
        .outerjoin(District, District.id == AnalysisItem.district_id)
        .where((ranked.c.number - 1) % step == 0)
        .order_by(ranked.c.id))


def _statement(entry: dict) -> Statement:
    rest_ratio = entry.get("rest_agree_ratio")
    return Statement(text=entry["title"], ref=entry["ref"], direction=entry["direction"],
                     agree_ratio=float(entry["agree_ratio"]), n_votes=entry.get("n_votes"),
                     rest_agree_ratio=None if rest_ratio is None else float(rest_ratio),
                     rest_n_votes=entry.get("rest_n_votes"), group_n_votes=list(entry.get("group_n_votes", [])),
                     group_agree_ratios=list(entry.get("group_agree_ratios", [])))


def opinions_data(run: AnalysisRun) -> Opinions | None:
    """Opinion groups and consensus of the run as report data; without groups, an `Opinions` whose
    `reason` is the run's note (why none were formed); None for a run without an opinions step.
    Group sizes are as computed (groups under 5 people are left out by the report/dashboard). No query."""
    results = run.results or {}
    stored = results.get("opinions")
    if not stored:
        note = (results.get("notes") or {}).get("opinions")
        return Opinions(reason=note) if note else None
    stability = stored.get("stability") or {}
    return Opinions(
        participants=int(stored.get("participants", 0)),
        clustered=stored.get("clustered"),
        min_votes=int(stored.get("min_votes", 7)),
        method=stored.get("method", "kmeans"),
        stability_seeds=stability.get("seeds"),
        stability_subsamples=stability.get("subsamples"),
        groups=[OpinionGroup(id=group["id"], size=int(group["size"]),
                             representative=[_statement(entry) for entry in group["representative"]])
                for group in stored.get("groups", [])],
        consensus=[_statement(entry) for entry in stored.get("consensus", [])])

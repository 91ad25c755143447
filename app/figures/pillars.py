"""The per-pillar results block: per pillar its themes (from the analysis run) with their quotes, and its
most agreed proposals. Computed once, here, for the public results page and the council report, so that
both show the same themes, quotes and proposals in the same order.

Order (ties included):

* pillars: the process's topics in their order, then – if some themes belong to no pillar (e.g. survey
  free text) – a block "Übergreifende Themen";
* themes: by number of submissions, largest first; equal sizes by label (A–Z). This is also the order
  in which the report library lists them, so it keeps ours;
* quotes: per theme as the analysis run gives them (representative submissions first);
* proposals: the TOP_PER_PILLAR with the most agree votes among those with at least one agree vote
  that were not merged into another proposal; equal counts by the share of agree votes
  among all votes (higher first), then by reference (ascending) – `analysis.dashboards.most_agreed`,
  the rule the charts of the dashboard and the report sort by as well.
"""
from __future__ import annotations

from analysis import dashboards
from analysis.report_data import PillarResult, ProposalRow, Theme
from app.analysis_runs.queries.results import themes_by_pillar
from app.figures.labels import cross_pillar_title
from app.processes.models import Process

TOP_PER_PILLAR = 5


def rankable(rows: list[ProposalRow]) -> list[ProposalRow]:
    """The rows a ranking may show: at least one agree vote, not merged into another proposal."""
    return [row for row in rows if row.agree > 0 and not row.merged_into]


def top_candidates(rows: list[ProposalRow], n: int) -> list[ProposalRow]:
    """The rows that can be among the n most agreed (at least the n-th highest agree count, only
    rankable rows), so that the library sorts a handful instead of every proposal; its order decides."""
    rows = rankable(rows)
    if len(rows) <= n:
        return rows
    threshold = sorted((row.agree for row in rows), reverse=True)[n - 1]
    return [row for row in rows if row.agree >= threshold]


def most_agreed(rows: list[ProposalRow], n: int) -> list[ProposalRow]:
    """The n rows with the most agree votes, in the order of the module docstring."""
    return dashboards.most_agreed(top_candidates(rows, n), n)


def ordered_themes(themes: list[Theme]) -> list[Theme]:
    """Largest first; equal sizes by label."""
    return sorted(themes, key=lambda theme: (-theme.size, theme.label))


def pillar_results(process: Process, rows: list[ProposalRow], run) -> list[PillarResult]:
    """One `PillarResult` per pillar (name, description, themes, top proposals), plus one for the themes
    without a pillar. `rows` are the process's proposal rows; `run` the finished analysis run or None
    (then no pillar has themes). Three queries with a run, none without."""
    themes = themes_by_pillar(run) if run is not None else {}
    known = {topic.id for topic in process.topics}
    pillars = [PillarResult(name=topic.title, summary=topic.description or "",
                            themes=ordered_themes(themes.get(topic.id, [])),
                            top_proposals=most_agreed([row for row in rows if row.pillar == topic.title],
                                                      TOP_PER_PILLAR))
               for topic in process.topics]
    loose = [theme for key, group in themes.items() if key not in known for theme in group]
    if loose:
        pillars.append(PillarResult(name=cross_pillar_title(), themes=ordered_themes(loose)))
    return pillars

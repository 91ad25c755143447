"""Dashboard charts as plotly figure dicts, each paired with a table that says the same.

Inputs are plain lists of mappings or objects (dataclasses from ``analysis.report_data``
work too); labels come translated from the app (German defaults otherwise). Filtering by
pillar or district is the caller's job – ``filter_rows`` helps. Small counts of people are
suppressed: "< 5" in the table and as the label of a zero bar (``analysis.privacy``); numbers
in the charts follow the labels' language (``analysis.chart_style.finish``).
Theme map and opinion groups live in ``analysis.dashboards_results``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from analysis.chart_style import PlainFigure, bar_trace, field_of, finish, line_trace
from analysis.privacy import suppress_partition, suppress_small, visible_count
from analysis.report_labels import format_date, format_decimal, format_int, format_share, label
from analysis.report_model import Table

Labels = Mapping[str, str] | None


@dataclass
class ChartWithTable:
    """A chart and its accessible text alternative."""

    figure: dict
    table: Table


def filter_rows(rows: Iterable[Any], pillar: str | None = None, district: str | None = None) -> list:
    """Rows whose ``pillar``/``district`` fields match the given values (None = any)."""
    return [row for row in rows
            if (pillar is None or field_of(row, "pillar") == pillar)
            and (district is None or field_of(row, "district") == district)]


def _chart_value(cell: Any) -> int | None:
    return cell if isinstance(cell, int) else None


def _percent(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def participation_over_time(points: Iterable[Any], labels: Labels = None) -> ChartWithTable:
    """Contributions per day, one line per channel (online, Veranstaltung, Papier, …)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for point in points:
        day = str(field_of(point, "date"))
        channel = field_of(point, "channel")
        counts[channel][day] = counts[channel].get(day, 0) + int(field_of(point, "count"))
    days = sorted({day for per_day in counts.values() for day in per_day})
    channels = sorted(counts, key=str.casefold)
    fig = PlainFigure([line_trace(channel, days, [visible_count(counts[channel].get(day, 0)) for day in days], i)
                     for i, channel in enumerate(channels)])
    title = label(labels, "timeline_caption")
    fig.update_xaxes(tickformat=label(labels, "_date_tick"))
    rows = [[format_date(day, labels), *[format_int(suppress_small(counts[c].get(day, 0)), labels) for c in channels]]
            for day in days]
    table = Table(title, [label(labels, "day"), *channels], rows)
    return ChartWithTable(finish(fig, title, label(labels, "day"), label(labels, "contributions"), labels=labels),
                          table)


def _grouped_counts(rows: list, key: str, measures: list[str], caption_key: str, labels: Labels,
                    horizontal: bool = True) -> ChartWithTable:
    names = [str(field_of(row, key)) for row in rows]
    columns = {m: suppress_partition([int(field_of(row, m) or 0) for row in rows]) for m in measures}
    traces = []
    for index, measure in enumerate(measures):
        values = columns[measure]  # numbers, "< 5" or the secondary mark: labelled zero bars
        x, y = (values, names) if horizontal else (names, values)
        traces.append(bar_trace(label(labels, measure), x, y, index, horizontal=horizontal))
    title = label(labels, caption_key)
    table_rows = [[name, *[format_int(columns[m][i], labels) for m in measures]] for i, name in enumerate(names)]
    table = Table(title, [label(labels, key), *[label(labels, m) for m in measures]], table_rows)
    height = max(360, 40 * len(names) * len(measures) // 2 + 160) if horizontal else 420
    fig = PlainFigure(traces)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return ChartWithTable(finish(fig, title, height=height, barmode="group", labels=labels), table)


def participation_by_district(rows: Iterable[Any], labels: Labels = None) -> ChartWithTable:
    """Participants and proposals per district (fields district, participants, proposals)."""
    return _grouped_counts(list(rows), "district", ["participants", "proposals"], "district_caption", labels)


def participation_by_pillar(rows: Iterable[Any], labels: Labels = None) -> ChartWithTable:
    """Participants, proposals and comments per pillar."""
    return _grouped_counts(list(rows), "pillar", ["participants", "proposals", "comments"],
                           "pillar_caption", labels)


def votes_distribution(proposals: Iterable[Any], labels: Labels = None,
                       bins: tuple[int, ...] = (0, 1, 5, 10, 25, 50, 100, 250)) -> ChartWithTable:
    """How many proposals received how many votes (agree + disagree + pass), in ranges."""
    edges = list(bins)
    counts = [0] * len(edges)
    for proposal in proposals:
        total = sum(int(field_of(proposal, key) or 0) for key in ("agree", "disagree", "pass"))
        slot = max(i for i, edge in enumerate(edges) if total >= edge)
        counts[slot] += 1
    names = [f"{low}–{high - 1}" if high - low > 1 else str(low)
             for low, high in zip(edges, edges[1:])] + [f"≥ {edges[-1]}"]
    title = label(labels, "votes") + " / " + label(labels, "proposals")
    fig = PlainFigure([bar_trace(label(labels, "proposals"), names, counts, 0)])
    table = Table(title, [label(labels, "votes"), label(labels, "proposals")],
                  [[name, format_int(count, labels)] for name, count in zip(names, counts)])
    return ChartWithTable(finish(fig, title, label(labels, "votes"), label(labels, "proposals"), labels=labels), table)


def top_proposals(proposals: Iterable[Any], labels: Labels = None, n: int = 10,
                  caption: str | None = None) -> ChartWithTable:
    """The ``n`` proposals with the most agreement: stacked bars agree / disagree / pass."""
    chosen = most_agreed(proposals, n)
    refs = [str(field_of(p, "ref")) for p in chosen]
    kinds = ["agree", "disagree", "pass"]
    traces = [bar_trace(label(labels, kind), [int(field_of(p, kind) or 0) for p in chosen], refs, i,
                        horizontal=True, hovertext=[str(field_of(p, "title")) for p in chosen])
              for i, kind in enumerate(kinds)]
    title = caption or label(labels, "top_caption").format(pillar="")
    rows = [[str(field_of(p, "ref")), str(field_of(p, "title")),
             *[format_int(int(field_of(p, kind) or 0), labels) for kind in kinds], str(field_of(p, "status") or "")]
            for p in chosen]
    table = Table(title, [label(labels, "ref"), label(labels, "title"), *[label(labels, k) for k in kinds],
                          label(labels, "status")], rows)
    fig = PlainFigure(traces)
    fig.update_yaxes(autorange="reversed")
    return ChartWithTable(finish(fig, title, label(labels, "votes"), height=max(320, 36 * len(refs) + 160),
                                 barmode="stack", labels=labels), table)


def most_agreed(proposals: Iterable[Any], n: int) -> list:
    """The ``n`` proposals with the most agree votes (ties: higher agree share, then ref)."""
    def key(p):
        agree = int(field_of(p, "agree") or 0)
        total = agree + int(field_of(p, "disagree") or 0) + int(field_of(p, "pass") or 0)
        return (-agree, -(agree / total if total else 0.0), str(field_of(p, "ref")))

    return sorted(proposals, key=key)[:n]


def survey_question(question: Any, labels: Labels = None) -> ChartWithTable | None:
    """Answer options of one question with count and share (a number question: answers and mean);
    None if fewer than 5 answered."""
    responses = int(field_of(question, "responses") or 0)
    if suppress_small(responses) != responses or responses == 0:
        return None
    options = list(field_of(question, "options") or [])
    if not options and field_of(question, "mean") is not None:
        return _number_question(question, responses, labels)
    names = [str(field_of(o, "label")) for o in options]
    cells = suppress_partition([int(field_of(o, "count") or 0) for o in options])
    shares = [cell / responses if isinstance(cell, int) else None for cell in cells]
    text = str(field_of(question, "text"))
    fig = PlainFigure([bar_trace(label(labels, "share"), [cell if s is None else _percent(s)
                                                         for s, cell in zip(shares, cells)],
                               names, 0, horizontal=True)])
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix=" %", range=[0, 100])
    rows = [[name, format_int(cell, labels), format_share(share, labels)]
            for name, cell, share in zip(names, cells, shares)]
    notes = []
    if field_of(question, "mean") is not None:
        notes.append(label(labels, "mean").format(mean=format_decimal(field_of(question, "mean"), labels)))
    table = Table(text, [label(labels, "answer_option"), label(labels, "count"), label(labels, "share")], rows, notes)
    return ChartWithTable(finish(fig, text, label(labels, "share"), height=max(300, 40 * len(names) + 150),
                                 labels=labels), table)


def _number_question(question: Any, responses: int, labels: Labels) -> ChartWithTable:
    """A question answered with a number (no options): how many answered and the mean."""
    text, mean = str(field_of(question, "text")), float(field_of(question, "mean"))
    fig = PlainFigure([bar_trace(label(labels, "mean_value"), [round(mean, 2)], [label(labels, "mean_value")], 0,
                                 horizontal=True)])
    rows = [[label(labels, "answers"), format_int(responses, labels)],
            [label(labels, "mean_value"), format_decimal(mean, labels, digits=2)]]
    table = Table(text, [label(labels, "figure"), label(labels, "value")], rows)
    return ChartWithTable(finish(fig, text, label(labels, "mean_value"), height=220, labels=labels), table)


def representativeness(dimension: Any, labels: Labels = None) -> ChartWithTable:
    """Observed shares of participants against a reference (e.g. Kiel's population)."""
    categories = list(field_of(dimension, "categories") or [])
    names = [str(field_of(c, "label")) for c in categories]
    cells = suppress_partition([int(field_of(c, "observed") or 0) for c in categories])
    total = sum(int(field_of(c, "observed") or 0) for c in categories)
    observed = [cell / total if isinstance(cell, int) and total else None for cell in cells]
    reference = [float(field_of(c, "reference_share") or 0.0) for c in categories]
    fig = PlainFigure([bar_trace(label(labels, "observed_share"), names,
                                 [cell if o is None else _percent(o) for o, cell in zip(observed, cells)], 0),
                     bar_trace(label(labels, "reference_share"), names, [_percent(s) for s in reference], 1)])
    fig.update_yaxes(ticksuffix=" %")
    name = str(field_of(dimension, "name"))
    title = label(labels, "representativeness_caption").format(dimension=name)
    rows = [[n, format_int(cell, labels), format_share(o, labels), format_share(r, labels),
             "–" if o is None else format_decimal(100 * (o - r), labels) + " %-Pkt."]
            for n, cell, o, r in zip(names, cells, observed, reference)]
    source = field_of(dimension, "reference_source")
    notes = [label(labels, "source").format(source=source)] if source else []
    table = Table(title, [label(labels, "category"), label(labels, "participants"), label(labels, "observed_share"),
                          label(labels, "reference_share"), label(labels, "difference")], rows, notes)
    return ChartWithTable(finish(fig, title, name, label(labels, "share"), barmode="group", labels=labels), table)


def moderation_figures(reports_by_reason: Iterable[Any], actions: Iterable[Any],
                       labels: Labels = None) -> ChartWithTable:
    """Reports by reason and moderation actions (fields label, count) in one bar chart.

    Shown exactly, as on the public moderation summary of the process: they count reports and actions,
    not people, and are a public counter of the platform (see analysis/README.md, Privacy)."""
    reasons, taken = list(reports_by_reason), list(actions)
    reason_cells = [int(field_of(r, "count") or 0) for r in reasons]
    action_cells = [int(field_of(a, "count") or 0) for a in taken]
    reason_names = [str(field_of(r, "label")) for r in reasons]
    action_names = [str(field_of(a, "label")) for a in taken]
    fig = PlainFigure([
        bar_trace(label(labels, "reason"), [_chart_value(c) for c in reason_cells], reason_names, 0, horizontal=True),
        bar_trace(label(labels, "action"), [_chart_value(c) for c in action_cells], action_names, 1, horizontal=True),
    ])
    fig.update_yaxes(autorange="reversed")
    title = label(labels, "sec_moderation")
    rows = ([[label(labels, "reason"), n, format_int(c, labels)] for n, c in zip(reason_names, reason_cells)]
            + [[label(labels, "action"), n, format_int(c, labels)] for n, c in zip(action_names, action_cells)])
    table = Table(title, [label(labels, "category"), label(labels, "description"), label(labels, "count")], rows)
    return ChartWithTable(finish(fig, title, label(labels, "count"),
                                 height=max(320, 36 * (len(reasons) + len(taken)) + 160), labels=labels), table)

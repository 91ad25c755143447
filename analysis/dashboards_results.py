"""Dashboard charts for analysis results: the theme map and the opinion groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from analysis.chart_style import PlainFigure, bar_trace, field_of, finish, series_style, trace
from analysis.dashboards import ChartWithTable, Labels
from analysis.privacy import MIN_GROUP_SIZE
from analysis.report_labels import format_decimal, format_int, format_share, label
from analysis.report_model import Table


def theme_map(points: Iterable[Any], labels: Labels = None, max_points_per_theme: int = 2000) -> ChartWithTable:
    """Contributions on a 2-D projection (fields x, y, theme[, ref]), one marker symbol per
    theme and the theme's label at its centre. Big themes are thinned deterministically."""
    by_theme: dict[str, list] = defaultdict(list)
    for point in points:
        by_theme[str(field_of(point, "theme") or "–")].append(point)
    ordered = sorted(by_theme.items(), key=lambda item: (-len(item[1]), item[0]))
    traces, annotations, rows = [], [], []
    for index, (theme, members) in enumerate(ordered):
        step = max(1, len(members) // max_points_per_theme)
        shown = members[::step]
        style = series_style(index)
        xs = [float(field_of(p, "x")) for p in members]
        ys = [float(field_of(p, "y")) for p in members]
        centre = (sum(xs) / len(xs), sum(ys) / len(ys))
        traces.append(trace(
            "scattergl", name=theme, mode="markers", x=[float(field_of(p, "x")) for p in shown],
            y=[float(field_of(p, "y")) for p in shown], text=[str(field_of(p, "ref") or "") for p in shown],
            marker={"symbol": style["symbol"], "color": style["color"], "size": 6, "opacity": 0.7}))
        annotations.append({"x": centre[0], "y": centre[1], "text": f"<b>{theme}</b>", "showarrow": False,
                            "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}})
        rows.append([theme, format_int(len(members), labels),
                     format_decimal(centre[0], labels, 2), format_decimal(centre[1], labels, 2)])
    fig = PlainFigure(traces)
    fig.update_layout(annotations=annotations)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    title = label(labels, "theme")
    table = Table(title, [label(labels, "theme"), label(labels, "size"), "x", "y"], rows)
    return ChartWithTable(finish(fig, title, height=560, labels=labels), table)


def visible_groups(groups: Iterable[Any], minimum: int = MIN_GROUP_SIZE) -> tuple[list, int]:
    """Groups with at least ``minimum`` members, and how many were left out."""
    groups = list(groups)
    shown = [g for g in groups if int(field_of(g, "size") or 0) >= minimum]
    return shown, len(groups) - len(shown)


def statement_rows(statements: Iterable[Any], labels: Labels = None) -> list[list[str]]:
    """Table rows: statement text, ref, direction, agree share (in the group, or overall for consensus),
    agree share outside the group ("–" for consensus) and the number of votes it rests on."""
    return [[str(field_of(s, "text")), str(field_of(s, "ref") or ""),
             label(labels, f"direction_{field_of(s, 'direction') or 'agree'}"),
             format_share(field_of(s, "agree_ratio"), labels), format_share(field_of(s, "rest_agree_ratio"), labels),
             format_int(field_of(s, "n_votes"), labels)] for s in statements]


def opinion_groups(groups: Iterable[Any], consensus: Iterable[Any], labels: Labels = None,
                   with_statements: bool = True) -> ChartWithTable:
    """Group sizes as bars (groups under 5 people left out); the table lists each group's
    representative statements and the consensus, each with its number of votes (only the sizes
    when ``with_statements`` is false, for pages that show the statements elsewhere)."""
    shown, hidden = visible_groups(groups)
    names = [label(labels, "group").format(id=field_of(g, "id")) for g in shown]
    sizes = [int(field_of(g, "size")) for g in shown]
    fig = PlainFigure([bar_trace(label(labels, "group_size"), names, sizes, 0)])
    title = label(labels, "groups_caption")
    if not with_statements:
        table = Table(title, [label(labels, "category"), label(labels, "group_size")],
                      [[name, format_int(size, labels)] for name, size in zip(names, sizes)])
        return ChartWithTable(finish(fig, title, y_title=label(labels, "group_size"), labels=labels), table)
    rows = []
    for name, size, group in zip(names, sizes, shown):
        statements = statement_rows(field_of(group, "representative") or [], labels) or [["–"] * 6]
        for position, statement in enumerate(statements):
            rows.append([name, format_int(size, labels) if position == 0 else "", *statement])
    consensus_name = label(labels, "consensus_caption").split(":")[0]
    for statement in statement_rows(consensus, labels):
        rows.append([consensus_name, "", *statement])
    notes = [label(labels, "groups_suppressed").format(n=hidden, minimum=MIN_GROUP_SIZE)] if hidden and shown else []
    table = Table(title, [label(labels, "category"), label(labels, "group_size"), label(labels, "statement"),
                          label(labels, "ref"), label(labels, "direction"), label(labels, "opinion_share_in_group"),
                          label(labels, "opinion_share_outside"), label(labels, "votes")], rows, notes)
    return ChartWithTable(finish(fig, title, y_title=label(labels, "group_size"), labels=labels), table)

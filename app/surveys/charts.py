"""Plotly figures (as plain JSON-able dicts) for question results.

The table beside each chart is the primary content; the chart is an enhancement drawn by
static/js/charts.js with the locally served plotly.js. Suppressed cells are left out.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.surveys.queries.results import QuestionResult

# Distinguishable colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
PALETTE = ["#00437a", "#b34700", "#1e6b33", "#6b2c91", "#9e1b32", "#005f73", "#5c5c00", "#8a3b12", "#34495e",
           "#7a0177", "#2d5016"]
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif", "size": 14, "color": "#1b1b1b"}
CONFIG = {"displayModeBar": False, "responsive": True}


def _layout(bars: int, axis_title: str, **extra) -> dict:
    layout = {
        "height": 90 + 34 * max(bars, 1),
        "margin": {"l": 10, "r": 20, "t": 10, "b": 50},
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "xaxis": {"title": {"text": axis_title}, "rangemode": "tozero", "gridcolor": "#d0d5db", "fixedrange": True},
        "yaxis": {"automargin": True, "autorange": "reversed", "fixedrange": True},
    }
    layout.update(extra)
    return layout


def question_chart(result: QuestionResult) -> dict | None:
    """A horizontal bar chart for choice, scale and ranking results; a stacked one for matrices."""
    if result.suppressed or not result.respondents:
        return None
    kind = result.question.kind
    if kind == "matrix":
        return _matrix_chart(result)
    if kind == "ranking":
        averages = result.stats.get("average_rank", {})
        labels = [label for label, value in averages.items() if value]
        values = [float(averages[label].replace(",", ".")) for label in labels]
        trace = {"type": "bar", "orientation": "h", "x": values, "y": labels, "marker": {"color": PALETTE[0]},
                 "hovertemplate": "%{y}: %{x}<extra></extra>"}
        return {"data": [trace], "layout": _layout(len(labels), _("Durchschnittlicher Rang (1 = am wichtigsten)")),
                "config": CONFIG}
    cells = [cell for cell in result.cells if cell.count is not None]
    if not cells:
        return None
    trace = {"type": "bar", "orientation": "h", "x": [cell.count for cell in cells],
             "y": [cell.label for cell in cells], "marker": {"color": PALETTE[0]},
             "hovertemplate": "%{y}: %{x}<extra></extra>"}
    return {"data": [trace], "layout": _layout(len(cells), _("Anzahl der Antworten")), "config": CONFIG}


def _matrix_chart(result: QuestionResult) -> dict | None:
    if not result.matrix:
        return None
    rows = [label for label, _cells in result.matrix]
    columns = [cell.label for cell in result.matrix[0][1]]
    traces = []
    for index, column in enumerate(columns):
        traces.append({
            "type": "bar", "orientation": "h", "name": column, "y": rows,
            "x": [cells[index].count or 0 for _label, cells in result.matrix],
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "hovertemplate": "%{y} – " + column + ": %{x}<extra></extra>",
        })
    layout = _layout(len(rows), _("Anzahl der Antworten"), barmode="stack", showlegend=True,
                     legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"})
    layout["height"] += 50
    layout["margin"]["t"] = 60
    return {"data": traces, "layout": layout, "config": CONFIG}

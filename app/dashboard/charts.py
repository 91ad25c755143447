"""Turning the analysis library's ChartWithTable into what the templates render.

The table is the content (caption, column headers, the first cell of each row as row header,
notes below); the plotly figure is drawn by static/js/charts.js for sighted users and hidden from
assistive technology. Without JavaScript nothing is lost.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from plotly.utils import PlotlyJSONEncoder

from analysis.dashboards import ChartWithTable
from analysis.report_model import Table


@dataclass
class Chart:
    """One chart of a page: a unique id, its table and its figure as HTML-safe JSON (or None)."""

    id: str
    table: Table
    figure_json: Markup | None = None
    notes: list[str] = field(default_factory=list)
    # True when the row headers are content (pillar, district, theme, answer labels), not interface text:
    # the template then marks them with the content language (WCAG 3.1.2).
    content_rows: bool = False


def _dumps(value, **kwargs) -> str:
    """Plain JSON (fast); plotly's encoder (which re-parses its output to turn NaN into null) only
    when a value needs it."""
    try:
        return json.dumps(value, allow_nan=False, default=PlotlyJSONEncoder().default, **kwargs)
    except ValueError:
        return json.dumps(value, cls=PlotlyJSONEncoder, **kwargs)


def figure_json(figure: dict) -> Markup:
    """The figure as JSON that is safe inside <script type="application/json">; the fixed width of the
    library's print layout is dropped so that the chart follows the page width.

    Under the strict CSP (style-src 'self') plotly may not set style attributes, so bold annotation
    labels (the theme map's "<b>label</b>", drawn with a style attribute) use the font weight instead."""
    layout = dict(figure.get("layout", {}))
    layout.pop("width", None)
    layout["autosize"] = True
    if layout.get("annotations"):
        layout["annotations"] = [_plain_annotation(note) for note in layout["annotations"]]
    return htmlsafe_json_dumps({**figure, "layout": layout}, dumps=_dumps)


def _plain_annotation(note: dict) -> dict:
    text = str(note.get("text", ""))
    if text.startswith("<b>") and text.endswith("</b>"):
        return {**note, "text": text[3:-4], "font": {**note.get("font", {}), "weight": "bold"}}
    return note


def chart(chart_id: str, source: ChartWithTable | None, *, with_figure: bool = True) -> Chart | None:
    """A Chart for the template (None passes through). Charts whose table has no rows get no figure."""
    if source is None:
        return None
    drawn = with_figure and bool(source.table.rows)
    return Chart(chart_id, source.table, figure_json(source.figure) if drawn else None)


def content_rows(item: Chart | None) -> Chart | None:
    """Mark a chart's row headers as content (see `Chart.content_rows`); None passes through."""
    if item is not None:
        item.content_rows = True
    return item


def table_only(chart_id: str, table: Table) -> Chart:
    """A table without a chart (e.g. the totals)."""
    return Chart(chart_id, table)

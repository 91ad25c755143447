"""Look of all charts: an accessible palette, patterns and markers (no colour-only encoding).

Colours derive from the Okabe–Ito palette (distinguishable with colour-vision deficiencies),
darkened where needed so every colour has at least 3:1 contrast against white (WCAG 2.1,
1.4.11 non-text contrast). Each series also gets its own bar pattern, line dash and marker
symbol, and bars carry their values as text.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

PALETTE = ["#0072B2", "#B35900", "#007A5E", "#A6478A", "#4D4D4D", "#8C6D00"]
PATTERNS = ["", "/", ".", "x", "-", "\\"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "star"]
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


def series_style(index: int) -> dict[str, str]:
    """Colour, pattern, dash and marker symbol of the ``index``-th series."""
    at = index % len(PALETTE)
    return {"color": PALETTE[at], "pattern": PATTERNS[at], "dash": DASHES[at], "symbol": SYMBOLS[at]}


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = "#FFFFFF") -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class PlainFigure:
    """The few `plotly.graph_objects.Figure` methods our charts use, on plain dicts.

    Building validated graph objects cost about 25 ms a chart (half a second for a dashboard);
    the figures are only serialised anyway (plotly.js in the page, kaleido for images).
    """

    def __init__(self, data: list[dict] | None = None) -> None:
        self.data = list(data or [])
        self.layout: dict = {}

    def update_layout(self, **changes: Any) -> PlainFigure:
        _merge(self.layout, changes)
        return self

    def update_xaxes(self, **changes: Any) -> PlainFigure:
        return self.update_layout(xaxis=changes)

    def update_yaxes(self, **changes: Any) -> PlainFigure:
        return self.update_layout(yaxis=changes)

    def to_plotly_json(self) -> dict:
        return {"data": copy.deepcopy(self.data), "layout": copy.deepcopy(self.layout)}


def _merge(target: dict, changes: Mapping) -> None:
    """Nested update like plotly's `update_layout`: dicts merge, everything else replaces."""
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value) if isinstance(value, (dict, list)) else value


def trace(kind: str, **properties: Any) -> dict:
    """A plotly trace as a plain dict (`kind`: bar, scatter, scattergl, …)."""
    return {"type": kind, **properties}


def bar_trace(name: str, x: list, y: list, index: int, horizontal: bool = False, **extra: Any) -> dict:
    """A bar series with its colour, pattern and value labels."""
    style = series_style(index)
    values = x if horizontal else y
    return trace(
        "bar", name=name, x=x, y=y, orientation="h" if horizontal else "v",
        marker={"color": style["color"], "line": {"color": "#000000", "width": 0.5},
                "pattern": {"shape": style["pattern"], "fgcolor": "#FFFFFF", "fillmode": "overlay",
                            "size": 8, "solidity": 0.25}},
        text=[("" if value is None else str(value)) for value in values],
        textposition="auto", textangle=0, cliponaxis=False,
        **extra,
    )


def line_trace(name: str, x: list, y: list, index: int) -> dict:
    """A line series with markers and its own dash pattern."""
    style = series_style(index)
    return trace("scatter", name=name, x=x, y=y, mode="lines+markers", connectgaps=False,
                      line={"color": style["color"], "dash": style["dash"], "width": 2},
                      marker={"symbol": style["symbol"], "size": 7, "color": style["color"]})


def finish(fig: PlainFigure, title: str, x_title: str = "", y_title: str = "", height: int = 420,
           barmode: str | None = None) -> dict:
    """Apply the common layout and return a plain, JSON-ready figure dict (no template)."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.99, "yanchor": "top"}, height=height + 40, width=900,
        font={"family": FONT, "size": 13, "color": "#1A1A1A"},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF",
        margin={"l": 70, "r": 30, "t": 100, "b": 60},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        xaxis={"title": {"text": x_title}, "showline": True, "linecolor": "#1A1A1A", "gridcolor": "#D9D9D9",
               "automargin": True},
        yaxis={"title": {"text": y_title}, "showline": True, "linecolor": "#1A1A1A", "gridcolor": "#D9D9D9",
               "automargin": True},
    )
    if barmode:
        fig.update_layout(barmode=barmode)
    return fig.to_plotly_json()


def field_of(item: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a mapping or an object (``pass`` also as ``pass_``)."""
    if isinstance(item, Mapping):
        if name in item:
            return item[name]
        return item.get(f"{name}_", default)
    return getattr(item, name, getattr(item, f"{name}_", default))

"""Look of all charts: an accessible palette, patterns and markers (no colour-only encoding).

Colours derive from the Okabe–Ito palette (distinguishable with colour-vision deficiencies),
darkened where needed so every colour has at least 3:1 contrast against white (WCAG 2.1,
1.4.11 non-text contrast). Each series also gets its own bar pattern, line dash and marker
symbol, and bars carry their values as text.

Numbers follow the language of the labels (German by default): ``finish`` sets plotly's
``separators`` (",." – decimal comma, thousands dot) and formats the value axis, the hover and
the bar labels with them; counts get integer ticks (every integer up to 10). A bar value given
as a string – "< 5" (suppressed) or the secondary mark "x" – is drawn as a labelled zero bar,
never as a silent gap. ``has_data`` tells a renderer to print a sentence instead of an empty chart.
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


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def bar_trace(name: str, x: list, y: list, index: int, horizontal: bool = False, **extra: Any) -> dict:
    """A bar series with its colour, pattern and value labels (formatted by ``finish``).

    Values (``x`` when horizontal, else ``y``) may be numbers, None (no bar, no label) or a
    string such as "< 5": then a zero bar labelled with that string."""
    style = series_style(index)
    values = x if horizontal else y
    marks = [value if isinstance(value, str) else None for value in values]
    numbers = [0 if isinstance(value, str) else value for value in values]
    x, y = (numbers, y) if horizontal else (x, numbers)
    return trace(
        "bar", name=name, x=x, y=y, orientation="h" if horizontal else "v", _marks=marks,
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


def separators(labels: Mapping[str, str] | None = None) -> str:
    """plotly's ``separators`` for the labels' language: decimal sign, then thousands separator."""
    labels = labels or {}
    return labels.get("_decimal", ",") + labels.get("_thousands", ".")


def format_number(value: float, labels: Mapping[str, str] | None = None) -> str:
    """12345 → "12.345", 0.5 → "0,5", 80.0 → "80" (German; the labels' separators otherwise)."""
    marks = separators(labels)
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans({",": marks[1], ".": marks[0]}))


def _value_axis(data: list[dict]) -> str | None:
    """The axis that carries the numbers: x for horizontal bars, else y (None without traces)."""
    if not data:
        return None
    return "xaxis" if any(t.get("orientation") == "h" for t in data) else "yaxis"


def _values(data: list[dict], axis: str | None) -> list:
    key = "x" if axis == "xaxis" else "y"
    return [value for t in data for value in (t.get(key) or []) if _is_number(value)]


def has_data(figure: dict) -> bool:
    """True when the chart shows something: a non-zero number or a labelled (suppressed) bar.
    An empty chart – no traces, or only zeros and gaps – is replaced by a sentence in the report."""
    data = figure.get("data") or []
    labels = [text for t in data if t.get("type") == "bar" for text in (t.get("_marks") or t.get("text") or [])]
    if any(isinstance(text, str) and text.strip() not in ("", "0") for text in labels):
        return True
    return any(_values(data, _value_axis(data)))


def _format_numbers(fig: PlainFigure, labels: Mapping[str, str] | None) -> None:
    """Bar labels in the labels' number format; integer ticks for counts; hover like the axis."""
    for item in fig.data:
        marks = item.pop("_marks", None)
        if item.get("type") != "bar" or marks is None:
            continue
        values = item["x"] if item.get("orientation") == "h" else item["y"]
        item["text"] = [mark if mark else ("" if value is None else format_number(value, labels))
                        for mark, value in zip(marks, values)]
        item["textposition"] = ["outside" if mark else "auto" for mark in marks]
    axis = _value_axis(fig.data)
    if axis is None:
        return
    values = _values(fig.data, axis)
    counts = bool(values) and all(float(v).is_integer() for v in values)
    settings: dict[str, Any] = {"separatethousands": True, "exponentformat": "none",
                                "tickformat": ",d" if counts else ",~r", "hoverformat": ",d" if counts else ",~r"}
    if counts:
        settings["rangemode"] = "tozero"
        if max(values, default=0) <= 10:
            settings.update(tick0=0, dtick=1)
    if not any(values):  # nothing to draw: a 0–1 axis instead of plotly's −1…1
        settings.update(range=[0, 1], rangemode="tozero")
    fig.layout[axis] = {**settings, **fig.layout.get(axis, {})}  # what the chart set itself wins


def finish(fig: PlainFigure, title: str, x_title: str = "", y_title: str = "", height: int = 420,
           barmode: str | None = None, labels: Mapping[str, str] | None = None) -> dict:
    """Apply the common layout and return a plain, JSON-ready figure dict (no template).

    ``labels``: the number format (``_decimal``, ``_thousands``; German when None)."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.99, "yanchor": "top"}, height=height + 40, width=900,
        font={"family": FONT, "size": 13, "color": "#1A1A1A"},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", separators=separators(labels),
        margin={"l": 70, "r": 30, "t": 100, "b": 60},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
        xaxis={"title": {"text": x_title}, "showline": True, "linecolor": "#1A1A1A", "gridcolor": "#D9D9D9",
               "automargin": True},
        yaxis={"title": {"text": y_title}, "showline": True, "linecolor": "#1A1A1A", "gridcolor": "#D9D9D9",
               "automargin": True},
    )
    if barmode:
        fig.update_layout(barmode=barmode)
    _format_numbers(fig, labels)
    return fig.to_plotly_json()


def field_of(item: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from a mapping or an object (``pass`` also as ``pass_``)."""
    if isinstance(item, Mapping):
        if name in item:
            return item[name]
        return item.get(f"{name}_", default)
    return getattr(item, name, getattr(item, f"{name}_", default))

"""Renderers for the council report: Markdown, HTML, DOCX, PDF and OParl 1.1 JSON.

    >>> from analysis.report_render import export_report
    >>> export_report(report, "pdf", "bericht.pdf")        # starts Chromium once for the charts

Each renderer is also available on its own (``render_markdown``, ``render_html``,
``render_docx``, ``render_pdf``, ``render_oparl``); pass a started ``ChartImages`` to share
one browser between several formats. Modules are imported lazily (WeasyPrint, python-docx).
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import BinaryIO

FORMATS = ("docx", "pdf", "html", "md", "oparl")

_LAZY = {
    "render_markdown": "analysis.report_render.markdown",
    "render_html": "analysis.report_render.html",
    "render_docx": "analysis.report_render.docx",
    "render_pdf": "analysis.report_render.pdf",
    "render_oparl": "analysis.report_render.oparl",
    "attachment_csv": "analysis.report_render.oparl",
    "oparl_validator": "analysis.report_render.oparl",
    "ChartImages": "analysis.report_render.charts",
}
__all__ = ["FORMATS", "export_report", *_LAZY]


def __getattr__(name):
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'analysis.report_render' has no attribute {name!r}")
    return getattr(import_module(module_name), name)


def export_report(report, fmt: str, target: str | Path | BinaryIO, *, charts=None, chart_images: bool = True,
                  base_url: str = "https://example.org/oparl", **oparl_options) -> None:
    """Render ``report`` in ``fmt`` (one of ``FORMATS``) to a path or binary stream.

    ``charts``: a started ``ChartImages`` to reuse; otherwise one is started for this export
    when the format has charts and ``chart_images`` is true (False forces the table fallback).
    ``base_url`` and ``oparl_options`` go to ``render_oparl``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("md", "oparl"):
        if fmt == "md":
            text = __getattr__("render_markdown")(report)
        else:
            paper = __getattr__("render_oparl")(report, base_url, **oparl_options)
            text = json.dumps(paper, ensure_ascii=False, indent=2) + "\n"
        _write(target, text.encode("utf-8"))
        return
    own = charts is None
    if own:
        charts = __getattr__("ChartImages")(enabled=chart_images)
        charts.start()
    try:
        if fmt == "html":
            _write(target, __getattr__("render_html")(report, charts).encode("utf-8"))
        else:
            __getattr__(f"render_{fmt}")(report, str(target) if isinstance(target, Path) else target, charts)
    finally:
        if own:
            charts.stop()


def _write(target, data: bytes) -> None:
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)

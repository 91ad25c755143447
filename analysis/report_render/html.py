"""HTML rendering: one self-contained, accessible, printable document.

No scripts and no external assets: charts are inline SVG (when Chromium is available) with
their values as a table right below; otherwise the table alone with a note. Headings run
h1 (title) → h2 (Betreff, …) → h3 → h4 without gaps; tables have captions and ``scope``.
"""

from __future__ import annotations

import re
from html import escape

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, Text, document_title, report_blocks
from analysis.report_render.charts import ChartImages

STYLE = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.45;color:#1a1a1a;
max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.35em;border-bottom:1px solid #555;margin-top:1.6em}h3{font-size:1.15em}
h4{font-size:1.05em}table{border-collapse:collapse;margin:1em 0;width:100%}
caption{text-align:left;font-weight:bold;padding:.3em 0}th,td{border:1px solid #666;padding:.25em .45em;
vertical-align:top;text-align:left}thead th{background:#e8e8e8}.note{font-size:.9em;color:#333}
figure{margin:1.2em 0}figure svg{max-width:100%;height:auto}.meta{color:#333}
@page{size:A4;margin:2cm}@media print{body{max-width:none;margin:0}h2,h3,h4{break-after:avoid}
tr{break-inside:avoid}thead{display:table-header-group}}
"""
_SVG_PREAMBLE = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?")


def html_table(table: Table) -> str:
    """A table with caption, column headers (scope=col) and row headers (scope=row)."""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{escape(str(row[0]))}</th>'] + [f"<td>{escape(str(v))}</td>" for v in row[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    return (f"<table><caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{notes}")


def _figure(figure: Figure, number: int, report: Report, charts: ChartImages | None) -> str:
    caption_id = f"fig-{number}"
    svg = charts.svg(figure.figure) if charts is not None else None
    parts = [f'<figure aria-labelledby="{caption_id}">',
             f'<figcaption id="{caption_id}">{escape(figure.caption)}</figcaption>']
    if svg:
        svg = _SVG_PREAMBLE.sub("", svg)
        svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{caption_id}" ', 1)
        parts.append(svg)
    else:
        parts.append(f'<p class="note">{escape(report.label("chart_as_table"))}</p>')
    parts += [html_table(figure.table), "</figure>"]
    return "".join(parts)


def render_html(report: Report, charts: ChartImages | None = None) -> str:
    """The report as a complete HTML document (``lang`` from the report's language).

    ``charts``: a started ``ChartImages`` to embed charts as SVG; None shows tables only.
    """
    out = [f'<!DOCTYPE html><html lang="{escape(report.language)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(document_title(report))}: {escape(report.betreff)}</title>",
           f"<style>{STYLE}</style></head><body><main>"]
    figures = 0
    for block in report_blocks(report):
        if isinstance(block, Heading):
            out.append(f"<h{block.level + 1}>{escape(block.text)}</h{block.level + 1}>")
        elif isinstance(block, Text):
            css = ' class="meta"' if block.emphasis else ""
            out.append(f"<p{css}>{escape(block.text)}</p>")
        elif isinstance(block, Figure):
            figures += 1
            out.append(_figure(block, figures, report, charts))
        elif isinstance(block, Table):
            out.append(html_table(block))
    out.append("</main></body></html>\n")
    return "\n".join(out)

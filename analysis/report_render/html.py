"""HTML rendering: one self-contained, accessible, printable document – also the layout of the PDF.

No scripts and no external assets: charts are inline SVG (when Chromium is available) with
their values as a table right below; otherwise the table alone with a note. Headings run
h1 (title) → h2 (Betreff, …) → h3 → h4 without gaps; tables have captions and ``scope``.
``render_html(report, charts, for_pdf=True)`` is the variant WeasyPrint turns into the tagged
PDF: charts as PNG ``<img>`` with alt text (an inline SVG gets no /Alt in the structure tree),
page numbers in the footer, headings as bookmarks from "Betreff" down.
"""

from __future__ import annotations

import base64
import re
from html import escape

from analysis.chart_style import has_data
from analysis.report_labels import format_int
from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import (
    Heading,
    Text,
    chart_alt_text,
    document_title,
    render_label,
    report_author,
    report_blocks,
)
from analysis.report_render.charts import ChartImages

STYLE = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.45;color:#1a1a1a;
max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.35em;border-bottom:1px solid #555;margin-top:1.6em}h3{font-size:1.15em}
h4{font-size:1.05em}table{border-collapse:collapse;margin:1em 0;width:100%}
caption{text-align:left;font-weight:bold;padding:.3em 0}th,td{border:1px solid #666;padding:.25em .45em;
vertical-align:top;text-align:left;overflow-wrap:normal;word-break:normal}
td{hyphens:auto}th{hyphens:manual}
td.num{text-align:right;white-space:nowrap}thead th{background:#e8e8e8}.note{font-size:.9em;color:#333}
figure{margin:1.2em 0}figure svg{max-width:100%;height:auto}.meta{color:#333}
@page{size:A4;margin:2cm}@media print{body{max-width:none;margin:0}h2,h3,h4{break-after:avoid}
tr{break-inside:avoid}thead{display:table-header-group}}
"""
# The PDF: A4 with page numbers; the title is not a bookmark, so the outline starts at "Betreff".
PRINT_STYLE = """
body{max-width:none;margin:0;padding:0;font-size:10pt}
figure img{display:block;max-width:100%;max-height:21cm;width:auto;height:auto}
table{font-size:8.5pt}table.wide{font-size:7.5pt}p.caption{font-weight:bold;margin:1em 0 .3em;break-after:avoid}
figcaption{break-after:avoid}
@page{size:A4;margin:2cm 2cm 2.2cm;
@bottom-right{content:counter(page) " / " counter(pages);font:8pt "DejaVu Sans",sans-serif}
@bottom-left{content:string(running-title);font:8pt "DejaVu Sans",sans-serif}}
h1{bookmark-level:none;string-set:running-title content()}h2{bookmark-level:1}h3{bookmark-level:2}
h4{bookmark-level:3}
"""
# The PDF prints tables up to this many rows; longer ones (the Anlagen at city scale: 10,000 proposals
# = 200 pages, minutes and gigabytes in WeasyPrint) are delivered as table files and named instead.
PDF_MAX_ROWS = 400
_NUMBER = re.compile(r"^[<≤>]?\s?-?[\d.]+(,\d+)?\s?%?$")
_SVG_PREAMBLE = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?")


def _cell(value) -> str:
    text = escape(str(value))
    return f'<td class="num">{text}</td>' if _NUMBER.match(str(value).strip()) else f"<td>{text}</td>"


def html_table(table: Table, for_pdf: bool = False, report: Report | None = None) -> str:
    """A table with caption, column headers (scope=col) and row headers (scope=row); numbers
    right-aligned and never wrapped, text hyphenated (German) in narrow columns.

    ``for_pdf``: the caption as a paragraph kept with the table – WeasyPrint 68 fails to tag a
    table whose ``<caption>`` ends one page while the rows start on the next. A PDF table longer
    than ``PDF_MAX_ROWS`` is replaced by a sentence (in the language of ``report``)."""
    if for_pdf and report is not None and len(table.rows) > PDF_MAX_ROWS:
        text = render_label(report, "table_as_file").format(rows=format_int(len(table.rows), report.labels))
        return f'<p class="caption">{escape(table.caption)}</p><p class="note">{escape(text)}</p>'
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{escape(str(row[0]))}</th>'] + [_cell(v) for v in row[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in table.notes)
    wide = ' class="wide"' if len(table.columns) > 6 else ""
    caption = escape(table.caption)
    before, inside = (f'<p class="caption">{caption}</p>', "") if for_pdf else ("", f"<caption>{caption}</caption>")
    return (f"{before}<table{wide}>{inside}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{notes}")


def _chart(figure: Figure, caption_id: str, report: Report, charts: ChartImages | None, for_pdf: bool) -> str:
    """The chart as inline SVG (screen) or PNG with alt text (PDF); '' when no image is available."""
    if charts is None:
        return ""
    if for_pdf:
        png = charts.png(figure.figure)
        if not png:
            return ""
        alt = escape(chart_alt_text(report, figure.caption))
        return f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}">'
    svg = charts.svg(figure.figure)
    if not svg:
        return ""
    svg = _SVG_PREAMBLE.sub("", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{caption_id}" ', 1)


def _figure(figure: Figure, number: int, report: Report, charts: ChartImages | None, for_pdf: bool) -> str:
    caption_id = f"fig-{number}"
    if has_data(figure.figure):
        image = _chart(figure, caption_id, report, charts, for_pdf)
        fallback = report.label("chart_as_table")
    else:  # an empty chart is a sentence, not an empty grid
        image, fallback = "", render_label(report, "no_chart_data")
    parts = [f'<figure aria-labelledby="{caption_id}">',
             f'<figcaption id="{caption_id}">{escape(figure.caption)}</figcaption>',
             image or f'<p class="note">{escape(fallback)}</p>',
             html_table(figure.table, for_pdf, report), "</figure>"]
    return "".join(parts)


def render_html(report: Report, charts: ChartImages | None = None, *, for_pdf: bool = False) -> str:
    """The report as a complete HTML document (``lang`` from the report's language).

    ``charts``: a started ``ChartImages`` to embed charts (SVG, or PNG when ``for_pdf``);
    None shows tables only. ``for_pdf``: the print layout ``render_pdf`` hands to WeasyPrint.
    """
    style = STYLE + (PRINT_STYLE if for_pdf else "")
    out = [f'<!DOCTYPE html><html lang="{escape(report.language)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(document_title(report))}: {escape(report.betreff)}</title>",
           f'<meta name="author" content="{escape(report_author(report))}">',
           '<meta name="generator" content="Ratschlag">',
           f"<style>{style}</style></head><body><main>"]
    figures = 0
    for block in report_blocks(report):
        if isinstance(block, Heading):
            out.append(f"<h{block.level + 1}>{escape(block.text)}</h{block.level + 1}>")
        elif isinstance(block, Text):
            css = ' class="meta"' if block.emphasis else ""
            out.append(f"<p{css}>{'<br>'.join(escape(line) for line in block.text.splitlines())}</p>")
        elif isinstance(block, Figure):
            figures += 1
            out.append(_figure(block, figures, report, charts, for_pdf))
        elif isinstance(block, Table):
            out.append(html_table(block, for_pdf, report))
    out.append("</main></body></html>\n")
    return "\n".join(out)

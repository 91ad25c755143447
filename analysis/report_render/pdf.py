"""PDF rendering with reportlab platypus: A4, DejaVu Sans (umlauts, „“, –) when Debian's
``fonts-dejavu-core`` is installed, else Helvetica (Latin-1); headings become PDF bookmarks
(outline); tables repeat their header row and split across pages; charts are PNG images.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, Text, document_title, report_blocks
from analysis.report_render.charts import ChartImages

DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"
FRAME_WIDTH = A4[0] - 4 * cm
MAX_IMAGE_HEIGHT = A4[1] - 7 * cm
LARGE_TABLE = 300  # rows; from here cells are plain strings (fast) instead of wrapped paragraphs
CHUNK_ROWS = 240  # about four pages of a large table


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans if installed, else Helvetica."""
    regular, bold = (os.path.join(DEJAVU_DIR, name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    if os.path.isfile(regular) and os.path.isfile(bold):
        pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                      italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles for title, headings 1–3, body text, notes and table cells."""
    regular, bold = fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=6, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=17, leading=21, spaceAfter=10),
        1: ParagraphStyle("h1", base, fontName=bold, fontSize=14, leading=18, spaceBefore=12, keepWithNext=1),
        2: ParagraphStyle("h2", base, fontName=bold, fontSize=12, leading=16, spaceBefore=10, keepWithNext=1),
        3: ParagraphStyle("h3", base, fontName=bold, fontSize=10.5, leading=14, spaceBefore=8, keepWithNext=1),
        "body": base,
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, textColor=colors.HexColor("#333333")),
        "caption": ParagraphStyle("caption", base, fontName=bold, fontSize=9, leading=12, keepWithNext=1),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=8, leading=10, spaceAfter=0),
    }


class HeadingParagraph(Paragraph):
    """A heading that also becomes a bookmark in the PDF outline."""

    def __init__(self, text: str, level: int):
        super().__init__(escape(text), styles()[level])
        self.outline_text, self.outline_level = text, level


class ReportDocument(SimpleDocTemplate):
    """A4 document that turns headings into outline entries and numbers its pages."""

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, HeadingParagraph):
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level - 1, closed=False)


def _column_widths(table: Table, char_width: float = 4.6) -> list[float]:
    """Each column gets at least its longest word (so "ENG-2026-0042" never breaks), the rest
    of the frame is shared by typical cell length."""
    sample = table.rows[:200]
    columns = range(len(table.columns))
    cells = [[str(table.columns[i])] + [str(row[i]) for row in sample if i < len(row)] for i in columns]
    minimum = [char_width * max(len(word) for text in column for word in (text.split() or [""])) + 6
               for column in cells]
    weights = [min(max(max(len(text) for text in column), 4), 60) for column in cells]
    spare = max(0.0, FRAME_WIDTH - sum(minimum))
    widths = [m + spare * w / sum(weights) for m, w in zip(minimum, weights)]
    scale = min(1.0, FRAME_WIDTH / sum(widths))
    return [w * scale for w in widths]


def pdf_table(table: Table) -> list:
    """Caption, table(s) with repeated header row, notes. Cells wrap; large tables (the
    Anlagen) use clipped plain strings and are cut into chunks of ``CHUNK_ROWS`` rows,
    because reportlab re-measures all remaining rows at every page break (quadratic)."""
    style = styles()
    widths = _column_widths(table)
    head = [Paragraph(escape(str(c)), style["head"]) for c in table.columns]
    if len(table.rows) >= LARGE_TABLE:
        limits = [max(6, int(w / 4.2)) for w in widths]
        body = [[_clip(str(v), limit) for v, limit in zip(row, limits)] for row in table.rows]
    else:
        body = [[Paragraph(escape(str(v)), style["cell"]) for v in row] for row in table.rows]
    chunks = [body[start:start + CHUNK_ROWS] for start in range(0, len(body), CHUNK_ROWS)] or [[]]
    grids = [_grid(head, chunk, widths) for chunk in chunks]
    notes = [Paragraph(escape(n), style["note"]) for n in table.notes]
    return [Paragraph(escape(table.caption), style["caption"]), *grids, *notes, Spacer(1, 8)]


def _grid(head: list, body: list, widths: list[float]) -> LongTable:
    regular, bold = fonts()
    grid = LongTable([head] + body, colWidths=widths, repeatRows=1, splitByRow=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), regular, 7.5), ("FONT", (0, 0), (-1, 0), bold, 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#666666")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return grid


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure(figure: Figure, report: Report, charts: ChartImages | None) -> list:
    png = charts.png(figure.figure) if charts is not None else None
    flowables = []
    if png:
        image = Image(io.BytesIO(png))
        ratio = image.imageHeight / image.imageWidth
        width = min(FRAME_WIDTH, MAX_IMAGE_HEIGHT / ratio)
        image.drawWidth, image.drawHeight = width, width * ratio
        flowables.append(image)
    else:
        flowables.append(Paragraph(escape(report.label("chart_as_table")), styles()["note"]))
    return flowables + pdf_table(figure.table)


def render_pdf(report: Report, target: str | BinaryIO, charts: ChartImages | None = None) -> None:
    """Write the report as an A4 PDF (extractable text, bookmarks) to a path or stream."""
    style = styles()
    title = document_title(report)
    story = []
    for block in report_blocks(report):
        if isinstance(block, Heading):
            story.append(Paragraph(escape(block.text), style["title"]) if block.level == 0
                         else HeadingParagraph(block.text, block.level))
        elif isinstance(block, Text):
            story.append(Paragraph(escape(block.text), style["note" if block.emphasis else "body"]))
        elif isinstance(block, Figure):
            story += _figure(block, report, charts)
        elif isinstance(block, Table):
            story += pdf_table(block)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts()[0], 8)
        canvas.drawString(2 * cm, 1.2 * cm, f"{title} – {report.betreff}"[:110])
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
        canvas.restoreState()

    document = ReportDocument(target, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                              bottomMargin=2 * cm, title=report.betreff, subject=title, lang=report.language,
                              author="", creator="Ratschlag")
    document.build(story, onFirstPage=footer, onLaterPages=footer)

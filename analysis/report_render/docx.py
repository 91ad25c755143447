"""DOCX rendering with python-docx: editable by the administration in Word/LibreOffice.

Headings use the built-in styles "Title" and "Heading 1"–"Heading 3" (so Word's navigation
pane, table of contents and numbering work); tables use "Table Grid" with a bold header row
that repeats on every page; charts are PNG images with alt text, followed by their values.
Large tables (the Anlagen) are built by copying one row's XML, which is ~20× faster than
python-docx's cell-by-cell API.
"""

from __future__ import annotations

import copy
import io
import re
import struct
from typing import BinaryIO

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, Text, report_blocks
from analysis.report_render.charts import ChartImages

IMAGE_WIDTH = Cm(16)
MAX_IMAGE_HEIGHT = Cm(22)
# Characters XML 1.0 cannot hold (controls except tab and line breaks, lone surrogates, U+FFFE/U+FFFF):
# lxml refuses them, so one stored in an older text would make the whole export fail.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """`value` as text that an XML document can hold (invalid characters dropped)."""
    return _XML_INVALID.sub("", str(value))


def _a4(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)


def _mark_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_text(cell_element, text: str) -> None:
    runs = cell_element.findall(".//" + qn("w:t"))
    runs[0].text = xml_text(text)


def add_table(document, table: Table) -> None:
    """Caption paragraph, then the table (header row bold and repeated), then its notes."""
    document.add_paragraph(xml_text(table.caption), style="Caption")
    columns = len(table.columns)
    grid = document.add_table(rows=1 + (1 if table.rows else 0), cols=columns)
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, table.columns):
        cell.paragraphs[0].add_run(xml_text(name)).bold = True
    _mark_header(grid.rows[0])
    if table.rows:
        template = grid.rows[1]
        for cell in template.cells:
            cell.text = " "
        template_tr = template._tr
        parent = template_tr.getparent()
        for row in table.rows:
            tr = copy.deepcopy(template_tr)
            for tc, value in zip(tr.findall(qn("w:tc")), row):
                _set_text(tc, str(value))
            parent.append(tr)
        parent.remove(template_tr)
    for note in table.notes:
        document.add_paragraph(xml_text(note)).runs[0].italic = True


def _add_picture(document, png: bytes, alt_text: str) -> None:
    width, height = struct.unpack(">II", png[16:24])  # PNG IHDR
    if IMAGE_WIDTH * height / width > MAX_IMAGE_HEIGHT:
        document.add_picture(io.BytesIO(png), height=MAX_IMAGE_HEIGHT)
    else:
        document.add_picture(io.BytesIO(png), width=IMAGE_WIDTH)
    inline = document.paragraphs[-1].runs[-1]._r.find(".//" + qn("wp:docPr"))
    if inline is not None:
        inline.set("descr", xml_text(alt_text))
        inline.set("title", xml_text(alt_text)[:120])


def add_figure(document, figure: Figure, report: Report, charts: ChartImages | None) -> None:
    """Chart image (with alt text) and its values table; without an image, a note and the table."""
    png = charts.png(figure.figure) if charts is not None else None
    if png:
        _add_picture(document, png, report.label("chart_image_alt").format(caption=figure.caption))
    else:
        document.add_paragraph(report.label("chart_as_table")).runs[0].italic = True
    add_table(document, figure.table)


def render_docx(report: Report, target: str | BinaryIO, charts: ChartImages | None = None) -> None:
    """Write the report as DOCX to a path or a binary stream.

    ``charts``: a started ``ChartImages``; None (or unavailable) puts tables in place of charts.
    """
    document = Document()
    _a4(document)
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = xml_text(report.betreff)
    document.core_properties.language = report.language
    for block in report_blocks(report):
        if isinstance(block, Heading):
            document.add_heading(xml_text(block.text), level=block.level)
        elif isinstance(block, Text):
            paragraph = document.add_paragraph(xml_text(block.text))
            if block.emphasis:
                paragraph.runs[0].italic = True
        elif isinstance(block, Figure):
            add_figure(document, block, report, charts)
        elif isinstance(block, Table):
            add_table(document, block)
    document.save(target)

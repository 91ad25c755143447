"""DOCX rendering with python-docx: editable by the administration in Word/LibreOffice.

Headings use the built-in styles "Title" and "Heading 1"–"Heading 3" (so Word's navigation
pane, table of contents and numbering work); tables use "Table Grid" with a bold header row
that repeats on every page and content-based column widths (no header word is ever split;
Word hyphenates the rest automatically); charts are PNG images with alt text, followed by their
values. Language de-DE (document defaults, every style and run), core properties (title,
author = the Federführung, created/modified now) and page numbers in the footer.
Large tables (the Anlagen) are built by copying one row's XML, which is ~20× faster than
python-docx's cell-by-cell API.
"""

from __future__ import annotations

import copy
import io
import re
import struct
from datetime import UTC, datetime
from typing import BinaryIO

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analysis.chart_style import has_data
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

IMAGE_WIDTH = Cm(16)
TEXT_WIDTH_CM = 16.0  # A4 minus 2 × 2.5 cm margins
TABLE_FONT_PT = (9.0, 7.5)  # normal tables; tables whose words do not fit at 9 pt
CHAR_CM_PER_PT = 0.0175  # mean character width (Calibri/Carlito, bold headers) per point of font size
PADDING_CM = 0.3
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
    language = document.core_properties.language or "de-DE"
    font_pt, widths = table_layout(table)
    for cell, name in zip(grid.rows[0].cells, table.columns):
        run = _set_language(cell.paragraphs[0].add_run(xml_text(name)), language)
        run.bold, run.font.size = True, Pt(font_pt)
    _mark_header(grid.rows[0])
    if table.rows:
        template = grid.rows[1]
        for cell in template.cells:
            cell.text = " "
            _set_language(cell.paragraphs[0].runs[0], language).font.size = Pt(font_pt)
        template_tr = template._tr
        parent = template_tr.getparent()
        for row in table.rows:
            tr = copy.deepcopy(template_tr)
            for tc, value in zip(tr.findall(qn("w:tc")), row):
                _set_text(tc, str(value))
            parent.append(tr)
        parent.remove(template_tr)
    _set_widths(grid, widths)
    for note in table.notes:
        document.add_paragraph(xml_text(note)).runs[0].italic = True


def table_layout(table: Table, width_cm: float = TEXT_WIDTH_CM) -> tuple[float, list[float]]:
    """Font size (pt) and column widths (cm, summing to ``width_cm``) by content: each column at
    least as wide as its longest header word (so "Zustimmung" never breaks as "Zustimmun g") and
    its longest cell word up to 14 characters, at 9 pt – or at 7.5 pt when that does not fit;
    the remaining width is shared by typical text length."""
    columns = range(len(table.columns))
    sample = table.rows[:300]
    cells = [[str(row[i]) for row in sample if i < len(row)] for i in columns]
    header_words = [max((len(word) for word in str(name).split()), default=1) for name in table.columns]
    cell_words = [min(14, max((len(word) for text in column for word in text.split()), default=1))
                  for column in cells]
    longest = [max(h, c) for h, c in zip(header_words, cell_words)]
    for font_pt in TABLE_FONT_PT:
        minimum = [n * CHAR_CM_PER_PT * font_pt + PADDING_CM for n in longest]
        if sum(minimum) <= width_cm:
            break
    weights = [min(60, max(4, sum(len(text) for text in column) / max(1, len(column)))) for column in cells]
    spare = max(0.0, width_cm - sum(minimum))
    widths = [m + spare * w / sum(weights) for m, w in zip(minimum, weights)]
    scale = width_cm / sum(widths)
    return font_pt, [w * scale for w in widths]


def _set_widths(grid, widths_cm: list[float]) -> None:
    """Fixed layout with the given column widths (grid columns and every cell)."""
    properties = grid._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    twips = [str(int(Cm(w).twips)) for w in widths_cm]
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), twips):
        column.set(qn("w:w"), width)
    for tr in grid._tbl.findall(qn("w:tr")):
        for tc, width in zip(tr.findall(qn("w:tc")), twips):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = OxmlElement("w:tcW")
                tc_pr.append(tc_w)
            tc_w.set(qn("w:w"), width)
            tc_w.set(qn("w:type"), "dxa")


def _set_language(run, language: str):
    """Mark ``run`` as written in ``language`` (proofing language in Word); returns the run."""
    properties = run._r.get_or_add_rPr()
    for old in properties.findall(qn("w:lang")):
        properties.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    properties.append(lang)
    return run


def _document_language(document, language: str) -> None:
    """``language`` in the document defaults and every style that sets one; automatic hyphenation."""
    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is not None and run_defaults.find(".//" + qn("w:lang")) is None:
        r_pr = run_defaults.find(qn("w:rPr"))
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        r_pr.append(lang)
    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphenation = OxmlElement("w:autoHyphenation")
        hyphenation.set(qn("w:val"), "true")
        settings.insert(0, hyphenation)
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), language)


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (e.g. PAGE) to ``paragraph``; Word and LibreOffice compute its value."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"),
                       ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _footer(document, report: Report) -> None:
    """Footer: document title on the left, "Seite N von M" on the right."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = ""
    paragraph.add_run(xml_text(document_title(report)) + "\t\t").font.size = Pt(8)
    for part in (render_label(report, "page") + " ", "PAGE", " " + render_label(report, "page_of") + " ", "NUMPAGES"):
        if part in ("PAGE", "NUMPAGES"):
            _field(paragraph, part)
        else:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _core_properties(document, report: Report, now: datetime) -> None:
    properties = document.core_properties
    properties.title = xml_text(f"{document_title(report)}: {report.betreff}")
    properties.subject = xml_text(report.process_title)
    properties.author = properties.last_modified_by = xml_text(report_author(report))
    properties.created = properties.modified = now
    for printed in properties._element.findall(qn("cp:lastPrinted")):  # the template's 2013 date
        properties._element.remove(printed)
    properties.revision = 1
    properties.language = _language_tag(report.language)
    properties.keywords = ""
    properties.comments = ""


def _language_tag(language: str) -> str:
    """"de" → "de-DE", "en" → "en-GB"; full tags are kept."""
    return language if "-" in language else {"de": "de-DE", "en": "en-GB"}.get(language, language)


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
    if not has_data(figure.figure):  # an empty chart is a sentence, not an empty grid
        document.add_paragraph(render_label(report, "no_chart_data")).runs[0].italic = True
        add_table(document, figure.table)
        return
    png = charts.png(figure.figure) if charts is not None else None
    if png:
        _add_picture(document, png, chart_alt_text(report, figure.caption))
    else:
        document.add_paragraph(report.label("chart_as_table")).runs[0].italic = True
    add_table(document, figure.table)


def render_docx(report: Report, target: str | BinaryIO, charts: ChartImages | None = None, *,
                now: datetime | None = None) -> None:
    """Write the report as DOCX to a path or a binary stream.

    ``charts``: a started ``ChartImages``; None (or unavailable) puts tables in place of charts.
    ``now``: creation/modification time in the core properties (default: the current time).
    """
    document = Document()
    _a4(document)
    document.styles["Normal"].font.size = Pt(11)
    _core_properties(document, report, (now or datetime.now(UTC)).replace(microsecond=0))
    _document_language(document, document.core_properties.language)
    _footer(document, report)
    language = document.core_properties.language
    for block in report_blocks(report):
        if isinstance(block, Heading):
            for run in document.add_heading(xml_text(block.text), level=block.level).runs:
                _set_language(run, language)
        elif isinstance(block, Text):
            paragraph = document.add_paragraph()
            run = None
            for line in block.text.splitlines() or [""]:
                if run is not None:
                    run.add_break()  # a line break inside the paragraph (a quote's title, its list items)
                run = paragraph.add_run(xml_text(line))
                _set_language(run, language).italic = block.emphasis or None
        elif isinstance(block, Figure):
            add_figure(document, block, report, charts)
        elif isinstance(block, Table):
            add_table(document, block)
    document.save(target)

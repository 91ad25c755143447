"""Every report format: structure, headings, numbers, privacy, accessibility, chart fallback."""

import io
import logging
import re
import zipfile

import docx
import pytest
from report_fixture import EMAIL, kiel_report_data

from analysis.report_builder import build_report
from analysis.report_render import FORMATS, export_report, render_docx, render_html, render_markdown, render_pdf
from analysis.report_render.blocks import Heading, report_blocks
from analysis.report_render.charts import ChartImages

EXPECTED_TOP = ["Betreff", "Bezug", "Beratungsfolge", "Beschlussvorschlag", "Sachverhalt/Begründung", "Anlagen"]
NUMBERS = ["1.234", "7.890", "ENG-2026-0030", "303", "Ausschuss für Soziales, Wohnen und Gesundheit",
           "Jugendhilfeausschuss", "Ratsversammlung"]


@pytest.fixture(scope="module")
def report():
    return build_report(kiel_report_data())


@pytest.fixture(scope="module")
def headings(report):
    return [(b.level, b.text) for b in report_blocks(report) if isinstance(b, Heading)]


@pytest.fixture(scope="module")
def with_images(report, chart_images):
    if not chart_images.available:
        pytest.skip(f"no chart images: {chart_images.failure}")
    docx_out, pdf_out = io.BytesIO(), io.BytesIO()
    render_docx(report, docx_out, chart_images)
    render_pdf(report, pdf_out, chart_images)
    return {"docx": docx_out.getvalue(), "pdf": pdf_out.getvalue(), "html": render_html(report, chart_images)}


@pytest.fixture(scope="module")
def without_images(report):
    charts = ChartImages(enabled=False)
    docx_out, pdf_out = io.BytesIO(), io.BytesIO()
    render_docx(report, docx_out, charts)
    render_pdf(report, pdf_out, charts)
    return {"docx": docx_out.getvalue(), "pdf": pdf_out.getvalue(), "html": render_html(report, charts),
            "md": render_markdown(report)}


def test_headings_follow_the_council_paper(headings):
    assert headings[0][0] == 0 and headings[0][1].startswith("Beschlussvorlage 0123/2026")
    assert [text for level, text in headings if level == 1] == EXPECTED_TOP
    levels = [level for level, _ in headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), "a heading level is skipped"


def test_markdown_has_headings_numbers_and_tables(without_images, headings):
    md = without_images["md"]
    found = [(len(m.group(1)) - 1, m.group(2)) for m in re.finditer(r"^(#+) (.+)$", md, re.M)]
    assert found == headings
    for value in NUMBERS:
        assert value in md
    assert "| Holtenau | < 5 | < 5 |" in md


def test_html_is_complete_accessible_and_self_contained(without_images, headings):
    html = without_images["html"]
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    found = [(int(level) - 1, text) for level, text in re.findall(r"<h([1-4])>(.*?)</h\1>", html)]
    assert found == headings
    assert html.count("<table>") == html.count("<caption>") > 10
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "<script" not in html and not re.search(r"(src|href)=\"?https?:", html)
    assert "Diagramm als Tabelle dargestellt" in html
    for value in NUMBERS:
        assert value in html


@pytest.mark.slow  # starts Chromium (kaleido) for the chart images: ~10 s
def test_html_embeds_charts_as_inline_svg(with_images):
    html = with_images["html"]
    assert html.count("<svg") >= 10 and 'role="img"' in html
    assert "<script" not in html and "Diagramm als Tabelle dargestellt" not in html


def _docx_headings(data):
    document = docx.Document(io.BytesIO(data))
    return document, [(p.style.name, p.text) for p in document.paragraphs
                      if p.style.name.startswith("Heading") or p.style.name == "Title"]


def test_docx_uses_word_heading_styles(without_images, headings):
    document, found = _docx_headings(without_images["docx"])
    expected = [("Title" if level == 0 else f"Heading {level}", text) for level, text in headings]
    assert found == expected
    assert {"Heading 1", "Heading 2", "Heading 3"} <= {style for style, _ in found}
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for value in NUMBERS:
        assert value in text + cells
    assert document.tables[0].rows[0].cells[0].paragraphs[0].runs[0].bold
    assert "Diagramm als Tabelle dargestellt" in text
    assert len(document.inline_shapes) == 0


@pytest.mark.slow  # starts Chromium (kaleido) for the chart images: ~10 s
def test_docx_with_chart_images(with_images):
    document = docx.Document(io.BytesIO(with_images["docx"]))
    assert len(document.inline_shapes) >= 10
    media = [n for n in zipfile.ZipFile(io.BytesIO(with_images["docx"])).namelist() if n.startswith("word/media/")]
    assert media and all(n.endswith(".png") for n in media)
    assert b'descr="Diagramm: ' in zipfile.ZipFile(io.BytesIO(with_images["docx"])).read("word/document.xml")


def test_pdf_is_a4_with_bookmarks(without_images):
    pdf = without_images["pdf"]
    assert pdf.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf))
    assert boxes == {(b"595.2756", b"841.8898")}  # A4 in points
    assert b"/Outlines" in pdf


def _pdf_text(data):
    pypdf = pytest.importorskip("pypdf", reason="pypdf not installed: add it to the dev extras to check PDF text")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_text_is_extractable(without_images, headings):
    reader, text = _pdf_text(without_images["pdf"])
    flat = " ".join(text.split())
    for _, heading in headings:
        assert " ".join(heading.split()) in flat
    for value in NUMBERS:
        assert value in flat
    assert [item.title for item in reader.outline if not isinstance(item, list)] == EXPECTED_TOP


@pytest.mark.slow  # starts Chromium (kaleido) for the chart images: ~10 s
def test_pdf_with_chart_images(with_images, without_images):
    assert with_images["pdf"].count(b"/Subtype /Image") >= 10
    assert b"/Subtype /Image" not in without_images["pdf"]


def test_no_personal_data_in_any_format(without_images):
    for fmt, content in without_images.items():
        if fmt == "docx":
            content = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
        if isinstance(content, str):
            assert EMAIL not in content and "901-2345" not in content, fmt
            assert "Geheime Kleingruppen-Aussage" not in content, fmt


def test_fallback_without_chromium_warns_and_never_crashes(report, caplog, tmp_path):
    caplog.set_level(logging.WARNING)
    charts = ChartImages(browser_path=str(tmp_path / "no-such-chromium"))
    out = tmp_path / "bericht.docx"
    render_docx(report, out, charts)
    assert not charts.available and "no Chromium found" in charts.failure
    assert "Charts are shown as tables" in caplog.text
    assert "Diagramm als Tabelle dargestellt" in "\n".join(p.text for p in docx.Document(out).paragraphs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_report_writes_every_format(report, fmt, tmp_path):
    out = tmp_path / f"bericht.{fmt}"
    export_report(report, fmt, out, chart_images=False)
    assert out.stat().st_size > 1000


@pytest.mark.slow  # starts Chromium (kaleido): ~5 s
def test_chart_images_keep_kaleido_and_chromium_quiet(caplog, monkeypatch):
    """kaleido, choreographer and the browser pipe log ~110 INFO lines per export unless turned down where
    the images are made (not only in the `flask report export` command)."""
    for name in ("kaleido", "choreographer", "browser_proc", "logistro"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    caplog.set_level(logging.INFO)
    figure = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {}}
    with ChartImages() as charts:
        if not charts.available:
            pytest.skip(f"no chart images here: {charts.failure}")
        assert charts.svg(figure) is not None
    noisy = [record for record in caplog.records if record.levelno < logging.WARNING
             and record.name.split(".")[0] in ("kaleido", "choreographer", "browser_proc", "logistro")]
    assert noisy == [], {record.name for record in noisy}

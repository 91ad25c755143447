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
    assert len(re.findall(r"<table[ >]", html)) == html.count("<caption>") > 10
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
    reader, _ = _pdf_text(pdf)
    for page in reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]  # A4 in points
    assert reader.outline


def _structure_elements(node, kind):
    node = node.get_object()
    found = [node] if node.get("/S") == kind else []
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if hasattr(kid, "get"):
            found += _structure_elements(kid, kind)
    return found


def test_pdf_is_tagged_pdf_ua_with_language_and_metadata(without_images, report):
    reader, _ = _pdf_text(without_images["pdf"])
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    tree = root["/StructTreeRoot"].get_object()
    assert _structure_elements(tree, "/H1") and _structure_elements(tree, "/Table")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # PDF/UA-1 identification
    assert reader.metadata.title.startswith(report.kind) and report.betreff in reader.metadata.title
    assert report.federfuehrung and reader.metadata.author == report.federfuehrung  # the lead office signs


@pytest.mark.slow  # starts Chromium (kaleido) for the chart images: ~10 s
def test_pdf_charts_have_alternative_texts(with_images):
    reader, _ = _pdf_text(with_images["pdf"])
    figures = _structure_elements(reader.trailer["/Root"]["/StructTreeRoot"], "/Figure")
    assert len(figures) >= 10
    for figure in figures:
        alt = str(figure["/Alt"])
        assert alt.startswith("Diagramm: ") and alt.endswith("Die Werte stehen in der Tabelle.")
        assert ".." not in alt and "?." not in alt


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
    assert "Zustimmun g" not in text and "Grupp e" not in text


@pytest.mark.slow  # starts Chromium (kaleido) for the chart images: ~10 s
def test_pdf_with_chart_images(with_images, without_images):
    def count(resources, seen):
        found = 0
        for ref in (resources or {}).get("/XObject", {}).values():
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            xobject = ref.get_object()
            found += 1 if xobject["/Subtype"] == "/Image" else count(xobject.get("/Resources"), seen)
        return found

    def images(data):
        reader, _ = _pdf_text(data)
        seen = set()
        return sum(count(page.get("/Resources"), seen) for page in reader.pages)

    assert images(with_images["pdf"]) >= 10
    assert images(without_images["pdf"]) == 0


def test_docx_is_german_with_real_properties_and_page_numbers(without_images, report):
    archive = zipfile.ZipFile(io.BytesIO(without_images["docx"]))
    styles = archive.read("word/styles.xml").decode()
    assert "en-US" not in styles and 'w:val="de-DE"' in styles
    body = archive.read("word/document.xml").decode()
    assert "en-US" not in body and body.count('w:val="de-DE"') > 20
    footer = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    assert " PAGE " in footer and " NUMPAGES " in footer and "Seite" in footer
    properties = docx.Document(io.BytesIO(without_images["docx"])).core_properties
    assert properties.language == "de-DE"
    assert properties.author == report.federfuehrung and properties.author != "python-docx"  # the lead office
    assert report.betreff in properties.title
    assert properties.created.year >= 2026 and properties.created == properties.modified


def test_docx_columns_fit_their_content(without_images):
    document = docx.Document(io.BytesIO(without_images["docx"]))
    for table in document.tables:
        widths = [column.width for column in table.columns]
        assert abs(sum(widths) - docx.shared.Cm(16)) < docx.shared.Cm(0.1)
        header_runs = [cell.paragraphs[0].runs[0] for cell in table.rows[0].cells]
        for width, run in zip(widths, header_runs):  # the longest header word fits at the table's font size
            longest = max((len(word) for word in run.text.split()), default=0)
            assert width >= docx.shared.Cm(0.0175 * run.font.size.pt * longest), run.text
    assert len({tuple(column.width for column in t.columns) for t in document.tables if len(t.columns) > 3}) > 1


def test_alt_texts_have_no_doubled_punctuation(report):
    from analysis.report_render.blocks import chart_alt_text

    assert chart_alt_text(report, "Wie zufrieden sind Sie?") == (
        "Diagramm: Wie zufrieden sind Sie. Die Werte stehen in der Tabelle.")
    assert chart_alt_text(report, "Beteiligung nach Stadtteil.") == (
        "Diagramm: Beteiligung nach Stadtteil. Die Werte stehen in der Tabelle.")


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


def test_an_empty_chart_becomes_a_sentence(report):
    import copy

    from analysis.dashboards import participation_by_district
    from analysis.report_model import Figure

    empty = participation_by_district([{"district": "Wik", "participants": 0, "proposals": 0}])
    changed = copy.deepcopy(report)
    changed.sections[0].figures = [Figure("Leeres Diagramm", empty.figure, empty.table)]
    html = render_html(changed, ChartImages(enabled=False))
    figure = html[html.index("Leeres Diagramm"):]
    figure = figure[:figure.index("</figure>")]
    assert "Für dieses Diagramm gibt es keine Daten." in figure and "<svg" not in figure and "<img" not in figure
    out = io.BytesIO()
    render_docx(changed, out, ChartImages(enabled=False))
    assert "Für dieses Diagramm gibt es keine Daten." in "\n".join(p.text for p in docx.Document(out).paragraphs)


def test_a_city_scale_table_is_named_not_printed_in_the_pdf(report):
    import copy

    from analysis.report_model import Table
    from analysis.report_render.html import PDF_MAX_ROWS

    changed = copy.deepcopy(report)
    rows = [[f"ENG-2026-{n:05d}", "Titel", 1] for n in range(PDF_MAX_ROWS + 1)]
    changed.sections[0].tables = [Table("Alle Vorschläge", ["Nr.", "Titel", "Zustimmung"], rows)]
    out = io.BytesIO()
    render_pdf(changed, out, ChartImages(enabled=False))
    _, text = _pdf_text(out.getvalue())
    flat = " ".join(text.split())
    assert "Diese Tabelle hat 401 Zeilen; sie liegt dem Bericht deshalb als Tabellendatei (XLSX/CSV) bei" in flat
    assert "ENG-2026-00400" not in flat
    assert "ENG-2026-00400" in render_html(changed, ChartImages(enabled=False))  # HTML keeps every row


def test_pdf_never_hyphenates_headers(without_images):
    _, text = _pdf_text(without_images["pdf"])
    for word in ("Zustimmung", "Ablehnung", "Enthaltung", "Beratungsfolge"):
        assert word in text  # whole in the extracted text, not "Zustim-\nmung"


def test_a_quoted_proposal_keeps_its_title_and_list_on_lines_of_their_own():
    data = kiel_report_data()
    data.pillars[0].themes[0].quotes[0].text = ("Ehrenamtskarte für alle\n\nIch schlage vor:\n\n- Rabatte im Bad\n"
                                                "- freie Fahrt im Bus\n\nMail an x@y.example")
    report = build_report(data)
    markdown = render_markdown(report)
    assert "„Ehrenamtskarte für alle  \nIch schlage vor:  \n\\- Rabatte im Bad  \n\\- freie Fahrt im Bus" in markdown
    html = render_html(report, ChartImages(enabled=False))
    assert "„Ehrenamtskarte für alle<br>Ich schlage vor:<br>- Rabatte im Bad<br>- freie Fahrt im Bus<br>" in html
    assert "x@y.example" not in markdown + html
    out = io.BytesIO()
    render_docx(report, out, ChartImages(enabled=False))
    texts = [paragraph.text for paragraph in docx.Document(out).paragraphs]
    assert any(text.startswith("„Ehrenamtskarte für alle\nIch schlage vor:\n- Rabatte im Bad\n") for text in texts)

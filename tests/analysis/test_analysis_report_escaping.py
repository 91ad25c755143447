"""Citizen text in the Markdown report and the OParl ``mainFile.text`` is escaped for Markdown:
no raw HTML, no links or headings of the citizen's making (issue 12, item 10)."""

import dataclasses

import pytest
from markdown_it import MarkdownIt
from report_fixture import kiel_report_data

from analysis.report_builder import build_report
from analysis.report_data import Quote, Theme
from analysis.report_render import render_markdown
from analysis.report_render.markdown import escape_markdown
from analysis.report_render.oparl import render_oparl

SCRIPT = "<script>alert(1)</script>"
IFRAME = "<iframe src=javascript:alert(2)></iframe>"
LINK = "[Gewinn](javascript:alert(3)) <javascript:alert(4)> <img src=x onerror=alert(5)>"


def hostile_data():
    data = kiel_report_data()
    data.proposals[0] = dataclasses.replace(data.proposals[0], title=f"Titel {SCRIPT} {LINK}")
    data.proposals[1] = dataclasses.replace(data.proposals[1], title=f"Titel {IFRAME}")
    data.pillars[0] = dataclasses.replace(data.pillars[0], themes=[
        Theme(f"Thema {SCRIPT}", 12, [Quote("ENG-2026-0005", f"Zitat {IFRAME}\n# Überschrift\n{LINK}")]),
        Theme(f"Thema {IFRAME} {LINK}", 7, [])])
    data.process = dataclasses.replace(data.process, summary=f"Kurz {SCRIPT}\n\n## Unterwandert\n{LINK}")
    return data


@pytest.fixture(scope="module")
def report():
    return build_report(hostile_data())


def _assert_inert(markdown: str) -> None:
    lowered = markdown.lower()
    for raw in ("<script", "<iframe", "<img", "<javascript"):
        assert raw not in lowered
    tokens = MarkdownIt("commonmark").parse(markdown)
    flat = [t for token in tokens for t in [token, *(token.children or [])]]
    assert not [t for t in flat if t.type in ("html_block", "html_inline", "link_open")]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("Unterwandert" in h or "Überschrift" in h for h in headings)


def test_markdown_report_escapes_citizen_html(report):
    markdown = render_markdown(report)
    assert "Titel" in markdown and "Thema" in markdown  # the texts are there, only escaped
    _assert_inert(markdown)


def test_oparl_main_file_text_escapes_citizen_html(report):
    text = render_oparl(report, "https://example.org/oparl")["mainFile"]["text"]
    assert "Thema" in text
    _assert_inert(text)


@pytest.mark.parametrize(("raw", "escaped"), [
    ("< 5", "< 5"),
    ("a<b", "a&lt;b"),
    ("</x>", "&lt;/x>"),
    ("<!-- x -->", "&lt;!-- x -->"),
    ("*fett* _k_ `c` [l](u) \\", "\\*fett\\* \\_k\\_ \\`c\\` \\[l](u) \\\\"),
    ("# h\n- l\n1. n\n> q", "\\# h\n\\- l\n1\\. n\n\\> q"),
    ("Kiel-Gaarden, 1.234 Stimmen", "Kiel-Gaarden, 1.234 Stimmen"),
])
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped

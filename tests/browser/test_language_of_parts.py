"""WCAG 3.1.2 in a real browser: on the English process page of the Kiel demo, every German text node has
an ancestor with lang="de", and axe finds nothing (English and German pages).

How a text node is decided to be German (both checks run on every visible or screen-reader text node
of <body>, scripts excluded):
1. Known German data: the node's text is one of the demo's German strings (process, pillar, phase,
   district and survey texts, markdown markers removed), or – with at least three words – a piece of one,
   and it is not also a piece of the English texts.
2. Stop words: the node contains at least two different German function words ("und", "der", "für" …)
   that do not occur in English; this also catches German interface text the English catalog lacks.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.clock import today
from app.demo import kiel
from app.demo.seed import seed_kiel
from app.extensions import db
from app.processes.models import Process

GERMAN_STOP_WORDS = {"und", "der", "das", "dem", "den", "des", "nicht", "für", "mit", "ist", "sind", "Sie", "wir",
                     "auf", "ein", "eine", "einer", "oder", "werden", "wird", "sich", "zum", "zur", "bei", "auch",
                     "über", "nach", "wie", "alle", "ihre", "Ihre"}
TEXT_NODES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, noscript")) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (!text) continue;
    const marked = parent.closest("[lang]");
    out.push({text: text, lang: marked ? marked.getAttribute("lang") : ""});
  }
  return out;
}"""


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_#>]", "", text or "")).strip()


def demo_strings(process: Process) -> tuple[set[str], set[str]]:
    """(German, English) texts of the demo process as the page may show them."""
    german, english = set(), set()
    objects = [process, *process.topics, *process.phases]
    for obj in objects:
        for field in ("title", "summary", "description"):
            if hasattr(obj, field):
                german.add(_plain(getattr(obj, field)))
                english.add(_plain(getattr(obj, f"{field}_en", None) or ""))
    german.update(district.name for district in process.districts)
    for paragraph in [text for value in list(german) for text in value.split("\n\n")]:
        german.add(_plain(paragraph))
    return {text for text in german if text}, {text for text in english if text}


def is_german(text: str, german: set[str], english: set[str]) -> bool:
    words = set(re.findall(r"[\wäöüÄÖÜß]+", text))
    if len(words & GERMAN_STOP_WORDS) >= 2:
        return True
    if not re.search(r"[A-Za-zÄÖÜäöüß]{3}", text) or any(text in other for other in english):
        return False
    return text in german or (len(text.split()) >= 3 and any(text in value for value in german))


def unmarked_german(page, german: set[str], english: set[str]) -> list[str]:
    return [node["text"] for node in page.evaluate(TEXT_NODES)
            if node["lang"] != "de" and is_german(node["text"], german, english)]


@pytest.fixture
def demo(app):
    """The Kiel demo, with some English texts removed so that German fallbacks appear on the page too."""
    with app.app_context():
        seed_kiel(today())
        process = db.session.scalar(select(Process).where(Process.slug == kiel.PROCESS_SLUG))
        process.description_en = None
        process.topics[1].title_en = process.topics[1].description_en = None
        process.phases[0].description_en = None
        db.session.commit()
        german, english = demo_strings(process)
    return {"url": f"/processes/{kiel.PROCESS_SLUG}/", "german": german, "english": english}


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_english_process_page_marks_every_german_text(live_server, english_page, check_axe, demo):
    page = english_page
    page.goto(live_server + demo["url"])
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Civic engagement strategy for Kiel"
    assert page.get_by_role("heading", name="Anchoring engagement in public structures").is_visible()
    # The German fallback (no English title) is on the page, marked, so the check has German text to find.
    assert page.locator('h3[lang="de"]', has_text="Anerkennungskultur entwickeln").is_visible()
    found = [node["text"] for node in page.evaluate(TEXT_NODES)
             if is_german(node["text"], demo["german"], demo["english"])]
    assert "Anerkennungskultur entwickeln" in found and "Altstadt" in found
    assert len(found) >= 10, found
    assert unmarked_german(page, demo["german"], demo["english"]) == []
    check_axe(page, "English process page (demo)")


def test_check_finds_unmarked_german(live_server, english_page, demo):
    """The check itself: with the lang attributes stripped, the German texts are reported."""
    page = english_page
    page.goto(live_server + demo["url"])
    page.evaluate("() => document.querySelectorAll('main [lang]').forEach(e => e.removeAttribute('lang'))")
    missing = unmarked_german(page, demo["german"], demo["english"])
    assert "Altstadt" in missing and "Anerkennungskultur entwickeln" in missing


def test_german_process_page_passes_axe(live_server, page, check_axe, demo):
    page.goto(live_server + demo["url"])
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Engagement-Strategie für Kiel"
    check_axe(page, "German process page (demo)")

"""The per-pillar results block (themes, quotes, most agreed proposals) is the same on the public results
page and in the council report, ties included (app/figures/pillars.py states the order)."""
from __future__ import annotations

import re
from html import unescape

import pytest

from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.core.clock import now
from app.extensions import db
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp

# Theme label → (pillar index or None, submissions). "Apfel" and "Zebra" tie on size, "Zebra" comes first
# in the run; "Beta" and "Alpha" (no pillar) tie as well.
THEMES = {"Zebra": (0, 2), "Mitte": (0, 3), "Apfel": (0, 2), "Beta": (None, 1), "Alpha": (None, 1)}
# Agree, disagree votes of the proposals of the first pillar, in the order they are made (reference order).
VOTES = [(2, 0), (2, 1), (1, 0), (2, 0), (3, 0), (2, 0), (1, 0)]


@pytest.fixture
def slug(app):
    """A published process in its results phase with tied themes and tied proposals in "Thema 1"."""
    with app.app_context():
        process = make_process(current="results")
        topic = process.topics[0]
        voters = [factories.make_user() for _ in range(3)]
        for number, (agree, disagree) in enumerate(VOTES):
            proposal = fp.make_proposal(process, title=f"Vorschlag {number}", topic=topic)
            for voter in voters[:agree]:
                fp.make_vote(proposal, voter, "agree")
            for voter in voters[agree:agree + disagree]:
                fp.make_vote(proposal, voter, "disagree")
        run = AnalysisRun(process_id=process.id, version=1, status="finished", progress=100, stage="done",
                          created_at=now(), heartbeat_at=now(), finished_at=now())
        db.session.add(run)
        db.session.flush()
        for position, (label, (pillar, size)) in enumerate(THEMES.items()):
            topic_id = process.topics[pillar].id if pillar is not None else None
            theme = AnalysisTheme(run_id=run.id, key=str(position), label=label, original_label=label,
                                  terms=[], position=position, topic_id=topic_id)
            db.session.add(theme)
            db.session.flush()
            db.session.add_all(AnalysisItem(
                run_id=run.id, kind="proposal", reference=f"Q-{label}-{n}", excerpt=f"Auszug {label} {n}",
                theme_id=theme.id, topic_id=topic_id, representative=True, quote_rank=n + 1,
                quote=f"Zitat {label} {n}") for n in range(size))
        db.session.commit()
        return process.slug


def _page_block(html: str, title: str) -> dict:
    """Themes, quotes and top proposal references of one pillar on the results page."""
    heading = re.search(r'<h3 id="(pillar-\d+)">' + re.escape(title) + "</h3>", html)
    assert heading, f"no pillar {title!r}"
    section = html[heading.end():].split("</section>")[0]
    return {
        "themes": [unescape(label) for label in re.findall(r'<tr><th scope="row">(.*?)</th>', section)],
        "quotes": [unescape(quote) for quote in re.findall(r"<li>(„.*?)</li>", section)],
        "top": re.findall(r"<li>\s*<p><strong>(\S+) – ", section),
    }


def _report_block(section) -> dict:
    """The same of one pillar subsection of the report."""
    themes = [table for table in section.tables if table.caption.startswith("Themen der Säule")]
    return {
        "themes": [row[0] for row in themes[0].rows] if themes else [],
        "quotes": [paragraph for paragraph in section.paragraphs if paragraph.startswith("„")],
        "top": [row[0] for row in section.figures[0].table.rows] if section.figures else [],
    }


def test_results_page_and_report_show_the_same_pillar_block(app, client, slug):
    from app.processes.services import get_process
    from app.report.rendering import build_process_report

    html = client.get(f"/processes/{slug}/results").get_data(as_text=True)
    with app.test_request_context():
        process = get_process(slug)
        report = build_process_report(process)
    pillars = next(section for section in report.sections if section.title == report.label("sec_pillars"))
    titles = [section.title for section in pillars.subsections]
    assert titles == ["Thema 1", "Thema 2", "Thema 3", "Übergreifende Themen"]
    for section in pillars.subsections:
        page, paper = _page_block(html, section.title), _report_block(section)
        # Same themes and proposals in the same order; the paper quotes one quote of each of its three
        # largest themes (all quotes are in an Anlage), the page shows them all.
        assert (paper["themes"], paper["top"]) == (page["themes"][:5], page["top"]), section.title
        themes = [quote.split("„Zitat ")[1].split()[0] for quote in paper["quotes"]]
        assert themes == page["themes"][:3] and set(paper["quotes"]) <= set(page["quotes"])
    # The rule: themes by size, ties by label; proposals by agree votes, ties by agree share, then reference.
    first, loose = _page_block(html, "Thema 1"), _page_block(html, "Übergreifende Themen")
    assert first["themes"] == ["Mitte", "Apfel", "Zebra"] and loose["themes"] == ["Alpha", "Beta"]
    assert first["quotes"][:2] == ["„Zitat Mitte 0“ (Q-Mitte-0)", "„Zitat Mitte 1“ (Q-Mitte-1)"]
    numbers = [int(ref.rsplit("-", 1)[1]) for ref in first["top"]]
    assert numbers == [5, 1, 4, 6, 2]  # 3 agree; 2 agree and no disagreement, by reference; 2 agree, 1 disagree

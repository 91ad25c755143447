"""Language of parts on real pages: the English UI shows English texts where present and marks the German
content (process texts, pillars, proposals, comments, survey questions, dashboard rows) with lang="de"."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.core.clock import today
from app.extensions import db
from app.processes.models import Process, Topic
from app.proposals.models import Proposal
from app.surveys.models import Survey
from tests.processes.factories import make_process
from tests.proposals import factories as fp

EN = {"Accept-Language": "en"}


def page(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def content_langs(html: str) -> list[str]:
    """The lang attributes inside <main> (the language switch in the header is left out)."""
    main = html.split('id="main"', 1)[1]
    return re.findall(r'\slang="(\w+)"', main)


def test_english_process_page_prefers_english_and_marks_german(app, client):
    with app.app_context():
        process = make_process("sprachen")
        process.title_en, process.summary_en = "Engagement strategy", None
        topic = db.session.scalar(select(Topic).where(Topic.process_id == process.id, Topic.position == 1))
        topic.title_en, topic.description_en = "First topic", "Explained in English."
        db.session.commit()
    html = page(client, "/processes/sprachen/", headers=EN)
    assert "<h1>Engagement strategy</h1>" in html  # English, so no lang attribute
    assert '<p class="lead" lang="de">Kurz gesagt.</p>' in html  # no English summary: German, marked
    assert "<h3>First topic</h3>" in html and "Explained in English." in html
    assert '<h3 lang="de">Thema 2</h3>' in html
    assert '<div class="prose" lang="de"><p>Eine <strong>Beschreibung</strong>.</p>' in html
    assert "<title>Engagement strategy – Ratschlag</title>" in html


def test_german_process_page_has_no_content_lang_attributes(app, client):
    with app.app_context():
        process = make_process("deutsch")
        process.title_en = "Not shown in German"
        db.session.commit()
    html = page(client, "/processes/deutsch/", headers={"Accept-Language": "de"})
    assert "Not shown in German" not in html and "<h1>Prozess" in html
    assert content_langs(html) == []


def test_english_proposal_page_marks_proposal_comments_and_topic(app, client, users, process, proposal):
    with app.app_context():
        fp.make_comment(db.session.get(Proposal, proposal), body="Gute Idee, das unterstütze ich.")
    html = page(client, f"/proposals/{proposal}", headers=EN)
    assert '<h1 id="proposal-title"><span lang="de">Ehrenamtskarte für Kiel</span></h1>' in html
    assert '<div class="prose proposal-body" lang="de">' in html
    assert re.search(r'<div class="prose" lang="de"><p>Gute Idee, das unterstütze ich.</p>', html)
    assert '<span lang="de">Thema 1</span>' in html
    german = page(client, f"/proposals/{proposal}", headers={"Accept-Language": "de"})
    assert content_langs(german) == []


def seed_demo(app) -> str:
    from app.demo.kiel import PROCESS_SLUG
    from app.demo.seed import seed_kiel

    with app.app_context():
        seed_kiel(today())
    return PROCESS_SLUG


def test_english_survey_page_shows_english_questions_and_marks_german_ones(app, client):
    slug = seed_demo(app)
    with app.app_context():
        survey = db.session.scalar(select(Survey).join(Process).where(Process.slug == slug))
        survey_id = survey.id
        first = survey.questions()[0]
        assert first.text_en and first.choices[0]["label_en"] == "Yes"
        url = f"/processes/{slug}/surveys/{survey_id}"
    html = page(client, url, headers=EN)
    assert "<h1>Survey: civic engagement in Kiel</h1>" in html
    assert "<span>Do you currently volunteer?</span>" in html
    assert re.search(r'<label for="[^"]+">Yes</label>', html)
    with app.app_context():
        question = db.session.get(Survey, survey_id).questions()[0]
        question.text_en = None
        question.choices = [{**choice, "label_en": None} for choice in question.choices]
        db.session.commit()
    html = page(client, url, headers=EN)
    assert '<span lang="de">Engagieren Sie sich zurzeit freiwillig oder ehrenamtlich?</span>' in html
    assert re.search(r'<label for="[^"]+" lang="de">Ja</label>', html)
    german = page(client, url, headers={"Accept-Language": "de"})
    assert "<h1>Umfrage: Engagement in Kiel</h1>" in german and content_langs(german) == []


def test_english_dashboard_marks_pillars_and_districts(app, client, users, auth):
    slug = seed_demo(app)
    auth.login_as("admin")
    html = page(client, f"/admin/processes/{slug}/dashboard", headers=EN)
    assert "Dashboard: <span" not in html.split("<h1>", 1)[1].split("</h1>", 1)[0]  # English title, unmarked
    assert "Civic engagement strategy for Kiel" in html
    assert re.search(r'<option value="\d+">Developing a culture of recognition</option>', html)
    assert re.search(r'<option value="\d+" lang="de">Altstadt</option>', html)
    assert re.search(r'<th scope="row" lang="de">[^<]+</th>', html)  # rows from data (districts, pillars…)
    german = page(client, f"/admin/processes/{slug}/dashboard", headers={"Accept-Language": "de"})
    assert ' lang="de"' not in german.split('id="main"', 1)[1]


def test_admin_stores_english_texts_beside_german(app, client, users, auth, process):
    auth.login_as("admin")
    data = {"title": "Radverkehr 2030", "slug": process, "reference_prefix": "RAD", "summary": "Wie fahren wir?",
            "description": "Text", "published": "y", "title_en": " Cycling 2030 ", "summary_en": "",
            "description_en": "English text"}
    assert client.post(f"/admin/processes/{process}/", data=data).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Process).where(Process.slug == process))
        assert (stored.title_en, stored.summary_en, stored.description_en) == ("Cycling 2030", None, "English text")
    form = page(client, f"/admin/processes/{process}/", headers={"Accept-Language": "de"})
    assert re.search(r'<input[^>]*id="title_en"[^>]*lang="en"|<input[^>]*lang="en"[^>]*id="title_en"', form)
    too_long = client.post(f"/admin/processes/{process}/", data={**data, "title_en": "x" * 201})
    assert too_long.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Process.title_en).where(Process.slug == process)) == "Cycling 2030"
    with app.app_context():
        topic_id = db.session.scalar(select(Topic.id).join(Process).where(Process.slug == process))
    response = client.post(f"/admin/processes/{process}/topics/{topic_id}",
                           data={"title": "Thema 1", "description": "", "title_en": "Topic one", "position": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Topic, topic_id).title_en == "Topic one"

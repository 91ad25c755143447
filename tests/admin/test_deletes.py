"""Deleting a phase, topic or district (issue 12, item 7): a confirmation page first (works without
JavaScript), what uses the item is named and moves where the administrator chooses; never a 500, nothing
silently lost."""
from __future__ import annotations

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.extensions import db
from app.processes.models import District, Topic
from app.proposals.models import Proposal
from app.surveys.models import SurveyResponse
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_response, make_survey


def _setup(app, slug: str) -> dict:
    with app.app_context():
        process = fp.process_by_slug(slug)
        first, second = process.topics[0], process.topics[1]
        gaarden, wik = process.districts[0], process.districts[1]
        a = fp.make_proposal(process, title="Radweg am Hafen", topic=first, district=gaarden)
        b = fp.make_proposal(process, title="Bänke im Park", topic=first, district=gaarden)
        survey = make_survey(process)
        question = add_question(add_section(survey), "long_text", "Ihre Idee", topic=first)
        make_response(survey.id, {}, district_id=gaarden.id)
        return {"first": first.id, "second": second.id, "second_title": second.title, "first_title": first.title,
                "gaarden": gaarden.id, "gaarden_name": gaarden.name, "wik": wik.id, "proposals": [a.id, b.id],
                "question": question.id}


def _url(slug, kind, item_id):
    return f"/admin/processes/{slug}/{kind}/{item_id}/delete"


def test_deleting_a_topic_with_proposals_asks_where_they_go_and_moves_them(client, app, auth, users, process):
    ids = _setup(app, process)
    auth.login_as("admin")
    url = _url(process, "topics", ids["first"])
    page = client.get(url).get_data(as_text=True)  # the confirmation page, reachable without JavaScript
    assert f"Möchten Sie „{ids['first_title']}“ wirklich löschen?" in page
    assert "2 Vorschläge sind zugeordnet" in page and "1 Umfragefrage gehört zu diesem Thema" in page
    assert 'name="confirm" value="yes"' in page and f'<option value="{ids["second"]}">' in page
    assert client.post(url).status_code == 200  # the old one-click POST only shows the confirmation
    response = client.post(url, data={"confirm": "yes"})  # no target chosen: refused with a message, no 500
    assert response.status_code == 400 and "Bitte wählen Sie, wohin die Vorschläge wechseln." in response.text
    assert client.post(url, data={"confirm": "yes", "target": "999999"}).status_code == 400
    with app.app_context():
        assert db.session.get(Topic, ids["first"]) is not None
    response = client.post(url, data={"confirm": "yes", "target": str(ids["second"])})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Topic, ids["first"]) is None
        topics = set(db.session.scalars(select(Proposal.topic_id).where(Proposal.id.in_(ids["proposals"]))))
        assert topics == {ids["second"]}
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "topic_delete"))
        assert "2 Vorschläge" in entry.details and ids["second_title"] in entry.details


def test_the_last_topic_in_use_cannot_be_deleted(client, app, auth, users):
    from tests.processes.factories import make_process

    with app.app_context():
        process = make_process(topics=1)
        only = process.topics[0]
        fp.make_proposal(process, title="Ein Vorschlag", topic=only)
        slug, topic_id = process.slug, only.id
    auth.login_as("admin")
    page = client.get(_url(slug, "topics", topic_id)).get_data(as_text=True)
    assert "Legen Sie zuerst ein weiteres Thema an." in page and 'name="confirm"' not in page
    response = client.post(_url(slug, "topics", topic_id), data={"confirm": "yes", "target": ""})
    assert response.status_code == 400 and "Legen Sie zuerst ein weiteres Thema an." in response.text
    with app.app_context():
        assert db.session.get(Topic, topic_id) is not None


def test_deleting_a_district_in_use_moves_or_clears_it_only_when_chosen(client, app, auth, users, process):
    ids = _setup(app, process)
    auth.login_as("admin")
    url = _url(process, "districts", ids["gaarden"])
    page = client.get(url).get_data(as_text=True)
    assert "2 Vorschläge sind zugeordnet" in page and "1 Umfrage-Antwort nennt diesen Stadtteil" in page
    assert '<option value="none">keinem Stadtteil zuordnen</option>' in page
    assert client.post(url, data={"confirm": "yes"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Proposal.id)).where(Proposal.district_id == ids["gaarden"])) == 2
    assert client.post(url, data={"confirm": "yes", "target": str(ids["wik"])}).status_code == 302
    with app.app_context():
        assert db.session.get(District, ids["gaarden"]) is None
        districts = set(db.session.scalars(select(Proposal.district_id).where(Proposal.id.in_(ids["proposals"]))))
        assert districts == {ids["wik"]}
        assert db.session.scalar(select(SurveyResponse.district_id)) is None


def test_an_unused_item_is_deleted_after_confirmation(client, app, auth, users, process):
    auth.login_as("admin")
    with app.app_context():
        district_id = fp.process_by_slug(process).districts[-1].id
    page = client.get(_url(process, "districts", district_id)).get_data(as_text=True)
    assert "Nichts im Prozess verwendet es." in page and 'name="target"' not in page
    assert client.post(_url(process, "districts", district_id), data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(District, district_id) is None


def test_the_confirmed_delete_needs_a_csrf_token(app, auth, users, process):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        district_id = fp.process_by_slug(process).districts[-1].id
    client = app.test_client()
    from tests.auth.factories import EMAILS, PASSWORD

    login_page = client.get("/auth/login").text
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/auth/login", data={"email": EMAILS["admin"], "password": PASSWORD, "csrf_token": token.group(1)})
    response = client.post(_url(process, "districts", district_id), data={"confirm": "yes"})
    assert response.status_code == 400  # no token: refused before anything happens
    with app.app_context():
        assert db.session.get(District, district_id) is not None

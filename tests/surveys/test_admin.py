"""The builder through the web: forms, error display, preview, lock notice, copy, delete."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.surveys.models import Survey, SurveyQuestion, SurveySection
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.surveys.factories import make_response


@pytest.fixture
def admin(client, users):
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    return client


def create(admin, process, **fields):
    data = {"title": "Umfrage: Engagement in Kiel", "description": "Hallo", "audience": "anonymous", "phase_id": "",
            **fields}
    return admin.post(f"/admin/processes/{process}/surveys/", data=data)


def test_create_build_and_open_a_survey(app, admin, process):
    response = create(admin, process)
    assert response.status_code == 302
    builder_url = response.headers["Location"]
    with app.app_context():
        survey = db.session.scalar(select(Survey))
        assert survey.status == "draft" and survey.audience == "anonymous"
    assert "Noch keine Abschnitte" in admin.get(builder_url).get_data(as_text=True)
    assert admin.post(f"{builder_url}sections", data={"section-title": "Teil 1"}).status_code == 302
    assert admin.post(f"{builder_url}sections", data={"section-title": "Teil 2"}).status_code == 302
    with app.app_context():
        first, second = db.session.scalars(select(SurveySection.id).order_by(SurveySection.position)).all()
    page = admin.get(f"{builder_url}questions/new?section={first}&kind=single_choice").get_data(as_text=True)
    assert "Antwortmöglichkeiten" in page and "„Sonstiges“ mit Freitext anbieten" in page
    response = admin.post(f"{builder_url}questions/new?section={first}&kind=single_choice",
                          data={"text": "Engagieren Sie sich?", "choices": "Ja\nNein\n", "required": "y"})
    assert response.status_code == 302
    with app.app_context():
        gate = db.session.scalar(select(SurveyQuestion))
    page = admin.get(f"{builder_url}questions/new?section={second}&kind=long_text").get_data(as_text=True)
    assert f'value="{gate.id}:c1"' in page  # earlier questions' values are offered as conditions
    response = admin.post(f"{builder_url}questions/new?section={second}&kind=long_text",
                          data={"text": "Wo?", "condition": f"{gate.id}:c1"})
    assert response.status_code == 302
    page = admin.get(builder_url).get_data(as_text=True)
    assert "Nur sichtbar, wenn „Engagieren Sie sich?“ = „Ja“" in page
    preview = admin.get(f"{builder_url}preview").get_data(as_text=True)
    assert "Abschnitt 2 von 2" in preview and "Nur sichtbar, wenn" in preview
    response = admin.post(builder_url, data={"title": "Umfrage", "audience": "anonymous", "phase_id": "",
                                             "status": "open"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Survey.status)) == "open"


def test_builder_errors_are_shown_on_the_form(app, admin, process):
    builder_url = create(admin, process).headers["Location"]
    admin.post(f"{builder_url}sections", data={"section-title": "Teil 1"})
    with app.app_context():
        section = db.session.scalar(select(SurveySection.id))
    response = admin.post(f"{builder_url}questions/new?section={section}&kind=single_choice",
                          data={"text": "Nur eine Antwort?", "choices": "Ja"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie 2 bis 50 Antwortmöglichkeiten an" in page and 'href="#choices"' in page
    response = admin.post(builder_url, data={"title": "", "audience": "anonymous", "status": "open"})
    assert response.status_code == 400
    response = admin.post(builder_url, data={"title": "T", "audience": "anonymous", "phase_id": "", "status": "open"})
    assert "ohne Fragen kann nicht geöffnet werden" in response.get_data(as_text=True)


def test_new_question_without_section_or_kind_goes_back(admin, process, app):
    builder_url = create(admin, process).headers["Location"]
    response = admin.get(f"{builder_url}questions/new?kind=nonsense")
    assert response.status_code == 302 and "add-question" in response.headers["Location"]


def test_lock_notice_and_copy(app, admin, process):
    builder_url = create(admin, process).headers["Location"]
    admin.post(f"{builder_url}sections", data={"section-title": "Teil 1"})
    with app.app_context():
        survey = db.session.scalar(select(Survey))
        section = survey.sections[0].id
    admin.post(f"{builder_url}questions/new?section={section}&kind=short_text", data={"text": "Was?"})
    with app.app_context():
        question_id = db.session.scalar(select(SurveyQuestion.id))
        make_response(survey.id, {question_id: Value(text="x")})
    page = admin.get(builder_url).get_data(as_text=True)
    assert "Der Aufbau dieser Umfrage ist gesperrt." in page and "Abschnitt hinzufügen" not in page
    response = admin.post(f"{builder_url}questions/{question_id}", data={"text": "Was genau?", "required": "y"})
    assert response.status_code == 400 and "bereits Antworten" in response.get_data(as_text=True)
    assert admin.post(f"{builder_url}questions/{question_id}", data={"text": "Was genau?"}).status_code == 302
    response = admin.post(f"{builder_url}questions/{question_id}/delete", data={"confirm": "yes"})
    assert response.status_code == 302
    assert "bereits Antworten" in admin.get(response.headers["Location"]).get_data(as_text=True)
    response = admin.post(f"{builder_url}copy")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SurveyQuestion.text).where(SurveyQuestion.id == question_id)) == "Was genau?"
        assert len(db.session.scalars(select(Survey)).all()) == 2


def test_delete_a_draft(app, admin, process):
    builder_url = create(admin, process).headers["Location"]
    response = admin.post(f"{builder_url}delete", data={"confirm": "yes"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Survey.id)) is None


def test_overview_and_process_list(app, admin, process):
    create(admin, process)
    assert "Umfrage: Engagement in Kiel" in admin.get("/admin/surveys/").get_data(as_text=True)
    page = admin.get(f"/admin/processes/{process}/surveys/").get_data(as_text=True)
    assert "Umfrage: Engagement in Kiel" in page and "export.csv" in page


def test_public_survey_list_and_process_page_link(app, client, process):
    from app.processes.models import Process
    from tests.surveys.factories import make_conditional_survey

    with app.app_context():
        ids = make_conditional_survey(db.session.scalar(select(Process).where(Process.slug == process)))
        make_conditional_survey(db.session.scalar(select(Process).where(Process.slug == process)), status="draft")
    page = client.get(f"/processes/{process}/").get_data(as_text=True)
    assert f"/processes/{process}/surveys/{ids['survey']}" in page
    listing = client.get(f"/processes/{process}/surveys/").get_data(as_text=True)
    assert listing.count('<li class="card">') == 1 and "jetzt geöffnet" in listing  # the draft is not listed


def test_builder_actions_and_exports_are_audited(app, client, users):
    """Every change to a questionnaire and every download of answers lands in the audit log."""
    from sqlalchemy import select

    from app.audit.models import AuditEntry
    from app.extensions import db
    from tests.auth import factories

    with app.app_context():
        process = make_process()
        slug = process.slug
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    client.post(f"/admin/processes/{slug}/surveys/", data={"title": "Ehrenamt in Kiel", "audience": "anonymous"})
    with app.app_context():
        survey_id = db.session.scalar(select(AuditEntry.item_id).where(AuditEntry.action == "survey_create"))
    assert survey_id is not None
    client.post(f"/admin/processes/{slug}/surveys/{survey_id}/sections", data={"section-title": "Über Sie"})
    client.get(f"/admin/processes/{slug}/surveys/{survey_id}/export.csv")
    client.get(f"/admin/processes/{slug}/votes.csv")
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        actions = [entry.action for entry in entries]
        assert actions == ["survey_create", "section_save", "export_survey", "export_votes"]
        assert {entry.actor_name for entry in entries} == {"Ada Admin"}
        assert entries[1].details == "Über Sie"


def test_survey_section_and_question_deletes_ask_first(app, admin, process):
    """One click on "Löschen" shows what would be deleted (GET works too, without JavaScript); only the
    confirmed POST deletes (issue 12, item 7)."""
    builder_url = create(admin, process).headers["Location"]
    admin.post(f"{builder_url}sections", data={"section-title": "Teil 1"})
    with app.app_context():
        section = db.session.scalar(select(SurveySection.id))
    admin.post(f"{builder_url}questions/new?section={section}&kind=short_text", data={"text": "Was?"})
    with app.app_context():
        question = db.session.scalar(select(SurveyQuestion.id))
    for url, consequence in [(f"{builder_url}questions/{question}/delete", "aus dem Abschnitt „Teil 1“ entfernt"),
                             (f"{builder_url}sections/{section}/delete", "Der Abschnitt hat 1 Frage"),
                             (f"{builder_url}delete", "Abschnitte: 1, Fragen: 1 – alles wird mit gelöscht.")]:
        for response in (admin.get(url), admin.post(url)):
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and "wirklich löschen?" in page and consequence in page
            assert 'name="confirm" value="yes"' in page
    with app.app_context():
        assert (db.session.scalar(select(func.count(SurveyQuestion.id))),
                db.session.scalar(select(func.count(SurveySection.id))),
                db.session.scalar(select(func.count(Survey.id)))) == (1, 1, 1)
    assert admin.post(f"{builder_url}delete", data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Survey.id)) is None

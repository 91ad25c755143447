"""Legal pages (issue 16, deliverable 3): Impressum, privacy notice and accessibility statement built from the
admin-editable operator details; the barrier feedback form that works without JavaScript; the role matrix of
their administration."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.legal.labels import PLACEHOLDER
from app.legal.models import AccessibilityFeedback, LegalSetting
from app.legal.queries import legal_details

ADMIN_PAGES = ["/admin/rechtliches", "/admin/rechtliches/rueckmeldungen", "/admin/leichte-sprache",
               "/admin/gebaerdensprache"]


def _details_form(**changes) -> dict:
    data = {
        "operator_name": "Landeshauptstadt Kiel", "operator_address": "Rathaus\nFleethörn 9\n24103 Kiel",
        "representative": PLACEHOLDER, "contact_email": "info@example.org", "contact_phone": "",
        "website": "https://www.kiel.de", "content_responsible": PLACEHOLDER, "dpo": PLACEHOLDER,
        "dpo_email": PLACEHOLDER, "hosting": PLACEHOLDER, "supervisory_authority": "ULD, Kiel",
        "retention_note": "", "feedback_email": "barrieren@example.org", "conformity": "partial",
        "non_accessible": "Keine Videos in DGS.", "assessment_method": "Selbstbewertung",
        "assessment_date": "2026-11-30", "statement_date": "2026-12-01",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", ["/impressum", "/datenschutz", "/barrierefreiheit",
                                  "/barrierefreiheit/rueckmeldung", "/barrierefreiheit/rueckmeldung/danke",
                                  "/leichte-sprache", "/gebaerdensprache"])
def test_public_pages_answer_everyone_and_are_linked_from_the_footer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    footer = response.get_data(as_text=True).split('<footer class="site-footer">')[1]
    for link in ("/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache", "/gebaerdensprache"):
        assert f'href="{link}"' in footer


def test_pages_show_placeholders_until_the_city_fills_them_in(client):
    imprint = client.get("/impressum").get_data(as_text=True)
    assert PLACEHOLDER in imprint
    privacy = client.get("/datenschutz").get_data(as_text=True)
    assert "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD)" in privacy
    assert "Art. 6 Abs. 1 Buchstabe e DSGVO" in privacy and "Landesdatenschutzgesetz Schleswig-Holstein" in privacy
    statement = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "https://www.landtag.ltsh.de/beauftragte/beschwerdestelle-fuer-barrieren/" in statement
    assert "teilweise vereinbar" in statement
    assert 'href="/barrierefreiheit/rueckmeldung"' in statement


@pytest.mark.parametrize("role", [None, "unconfirmed", "citizen", "moderator"])
def test_only_admins_reach_the_legal_administration(client, auth, users, role):
    if role:
        auth.login_as(role)
    for path in ADMIN_PAGES:
        response = client.get(path)
        if role is None:
            assert response.status_code == 302 and "/auth/login" in response.headers["Location"], path
        else:
            assert response.status_code == 403, path
    response = client.post("/admin/rechtliches", data=_details_form(operator_name="Übernommen"))
    assert response.status_code in (302, 403)
    with client.application.app_context():
        assert db.session.scalar(select(LegalSetting).where(LegalSetting.key == "operator_name")) is None


def test_admin_edits_the_details_and_the_pages_show_them(client, auth, users, app):
    auth.login_as("admin")
    page = client.get("/admin/rechtliches").get_data(as_text=True)
    assert "Von der Stadt einzutragen oder zu bestätigen" in page
    response = client.post("/admin/rechtliches", data=_details_form())
    assert response.status_code == 302
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "Fleethörn 9" in imprint and 'href="mailto:info@example.org"' in imprint
    statement = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "Keine Videos in DGS." in statement and "1. Dezember 2026" in statement
    page = client.get("/admin/rechtliches").get_data(as_text=True)
    assert 'id="representative-flag"' in page and 'id="operator_name-flag"' not in page
    with app.app_context():
        assert legal_details().operator_address == "Rathaus\nFleethörn 9\n24103 Kiel"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "legal_update"))
        assert "operator_name" in entry.details


@pytest.mark.parametrize(("field", "value", "message"), [
    ("contact_email", "keine-adresse", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
    ("website", "javascript:alert(1)", "Bitte geben Sie eine Adresse mit https:// an."),
    ("statement_date", "2026-13-45", "Bitte geben Sie ein gültiges Datum an."),
    ("conformity", "perfekt", "Not a valid choice"),
    ("operator_name", "x" * 301, "Höchstens 300 Zeichen."),
])
def test_bad_details_are_refused_and_nothing_is_stored(client, auth, users, app, field, value, message):
    auth.login_as("admin")
    response = client.post("/admin/rechtliches", data=_details_form(**{field: value}))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'class="error-summary"' in body
    if field != "conformity":
        assert message in body
    with app.app_context():
        assert db.session.scalar(select(LegalSetting)) is None


def test_feedback_without_javascript_is_stored_mailed_and_confirmed(client, app, outbox):
    with app.app_context():
        db.session.add(LegalSetting(key="feedback_email", value="barrieren@example.org"))
        db.session.commit()
    page = client.get("/barrierefreiheit/rueckmeldung").get_data(as_text=True)
    assert "<script" not in page.split("<main")[1]
    response = client.post("/barrierefreiheit/rueckmeldung", data={
        "message": "Der Kontrast\x00 der Links ist zu schwach.", "page": "/processes/x/", "name": "",
        "email": "person@example.org"})
    assert response.status_code == 302 and response.headers["Location"] == "/barrierefreiheit/rueckmeldung/danke"
    assert "Vielen Dank" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        feedback = db.session.scalar(select(AccessibilityFeedback))
        assert feedback.message == "Der Kontrast der Links ist zu schwach."  # the NUL byte is gone
        assert feedback.email == "person@example.org" and feedback.name == ""
    assert len(outbox) == 1 and outbox[0].to == "barrieren@example.org"
    assert "Der Kontrast der Links ist zu schwach." in outbox[0].body


def test_feedback_is_stored_but_not_mailed_while_the_address_is_a_placeholder(client, app, outbox, db_rows):
    response = client.post("/barrierefreiheit/rueckmeldung", data={"message": "Kein Fokus sichtbar."})
    assert response.status_code == 302
    assert db_rows(AccessibilityFeedback) == 1
    assert outbox == []


@pytest.mark.parametrize(("data", "message"), [
    ({"message": ""}, "Bitte beschreiben Sie die Barriere."),
    ({"message": "\x00\x00 \x00"}, "Bitte beschreiben Sie die Barriere."),
    ({"message": "x" * 5001}, "Höchstens 5000 Zeichen."),
    ({"message": "ok", "page": "p" * 501}, "Höchstens 500 Zeichen."),
    ({"message": "ok", "name": "n" * 121}, "Höchstens 120 Zeichen."),
    ({"message": "ok", "email": "keine adresse"}, "Bitte geben Sie eine gültige E-Mail-Adresse an."),
])
def test_bad_feedback_is_refused_with_a_translated_error(client, db_rows, outbox, data, message):
    response = client.post("/barrierefreiheit/rueckmeldung", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db_rows(AccessibilityFeedback) == 0
    assert outbox == []


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_feedback_needs_a_csrf_token(client, db_rows):
    response = client.post("/barrierefreiheit/rueckmeldung", data={"message": "Ohne Token"})
    assert response.status_code == 400
    assert db_rows(AccessibilityFeedback) == 0


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_ACCESSIBILITY_FEEDBACK": "2 per hour"}])
def test_feedback_is_rate_limited(client, db_rows):
    for _ in range(2):
        assert client.post("/barrierefreiheit/rueckmeldung", data={"message": "Barriere"}).status_code == 302
    response = client.post("/barrierefreiheit/rueckmeldung", data={"message": "Barriere"})
    assert response.status_code == 429
    assert db_rows(AccessibilityFeedback) == 2


def test_admin_reads_and_deletes_feedback(client, auth, users, app, db_rows):
    client.post("/barrierefreiheit/rueckmeldung", data={"message": "Tabelle ohne Überschriften", "name": "Ada"})
    auth.login_as("admin")
    page = client.get("/admin/rechtliches/rueckmeldungen").get_data(as_text=True)
    assert "Tabelle ohne Überschriften" in page and "Ada" in page
    with app.app_context():
        feedback_id = db.session.scalar(select(AccessibilityFeedback.id))
    assert client.post(f"/admin/rechtliches/rueckmeldungen/{feedback_id}/loeschen").status_code == 302
    assert db_rows(AccessibilityFeedback) == 0
    assert client.post(f"/admin/rechtliches/rueckmeldungen/{feedback_id}/loeschen").status_code == 404


def test_moderator_cannot_delete_feedback(client, auth, users, app, db_rows):
    client.post("/barrierefreiheit/rueckmeldung", data={"message": "Barriere"})
    with app.app_context():
        feedback_id = db.session.scalar(select(AccessibilityFeedback.id))
    auth.login_as("moderator")
    assert client.post(f"/admin/rechtliches/rueckmeldungen/{feedback_id}/loeschen").status_code == 403
    assert db_rows(AccessibilityFeedback) == 1


def test_operator_details_are_marked_german_in_the_english_ui(client):
    english = client.get("/impressum", headers={"Accept-Language": "en"}).get_data(as_text=True)
    main = english.split('id="main"', 1)[1]
    assert '<span lang="de">' in main, "the admin's German details carry lang=de in the English UI"
    german = client.get("/impressum", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<span lang="de">' not in german.split('id="main"', 1)[1]

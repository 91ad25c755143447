"""Leichte Sprache and Deutsche Gebärdensprache (issue 16, deliverable 4): the explanation of the platform,
per-process summaries edited by admins and linked from the process page, and the configurable videos."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.legal.models import EasyLanguageSummary, SignLanguageVideo
from app.processes.models import Process


def _process_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Process.id).where(Process.slug == slug))


def test_the_section_explains_taking_part_and_lists_the_current_processes(client, process):
    page = client.get("/leichte-sprache").get_data(as_text=True)
    for heading in ("Was ist Ratschlag?", "Ein Konto machen", "Einen Vorschlag schreiben", "Abstimmen",
                    "Etwas dazu schreiben", "Bei einer Umfrage mit-machen"):
        assert heading in page
    assert f'href="/leichte-sprache/{process}"' in page
    assert "<img" not in page.split("<main")[1]  # no pictograms


def test_without_a_summary_the_process_page_has_no_switch_and_the_summary_page_says_so(client, process):
    assert "/leichte-sprache/" not in client.get(f"/processes/{process}/").get_data(as_text=True).split("<footer")[0]
    page = client.get(f"/leichte-sprache/{process}").get_data(as_text=True)
    assert "Für diese Beteiligung gibt es noch keine Erklärung in Leichter Sprache." in page
    assert client.get("/leichte-sprache/gibt-es-nicht").status_code == 404


def test_admin_writes_a_summary_that_the_process_page_links_to(client, auth, users, process, app):
    auth.login_as("admin")
    assert client.get("/admin/leichte-sprache").status_code == 200
    response = client.post(f"/admin/leichte-sprache/{process}",
                           data={"text": "Die Stadt macht einen Plan.\n\nSie können mit-machen."})
    assert response.status_code == 302
    process_page = client.get(f"/processes/{process}/").get_data(as_text=True)
    assert f'href="/leichte-sprache/{process}"' in process_page
    assert "Diese Beteiligung in Leichter Sprache" in process_page
    summary_page = client.get(f"/leichte-sprache/{process}").get_data(as_text=True)
    assert "<p>Die Stadt macht einen Plan.</p>" in summary_page
    # An empty text removes the summary again.
    assert client.post(f"/admin/leichte-sprache/{process}", data={"text": "  "}).status_code == 302
    with app.app_context():
        assert db.session.get(EasyLanguageSummary, _process_id(app, process)) is None


def test_a_summary_is_cleaned_and_limited(client, auth, users, process, app):
    auth.login_as("admin")
    response = client.post(f"/admin/leichte-sprache/{process}", data={"text": "x" * 20001})
    assert response.status_code == 400 and "Höchstens 20000 Zeichen." in response.get_data(as_text=True)
    client.post(f"/admin/leichte-sprache/{process}", data={"text": "Kurz\x00 und klar.<script>x</script>"})
    with app.app_context():
        summary = db.session.get(EasyLanguageSummary, _process_id(app, process))
        assert summary.text.startswith("Kurz und klar.")
    assert "<script>x" not in client.get(f"/leichte-sprache/{process}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_only_admins_edit_summaries_and_videos(client, auth, users, process, role, db_rows):
    auth.login_as(role)
    assert client.post(f"/admin/leichte-sprache/{process}", data={"text": "Text"}).status_code == 403
    assert client.post("/admin/gebaerdensprache", data={"title": "T", "url": "https://example.org/v"}
                       ).status_code == 403
    assert db_rows(EasyLanguageSummary) == 0 and db_rows(SignLanguageVideo) == 0


def test_sign_language_page_says_when_there_are_no_videos(client):
    page = client.get("/gebaerdensprache").get_data(as_text=True)
    assert "Für diese Plattform gibt es noch keine Videos in Deutscher Gebärdensprache." in page


def test_admin_adds_local_and_linked_videos(client, auth, users, app):
    auth.login_as("admin")
    assert client.post("/admin/gebaerdensprache", data={
        "title": "Was ist Ratschlag?", "url": "/static/dgs/ratschlag.mp4", "position": "1"}).status_code == 302
    assert client.post("/admin/gebaerdensprache", data={
        "title": "So machen Sie mit", "url": "https://www.example.org/dgs/mitmachen", "position": "2",
        "description": "Ein Video auf der Seite der Stadt."}).status_code == 302
    page = client.get("/gebaerdensprache").get_data(as_text=True)
    assert '<video controls preload="none" src="/static/dgs/ratschlag.mp4"' in page
    assert 'href="https://www.example.org/dgs/mitmachen"' in page and "<iframe" not in page
    assert "noch keine Videos" not in page
    with app.app_context():
        video_id = db.session.scalar(select(SignLanguageVideo.id).where(SignLanguageVideo.position == 2))
    assert client.post(f"/admin/gebaerdensprache/{video_id}/loeschen").status_code == 302
    assert "mitmachen" not in client.get("/gebaerdensprache").get_data(as_text=True)


@pytest.mark.parametrize(("data", "message"), [
    ({"title": "", "url": "https://example.org/v"}, "Bitte füllen Sie dieses Feld aus."),
    ({"title": "T", "url": "javascript:alert(1)"}, "Bitte geben Sie eine Adresse mit https://"),
    ({"title": "T", "url": "http://example.org/v"}, "Bitte geben Sie eine Adresse mit https://"),
    ({"title": "T", "url": "/static/../config.py"}, "Bitte geben Sie eine Adresse mit https://"),
    ({"title": "T", "url": "https://example.org/v", "position": "²"}, "Bitte geben Sie eine ganze Zahl ein."),
    ({"title": "T" * 201, "url": "https://example.org/v"}, "Höchstens 200 Zeichen."),
])
def test_bad_videos_are_refused(client, auth, users, db_rows, data, message):
    auth.login_as("admin")
    response = client.post("/admin/gebaerdensprache", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db_rows(SignLanguageVideo) == 0

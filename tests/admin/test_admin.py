"""Administration: creating and editing processes, phases, topics, districts; roles."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.processes.models import District, Phase, Process, Topic
from tests.auth import factories

NEW_PROCESS = {"title": "Radverkehr 2030", "slug": "radverkehr-2030", "reference_prefix": "RAD",
               "summary": "Wie fahren wir 2030 Rad?", "description": "Text", "published": "y"}


@pytest.fixture
def admin(auth, users):
    auth.login_as("admin")
    return auth


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_admin_creates_a_process(client, app, admin):
    response = client.post("/admin/processes/new", data=NEW_PROCESS)
    assert response.headers["Location"] == "/admin/processes/radverkehr-2030/"
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "radverkehr-2030"))
        assert (process.title, process.reference_prefix, process.published) == ("Radverkehr 2030", "RAD", True)
    assert "Radverkehr 2030" in client.get("/admin/processes/radverkehr-2030/").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "message"), [
    ({"slug": "Mit Leerzeichen"}, "Kleinbuchstaben, Ziffern und Bindestriche"),
    ({"reference_prefix": "r1"}, "2 bis 6 Großbuchstaben"),
    ({"title": ""}, "Bitte füllen Sie dieses Feld aus."),
    ({"title": "x" * 201}, "Höchstens 200 Zeichen"),
    ({"summary": ""}, "Bitte füllen Sie dieses Feld aus."),
])
def test_process_form_rejects_bad_input(client, app, admin, changes, message):
    response = client.post("/admin/processes/new", data={**NEW_PROCESS, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(app, Process) == 0


def test_slug_must_be_unique(client, app, admin, process):
    response = client.post("/admin/processes/new", data={**NEW_PROCESS, "slug": process})
    assert "schon vergeben" in response.get_data(as_text=True)
    assert count(app, Process) == 1


def test_admin_edits_a_process(client, app, admin, process):
    response = client.post(f"/admin/processes/{process}/", data={**NEW_PROCESS, "slug": process, "published": ""})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Process.published).where(Process.slug == process)) is False


def test_failed_edit_keeps_the_old_values(client, app, admin, process):
    response = client.post(f"/admin/processes/{process}/", data={**NEW_PROCESS, "slug": "UNGÜLTIG"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Process.title).where(Process.slug == process)) != "Radverkehr 2030"


@pytest.fixture
def empty_process(app):
    with app.app_context():
        process = Process(slug="leer", title="Leer", summary="s", reference_prefix="LEE")
        db.session.add(process)
        db.session.commit()
    return "leer"


def add_phase(client, kind, start, end, slug="leer"):
    return client.post(f"/admin/processes/{slug}/phases",
                       data={"kind": kind, "starts_on": start, "ends_on": end, "description": ""})


def test_admin_adds_phases_in_order(client, app, admin, empty_process):
    assert add_phase(client, "information", "2026-01-01", "2026-01-31").status_code == 302
    assert add_phase(client, "participation", "2026-02-01", "2026-03-31").status_code == 302
    assert count(app, Phase) == 2


@pytest.mark.parametrize(("kind", "start", "end", "message"), [
    ("participation", "2026-01-10", "2026-01-05", "nicht vor dem Beginn"),
    ("participation", "2026-01-20", "2026-02-10", "überschneidet sich"),
    ("information", "2026-03-01", "2026-03-10", "gibt es in diesem Prozess schon"),
    ("results", "2025-12-01", "2025-12-10", "in dieser Reihenfolge"),
    ("party", "2026-03-01", "2026-03-10", "Keine gültige Auswahl"),
    ("participation", "kein-datum", "2026-03-10", "gültiges Datum"),
])
def test_invalid_phases_are_rejected(client, app, admin, empty_process, kind, start, end, message):
    add_phase(client, "information", "2026-01-01", "2026-01-31")
    response = add_phase(client, kind, start, end)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Phase) == 1


def test_admin_edits_and_deletes_a_phase(client, app, admin, empty_process):
    add_phase(client, "information", "2026-01-01", "2026-01-31")
    with app.app_context():
        phase_id = db.session.scalar(select(Phase.id))
    url = f"/admin/processes/leer/phases/{phase_id}"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"kind": "information", "starts_on": "2026-01-02", "ends_on": "2026-01-20"})
    assert response.status_code == 302
    with app.app_context():
        assert str(db.session.get(Phase, phase_id).ends_on) == "2026-01-20"
    assert client.post(url, data={"kind": "information", "starts_on": "2026-01-20",
                                  "ends_on": "2026-01-02"}).status_code == 400
    assert client.post(url + "/delete").status_code == 200  # first the confirmation page
    assert count(app, Phase) == 1
    assert client.post(url + "/delete", data={"confirm": "yes"}).status_code == 302
    assert count(app, Phase) == 0


def test_topics_are_added_edited_and_unique(client, app, admin, empty_process):
    assert client.post("/admin/processes/leer/topics",
                       data={"title": "Anerkennung", "description": "d"}).status_code == 302
    response = client.post("/admin/processes/leer/topics", data={"title": "anerkennung"})
    assert response.status_code == 400 and "gibt es schon" in response.get_data(as_text=True)
    with app.app_context():
        topic_id = db.session.scalar(select(Topic.id))
    response = client.post(f"/admin/processes/leer/topics/{topic_id}",
                           data={"title": "Anerkennungskultur", "position": "3"})
    assert response.status_code == 302
    with app.app_context():
        topic = db.session.get(Topic, topic_id)
        assert (topic.title, topic.position) == ("Anerkennungskultur", 3)


def test_districts_are_added_in_bulk_without_duplicates(client, app, admin, empty_process):
    names = "Altstadt\n\nWik\r\nAltstadt\n  Mettenhof  \n"
    assert client.post("/admin/processes/leer/districts", data={"names": names}).status_code == 302
    with app.app_context():
        assert (list(db.session.scalars(select(District.name).order_by(District.position)))
                == ["Altstadt", "Wik", "Mettenhof"])
    client.post("/admin/processes/leer/districts", data={"names": "wik\nHoltenau"})
    assert count(app, District) == 4


def test_child_of_another_process_is_not_found(client, app, admin, empty_process, process):
    with app.app_context():
        foreign = db.session.scalar(select(Phase.id).join(Process).where(Process.slug == process))
    assert client.get(f"/admin/processes/leer/phases/{foreign}").status_code == 404
    assert client.post(f"/admin/processes/leer/phases/{foreign}/delete").status_code == 404
    assert client.get("/admin/processes/leer/phases/999999").status_code == 404


def test_admin_changes_roles_but_not_the_last_admin(client, app, admin):
    with app.app_context():
        citizen_id = db.session.scalar(select(User.id).where(User.email == factories.EMAILS["citizen"]))
        admin_id = db.session.scalar(select(User.id).where(User.email == factories.EMAILS["admin"]))
    assert factories.EMAILS["citizen"] in client.get("/admin/users/").get_data(as_text=True)
    client.post(f"/admin/users/{citizen_id}/role", data={"role": "moderator"})
    response = client.post(f"/admin/users/{admin_id}/role", data={"role": "citizen"}, follow_redirects=True)
    assert "letzte Admin-Konto" in response.get_data(as_text=True)
    client.post(f"/admin/users/{citizen_id}/role", data={"role": "overlord"})
    with app.app_context():
        assert db.session.get(User, citizen_id).role == "moderator"
        assert db.session.get(User, admin_id).role == "admin"


def test_user_search(client, admin):
    page = client.get("/admin/users/?q=mona").get_data(as_text=True)
    assert "Mona Moderator" in page and "Clara Citizen" not in page


def test_process_set_up_is_audited(client, app, admin, empty_process):
    from app.audit.models import AuditEntry

    client.post("/admin/processes/new", data=NEW_PROCESS)
    add_phase(client, "information", "2026-01-01", "2026-01-31")
    client.post("/admin/processes/leer/districts", data={"names": "Wik\nPries"})
    with app.app_context():
        phase_id = db.session.scalar(select(Phase.id))
    client.post(f"/admin/processes/leer/phases/{phase_id}/delete", data={"confirm": "yes"})
    add_phase(client, "information", "2026-01-10", "2026-01-05")  # refused: nothing audited
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [entry.action for entry in entries] == ["process_create", "phase_save", "districts_add", "phase_delete"]
        assert {entry.actor_name for entry in entries} == {"Ada Admin"}
        assert entries[2].details == "Wik, Pries"
    page = client.get("/moderation/audit?action=phase_delete").get_data(as_text=True)
    assert "Phase gelöscht" in page


def test_a_refused_set_up_change_stores_nothing(app, empty_process):
    from app.audit.models import AuditEntry
    from app.core.errors import DomainError
    from app.processes import services

    with app.app_context():
        process = services.get_process("leer", include_unpublished=True)
        services.save_topic(process, None, title="Anerkennung")
        topic_id = services.save_topic(process, None, title="Ehrenamt").id
        with pytest.raises(DomainError):
            services.save_topic(process, db.session.get(Topic, topic_id), title="anerkennung", description="neu",
                                position=7)
        with pytest.raises(DomainError):
            services.add_districts(process, ["Wik", "x" * 121])
        with pytest.raises(DomainError):
            services.save_phase(process, None, kind="information", starts_on=date(2026, 2, 1),
                                ends_on=date(2026, 1, 1))
        db.session.commit()  # a later transaction in the same session must not carry anything of the refused ones
    with app.app_context():
        topic = db.session.get(Topic, topic_id)
        assert (topic.title, topic.description, topic.position) == ("Ehrenamt", "", 2)
        assert count(app, District) == 0 and count(app, Phase) == 0
        assert list(db.session.scalars(select(AuditEntry.action))) == ["topic_save", "topic_save"]

"""Pages of analysis runs: list and start, progress and results, theme items, renaming and moving."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.audit.models import AuditEntry
from app.core.clock import now
from app.extensions import db
from tests.analysis_runs.factories import make_analysable_process, make_finished_run
from tests.auth import factories
from tests.moderation.factories import assign_moderator
from tests.processes.factories import process_by_slug


def base(slug: str) -> str:
    return f"/admin/processes/{slug}/analysis"


@pytest.fixture
def analysed(app, process, users, auth, client):
    """The themed process analysed once through the start form (inline runner); returns ids."""
    with app.app_context():
        data = make_analysable_process(process)
    auth.login_as("admin")
    response = client.post(base(process) + "/", data={"k": "3", "duplicate_threshold": "0,8", "min_votes": "7"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{base(process)}/1/")
    auth.logout()
    with app.app_context():
        run = db.session.scalar(select(AnalysisRun))
        themes = db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)
                                    .order_by(AnalysisTheme.position)).all()
        return {**data, "run_id": run.id, "theme_ids": [t.id for t in themes],
                "labels": [t.label for t in themes]}


def test_admin_lists_runs_and_sees_the_start_form(client, auth, analysed, process):
    auth.login_as("admin")
    page = client.get(base(process) + "/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Version 1" in html and "fertig" in html and "Ada Admin" in html
    assert 'name="k"' in html and 'name="duplicate_threshold"' in html and 'name="min_votes"' in html
    assert "<caption>" in html and 'scope="col"' in html


def test_moderator_sees_runs_but_not_the_start_form_and_cannot_start(client, auth, analysed, process):
    auth.login_as("moderator")
    html = client.get(base(process) + "/").get_data(as_text=True)
    assert "Version 1" in html and 'name="min_votes"' not in html
    assert "Ada Admin" not in html and "Verwaltung" in html  # names of staff only for admins
    assert client.post(base(process) + "/", data={"k": "auto"}).status_code == 403
    assert "/analysis/" in client.get("/moderation/").get_data(as_text=True)  # the link in the moderation area


def test_citizens_and_anonymous_have_no_access(client, auth, analysed, process):
    urls = [base(process) + "/", base(process) + "/1/", base(process) + "/1/status",
            base(process) + f"/1/items?theme={analysed['theme_ids'][0]}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login_as("citizen")
    for url in urls:
        assert client.get(url).status_code == 403
    response = client.post(base(process) + f"/1/themes/{analysed['theme_ids'][0]}/label", data={"label": "X"})
    assert response.status_code == 403


def test_moderators_of_other_processes_are_refused(app, client, auth, analysed, process):
    with app.app_context():
        other_moderator = factories.make_user("other-mod@example.org", role="moderator")
        assign_moderator(process_by_slug(process), other_moderator)
    auth.login_as("moderator")  # not assigned, and the process now has an assigned moderator
    assert client.get(base(process) + "/").status_code == 403


def test_start_form_rejects_bad_parameters_with_translated_errors(app, client, auth, process, users):
    auth.login_as("admin")
    response = client.post(base(process) + "/", data={"k": "0", "duplicate_threshold": "2", "min_votes": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "ganze Zahl von 1 bis 20" in html and "0,5 bis 1" in html and "1 bis 100" in html
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AnalysisRun)) == 0


def test_start_refused_while_a_run_is_active(app, client, auth, process, users):
    with app.app_context():
        db.session.add(AnalysisRun(process_id=process_by_slug(process).id, version=1, status="running", progress=20,
                                   stage="themes", parameters={}, created_at=now(), heartbeat_at=now(),
                                   counts={}, results={}))
        db.session.commit()
    auth.login_as("admin")
    response = client.post(base(process) + "/", data={"k": "auto"})
    assert response.status_code == 409 and "bereits eine Analyse" in response.get_data(as_text=True)


def test_progress_page_polls_and_works_without_javascript(app, client, auth, process, users):
    with app.app_context():
        db.session.add(AnalysisRun(process_id=process_by_slug(process).id, version=1, status="running", progress=40,
                                   stage="themes", parameters={"k": "auto"}, created_at=now(), heartbeat_at=now(),
                                   counts={}, results={}))
        db.session.commit()
    auth.login_as("moderator")
    html = client.get(base(process) + "/1/").get_data(as_text=True)
    assert '<progress id="analysis-progress-bar" max="100" value="40"' in html
    assert 'aria-live="polite"' in html and "Themen werden gebildet" in html
    assert "js/analysis-progress.js" in html and "Seite aktualisieren" in html and "<script>" not in html
    status = client.get(base(process) + "/1/status")
    assert status.headers["Cache-Control"] == "no-store"
    assert status.json == {**status.json, "status": "running", "progress": 40, "stage": "themes", "done": False}
    assert "40" in status.json["text"]


def test_stale_run_is_shown_as_aborted(app, client, auth, process, users):
    with app.app_context():
        db.session.add(AnalysisRun(process_id=process_by_slug(process).id, version=1, status="running", progress=40,
                                   stage="themes", parameters={}, created_at=now() - timedelta(hours=2),
                                   heartbeat_at=now() - timedelta(hours=1), counts={}, results={}))
        db.session.commit()
    auth.login_as("admin")
    assert client.get(base(process) + "/1/status").json["status"] == "aborted"
    html = client.get(base(process) + "/1/").get_data(as_text=True)
    assert "abgebrochen" in html and "analysis-progress.js" not in html


def test_failed_run_shows_a_generic_message_without_details(app, client, auth, process, users):
    with app.app_context():
        db.session.add(AnalysisRun(process_id=process_by_slug(process).id, version=1, status="failed", progress=40,
                                   stage="failed", parameters={}, created_at=now(), heartbeat_at=now(),
                                   error="RuntimeError: secret detail", counts={}, results={}))
        db.session.commit()
    auth.login_as("admin")
    html = client.get(base(process) + "/1/").get_data(as_text=True)
    assert "mit einem Fehler abgebrochen" in html and "secret detail" not in html


def test_finished_run_page_shows_themes_duplicates_and_opinion_groups(client, auth, analysed, process):
    auth.login_as("moderator")
    html = client.get(base(process) + "/1/").get_data(as_text=True)
    for label in analysed["labels"]:
        assert label in html
    assert "Ohne Thema" in html and "Mögliche Duplikate" in html
    assert "Gruppe A" in html and "Gruppe B" in html and "Konsens" in html
    assert "Stimmen in der Gruppe" in html and "Zustimmung außerhalb" in html and "Stabilität der Gruppen" in html
    assert analysed["references"]["ehrenamt"][0][:8] in html
    assert "Wählerin" not in html and "Autorin" not in html


def test_theme_items_rename_and_move(app, client, auth, analysed, process):
    auth.login_as("moderator")
    theme_id, other_id = analysed["theme_ids"][:2]
    page = client.get(base(process) + f"/1/items?theme={theme_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="label"' in html and 'name="theme"' in html
    assert html.count('id="csrf_token"') <= 1
    response = client.post(base(process) + f"/1/themes/{theme_id}/label", data={"label": "Radverkehr"})
    assert response.status_code == 303
    assert "Radverkehr" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        item_id = db.session.scalar(select(AnalysisItem.id).where(AnalysisItem.theme_id == theme_id).limit(1))
    response = client.post(base(process) + f"/1/items/{item_id}/theme", data={"theme": str(other_id),
                                                                              "back": str(theme_id)})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"theme={theme_id}")
    response = client.post(base(process) + f"/1/items/{item_id}/theme", data={"theme": "", "back": str(other_id)})
    assert response.status_code == 303
    none_page = client.get(base(process) + "/1/items?theme=none").get_data(as_text=True)
    assert "verschoben" in none_page
    with app.app_context():
        item = db.session.get(AnalysisItem, item_id)
        assert (item.theme_id, item.moved) == (None, True)
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-3:] == ["theme_renamed", "theme_item_moved", "theme_item_moved"]


@pytest.mark.parametrize("label", ["", "   ", "x" * 121])
def test_bad_labels_are_refused_with_a_translated_error(app, client, auth, analysed, process, label):
    auth.login_as("moderator")
    theme_id = analysed["theme_ids"][0]
    response = client.post(base(process) + f"/1/themes/{theme_id}/label", data={"label": label})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte geben Sie eine Bezeichnung" in html or "höchstens 120 Zeichen" in html
    with app.app_context():
        assert db.session.get(AnalysisTheme, theme_id).label == analysed["labels"][0]
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "theme_renamed")) == 0


def test_unknown_or_foreign_themes_and_items_change_nothing(app, client, auth, analysed, process):
    with app.app_context():
        foreign = make_finished_run(analysed["process_id"])  # version 2, with its own themes
        item_id = db.session.scalar(select(AnalysisItem.id).where(AnalysisItem.run_id == analysed["run_id"]).limit(1))
        foreign_item = db.session.scalar(select(AnalysisItem.id).where(AnalysisItem.run_id == foreign["run_id"]))
    auth.login_as("moderator")
    url = base(process) + "/1"
    assert client.post(f"{url}/themes/999999/label", data={"label": "X"}).status_code == 404
    assert client.post(f"{url}/themes/{foreign['theme_ids'][0]}/label", data={"label": "X"}).status_code == 404
    for theme in (str(foreign["theme_ids"][0]), "999999", "abc"):
        response = client.post(f"{url}/items/{item_id}/theme", data={"theme": theme, "back": "none"})
        assert response.status_code == 400
        assert "gehört nicht zu dieser Analyse" in response.get_data(as_text=True)
    assert client.post(f"{url}/items/{foreign_item}/theme", data={"theme": ""}).status_code == 404
    assert client.get(f"{url}/items?theme={foreign['theme_ids'][0]}").status_code == 404
    assert client.get(f"{url}/items?theme=abc").status_code == 404
    assert client.get(base(process) + "/99/").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action.in_(["theme_renamed", "theme_item_moved"]))) == 0
        assert not db.session.scalar(select(db.func.count()).select_from(AnalysisItem).where(AnalysisItem.moved))


def test_run_and_items_pages_use_a_constant_number_of_queries(app, client, auth, process, users, count_queries):
    auth.login_as("moderator")
    counts = []
    for size in (3, 300):
        with app.app_context():
            ids = make_finished_run(process_by_slug(process).id, items=size, themes=5)
        version = ids["version"]
        with count_queries() as run_page:
            assert client.get(base(process) + f"/{version}/").status_code == 200
        with count_queries() as items_page:
            assert client.get(base(process) + f"/{version}/items?theme={ids['theme_ids'][0]}&page=2").status_code == 200
        with count_queries() as index_page:
            assert client.get(base(process) + "/").status_code == 200
        counts.append((run_page.count, items_page.count, index_page.count))
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 12, counts


def test_duplicate_pairs_link_to_a_prefilled_merge(app, client, auth, users, process):
    """Issue 12 #25: each pair of the run page links to the moderation's merge (newer into older), confirmed there."""
    from app.proposals.models import Proposal
    from tests.proposals import factories as fp

    with app.app_context():
        proc = process_by_slug(process)
        older = fp.make_proposal(proc, title="Radweg an der Kiellinie ausbauen")
        newer = fp.make_proposal(proc, title="Radweg Kiellinie ausbauen")
        run_id = make_finished_run(proc.id)["run_id"]
        run = db.session.get(AnalysisRun, run_id)
        run.results = {**run.results, "duplicates": {"total": 1, "pairs": [
            {"a": newer.reference, "a_title": newer.title, "b": older.reference, "b_title": older.title,
             "similarity": 0.93}]}}
        db.session.commit()
        ids, older_reference = (newer.id, older.id), older.reference
    auth.login_as("moderator")
    html = client.get(base(process) + "/1/").get_data(as_text=True)
    link = f'/moderation/proposals/{ids[0]}/merge?target={older_reference}'
    assert f'href="{link}"' in html
    confirm = client.get(link)
    assert confirm.status_code == 200 and 'name="confirm" value="1"' in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Proposal, ids[0]).merged_into_id is None

"""Report exports as background jobs: start (CSRF, staff only), progress page, files, runner, clean-up."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.core.clock import now
from app.extensions import db
from app.report import exports
from app.report.export_models import ReportExport
from tests.proposals import factories as fp


@pytest.fixture
def app_overrides():
    return {"REPORT_CHART_IMAGES": False}


def _url(slug, suffix=""):
    return f"/admin/processes/{slug}/report{suffix}"


def _jobs():
    return db.session.scalar(select(func.count()).select_from(ReportExport))


def _links(page):
    return re.findall(r'href="(/admin/processes/[^"]+/report/exports/\d+/[^"]+)"', page)


def test_one_job_renders_every_format_into_its_directory(client, auth, app, users, process):
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"),
                          data=dict.fromkeys(("pdf", "docx", "html", "md", "oparl", "anlagen"), "y"))
    assert started.status_code == 302
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page  # finished (inline runner): no more refreshing
    names = [link.rsplit("/", 1)[1] for link in _links(page)]
    assert [name.rsplit(".", 1)[1] for name in names] == ["md", "html", "docx", "pdf", "json"]
    with app.app_context():
        job = db.session.scalar(select(ReportExport))
        assert (job.status, job.progress, job.formats) == ("finished", 100, ["md", "html", "docx", "pdf", "oparl",
                                                                             "anlagen"])
        directory = exports.job_directory(job)
        assert sorted(p.name for p in directory.iterdir()) == sorted(names)  # no ".part" left behind
        assert [entry["size"] for entry in job.files] == [(directory / n).stat().st_size for n in names]
    pdf = client.get(_links(page)[3])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_report"))
        assert entry.details == "pdf"


def test_the_report_page_lists_the_latest_exports_with_their_files(client, auth, app, users, process):
    auth.login_as("admin")
    client.post(_url(process, "/exports"), data={"md": "y"})
    page = client.get(_url(process)).get_data(as_text=True)
    assert "Letzte Exporte" in page and len(_links(page)) == 1 and _links(page)[0].endswith(".md")


def test_a_running_job_shows_progress_and_refreshes_itself(client, auth, app, users, process):
    with app.app_context():
        job = ReportExport(process_id=fp.process_by_slug(process).id, formats=["pdf"], status="running",
                           progress=40, stage="pdf", files=[])
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    auth.login_as("admin")
    page = client.get(_url(process, f"/exports/{job_id}")).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="40"' in page and "Export läuft (40 %): PDF." in page
    assert f'href="{_url(process, f"/exports/{job_id}")}"' in page  # the refresh link (no JavaScript needed)
    assert _links(page) == []
    assert client.get(_url(process, f"/exports/{job_id}/x.pdf")).status_code == 404  # nothing served yet
    with app.app_context():  # a job without heartbeat for long counts as failed and no longer blocks a new one
        db.session.get(ReportExport, job_id).heartbeat_at = now() - timedelta(hours=1)
        db.session.commit()
    page = client.get(_url(process, f"/exports/{job_id}")).get_data(as_text=True)
    assert "fehlgeschlagen" in page and "refresh" not in page
    assert client.post(_url(process, "/exports"), data={"md": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(ReportExport, job_id).status == "failed"


def test_a_second_export_while_one_runs_is_refused(client, auth, app, users, process):
    with app.app_context():
        db.session.add(ReportExport(process_id=fp.process_by_slug(process).id, formats=["pdf"], status="queued",
                                    files=[]))
        db.session.commit()
    auth.login_as("admin")
    response = client.post(_url(process, "/exports"), data={"md": "y"}, follow_redirects=True)
    assert "läuft bereits ein Export" in response.get_data(as_text=True)
    with app.app_context():
        assert _jobs() == 1


def test_no_format_is_a_translated_error_and_stores_nothing(client, auth, app, users, process):
    auth.login_as("admin")
    response = client.post(_url(process, "/exports"), data={}, follow_redirects=True)
    assert response.status_code == 200 and "Bitte wählen Sie mindestens ein Format." in response.get_data(as_text=True)
    with app.app_context():
        assert _jobs() == 0


def test_a_failing_render_fails_the_job_and_keeps_no_files(client, auth, app, users, process, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Chromium exploded")

    monkeypatch.setattr(exports, "render_report", broken)
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"), data={"md": "y"})
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Der Export ist fehlgeschlagen" in page and "Chromium exploded" not in page
    with app.app_context():
        job = db.session.scalar(select(ReportExport))
        assert job.status == "failed" and "Chromium exploded" in job.error
        assert not exports.job_directory(job).exists()


def test_an_unreachable_queue_marks_the_job_failed(client, auth, app, users, process):
    app.config.update(ANALYSIS_RUNNER="rq", REDIS_URL="redis://127.0.0.1:1/0")
    auth.login_as("admin")
    response = client.post(_url(process, "/exports"), data={"md": "y"}, follow_redirects=True)
    assert "Warteschlange nicht erreichbar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ReportExport.status)) == "failed"


def test_the_thread_runner_finishes_the_job(client, auth, app, users, process):
    app.config["ANALYSIS_RUNNER"] = "thread"
    auth.login_as("admin")
    client.post(_url(process, "/exports"), data={"md": "y"})
    for thread in threading.enumerate():
        if thread.name.startswith("report-export-"):
            thread.join(timeout=60)
    with app.app_context():
        assert db.session.scalar(select(ReportExport.status)) == "finished"


def test_old_jobs_and_their_files_are_removed(client, auth, app, users, process):
    auth.login_as("admin")
    for _ in range(exports.KEEP + 2):
        client.post(_url(process, "/exports"), data={"md": "y"})
    with app.app_context():
        jobs = db.session.scalars(select(ReportExport).order_by(ReportExport.id)).all()
        assert len(jobs) == exports.KEEP
        directories = sorted(p.name for p in exports.export_root().iterdir())
        assert directories == sorted(f"job-{job.id}" for job in jobs)


def test_only_admins_start_and_download_and_the_post_needs_csrf(client, auth, app, users, process):
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"), data={"md": "y"})
    link = _links(client.get(started.headers["Location"]).get_data(as_text=True))[0]
    auth.logout()
    auth.login_as("moderator")
    assert client.get(link).status_code == 403
    assert client.post(_url(process, "/exports"), data={"md": "y"}).status_code == 403
    auth.login_as("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(_url(process, "/exports"), data={"md": "y"}).status_code == 400
    with app.app_context():
        assert _jobs() == 1


def test_a_file_of_another_process_or_job_is_not_served(client, auth, app, users, process):
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"), data={"md": "y"})
    link = _links(client.get(started.headers["Location"]).get_data(as_text=True))[0]
    assert client.get(link.replace(".md", ".pdf")).status_code == 404
    assert client.get(link.rsplit("/", 1)[0] + "/..%2F..%2Fsecret").status_code == 404
    assert client.get(_url(process, "/exports/999")).status_code == 404


def test_a_job_without_files_says_so(client, auth, app, users, process, monkeypatch):
    monkeypatch.setattr(exports, "export_anlagen", lambda report, directory: [])
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"), data={"anlagen": "y"})
    assert "Dieser Export hat keine Dateien erzeugt." in client.get(started.headers["Location"]).get_data(as_text=True)


def test_the_anlagen_hook_adds_the_files_export_anlagen_writes(client, auth, app, users, process, monkeypatch):
    def fake_anlagen(report, directory):
        path = directory / "anlage-1-vorschlaege.csv"
        path.write_text("Nr.;Titel\r\n", encoding="utf-8")
        return [path]

    monkeypatch.setattr(exports, "export_anlagen", fake_anlagen)
    auth.login_as("admin")
    started = client.post(_url(process, "/exports"), data={"anlagen": "y"})
    links = _links(client.get(started.headers["Location"]).get_data(as_text=True))
    assert [link.rsplit("/", 1)[1] for link in links] == ["anlage-1-vorschlaege.csv"]
    response = client.get(links[0])
    assert response.status_code == 200 and response.mimetype == "text/csv"

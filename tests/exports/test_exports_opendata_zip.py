"""The open-data ZIP of a process: same files as the single downloads, README, background (re)builds,
atomic replacement, failure reporting, access rules and HTTP caching headers."""
from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest

from app.core.clock import now
from tests.auth import factories
from tests.exports.factories import FREE_TEXT, NAMES, OTHER_TEXT, TYPED_CONTACT, TYPED_PHONE, make_export_process
from tests.processes.factories import make_process
from tests.proposals import factories as fp

DATASETS = ["proposals", "comments", "survey-results"]
ENTRIES = [f"{name}.{fmt}" for name in DATASETS for fmt in ("csv", "json")] + ["README.md"]


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_export_process()


def zip_url(slug: str) -> str:
    return f"/processes/{slug}/opendata.zip"


def download(client, slug: str) -> zipfile.ZipFile:
    response = client.get(zip_url(slug))
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.get_data()))


def dump_row(app, process_id: int):
    from app.exports.services import get_dump

    with app.app_context():
        dump = get_dump(process_id)
        if dump is not None:
            from app.extensions import db

            db.session.expunge(dump)
        return dump


def later(app, **delta) -> None:
    """Move the app's clock forward (past the minimum age of a ZIP)."""
    with app.app_context():
        app.config["FROZEN_NOW"] = now() + timedelta(**delta)


def test_zip_holds_exactly_the_single_downloads(client, data):
    archive = download(client, data["slug"])
    assert archive.namelist() == ENTRIES
    for name in ENTRIES[:-1]:
        dataset, fmt = name.rsplit(".", 1)
        single = client.get(f"/processes/{data['slug']}/opendata/{dataset}.{fmt}").get_data()
        assert archive.read(name) == single, name
    assert archive.testzip() is None
    assert json.loads(archive.read("proposals.json"))[0]["reference"] == data["proposals"]["p1"][1]


def test_readme_names_process_licence_time_and_every_column(app, client, data):
    from app.exports import opendata

    readme = download(client, data["slug"]).read("README.md").decode("utf-8")
    with app.test_request_context():
        title = fp.process_by_slug(data["slug"]).title
        columns = {name: [column.key for column in dataset.columns()] for name, dataset in opendata.DATASETS.items()}
        descriptions = [str(column.description) for dataset in opendata.DATASETS.values()
                        for column in dataset.columns()]
    german, english = readme.split("\n---\n")
    assert german.startswith(f"# Offene Daten: {title}") and "# " in english
    for section in (german, english):
        assert "Datenlizenz Deutschland – Zero – Version 2.0" in section and "dl-de/zero-2-0" in section
        assert title in section
        for name, keys in columns.items():
            assert f"`{name}.csv`" in section
            for key in keys:
                assert f"| `{key}` |" in section, (name, key)
        assert "| `partly_accepted` |" in section and "| `contra` |" in section
    for description in descriptions:
        assert description.replace("|", "\\|").replace("\n", " ") in german
    assert "3 Zeilen" in german  # p1, p2, p5
    dump = dump_row(app, data["process_id"])
    with app.app_context():
        from app.exports.queries import local_time, local_zone

        assert f"{local_time(dump.generated_at, local_zone()):%Y-%m-%d %H:%M}" in german


def test_zip_holds_no_hidden_deleted_or_personal_content(client, data):
    archive = download(client, data["slug"])
    everything = "\n".join(archive.read(name).decode("utf-8-sig") for name in ENTRIES)
    secrets = (*factories.EMAILS.values(), *NAMES, TYPED_CONTACT, TYPED_PHONE, FREE_TEXT, OTHER_TEXT,
               "Versteckter Vorschlag", "Beleidigender Text", "Zurückgezogener Vorschlag", "Beleidigung",
               "Kommentar zum versteckten Vorschlag", "author_key")
    for secret in secrets:
        assert secret not in everything, secret
    hidden_ids = {str(data["comments"][name]) for name in ("c3", "c4", "c5")}
    assert not hidden_ids & {str(row["id"]) for row in json.loads(archive.read("comments.json"))}


def test_headers_filename_etag_and_conditional_get(app, client, data):
    response = client.get(zip_url(data["slug"]))
    dump = dump_row(app, data["process_id"])
    assert f'filename={data["slug"]}-opendata.zip' in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["ETag"] == f'"{dump.sha256}"'
    assert response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "dl-de/zero-2-0" in response.headers["Link"]
    assert int(response.headers["Content-Length"]) == dump.size == len(response.get_data())
    again = client.get(zip_url(data["slug"]), headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()
    since = client.get(zip_url(data["slug"]), headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304


def test_process_and_open_data_pages_link_the_zip_with_size_and_time(client, data):
    before = client.get(f"/processes/{data['slug']}/").get_data(as_text=True)
    assert zip_url(data["slug"]) in before and "wird beim ersten Abruf erstellt" in before
    client.get(zip_url(data["slug"]))
    for page in (f"/processes/{data['slug']}/", f"/processes/{data['slug']}/opendata/"):
        text = client.get(page).get_data(as_text=True)
        assert zip_url(data["slug"]) in text and "Offene Daten (ZIP)" in text
        assert " KB, Stand: " in text


def test_changed_data_rebuild_after_the_minimum_age(app, client, data):
    first = download(client, data["slug"])
    built = dump_row(app, data["process_id"])
    with app.app_context():
        process = fp.process_by_slug(data["slug"])
        fp.make_proposal(process, fp.user_by_email(factories.EMAILS["citizen"]), title="Neuer Vorschlag nach dem ZIP")
    soon = download(client, data["slug"])  # within five minutes: the previous ZIP, no rebuild
    assert soon.read("proposals.csv") == first.read("proposals.csv")
    assert dump_row(app, data["process_id"]).generated_at == built.generated_at
    later(app, minutes=6)
    fresh = download(client, data["slug"])
    assert "Neuer Vorschlag nach dem ZIP" in fresh.read("proposals.csv").decode("utf-8-sig")
    rebuilt = dump_row(app, data["process_id"])
    assert rebuilt.generated_at > built.generated_at and rebuilt.fingerprint != built.fingerprint
    assert rebuilt.sha256 != built.sha256


def test_unchanged_data_are_not_rebuilt(app, client, data):
    # Tomorrow at noon: the fingerprint includes the local date, which must not change within the 36 minutes below.
    with app.app_context():
        app.config["FROZEN_NOW"] = (now() + timedelta(days=1)).replace(hour=11, minute=0)
    download(client, data["slug"])
    built = dump_row(app, data["process_id"])
    later(app, minutes=30)
    download(client, data["slug"])
    checked = dump_row(app, data["process_id"])
    assert checked.generated_at == built.generated_at and checked.checked_at > built.checked_at
    with app.app_context():  # a change right after the check waits for the next check, five minutes on
        fp.make_proposal(fp.process_by_slug(data["slug"]), fp.user_by_email(factories.EMAILS["citizen"]))
    later(app, minutes=2)
    download(client, data["slug"])
    assert dump_row(app, data["process_id"]).generated_at == built.generated_at
    later(app, minutes=4)
    download(client, data["slug"])
    assert dump_row(app, data["process_id"]).generated_at > built.generated_at


def test_hiding_a_proposal_changes_the_fingerprint(app, data):
    from app.exports.services import data_fingerprint
    from app.extensions import db
    from app.proposals.models import Proposal

    with app.app_context():
        process = fp.process_by_slug(data["slug"])
        before = data_fingerprint(process)
        proposal = db.session.get(Proposal, data["proposals"]["p2"][0])
        proposal.hidden_at = now()
        db.session.commit()
        assert data_fingerprint(process) != before
        middle = data_fingerprint(process)
        proposal.hidden_at, proposal.status = None, "rejected"
        db.session.commit()
        assert data_fingerprint(process) not in (before, middle)


def test_a_failed_build_is_reported_keeps_the_old_file_and_is_retried(app, client, data, monkeypatch, caplog):
    from app.exports import zipdump

    good = client.get(zip_url(data["slug"])).get_data()
    with app.app_context():
        fp.make_proposal(fp.process_by_slug(data["slug"]), fp.user_by_email(factories.EMAILS["citizen"]))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("app.exports.services.write_zip", broken)
    later(app, minutes=6)
    response = client.get(zip_url(data["slug"]))
    assert response.status_code == 200 and response.get_data() == good  # the previous ZIP stays
    failed = dump_row(app, data["process_id"])
    assert (failed.status, failed.failures) == ("failed", 1) and "disk full" in failed.error
    assert "Open-data ZIP of process" in caplog.text
    with app.app_context():
        from app.exports.services import zip_directory

        assert [path.name for path in zip_directory().iterdir()] == [f"process-{data['process_id']}.zip"]
    client.get(zip_url(data["slug"]))  # too soon after the failure: no new try
    assert dump_row(app, data["process_id"]).failures == 1
    monkeypatch.setattr("app.exports.services.write_zip", zipdump.write_zip)
    later(app, minutes=6)
    assert client.get(zip_url(data["slug"])).get_data() != good
    assert (dump_row(app, data["process_id"]).status, dump_row(app, data["process_id"]).failures) == ("finished", 0)


def test_first_build_failing_shows_a_translated_error_page(app, client, data, monkeypatch):
    monkeypatch.setattr("app.exports.services.write_zip", lambda *args, **kwargs: 1 / 0)
    response = client.get(zip_url(data["slug"]))
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "konnte gerade nicht erstellt werden" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_build_in_the_background_shows_a_waiting_page(app, client, data, monkeypatch):
    submitted = []
    monkeypatch.setattr("app.exports.dump_runner.submit", submitted.append)
    response = client.get(zip_url(data["slug"]))
    assert response.status_code == 202 and "wird gerade erstellt" in response.get_data(as_text=True)
    assert len(submitted) == 1
    client.get(zip_url(data["slug"]))  # queued: no second build
    assert len(submitted) == 1
    from app.exports.services import execute_build

    with app.app_context():
        execute_build(submitted[0])
    assert download(client, data["slug"]).namelist() == ENTRIES


def test_a_build_that_died_is_marked_failed_and_retried(app, client, data, monkeypatch):
    submitted = []
    monkeypatch.setattr("app.exports.dump_runner.submit", submitted.append)
    client.get(zip_url(data["slug"]))  # queued, then the worker dies without a word
    later(app, minutes=10)
    client.get(zip_url(data["slug"]))
    assert len(submitted) == 1  # still within its heartbeat time
    later(app, minutes=10)
    with app.app_context():
        from app.exports.services import get_dump

        assert get_dump(data["process_id"]).shown_status(now()) == "failed"
    client.get(zip_url(data["slug"]))
    assert len(submitted) == 2 and submitted[0] == submitted[1]


def test_runner_unreachable_marks_the_build_failed(app, client, data, monkeypatch):
    def unreachable(dump_id):
        raise ConnectionError("redis down")

    monkeypatch.setattr("app.exports.dump_runner.submit", unreachable)
    assert client.get(zip_url(data["slug"])).status_code == 503
    dump = dump_row(app, data["process_id"])
    assert dump.status == "failed" and "redis down" in dump.error


def test_thread_runner_builds_the_zip(app, client, data):
    from app.exports.services import get_dump

    app.config["ANALYSIS_RUNNER"] = "thread"
    response = client.get(zip_url(data["slug"]))
    assert response.status_code in (200, 202)
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("opendata-zip-"):
            thread.join(timeout=60)
    with app.app_context():
        assert get_dump(data["process_id"]).status == "finished"
    assert download(client, data["slug"]).namelist() == ENTRIES


def test_unpublished_processes_only_for_administrators(app, client, auth, users):
    with app.app_context():
        slug = make_process(published=False).slug
    assert client.get(zip_url(slug)).status_code == 404
    auth.login_as("moderator")
    assert client.get(zip_url(slug)).status_code == 404
    auth.logout()
    auth.login_as("admin")
    response = client.get(zip_url(slug))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("path", ["/processes/gibt-es-nicht/opendata.zip", "/processes/%00/opendata.zip",
                                  "/processes/../opendata.zip", "/processes/x/opendata.zip.part"])
def test_bad_slugs_are_404(client, users, path):
    assert client.get(path).status_code == 404


def test_post_is_not_allowed(client, data):
    assert client.post(zip_url(data["slug"])).status_code in (400, 405)


def test_cli_builds_stale_zips_of_published_processes(app, runner, data):
    with app.app_context():
        hidden_slug = make_process(published=False).slug
    result = runner.invoke(args=["export", "opendata-zip"])
    assert result.exit_code == 0, result.output
    assert f"{data['slug']}: built" in result.output and hidden_slug not in result.output
    again = runner.invoke(args=["export", "opendata-zip"])
    assert f"{data['slug']}: current" in again.output
    forced = runner.invoke(args=["export", "opendata-zip", "--process", hidden_slug, "--force"])
    assert forced.exit_code == 0 and f"{hidden_slug}: built" in forced.output
    missing = runner.invoke(args=["export", "opendata-zip", "--process", "gibt-es-nicht"])
    assert missing.exit_code != 0


def test_cli_fails_with_status_1(app, runner, data, monkeypatch):
    monkeypatch.setattr("app.exports.services.write_zip", lambda *args, **kwargs: 1 / 0)
    result = runner.invoke(args=["export", "opendata-zip", "--process", data["slug"]])
    assert result.exit_code == 1 and f"{data['slug']}: failed" in result.output


def test_download_runs_a_constant_number_of_queries(app, client, data, count_queries):
    client.get(zip_url(data["slug"]))

    def measure() -> int:
        with count_queries() as counter:
            assert client.get(zip_url(data["slug"])).status_code == 200
        return counter.count

    before = measure()
    with app.app_context():
        process = fp.process_by_slug(data["slug"])
        for _number in range(5):
            fp.make_proposal(process, fp.user_by_email(factories.EMAILS["citizen"]), follow=False)
    assert measure() == before


def test_unpublishing_hides_an_existing_zip(app, client, data):
    from app.extensions import db

    download(client, data["slug"])
    with app.app_context():
        fp.process_by_slug(data["slug"]).published = False
        db.session.commit()
    assert client.get(zip_url(data["slug"])).status_code == 404
    assert zip_url(data["slug"]) not in client.get(f"/processes/{data['slug']}/").get_data(as_text=True)


def test_cli_removes_zips_of_deleted_processes_and_dead_parts(app, runner, data):
    import os

    from app.exports.services import zip_directory

    with app.app_context():
        directory = zip_directory()
    directory.mkdir(parents=True)
    (directory / "process-999999.zip").write_bytes(b"old")
    dead, fresh = directory / "process-1.zip.abc.part", directory / "process-1.zip.def.part"
    dead.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(dead, (0, 0))
    assert runner.invoke(args=["export", "opendata-zip"]).exit_code == 0
    names = sorted(path.name for path in directory.iterdir())
    assert names == sorted([fresh.name, f"process-{data['process_id']}.zip"])


def test_proposal_addresses_use_the_configured_base_url(app, client, runner, data):
    client.get(zip_url(data["slug"]))  # the first build: the request's address, as the single files
    assert dump_row(app, data["process_id"]).base_url == "http://localhost/"
    runner.invoke(args=["export", "opendata-zip", "--force"])  # cron keeps the address it knows
    assert dump_row(app, data["process_id"]).base_url == "http://localhost/"
    app.config["OPENDATA_BASE_URL"] = "https://beteiligung.kiel.de/"
    runner.invoke(args=["export", "opendata-zip", "--force"])
    rows = json.loads(download(client, data["slug"]).read("proposals.json"))
    assert rows[0]["url"].startswith("https://beteiligung.kiel.de/proposals/")

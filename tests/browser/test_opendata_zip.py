"""Open-data ZIP in a real browser: the links on the process and open-data pages, the download with its
file name, the "being built" page – each page checked with axe-core."""
from __future__ import annotations

import zipfile

import pytest

from tests.exports.factories import make_export_process


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_export_process()


def test_zip_link_download_and_pages_are_accessible(app, live_server, page, data, tmp_path, check_axe):
    slug = data["slug"]
    page.goto(f"{live_server}/processes/{slug}/")
    link = page.get_by_role("link", name="Offene Daten (ZIP)")
    assert "wird beim ersten Abruf erstellt" in page.locator(".opendata-zip-link").inner_text()
    check_axe(page, "process page (no ZIP yet)")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{slug}-opendata.zip"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert "README.md" in zipfile.ZipFile(target).namelist()

    page.goto(f"{live_server}/processes/{slug}/opendata/")
    assert "KB, Stand:" in page.locator("#zip-heading + p").inner_text()
    check_axe(page, "open-data page with ZIP")
    page.goto(f"{live_server}/processes/{slug}/")
    assert "KB, Stand:" in page.locator(".opendata-zip-link").inner_text()


def test_waiting_page_is_accessible(app, live_server, page, data, monkeypatch, check_axe):
    monkeypatch.setattr("app.exports.dump_runner.submit", lambda dump_id: None)  # the worker has not started yet
    response = page.goto(f"{live_server}/processes/{data['slug']}/opendata.zip")
    assert response.status == 202
    assert page.get_by_role("status").inner_text().startswith("Die ZIP-Datei wird gerade erstellt")
    check_axe(page, "ZIP being built")

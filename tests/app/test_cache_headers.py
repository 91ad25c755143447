"""Caching and content types: personal pages are never stored; downloads name their charset once."""
from __future__ import annotations

import re

import pytest

from tests.exports.factories import make_export_process


@pytest.fixture
def app_overrides() -> dict:
    return {"PAGE_CACHE_SECONDS": 60, "REPORT_CHART_IMAGES": False}


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_export_process()


def _no_store(response) -> bool:
    return response.headers.get("Cache-Control") == "no-store" and response.headers.get("Pragma") == "no-cache"


@pytest.mark.parametrize(("role", "path"), [
    (None, "/auth/login"),
    (None, "/auth/register"),
    (None, "/admin/"),
    (None, "/moderation/"),
    ("citizen", "/auth/account"),
    ("citizen", "/"),
    ("citizen", "/processes/{slug}/proposals/"),
    ("citizen", "/processes/{slug}/opendata/comments.csv"),
    ("moderator", "/moderation/"),
    ("admin", "/admin/"),
    ("admin", "/admin/processes/{slug}/report"),
])
def test_personal_and_staff_pages_are_not_stored(client, citizen_login, data, role, path):
    if role:
        citizen_login(role)
    response = client.get(path.format(slug=data["slug"]))
    assert response.status_code in (200, 302), response.status_code
    assert _no_store(response), response.headers.get("Cache-Control")


def test_public_pages_and_assets_keep_their_cache_lifetime(client, citizen_login, data):
    anonymous = client.get(f"/processes/{data['slug']}/opendata/comments.csv")
    assert "public, max-age=" in anonymous.headers["Cache-Control"]
    page = client.get(f"/processes/{data['slug']}/proposals/")  # the page cache's public page
    assert "no-store" not in page.headers.get("Cache-Control", "") and "Pragma" not in page.headers
    citizen_login()
    asset = client.get("/static/vendor/plotly.css")
    assert asset.headers["Cache-Control"].startswith("public, max-age=")
    assert "no-store" not in client.get("/static/css/" + _a_stylesheet()).headers.get("Cache-Control", "")


def _a_stylesheet() -> str:
    from pathlib import Path

    import app as package

    return sorted(path.name for path in (Path(package.__file__).parent / "static" / "css").glob("*.css"))[0]


def _charset_once(response) -> None:
    assert response.status_code == 200, response.status_code
    content_type = response.headers["Content-Type"]
    assert content_type.lower().count("charset") == 1, content_type


@pytest.mark.parametrize("path", ["/processes/{slug}/opendata/comments.csv",
                                  "/processes/{slug}/opendata/proposals.json",
                                  "/admin/processes/{slug}/surveys/{survey}/export.csv"])
def test_downloads_name_their_charset_once(client, citizen_login, data, path):
    citizen_login("admin")
    _charset_once(client.get(path.format(slug=data["slug"], survey=data["survey"]["survey"])))


def test_report_files_name_their_charset_once(client, citizen_login, data):
    citizen_login("admin")
    started = client.post(f"/admin/processes/{data['slug']}/report/exports", data={"md": "y", "html": "y"})
    status = client.get(started.headers["Location"]).get_data(as_text=True)
    links = re.findall(r'href="(/admin/processes/[^"]+/report/exports/\d+/[^"]+)"', status)
    assert len(links) == 2
    for link in links:
        _charset_once(client.get(link))


def test_oparl_attachment_names_its_charset_once(app, client, data):
    app.config["OPARL_BASE_URL"] = "http://localhost"  # public OParl needs the configured address
    paper = client.get(f"/processes/{data['slug']}/oparl/paper/{data['slug']}").get_json()
    url = paper["auxiliaryFile"][0]["accessUrl"]
    _charset_once(client.get(url[url.index("/processes/"):]))

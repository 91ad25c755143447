"""Static assets: content hashes in URLs, long cache lifetimes, precompressed brotli/gzip variants."""
from __future__ import annotations

import gzip
import os
import re

import brotli
import pytest
from flask import render_template_string, url_for

from app.core.assets import IMMUTABLE, build_all, compressed_root
from app.core.plotly_assets import BUNDLE

CSS = "body { color: #123456; }\n" * 40  # compressible and above the minimum size


@pytest.fixture
def static_dir(app, tmp_path):
    """A private static folder, so the tests can change files."""
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    (folder / "css" / "site.css").write_text(CSS)
    (folder / "tiny.txt").write_text("x")
    app.static_folder = str(folder)
    return folder


def _url(app, filename):
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_url_carries_content_hash_and_changes_with_content(app, static_dir):
    first = _url(app, "css/site.css")
    assert re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{12}", first)
    assert _url(app, "css/site.css") == first  # stable
    path = static_dir / "css" / "site.css"
    path.write_text(CSS + "a { color: red; }\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    second = _url(app, "css/site.css")
    assert second != first and second.startswith("/static/css/site.css?v=")
    # The template helper and url_for agree; unknown files get no version.
    with app.test_request_context():
        assert render_template_string("{{ asset_url('css/site.css') }}") == second
    assert _url(app, "missing.css") == "/static/missing.css"


def test_hashed_url_is_immutable_unhashed_revalidates(app, client, static_dir):
    url = _url(app, "css/site.css")
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.get_data(as_text=True) == CSS
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.vary
    stale = client.get("/static/css/site.css?v=000000000000")
    assert stale.headers["Cache-Control"] == "public, no-cache"
    plain = client.get("/static/css/site.css")
    assert plain.headers["Cache-Control"] == "public, no-cache" and plain.headers["ETag"]
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/static/nothing.css").status_code == 404


@pytest.mark.parametrize(("accept", "encoding", "decode"), [
    ("gzip, deflate, br", "br", brotli.decompress),
    ("gzip", "gzip", gzip.decompress),
    ("br;q=0.5, gzip;q=0.9", "gzip", gzip.decompress),
    ("br;q=0, gzip", "gzip", gzip.decompress),
    ("*", "br", brotli.decompress),
])
def test_precompressed_variant_by_accept_encoding(app, client, static_dir, accept, encoding, decode):
    url = _url(app, "css/site.css")
    response = client.get(url, headers={"Accept-Encoding": accept})
    body = response.get_data()
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.vary
    assert int(response.headers["Content-Length"]) == len(body) < len(CSS)
    assert response.mimetype == "text/css"
    assert decode(body).decode() == CSS
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_no_compression_for_tiny_files_or_identity(app, client, static_dir):
    tiny = client.get(_url(app, "tiny.txt"), headers={"Accept-Encoding": "br, gzip"})
    assert tiny.get_data() == b"x" and "Content-Encoding" not in tiny.headers
    identity = client.get(_url(app, "css/site.css"), headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert identity.get_data(as_text=True) == CSS and "Content-Encoding" not in identity.headers


def test_if_none_match_gives_304_per_encoding(app, client, static_dir):
    url = _url(app, "css/site.css")
    first = client.get(url, headers={"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    # The gzip representation has its own ETag, so a br ETag does not validate it.
    other = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "gzip"


def test_build_step_writes_variants_named_by_hash(app, static_dir):
    written = build_all(app)
    names = sorted(path.name for path in written)
    assert len(names) == 2 and names[0].startswith("site.") and names[0].endswith(".css.br")
    assert names[1].endswith(".css.gz")
    assert all(path.parent.is_relative_to(compressed_root(app)) for path in written)
    assert build_all(app) == written  # idempotent
    assert all(path.with_name(path.name + ".best").exists() for path in written)


def test_lazy_variant_is_replaced_by_the_build_step(app, client, static_dir):
    url = _url(app, "css/site.css")
    client.get(url, headers={"Accept-Encoding": "br"})
    [lazy] = list(compressed_root(app).rglob("*.br"))
    assert not lazy.with_name(lazy.name + ".best").exists()
    build_all(app)
    assert lazy.with_name(lazy.name + ".best").exists()
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert brotli.decompress(response.get_data()).decode() == CSS


def test_cli_builds_assets(app, static_dir):
    result = app.test_cli_runner().invoke(args=["assets", "build"])
    assert result.exit_code == 0, result.output
    assert "2" in result.output
    assert len(list(compressed_root(app).rglob("*.br"))) == 1


def test_plotly_partial_bundle_is_vendored_with_licence_and_served_compressed(app, client):
    with app.test_request_context():
        url = url_for("static", filename=BUNDLE)
    response = client.get(url, headers={"Accept-Encoding": "br"})
    body = brotli.decompress(response.get_data())
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert b"plotly.js (basic - minified) v4." in body[:300]
    assert len(body) < 1_500_000  # the full bundle is 4.8 MB
    assert len(response.get_data()) < 450_000
    response.close()
    licence = os.path.join(app.static_folder, "vendor", "plotly", "LICENSE")
    assert "MIT" in open(licence, encoding="utf-8").read()


def test_plotly_not_linked_on_pages_without_charts(client):
    html = client.get("/").get_data(as_text=True)
    assert "plotly" not in html
    assert re.search(r'href="/static/css/ratschlag\.css\?v=[0-9a-f]{12}"', html)


def test_overlong_static_names_are_not_found(client):
    assert client.get("/static/" + "x" * 5000).status_code == 404
    assert client.get("/static/css/" + "9" * 300 + ".css").status_code == 404

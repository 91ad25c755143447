"""Security headers, error pages, sanitised Markdown, production settings."""
from __future__ import annotations

import pytest
from flask import abort

from app.core.markdown import render_markdown
from config import ProductionConfig


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("code", "title"), [
    (400, "Ungültige Anfrage"), (403, "Kein Zugriff"), (404, "Seite nicht gefunden"),
    (413, "Zu große Anfrage"), (429, "Zu viele Anfragen"), (500, "Interner Fehler"),
])
def test_error_pages_are_translated_and_complete(app, client, code, title):
    @app.get(f"/_error/{code}")
    def raise_error():
        abort(code)

    response = client.get(f"/_error/{code}")
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page and 'lang="de"' in page


def test_error_pages_in_english(app, client):
    response = client.get("/nowhere", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_crash_gives_500_page_without_traceback(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_crash")
    def crash():
        raise RuntimeError("secret internal detail")

    response = client.get("/_crash")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Interner Fehler" in page and "secret internal detail" not in page and "Traceback" not in page


def test_wrong_method_is_405(client):
    assert client.get("/auth/logout").status_code == 405


def test_too_large_request_is_413(client):
    response = client.post("/auth/login", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize(("source", "forbidden"), [
    ("<script>alert(1)</script>", "<script"),
    ("[klick](javascript:alert(1))", 'href="javascript:'),
    ("<a href='javascript:alert(1)'>x</a>", "<a "),
    ('<img src=x onerror="alert(1)">', "<img"),
    ("<iframe src=//evil></iframe>", "<iframe"),
    ("![bild](http://tracker.example/pixel.png)", "<img"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
    ("<https://kiel.de> [x](vbscript:msgbox)", 'href="vbscript:'),
])
def test_markdown_is_sanitised(source, forbidden):
    assert forbidden not in str(render_markdown(source))


def test_markdown_keeps_the_allowed_subset():
    html = str(render_markdown("**fett** und *kursiv*\n\n- eins\n- zwei\n\n[Kiel](https://www.kiel.de)"))
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html and "<li>eins</li>" in html
    assert 'href="https://www.kiel.de"' in html and 'rel="nofollow noopener noreferrer"' in html


def test_production_requires_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        ProductionConfig.check()


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY and ProductionConfig.HSTS


def test_language_switch_rejects_unknown_locale(client):
    assert client.post("/language", data={"locale": "fr"}).status_code == 400

"""German first, English too: locale choice order, localised dates, complete catalogs."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from tests.auth import factories
from tests.processes.factories import make_process

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def lang_of(response) -> str:
    page = response.get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_default_is_german(client):
    response = client.get("/")
    assert lang_of(response) == "de" and "Beteiligungen" in response.get_data(as_text=True)


def test_accept_language_english(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert lang_of(response) == "en"
    assert "Skip to content" in response.get_data(as_text=True)


def test_unsupported_accept_language_falls_back_to_german(client):
    assert lang_of(client.get("/", headers={"Accept-Language": "fr-FR"})) == "de"


def test_explicit_choice_beats_accept_language_and_persists(client):
    response = client.post("/language", data={"locale": "en", "next": "/datenschutz"})
    assert response.headers["Location"] == "/datenschutz"
    assert lang_of(client.get("/", headers={"Accept-Language": "de"})) == "en"
    client.post("/language", data={"locale": "de"})
    assert lang_of(client.get("/", headers={"Accept-Language": "en"})) == "de"


def test_language_switch_refuses_external_next(client):
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_user_setting_is_used_and_updated(app, client, auth, users):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == factories.EMAILS["citizen"]))
        user.locale = "en"
        db.session.commit()
    auth.login()
    fresh = app.test_client()
    fresh.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
    assert lang_of(fresh.get("/", headers={"Accept-Language": "de"})) == "en"
    client.post("/language", data={"locale": "de"})
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == factories.EMAILS["citizen"])) == "de"


def test_dates_are_localised(app, client):
    from datetime import date

    with app.app_context():
        slug = make_process(day=date(2026, 11, 25)).slug
    app.config["FROZEN_NOW"] = None
    german = client.get(f"/processes/{slug}/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    english = client.get(f"/processes/{slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "03.12.2026" in german and "Dec 3, 2026" in english


def _extracted_messages() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


@pytest.mark.parametrize("locale", ["de", "en"])
def test_catalog_is_complete_and_up_to_date(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    translated = {
        (message.id[0] if isinstance(message.id, tuple) else message.id)
        for message in catalog
        if message.id and not message.fuzzy
        and (all(message.string) if isinstance(message.string, tuple) else message.string)
    }
    missing = sorted(_extracted_messages() - translated)
    assert missing == [], (
        f"{locale}: {len(missing)} messages untranslated; run `make translations-update`: {missing[:10]}"
    )

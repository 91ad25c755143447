"""Change password, change e-mail address, log out everywhere: rules, sessions, mails, audit, access, CSRF."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.passwords import verify_password
from app.extensions import db
from tests.auth import factories

NEW_PASSWORD = "Foerde-Segeln-2027"
PAGES = ["/account/password", "/account/email", "/account/data", "/account/delete"]


def user(app, email=factories.EMAILS["citizen"]) -> User:
    with app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return found


def audit_actions(app) -> list[tuple[str, int | None, str | None]]:
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(entry.action, entry.actor_id, entry.details) for entry in entries]


@pytest.mark.parametrize("url", PAGES + ["/account/logout-everywhere"])
def test_anonymous_visitors_are_sent_to_the_login(client, users, url):
    for method in (client.get, client.post):
        response = method(url)
        if response.status_code == 405:
            continue
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_for_a_citizen_in_both_languages(client, auth, users, url):
    auth.login_as("citizen")
    german = client.get(url)
    assert german.status_code == 200
    client.post("/language", data={"locale": "en"})
    english = client.get(url).get_data(as_text=True)
    assert 'lang="en"' in english


def test_account_page_links_every_self_service_page(client, auth, users):
    auth.login_as("citizen")
    page = client.get("/auth/account").get_data(as_text=True)
    for url in PAGES + ["/account/logout-everywhere"]:
        assert url in page


def test_wrong_current_password_changes_nothing(app, client, auth, users):
    auth.login_as("citizen")
    before = user(app).password_hash
    response = client.post("/account/password", data={"current_password": "falsch-falsch-1",
                                                      "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Das aktuelle Passwort ist falsch." in response.get_data(as_text=True)
    assert user(app).password_hash == before
    assert audit_actions(app) == []


@pytest.mark.parametrize(("new", "confirm", "message"), [
    ("kurz", "kurz", "mindestens 10 Zeichen"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "stimmen nicht überein"),
])
def test_weak_or_mismatched_new_password_is_refused(app, client, auth, users, new, confirm, message):
    auth.login_as("citizen")
    before = user(app).password_hash
    response = client.post("/account/password", data={"current_password": factories.PASSWORD,
                                                      "password": new, "password_confirm": confirm})
    assert message in response.get_data(as_text=True)
    assert user(app).password_hash == before


def test_password_change_ends_other_sessions_and_keeps_this_one(app, users):
    this, other = app.test_client(), app.test_client()
    for browser in (this, other):
        browser.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
        assert browser.get("/auth/account").status_code == 200
    response = this.post("/account/password", data={"current_password": factories.PASSWORD,
                                                    "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert this.get("/auth/account").status_code == 200
    assert other.get("/auth/account").status_code == 302
    with app.app_context():
        assert verify_password(user(app).password_hash, NEW_PASSWORD)
    actions = audit_actions(app)
    assert actions == [("password_change", user(app).id, None)]
    fresh = app.test_client()
    assert fresh.post("/auth/login", data={"email": factories.EMAILS["citizen"],
                                           "password": factories.PASSWORD}).status_code == 200  # old one refused
    assert fresh.post("/auth/login", data={"email": factories.EMAILS["citizen"],
                                           "password": NEW_PASSWORD}).status_code == 302


def test_logout_everywhere_ends_every_session_and_is_audited(app, users):
    this, other = app.test_client(), app.test_client()
    for browser in (this, other):
        browser.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
    assert this.post("/account/logout-everywhere").status_code == 302
    assert this.get("/auth/account").status_code == 302
    assert other.get("/auth/account").status_code == 302
    assert [action for action, *_ in audit_actions(app)] == ["logout_everywhere"]


def _link(mail) -> str:
    return re.search(r"http://localhost(/account/email/confirm/\S+)", mail.body).group(1)


def test_email_change_needs_confirmation_from_the_new_address(app, client, auth, users, outbox):
    auth.login_as("citizen")
    old = factories.EMAILS["citizen"]
    response = client.post("/account/email", data={"email": "Neu@Example.org", "current_password": factories.PASSWORD})
    assert response.status_code == 302
    assert user(app, old) is not None  # nothing changed yet
    to_new = [mail for mail in outbox if mail.to == "neu@example.org"]
    to_old = [mail for mail in outbox if mail.to == old]
    assert len(to_new) == 1 and len(to_old) == 1
    assert "/account/email/confirm/" not in to_old[0].body
    assert "neu@example.org" not in to_old[0].body  # the notice masks the new address
    link = _link(to_new[0])
    assert client.get(link).status_code == 302
    assert user(app, old) is None
    changed = user(app, "neu@example.org")
    assert changed is not None and changed.display_name == "Clara Citizen"
    assert client.get("/auth/account").status_code == 200  # still logged in
    actions = audit_actions(app)
    assert [action for action, *_ in actions] == ["email_change_request", "email_change"]
    assert all("example.org" not in (details or "") for *_, details in actions)
    # The link works once.
    client.get(link)
    assert user(app, "neu@example.org") is not None
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    assert any("ungültig" in message for _category, message in flashes)


def test_email_change_link_works_without_being_logged_in(app, client, auth, users, outbox):
    auth.login_as("citizen")
    client.post("/account/email", data={"email": "neu@example.org", "current_password": factories.PASSWORD})
    link = _link(next(mail for mail in outbox if mail.to == "neu@example.org"))
    anonymous = app.test_client()
    assert anonymous.get(link).headers["Location"].endswith("/auth/login")
    assert user(app, "neu@example.org") is not None


@pytest.mark.parametrize("data", [
    {"email": "neu@example.org", "current_password": "falsch-falsch-1"},
    {"email": "keine-adresse", "current_password": factories.PASSWORD},
    {"email": factories.EMAILS["citizen"], "current_password": factories.PASSWORD},
])
def test_bad_email_change_requests_send_nothing(app, client, auth, users, outbox, data):
    auth.login_as("citizen")
    response = client.post("/account/email", data=data)
    assert response.status_code == 200
    assert outbox == []
    assert user(app).email == factories.EMAILS["citizen"]


def test_an_address_with_an_account_gets_no_link(app, client, auth, users, outbox):
    auth.login_as("citizen")
    client.post("/account/email", data={"email": factories.EMAILS["other_citizen"],
                                        "current_password": factories.PASSWORD})
    to_other = [mail for mail in outbox if mail.to == factories.EMAILS["other_citizen"]]
    assert len(to_other) == 1 and "/account/email/confirm/" not in to_other[0].body
    assert user(app).email == factories.EMAILS["citizen"]


def test_expired_forged_and_foreign_tokens_are_refused(app, client, auth, users, outbox):
    auth.login_as("citizen")
    client.post("/account/email", data={"email": "neu@example.org", "current_password": factories.PASSWORD})
    link = _link(next(mail for mail in outbox if mail.to == "neu@example.org"))
    with app.app_context():
        from app.auth.tokens import make_token

        citizen = user(app)
        foreign = make_token("confirm", {"uid": citizen.id, "old": citizen.email, "new": "neu@example.org"})
    for bad in (link[:-3] + "xyz", f"/account/email/confirm/{foreign}"):
        assert client.get(bad).status_code == 302
        assert user(app).email == factories.EMAILS["citizen"]
    app.config["EMAIL_CHANGE_TOKEN_MAX_AGE"] = -1  # every token is too old
    client.get(link)
    with client.session_transaction() as session:
        assert any("abgelaufen" in message for _category, message in session.get("_flashes", []))
    assert user(app).email == factories.EMAILS["citizen"]


def test_the_address_taken_meanwhile_is_refused_at_confirmation(app, client, auth, users, outbox):
    auth.login_as("citizen")
    client.post("/account/email", data={"email": "neu@example.org", "current_password": factories.PASSWORD})
    link = _link(next(mail for mail in outbox if mail.to == "neu@example.org"))
    with app.app_context():
        factories.make_user("neu@example.org")
    client.get(link)
    assert user(app).email == factories.EMAILS["citizen"]


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_ACCOUNT": "3 per minute"}])
def test_sensitive_posts_are_rate_limited(client, auth, users):
    auth.login_as("citizen")
    statuses = [client.post("/account/password", data={"current_password": "falsch-falsch-1", "password": NEW_PASSWORD,
                                                        "password_confirm": NEW_PASSWORD}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.post("/account/delete", data={}).status_code == 429  # counted per account, across the forms


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
@pytest.mark.parametrize(("url", "data"), [
    ("/account/password", {"current_password": factories.PASSWORD, "password": NEW_PASSWORD,
                           "password_confirm": NEW_PASSWORD}),
    ("/account/email", {"email": "neu@example.org", "current_password": factories.PASSWORD}),
    ("/account/delete", {"contributions": "keep", "current_password": factories.PASSWORD, "confirm": "y"}),
    ("/account/logout-everywhere", {}),
    ("/account/data", {}),
])
def test_posts_without_csrf_token_change_nothing(app, client, users, outbox, url, data):
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD,
                                            "csrf_token": token}).status_code == 302
    before = user(app)
    response = client.post(url, data=data)
    assert response.status_code in (200, 302, 400)
    assert response.mimetype != "application/zip"
    after = user(app)
    assert (after.email, after.password_hash, after.session_token, after.deleted_at) == (
        before.email, before.password_hash, before.session_token, None)
    assert outbox == []
    assert audit_actions(app) == []

"""Accounts: registration, confirmation, login/logout, remember me, password reset, rate limits, CSRF."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.passwords import password_problems
from app.auth.tokens import make_token
from app.extensions import db
from tests.auth import factories

GOOD = {"email": "neu@example.org", "display_name": "Neue Person", "password": "Foerde-Blick-42",
        "password_confirm": "Foerde-Blick-42", "accept_privacy": "y"}


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def link_from(mail) -> str:
    match = re.search(r"http://localhost(/auth/\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_register_creates_unconfirmed_citizen_and_mails_link(client, app, outbox):
    response = client.post("/auth/register", data=GOOD)
    assert response.status_code == 200
    assert "E-Mail" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "neu@example.org"))
        assert user.role == "citizen" and user.confirmed_at is None
        assert user.password_hash.startswith("$argon2id$")
    assert len(outbox) == 1 and outbox[0].to == "neu@example.org"
    assert "/auth/confirm/" in outbox[0].body


def test_confirm_link_confirms_the_account(client, app, outbox):
    client.post("/auth/register", data=GOOD)
    response = client.get(link_from(outbox[0]))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "neu@example.org")).confirmed_at is not None


@pytest.mark.parametrize("kind", ["garbage", "other-purpose", "other-secret"])
def test_forged_confirm_token_is_rejected(client, app, users, kind):
    with app.test_request_context():
        payload = {"uid": 1, "email": factories.EMAILS["citizen"]}
        if kind == "other-purpose":
            token = make_token("reset", payload)
        elif kind == "other-secret":
            app.config["SECRET_KEY"], secret = "another-secret", app.config["SECRET_KEY"]
            token = make_token("confirm", payload)
            app.config["SECRET_KEY"] = secret
        else:
            token = "garbage"
    response = client.get(f"/auth/confirm/{token}", follow_redirects=True)
    assert response.status_code == 200
    assert "ungültig" in response.get_data(as_text=True)


def test_expired_confirm_token_is_rejected(client, app, outbox):
    client.post("/auth/register", data=GOOD)
    app.config["CONFIRM_TOKEN_MAX_AGE"] = -1
    response = client.get(link_from(outbox[0]), follow_redirects=True)
    assert "abgelaufen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.confirmed_at).where(User.email == "neu@example.org")) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "Bitte füllen Sie dieses Feld aus."),
        ({"email": "keine-adresse"}, "gültige E-Mail-Adresse"),
        ({"display_name": "x"}, "2 bis 80 Zeichen"),
        ({"display_name": "y" * 81}, "2 bis 80 Zeichen"),
        ({"password": "kurz", "password_confirm": "kurz"}, "mindestens 10 Zeichen"),
        ({"password": "passwort123", "password_confirm": "passwort123"}, "zu verbreitet"),
        ({"password": "aaaaaaaaaaaa", "password_confirm": "aaaaaaaaaaaa"}, "zu wenigen verschiedenen"),
        ({"password_confirm": "Anderes-Passwort-1"}, "stimmen nicht überein"),
        ({"accept_privacy": ""}, "Datenschutzhinweisen zu"),
        ({"email": "neue.person@example.org", "password": "neue.person-2026", "password_confirm": "neue.person-2026"},
         "nicht enthalten"),
    ],
)
def test_register_rejects_bad_input_and_stores_nothing(client, app, outbox, changes, message):
    response = client.post("/auth/register", data={**GOOD, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert count_users(app) == 0
    assert outbox == []


def test_register_with_existing_address_reveals_nothing_and_creates_nothing(client, app, users, outbox):
    before = count_users(app)
    response = client.post("/auth/register", data={**GOOD, "email": factories.EMAILS["citizen"].upper()})
    assert "Fast geschafft" in response.get_data(as_text=True)
    assert count_users(app) == before
    assert [mail.to for mail in outbox] == [factories.EMAILS["citizen"]]
    assert "bereits ein Konto" in outbox[0].body


def test_login_and_logout(client, auth, users):
    assert auth.login().headers["Location"] == "/"
    page = client.get("/auth/account").get_data(as_text=True)
    assert factories.EMAILS["citizen"] in page
    auth.logout()
    assert client.get("/auth/account").status_code == 302


def test_login_is_case_insensitive_on_email(auth, users):
    assert auth.login(factories.EMAILS["citizen"].upper()).status_code == 302


@pytest.mark.parametrize(("email", "password"),
                         [("citizen@example.org", "falsch-falsch-1"), ("niemand@example.org", "x" * 12)])
def test_login_failure_gives_one_generic_message(auth, users, email, password):
    response = auth.login(email, password)
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)


def test_login_ignores_external_next_url(client, users):
    response = client.post("/auth/login?next=https://evil.example/",
                           data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
    assert response.headers["Location"] == "/"
    response = client.post("/auth/logout")
    response = client.post("/auth/login?next=/auth/account",
                           data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
    assert response.headers["Location"] == "/auth/account"


def test_remember_me_sets_a_persistent_cookie(client, auth, users):
    response = auth.login(remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("remember_token=") and "HttpOnly" in cookie for cookie in cookies)
    client.post("/auth/logout")
    response = auth.login(remember=False)
    assert not any(cookie.startswith("remember_token=") and "Expires" in cookie and "1970" not in cookie
                   for cookie in response.headers.getlist("Set-Cookie"))


def test_unconfirmed_user_can_log_in_but_is_asked_to_confirm(client, auth, users, outbox):
    response = auth.login_as("unconfirmed")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "noch nicht bestätigt" in page
    client.post("/auth/confirm/resend")
    assert outbox and "/auth/confirm/" in outbox[-1].body


def test_password_reset_flow_is_single_use_and_logs_out_other_sessions(app, client, users, outbox):
    other_session = app.test_client()
    other_session.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD})
    assert other_session.get("/auth/account").status_code == 200

    response = client.post("/auth/reset", data={"email": factories.EMAILS["citizen"]})
    assert "Wenn es ein Konto" in response.get_data(as_text=True)
    link = link_from(outbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "Neues-Kennwort-77", "password_confirm": "Neues-Kennwort-77"})
    assert response.headers["Location"] == "/auth/login"

    assert other_session.get("/auth/account").status_code == 302  # old session is gone
    assert client.post("/auth/login",
                       data={"email": factories.EMAILS["citizen"], "password": "Neues-Kennwort-77"}).status_code == 302
    again = client.post(link, data={"password": "Noch-ein-Kennwort-8", "password_confirm": "Noch-ein-Kennwort-8"},
                        follow_redirects=True)
    assert "ungültig oder wurde schon benutzt" in again.get_data(as_text=True)


def test_password_reset_for_unknown_address_sends_nothing(client, users, outbox):
    response = client.post("/auth/reset", data={"email": "niemand@example.org"})
    assert "Wenn es ein Konto" in response.get_data(as_text=True)
    assert outbox == []


def test_password_reset_rejects_weak_password(app, client, users, outbox):
    client.post("/auth/reset", data={"email": factories.EMAILS["citizen"]})
    link = link_from(outbox[-1])
    response = client.post(link, data={"password": "kurz", "password_confirm": "kurz"})
    assert response.status_code == 200 and "mindestens 10 Zeichen" in response.get_data(as_text=True)
    assert client.post("/auth/login",
                       data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD}).status_code == 302


def test_account_settings_are_saved(client, auth, app, users):
    auth.login()
    response = client.post("/auth/account",
                           data={"display_name": "Clara K.", "locale": "en", "email_notifications": ""})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == factories.EMAILS["citizen"]))
        assert (user.display_name, user.locale, user.email_notifications) == ("Clara K.", "en", False)


def test_account_settings_reject_unknown_language(client, auth, app, users):
    auth.login()
    response = client.post("/auth/account", data={"display_name": "Clara", "locale": "xx"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == factories.EMAILS["citizen"])) is None


def test_login_is_rate_limited(client, users):
    statuses = [client.post("/auth/login", data={"email": "x@example.org", "password": "falsch-falsch"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    page = client.post("/auth/login", data={"email": "x@example.org", "password": "y"}).get_data(as_text=True)
    assert "Zu viele Anfragen" in page


def test_registration_is_rate_limited(client):
    statuses = [client.post("/auth/register", data={"email": ""}).status_code for _ in range(6)]
    assert statuses[-1] == 429


class TestCsrf:
    @pytest.fixture
    def app_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    @pytest.mark.parametrize("path", ["/auth/login", "/auth/register", "/auth/reset", "/auth/logout", "/language"])
    def test_post_without_token_is_refused(self, client, app, path):
        response = client.post(path, data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD,
                                           "locale": "en"})
        assert response.status_code == 400
        assert "Formular ist abgelaufen" in response.get_data(as_text=True)
        assert count_users(app) == 0

    def test_login_with_token_from_the_form_works(self, client, users):
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/auth/login",
                               data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD,
                                     "csrf_token": token})
        assert response.status_code == 302


def test_password_rule_unit():
    assert password_problems("Foerde-Blick-42") == []
    assert password_problems("clara-2026-abc", email="clara@example.org")
    assert password_problems("x" * 300)


def test_refused_account_changes_store_nothing(app, users):
    from app.audit.models import AuditEntry
    from app.auth import services
    from app.core.errors import DomainError

    with app.app_context():
        admin = services.find_user_by_email(factories.EMAILS["admin"])
        with pytest.raises(DomainError):
            services.change_role(admin, admin, "citizen")  # the last admin
        with pytest.raises(DomainError):
            services.create_user("neu@example.org", "kurz", "citizen")
        db.session.commit()  # a later transaction in the same session carries nothing of the refused ones
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == factories.EMAILS["admin"])) == "admin"
        assert count_users(app) == len(factories.EMAILS)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_registration_that_loses_a_race_stores_and_mails_nothing(app, users, outbox, monkeypatch):
    from app.auth import services

    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)  # the other request has not committed yet
    with app.test_request_context():
        assert services.register_user(factories.EMAILS["citizen"], "Doppelt", "Foerde-Blick-42") is None
        assert db.session.scalar(select(func.count()).select_from(User)) == len(factories.EMAILS)  # session usable
    assert outbox == []


# --- unique display names (issue 12 #24) ------------------------------------------------------

def test_display_names_are_unique_ignoring_case(app, client, auth, runner, users, outbox):
    """Nobody can take another participant's name: registration, account change, CLI; case and spacing ignored."""
    response = client.post("/auth/register", data={**GOOD, "display_name": "  otto   OTHER "})
    assert response.status_code == 200 and "Dieser Anzeigename ist schon vergeben" in response.get_data(as_text=True)
    assert count_users(app) == len(factories.EMAILS) and outbox == []
    auth.login()
    response = client.post("/auth/account", data={"display_name": "MONA moderator", "locale": "de"})
    assert response.status_code == 200 and "Dieser Anzeigename ist schon vergeben" in response.get_data(as_text=True)
    assert client.post("/auth/account", data={"display_name": "clara citizen", "locale": "de"}).status_code == 302
    result = runner.invoke(args=["users", "create", "--email", "neu@example.org", "--password", "Foerde-Blick-42",
                                 "--name", "Ada ADMIN"])
    assert result.exit_code != 0 and "Anzeigename" in result.output
    with app.app_context():
        names = set(db.session.scalars(select(User.display_name)))
        assert "clara citizen" in names and count_users(app) == len(factories.EMAILS)


def test_display_names_are_unique_with_umlauts_and_in_the_database(app, users):
    from sqlalchemy.exc import IntegrityError

    from app.auth import services
    from app.core.errors import DomainError

    with app.app_context():
        services.create_user("aenne@example.org", "Foerde-Blick-42", "citizen", "Änne aus Wik")
        with pytest.raises(DomainError):
            services.create_user("aenne2@example.org", "Foerde-Blick-42", "citizen", "änne AUS wik")
        db.session.add(User(email="x@example.org", display_name="OTTO OTHER", password_hash="x"))
        with pytest.raises(IntegrityError):   # the unique index on lower(display_name) holds without the service
            db.session.flush()
        db.session.rollback()

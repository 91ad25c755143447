"""Logging out ends the session on the server: copied cookies stop working; "log out everywhere"."""
from __future__ import annotations

from tests.auth import factories

LOGIN = {"email": factories.EMAILS["citizen"], "password": factories.PASSWORD}


def _client_with_cookie(app, name: str, value: str):
    other = app.test_client()
    other.set_cookie(name, value)
    return other


def test_copied_session_cookie_is_refused_after_logout(app, client, users):
    client.post("/auth/login", data=LOGIN)
    stolen = client.get_cookie("session").value
    assert _client_with_cookie(app, "session", stolen).get("/auth/account").status_code == 200

    client.post("/auth/logout")

    assert client.get("/auth/account").status_code == 302
    assert _client_with_cookie(app, "session", stolen).get("/auth/account").status_code == 302


def test_copied_remember_cookie_is_refused_after_logout(app, client, users):
    client.post("/auth/login", data={**LOGIN, "remember": "y"})
    stolen = client.get_cookie("remember_token").value
    assert _client_with_cookie(app, "remember_token", stolen).get("/auth/account").status_code == 200

    client.post("/auth/logout")

    assert _client_with_cookie(app, "remember_token", stolen).get("/auth/account").status_code == 302


def test_logout_everywhere_ends_all_sessions(app, client, users):
    other = app.test_client()
    other.post("/auth/login", data={**LOGIN, "remember": "y"})
    remembered = other.get_cookie("remember_token").value
    client.post("/auth/login", data=LOGIN)
    assert other.get("/auth/account").status_code == 200
    assert "Überall abmelden" in client.get("/auth/account").get_data(as_text=True)

    response = client.post("/auth/logout-everywhere")

    assert response.status_code == 302
    assert client.get("/auth/account").status_code == 302
    assert other.get("/auth/account").status_code == 302
    assert _client_with_cookie(app, "remember_token", remembered).get("/auth/account").status_code == 302
    # A new login works as before.
    assert client.post("/auth/login", data=LOGIN).status_code == 302
    assert client.get("/auth/account").status_code == 200


def test_logout_everywhere_needs_a_post_and_a_login(client, users):
    assert client.get("/auth/logout-everywhere").status_code == 405
    assert client.post("/auth/logout-everywhere").status_code == 302  # to the login page, nothing else happens

"""A citizen's first visit in a real browser: register → confirm → login → process page; axe on every page."""
from __future__ import annotations

import re

from tests.auth import factories


def confirm_link(outbox) -> str:
    return re.search(r"http://[^/\s]+(/auth/confirm/\S+)", outbox[-1].body).group(1)


def test_register_confirm_login_process_page(app, live_server, page, check_axe, outbox, process):
    page.goto(live_server + "/")
    check_axe(page, "home")
    page.get_by_role("link", name="Registrieren").first.click()
    check_axe(page, "register")

    # Submitting with a mismatch shows the error summary, which must be accessible too.
    page.get_by_label("E-Mail-Adresse").fill("greta@example.org")
    page.get_by_label("Anzeigename").fill("Greta aus Gaarden")
    page.get_by_label("Passwort (Pflichtfeld)", exact=True).fill("Hoern-Bruecke-2026")
    page.get_by_label("Passwort wiederholen").fill("etwas-anderes-2026")
    page.get_by_label(re.compile("Datenschutzhinweise gelesen")).check()
    page.get_by_role("button", name="Registrieren").click()
    assert page.get_by_role("alert").filter(has_text="Die Passwörter stimmen nicht überein.").is_visible()
    check_axe(page, "register with errors")

    page.get_by_label("Passwort (Pflichtfeld)", exact=True).fill("Hoern-Bruecke-2026")
    page.get_by_label("Passwort wiederholen").fill("Hoern-Bruecke-2026")
    page.get_by_label(re.compile("Datenschutzhinweise gelesen")).check()
    page.get_by_role("button", name="Registrieren").click()
    assert page.get_by_role("heading", name="Bitte prüfen Sie Ihr E-Mail-Postfach").is_visible()
    check_axe(page, "check mail")

    page.goto(live_server + confirm_link(outbox))
    assert page.get_by_text("Ihre E-Mail-Adresse ist bestätigt").is_visible()
    check_axe(page, "login (after confirming)")
    page.get_by_label("E-Mail-Adresse").fill("greta@example.org")
    page.get_by_label("Passwort").fill("Hoern-Bruecke-2026")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("button", name="Abmelden").is_visible()

    page.goto(f"{live_server}/processes/{process}/")
    assert page.get_by_role("heading", name="Was Sie jetzt tun können").is_visible()
    assert page.get_by_text("Jetzt mitmachen:").is_visible()
    check_axe(page, "process page (logged in)")

    page.get_by_role("link", name="Mein Konto").click()
    check_axe(page, "account")


def test_keyboard_skip_link_and_language_switch(live_server, page, check_axe, process):
    page.goto(f"{live_server}/processes/{process}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What you can do now").is_visible()
    check_axe(page, "process page (English)")
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_static_and_error_pages_are_accessible(live_server, page, check_axe):
    for path, name in [("/datenschutz", "privacy"), ("/barrierefreiheit", "accessibility statement"),
                       ("/auth/login", "login"), ("/auth/reset", "password reset"), ("/nirgendwo", "404 page")]:
        page.goto(live_server + path)
        check_axe(page, name)


def test_admin_pages_are_accessible(app, live_server, page, check_axe, users, process):
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS["admin"])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Verwaltung").click()
    check_axe(page, "admin overview")
    page.get_by_role("link", name="Neuen Prozess anlegen").click()
    check_axe(page, "admin new process")
    page.get_by_role("button", name="Anlegen").click()
    assert page.get_by_role("alert").first.is_visible()
    check_axe(page, "admin new process with errors")
    page.goto(f"{live_server}/admin/processes/{process}/")
    check_axe(page, "admin process set-up")
    page.get_by_role("link", name=re.compile("^Bearbeiten")).first.click()
    check_axe(page, "admin edit phase")
    page.goto(live_server + "/admin/users/")
    check_axe(page, "admin accounts")

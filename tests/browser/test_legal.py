"""Legal pages, Leichte Sprache and Gebärdensprache in a real browser (issue 16): reached through the footer,
the barrier feedback form without JavaScript, the admin pages; axe-core on every page, German and English."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.legal.models import AccessibilityFeedback, EasyLanguageSummary
from app.processes.models import Process
from tests.auth import factories

FOOTER_PAGES = [("Impressum", "/impressum"), ("Datenschutz", "/datenschutz"), ("Barrierefreiheit", "/barrierefreiheit"),
                ("Leichte Sprache", "/leichte-sprache"), ("Gebärdensprache", "/gebaerdensprache")]


def _login_admin(page, live_server):
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS["admin"])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"^(?!.*/auth/login).*$"))


def _add_summary(app, slug: str) -> None:
    with app.app_context():
        process_id = db.session.scalar(select(Process.id).where(Process.slug == slug))
        db.session.add(EasyLanguageSummary(process_id=process_id, text="Die Stadt macht einen Plan.\n\n"
                                                                        "Sie können mit-machen."))
        db.session.commit()


def test_legal_pages_from_the_footer_in_german_and_english(app, live_server, page, check_axe, process):
    _add_summary(app, process)
    page.goto(live_server + "/")
    for name, path in FOOTER_PAGES:
        page.get_by_role("contentinfo").get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(live_server + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_axe(page, f"{name} (de)")
    page.goto(f"{live_server}/processes/{process}/")
    page.get_by_role("link", name="Diese Beteiligung in Leichter Sprache").click()
    expect(page.get_by_text("Die Stadt macht einen Plan.")).to_be_visible()
    check_axe(page, "process in Leichte Sprache (de)")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    check_axe(page, "process in Leichte Sprache (en)")
    for _, path in FOOTER_PAGES:
        page.goto(live_server + path)
        assert page.locator("html").get_attribute("lang") == "en"
        check_axe(page, f"{path} (en)")


def test_barrier_feedback_form_is_accessible(live_server, page, check_axe):
    page.goto(live_server + "/barrierefreiheit/rueckmeldung")
    check_axe(page, "barrier feedback form")
    page.get_by_role("button", name="Meldung senden").click()
    expect(page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Folgendes")).to_be_visible()
    check_axe(page, "barrier feedback form with errors")


def test_barrier_feedback_works_without_javascript(app, browser, live_server):
    """axe needs JavaScript, so this walk checks behaviour only; the test above checks the same pages."""
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server + "/barrierefreiheit")
        page.get_by_role("link", name="Barriere melden (Kontaktformular)").click()
        page.get_by_role("button", name="Meldung senden").click()
        expect(page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Folgendes")).to_be_visible()
        message = "Der Fokus ist auf der Startseite nicht zu sehen."
        page.get_by_label("Welche Barriere haben Sie gefunden?").fill(message)
        page.get_by_label("Ihre E-Mail-Adresse (freiwillig, nur für eine Antwort)").fill("keine-adresse")
        page.get_by_role("button", name="Meldung senden").click()
        expect(page.get_by_text("Bitte geben Sie eine gültige E-Mail-Adresse an.").first).to_be_visible()
        page.get_by_label("Ihre E-Mail-Adresse (freiwillig, nur für eine Antwort)").fill("person@example.org")
        page.get_by_role("button", name="Meldung senden").click()
        page.wait_for_url(live_server + "/barrierefreiheit/rueckmeldung/danke")
        expect(page.get_by_role("heading", name="Vielen Dank für Ihre Meldung")).to_be_visible()
    finally:
        context.close()
    with app.app_context():
        stored = db.session.scalars(select(AccessibilityFeedback)).all()
        assert [(item.message, item.email) for item in stored] == [
            ("Der Fokus ist auf der Startseite nicht zu sehen.", "person@example.org")]


def test_legal_administration_pages(app, live_server, page, check_axe, users, process):
    _login_admin(page, live_server)
    page.goto(live_server + "/admin/")
    page.get_by_role("navigation", name="Verwaltung").get_by_role("link", name="Rechtliche Angaben").click()
    expect(page.get_by_role("note").filter(has_text="muss die Stadt noch eintragen")).to_be_visible()
    check_axe(page, "admin legal details")
    page.get_by_label("Name der verantwortlichen Stelle").fill("Landeshauptstadt Kiel")
    page.get_by_label("E-Mail-Adresse für Anfragen").fill("keine-adresse")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Folgendes")).to_be_visible()
    check_axe(page, "admin legal details with errors")
    page.get_by_label("E-Mail-Adresse für Anfragen").fill("info@example.org")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Änderungen gespeichert.")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^\d+ Rückmeldungen? zur Barrierefreiheit")).click()
    check_axe(page, "admin accessibility feedback")
    page.get_by_role("navigation", name="Verwaltung").get_by_role("link", name="Leichte Sprache").click()
    check_axe(page, "admin Leichte Sprache")
    page.get_by_role("link", name=re.compile("^Bearbeiten")).first.click()
    page.get_by_label("Zusammenfassung in Leichter Sprache").fill("Die Stadt fragt Sie.")
    page.get_by_role("button", name="Speichern").click()
    check_axe(page, "admin Leichte Sprache after saving")
    page.get_by_role("navigation", name="Verwaltung").get_by_role("link", name="Gebärdensprache").click()
    page.get_by_label("Titel").fill("Was ist Ratschlag?")
    page.get_by_label("Adresse des Videos").fill("https://www.example.org/dgs/ratschlag")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("cell", name="Was ist Ratschlag?", exact=True)).to_be_visible()
    check_axe(page, "admin sign-language videos")
    page.goto(live_server + "/gebaerdensprache")
    expect(page.get_by_role("heading", name="Was ist Ratschlag?")).to_be_visible()
    check_axe(page, "sign-language page with a video")
    page.goto(live_server + "/impressum")
    expect(page.get_by_role("link", name="info@example.org")).to_be_visible()

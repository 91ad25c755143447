"""Participation in a real browser: A submits a proposal, B votes and comments, A replies; axe on every page."""
from __future__ import annotations

import re

from tests.auth import factories


def log_in(page, live_server, name: str) -> None:
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS[name])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("button", name="Abmelden").is_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    assert page.get_by_role("link", name="Anmelden").is_visible()


def test_submit_vote_comment_reply(app, live_server, page, check_axe, users, process, outbox):
    # Anonymous readers see the (empty) list and are invited to log in.
    page.goto(f"{live_server}/processes/{process}/")
    page.get_by_role("link", name="Zu den Vorschlägen").click()
    assert page.get_by_role("heading", name="Vorschläge", exact=True).is_visible()
    check_axe(page, "proposal list (anonymous, empty)")

    # Citizen A submits a proposal; a first attempt without a topic shows accessible errors.
    log_in(page, live_server, "citizen")
    page.goto(f"{live_server}/processes/{process}/proposals/")
    page.get_by_role("link", name="Vorschlag einreichen").click()
    check_axe(page, "proposal form")
    page.get_by_label("Titel").fill("Ehrenamtskarte für Kiel")
    page.get_by_label("Beschreibung").fill("Eine **Karte** mit Vergünstigungen für alle, die sich engagieren.")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    assert page.get_by_role("alert").filter(has_text="Bitte wählen Sie eines der Themen aus.").is_visible()
    check_axe(page, "proposal form with errors")
    page.get_by_label("Thema (Säule)").select_option(label="Thema 2")
    page.get_by_label("Stadtteil").select_option(label="Gaarden-Ost")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    assert page.get_by_role("heading", level=1, name="Ehrenamtskarte für Kiel").is_visible()
    assert page.get_by_text(re.compile(r"Danke! Ihr Vorschlag ist eingereicht: TST-\d{4}-0001")).is_visible()
    assert page.locator(".proposal-body strong").inner_text() == "Karte"
    check_axe(page, "proposal detail (author)")
    proposal_url = page.url
    log_out(page)

    # Citizen B finds it in the list, votes, changes the vote and comments.
    log_in(page, live_server, "other_citizen")
    page.goto(f"{live_server}/processes/{process}/proposals/?q=Ehrenamtskarte")
    check_axe(page, "proposal list (search)")
    page.get_by_role("link", name="Ehrenamtskarte für Kiel").click()
    page.get_by_role("button", name="Ablehnen").click()
    page.get_by_role("button", name="Zustimmen").click()
    assert page.get_by_role("button", name="Zustimmen").get_attribute("aria-pressed") == "true"
    assert page.locator(".vote-counts li").first.inner_text().replace("\n", " ") == "1 Zustimmung"
    page.get_by_label("Ihr Kommentar").fill("Sehr gute Idee! Gilt das auch für Jugendliche?")
    page.get_by_label("Dafür").check()
    page.get_by_role("button", name="Kommentar veröffentlichen").click()
    comment = page.locator("article.comment").first
    assert "Sehr gute Idee!" in comment.inner_text() and "Dafür" in comment.inner_text()
    check_axe(page, "proposal detail with comment (citizen B)")
    log_out(page)

    # Citizen A replies to B's comment.
    log_in(page, live_server, "citizen")
    page.goto(proposal_url)
    page.locator("details.reply summary").first.click()
    page.locator("details.confirm summary").first.click()  # "withdraw" confirmation, opened for axe
    check_axe(page, "proposal detail with open reply form")
    reply_form = page.locator("details.reply form").first
    reply_form.get_by_label("Ihre Antwort").fill("Ja, ab 14 Jahren.")
    reply_form.get_by_role("button", name="Antwort veröffentlichen").click()
    reply = page.locator("ol.replies article.comment").first
    assert "Ja, ab 14 Jahren." in reply.inner_text()
    check_axe(page, "proposal detail with reply (author)")
    assert page.get_by_role("link", name="Vorschlag bearbeiten").count() == 0  # others engaged: text frozen
    log_out(page)

    # Anonymous readers see the discussion and an invitation to log in.
    page.goto(proposal_url)
    assert page.get_by_text("Ja, ab 14 Jahren.").is_visible()
    assert page.get_by_role("link", name="Melden Sie sich an").first.is_visible()
    check_axe(page, "proposal detail (anonymous)")

    # B is told about the reply, in the app and by email.
    assert any(mail.to == factories.EMAILS["other_citizen"] for mail in outbox)
    log_in(page, live_server, "other_citizen")
    page.get_by_role("link", name=re.compile("Benachrichtigungen")).click()
    assert page.get_by_text("Clara Citizen hat auf Ihren Kommentar geantwortet").is_visible()
    check_axe(page, "notifications")
    page.goto(proposal_url)
    page.get_by_role("link", name=re.compile("^Bearbeiten")).click()
    check_axe(page, "comment edit form")
    page.get_by_label("Ihr Kommentar").fill("Sehr gute Idee! Gilt das auch für Schülerinnen und Schüler?")
    page.get_by_role("button", name="Änderungen speichern").click()
    assert page.get_by_text(re.compile("bearbeitet am")).first.is_visible()

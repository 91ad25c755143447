"""Moderation in a real browser: three reports hide a comment, a moderator restores it from the queue;
a moderator merges two proposals and the vote counts add up; axe on the queue, item, merge and audit pages."""
from __future__ import annotations

from app.extensions import db
from tests.auth import factories
from tests.proposals import factories as fp


def log_in(page, live_server, email: str) -> None:
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("button", name="Abmelden").is_visible()


def log_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()


def test_three_reports_hide_then_moderator_restores(app, live_server, page, check_axe, users, process):
    with app.app_context():
        proc = fp.process_by_slug(process)
        proposal = fp.make_proposal(proc, fp.user_by_email(factories.EMAILS["citizen"]), title="Mehr Bänke am Ufer")
        comment = fp.make_comment(proposal, fp.user_by_email(factories.EMAILS["other_citizen"]),
                                  body="Ein ziemlich unfreundlicher Beitrag")
        reporters = [factories.make_user(f"melder{n}@example.org").email for n in (1, 2, 3)]
        proposal_id, comment_id, reference = proposal.id, comment.id, proposal.reference

    for number, email in enumerate(reporters):
        log_in(page, live_server, email)
        page.goto(f"{live_server}/proposals/{proposal_id}")
        page.locator(f"#comment-{comment_id}").get_by_role("link", name="Melden").click()
        if number == 0:
            check_axe(page, "report form")
        page.get_by_label("Beleidigend oder hasserfüllt").check()
        page.get_by_label("Weitere Angaben (freiwillig)").fill("Bitte prüfen.")
        page.get_by_role("button", name="Melden", exact=True).click()
        assert page.get_by_text("Danke für Ihre Meldung").is_visible()
        log_out(page)

    page.goto(f"{live_server}/proposals/{proposal_id}")
    assert page.get_by_text("Dieser Beitrag wurde von der Moderation ausgeblendet").is_visible()
    assert page.get_by_text("Ein ziemlich unfreundlicher Beitrag").count() == 0

    log_in(page, live_server, factories.EMAILS["moderator"])
    page.goto(f"{live_server}/moderation/")
    assert page.get_by_text("1 Beitrag mit offenen Meldungen").is_visible()
    check_axe(page, "moderation queue")
    page.get_by_label(f"Kommentar {reference}/K{comment_id} auswählen").check()
    page.get_by_role("button", name="Wiederherstellen").click()
    assert page.get_by_text("Aktion für 1 Beitrag ausgeführt.").is_visible()
    assert page.get_by_text("Keine offenen Meldungen").is_visible()
    page.goto(f"{live_server}/proposals/{proposal_id}")
    assert page.get_by_text("Ein ziemlich unfreundlicher Beitrag").is_visible()
    page.goto(f"{live_server}/moderation/comments/{comment_id}")
    check_axe(page, "moderation item (comment)")
    log_out(page)

    log_in(page, live_server, factories.EMAILS["admin"])
    page.goto(f"{live_server}/moderation/audit")
    assert page.get_by_role("cell", name="Wiederhergestellt").is_visible()
    check_axe(page, "audit log")


def test_moderator_merges_two_proposals(app, live_server, page, check_axe, users, process):
    with app.app_context():
        proc = fp.process_by_slug(process)
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        source = fp.make_proposal(proc, citizen, title="Radweg an der Kiellinie ausbauen")
        target = fp.make_proposal(proc, fp.user_by_email(factories.EMAILS["other_citizen"]),
                                  title="Radweg Kiellinie verbreitern")
        voters = [factories.make_user() for _ in range(3)]
        fp.make_vote(source, voters[0], "agree")
        fp.make_vote(target, voters[0], "disagree")  # voted on both: the target's vote wins
        fp.make_vote(source, voters[1], "agree")
        fp.make_vote(target, voters[2], "agree")
        source_id, target_id, target_reference = source.id, target.id, target.reference
        db.session.remove()

    log_in(page, live_server, factories.EMAILS["moderator"])
    page.goto(f"{live_server}/moderation/proposals/{source_id}")
    assert page.get_by_role("cell", name=target_reference, exact=True).is_visible()  # duplicate candidate
    check_axe(page, "moderation item with merge form")
    page.get_by_label("Zielvorschlag").fill(target_reference)
    page.get_by_role("button", name="Zusammenführen").click()
    check_axe(page, "merge confirmation")
    page.get_by_role("button", name=f"in {target_reference} zusammenführen").click()
    assert page.get_by_text(f"Zusammengeführt mit {target_reference}.").is_visible()
    page.goto(f"{live_server}/proposals/{target_id}")
    counts = page.locator(".vote-counts li")
    assert counts.nth(0).inner_text().replace("\n", " ") == "2 Zustimmungen"
    assert counts.nth(1).inner_text().replace("\n", " ") == "1 Ablehnung"
    log_out(page)
    page.goto(f"{live_server}/proposals/{source_id}")
    assert page.url.startswith(f"{live_server}/proposals/{target_id}")
    assert page.get_by_text("wurde mit diesem Vorschlag zusammengeführt").is_visible()
    page.goto(f"{live_server}/moderation/processes/{process}/summary")
    assert page.get_by_role("cell", name="1").first.is_visible()
    check_axe(page, "public moderation summary")

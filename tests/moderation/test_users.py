"""Blocking users and official answers."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.core.clock import today
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.extensions import db
from app.moderation.services import answer_proposal, block_user, unblock_user
from app.notifications.models import Notification
from app.processes.models import Process
from app.proposals.models import Proposal
from tests.auth import factories


def test_block_with_end_date_and_hidden_content(app, people, content, user):
    with app.app_context():
        until = today() + timedelta(days=7)
        block_user(user(people["moderator"]), people["other_citizen"], reason="Beleidigungen", until=until,
                   hide_content=True)
        blocked = user(people["other_citizen"])
        assert blocked.is_blocked and blocked.blocked_reason == "Beleidigungen"
        assert db.session.get(Comment, content["comment"]).hidden_at is not None
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.item_kind, entry.item_id) == ("block", "user", people["other_citizen"])
        assert "hidden_items=1" in entry.details
        unblock_user(user(people["moderator"]), people["other_citizen"])
        assert not user(people["other_citizen"]).is_blocked
        with pytest.raises(Conflict):
            unblock_user(user(people["moderator"]), people["other_citizen"])


@pytest.mark.parametrize(("actor", "target", "reason", "until", "error"), [
    ("citizen", "other_citizen", "x", None, PermissionDenied),
    ("moderator", "admin", "x", None, PermissionDenied),
    ("moderator", "other_citizen", "  ", None, DomainError),
    ("moderator", "other_citizen", "x", date(2000, 1, 1), DomainError),
])
def test_bad_blocks_change_nothing(app, people, user, rows, actor, target, reason, until, error):
    with app.app_context():
        with pytest.raises(error):
            block_user(user(people[actor]), people[target], reason=reason, until=until)
        assert not user(people[target]).is_blocked
    assert rows(AuditEntry) == 0


def test_expired_block_ends(app, people, user):
    with app.app_context():
        block_user(user(people["moderator"]), people["other_citizen"], reason="x", until=today() + timedelta(days=1))
        app.config["FROZEN_NOW"] = user(people["other_citizen"]).blocked_until + timedelta(minutes=1)
        assert not user(people["other_citizen"]).is_blocked
        app.config["FROZEN_NOW"] = None


def test_blocked_user_is_told_why_and_cannot_take_part(app, client, login, people, content, user, rows):
    login(factories.EMAILS["other_citizen"])
    with app.app_context():
        block_user(user(people["moderator"]), people["other_citizen"], reason="Wiederholte Beleidigungen")
    # the running session ended with the block
    response = client.post(f"/proposals/{content['proposal']}/vote", data={"value": "agree"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login_page = client.post("/auth/login", data={"email": factories.EMAILS["other_citizen"],
                                                  "password": factories.PASSWORD})
    assert login_page.status_code == 403 and "Wiederholte Beleidigungen" in login_page.text
    with app.app_context():
        from app.comments.services import add_comment
        from app.proposals.services import cast_vote, submit_proposal

        blocked, proposal = user(people["other_citizen"]), db.session.get(Proposal, content["proposal"])
        with pytest.raises(PermissionDenied):
            cast_vote(blocked, proposal, "agree", today())
        with pytest.raises(PermissionDenied):
            add_comment(blocked, proposal, body="Noch ein Kommentar", day=today())
        with pytest.raises((PermissionDenied, DomainError)):
            submit_proposal(blocked, proposal.process, title="Neuer Vorschlag", body="Mit genug Text dazu.",
                            topic_id=proposal.topic_id, day=today())
    assert rows(Proposal) == 1


def test_official_answer_admin_and_allowed_moderators(app, people, content, user, rows):
    with app.app_context():
        proposal = db.session.get(Proposal, content["proposal"])
        with pytest.raises(PermissionDenied):
            answer_proposal(user(people["moderator"]), proposal, status="accepted", official_answer="Ja")
        assert proposal.status == "submitted" and rows(AuditEntry) == 0
        answer_proposal(user(people["admin"]), proposal, status="accepted", official_answer="Wird umgesetzt.")
        assert (proposal.status, proposal.official_answer) == ("accepted", "Wird umgesetzt.")
        db.session.get(Process, content["process"]).moderators_may_answer = True
        db.session.commit()
        answer_proposal(user(people["moderator"]), proposal, status="implemented")
        with pytest.raises(Conflict):
            answer_proposal(user(people["moderator"]), proposal, status="implemented")
        with pytest.raises(DomainError):
            answer_proposal(user(people["moderator"]), proposal, status="bogus")
        assert proposal.status == "implemented"
    assert rows(AuditEntry, AuditEntry.action == "answer") == 2
    # the author follows the proposal and hears about status and answer
    assert rows(Notification, Notification.user_id == people["citizen"]) >= 2


def test_answer_page_and_prominent_display(client, login, content, app):
    login(factories.EMAILS["admin"])
    url = f"/moderation/proposals/{content['proposal']}/answer"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"status": "accepted", "official_answer": "Die Stadt setzt das um."})
    assert response.status_code == 302
    page = client.get(f"/proposals/{content['proposal']}").text
    assert "Offizielle Antwort" in page and "Die Stadt setzt das um." in page
    with app.app_context():
        slug = db.session.get(Process, content["process"]).slug
    assert "Offizielle Antwort" in client.get(f"/processes/{slug}/proposals/").text
    login(factories.EMAILS["moderator"])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("actor", ["moderator", "admin"])
def test_block_hides_content_only_in_processes_the_actor_moderates(app, people, content, user, actor):
    """A moderator assigned to process B blocks globally but hides nothing in process A (admins: all)."""
    from tests.moderation import factories as fm
    from tests.processes.factories import make_process
    from tests.proposals import factories as fp

    with app.app_context():
        process_a = db.session.get(Process, content["process"])
        fm.assign_moderator(process_a, factories.make_user("mod-a@example.org", role="moderator"))
        process_b = make_process()
        fm.assign_moderator(process_b, user(people["moderator"]))
        author = user(people["other_citizen"])
        in_b = fp.make_proposal(process_b, author, title="Ein Vorschlag in B")
        comment_in_b = fp.make_comment(in_b, author, body="Ein Kommentar in B")
        own_in_a = fp.make_proposal(process_a, author, title="Ein Vorschlag in A")
        in_b_id, comment_in_b_id, own_in_a_id = in_b.id, comment_in_b.id, own_in_a.id

        block_user(user(people[actor]), people["other_citizen"], reason="Beleidigungen", hide_content=True)

        assert user(people["other_citizen"]).is_blocked  # blocking stays global
        assert db.session.get(Proposal, in_b_id).hidden_at is not None
        assert db.session.get(Comment, comment_in_b_id).hidden_at is not None
        hidden_in_a = [db.session.get(Comment, content["comment"]).hidden_at is not None,
                       db.session.get(Proposal, own_in_a_id).hidden_at is not None]
        assert hidden_in_a == ([True, True] if actor == "admin" else [False, False])
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "block"))
        assert f"hidden_items={4 if actor == 'admin' else 2}" in entry.details

"""Following proposals; notifications in the app and by email (respecting the email setting)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.comments.models import Comment
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.extensions import db
from app.moderation.services import answer_proposal
from app.notifications.models import Follow, Notification
from app.proposals.models import Proposal
from tests.auth import factories
from tests.proposals import factories as fp


def notifications_of(app, email) -> list[tuple[str, int | None, str | None]]:
    with app.app_context():
        user = fp.user_by_email(email)
        return [(n.kind, n.comment_id, n.status) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def test_reply_notifies_the_parent_author_in_app_and_by_email(app, client, citizen_login, proposal, outbox):
    citizen_login()
    client.post(f"/proposals/{proposal}/comments", data={"body": "Meine Frage?", "alignment": "neutral"})
    with app.app_context():
        root = db.session.scalar(select(db.func.max(Comment.id)))
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/comments", data={"body": "Meine Antwort.", "alignment": "pro",
                                                        "parent_id": str(root)})
    [(kind, comment_id, _)] = notifications_of(app, factories.EMAILS["citizen"])
    assert kind == "reply" and comment_id == root + 1
    [mail] = outbox
    assert mail.to == factories.EMAILS["citizen"]
    assert ("Otto Other hat auf Ihren Kommentar" in mail.body
            and f"/proposals/{proposal}#comment-{root + 1}" in mail.body)
    assert notifications_of(app, factories.EMAILS["other_citizen"]) == []
    # The notification appears in the navigation and on the notifications page.
    citizen_login()
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'class="nav-count">1' in page and "Otto Other hat auf Ihren Kommentar geantwortet" in page
    assert client.post("/notifications/read").status_code == 302
    assert 'class="nav-count"' not in client.get("/notifications/").get_data(as_text=True)


def test_replying_to_yourself_notifies_nobody(app, client, citizen_login, proposal, outbox):
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/comments", data={"body": "Erster Gedanke.", "alignment": "pro"})
    with app.app_context():
        root = db.session.scalar(select(db.func.max(Comment.id)))
    client.post(f"/proposals/{proposal}/comments", data={"body": "Nachtrag.", "alignment": "pro", "parent_id": root})
    assert notifications_of(app, factories.EMAILS["other_citizen"]) == [] and outbox == []


def test_email_setting_is_respected(app, client, citizen_login, proposal, outbox):
    with app.app_context():
        fp.user_by_email(factories.EMAILS["citizen"]).email_notifications = False
        db.session.commit()
        root = fp.make_comment(db.session.get(Proposal, proposal), fp.user_by_email(factories.EMAILS["citizen"])).id
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/comments", data={"body": "Antwort.", "alignment": "pro", "parent_id": root})
    assert [kind for kind, _, _ in notifications_of(app, factories.EMAILS["citizen"])] == ["reply"]
    assert outbox == []


def test_status_change_and_answer_notify_followers(app, client, citizen_login, proposal, outbox):
    citizen_login("other_citizen")
    assert client.post(f"/proposals/{proposal}/follow", data={"follow": "1"}).status_code == 302
    client.post(f"/proposals/{proposal}/follow", data={"follow": "1"})  # double submit: still one follow
    with app.app_context():
        assert len(db.session.scalars(select(Follow).where(Follow.proposal_id == proposal)).all()) == 2
        moderator = fp.user_by_email(factories.EMAILS["moderator"])
        db.session.get(Proposal, proposal).process.moderators_may_answer = True  # moderators answer here too
        answer_proposal(moderator, db.session.get(Proposal, proposal), status="accepted",
                        official_answer="Wird **umgesetzt**.")
    # Issue 12 #18: status and answer in one save are one notification and one mail per follower.
    for email in (factories.EMAILS["citizen"], factories.EMAILS["other_citizen"]):
        assert notifications_of(app, email) == [("answer", None, "accepted")]
    assert notifications_of(app, factories.EMAILS["moderator"]) == []
    assert sorted(mail.to for mail in outbox) == sorted([factories.EMAILS["citizen"],
                                                        factories.EMAILS["other_citizen"]])
    assert all("„Angenommen“" in mail.body and "offizielle Antwort" in mail.body for mail in outbox)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Offizielle Antwort und neuer Status „Angenommen“ zu" in page
    with app.app_context():
        answer_proposal(fp.user_by_email(factories.EMAILS["admin"]), db.session.get(Proposal, proposal),
                        status="implemented")
    assert notifications_of(app, factories.EMAILS["other_citizen"])[-1] == ("status", None, "implemented")


def test_unfollowing_stops_notifications(app, client, citizen_login, proposal, outbox):
    citizen_login()  # the author follows automatically …
    assert "Nicht mehr folgen" in client.get(f"/proposals/{proposal}").get_data(as_text=True)
    client.post(f"/proposals/{proposal}/follow", data={"follow": "0"})  # … and can stop
    assert "Diesem Vorschlag folgen" in client.get(f"/proposals/{proposal}").get_data(as_text=True)
    with app.app_context():
        answer_proposal(fp.user_by_email(factories.EMAILS["admin"]), db.session.get(Proposal, proposal),
                        status="rejected")
    assert notifications_of(app, factories.EMAILS["citizen"]) == [] and outbox == []


def test_unchanged_status_notifies_nobody(app, proposal, outbox):
    with app.app_context():
        with pytest.raises(Conflict):
            answer_proposal(fp.user_by_email(factories.EMAILS["admin"]), db.session.get(Proposal, proposal),
                            status="submitted", official_answer="   ")
    assert notifications_of(app, factories.EMAILS["citizen"]) == [] and outbox == []


def test_only_moderation_sets_status_and_bad_status_is_refused(app, proposal):
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        with pytest.raises(PermissionDenied):
            answer_proposal(fp.user_by_email(factories.EMAILS["citizen"]), row, status="accepted")
        with pytest.raises(DomainError):
            answer_proposal(fp.user_by_email(factories.EMAILS["admin"]), row, status="approved")
        db.session.rollback()
        assert db.session.get(Proposal, proposal).status == "submitted"
        assert db.session.scalar(select(db.func.count()).select_from(Notification)) == 0


def test_follow_requires_a_confirmed_account(client, citizen_login, proposal):
    assert "/auth/login" in client.post(f"/proposals/{proposal}/follow").headers["Location"]
    citizen_login("unconfirmed")
    assert client.post(f"/proposals/{proposal}/follow").status_code == 403
    assert client.post("/proposals/999999/follow").status_code == 403


def test_notifications_page_needs_login(client):
    assert "/auth/login" in client.get("/notifications/").headers["Location"]


def test_blocked_people_get_no_notification_mails(app, client, citizen_login, proposal, outbox):
    """Issue 12 #18: in-app notifications stay, but no mail goes to a blocked person (every notify path)."""
    from app.moderation.services import block_user, moderate

    with app.app_context():
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        comment = fp.make_comment(db.session.get(Proposal, proposal), citizen, body="Mein Kommentar")
        comment_id = comment.id
        block_user(fp.user_by_email(factories.EMAILS["moderator"]), citizen.id, reason="Pöbeleien")
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/comments", data={"body": "Antwort.", "alignment": "pro",
                                                        "parent_id": comment_id})
    with app.app_context():
        admin = fp.user_by_email(factories.EMAILS["admin"])
        answer_proposal(admin, db.session.get(Proposal, proposal), status="rejected")
        moderate(admin, "hide", [f"comment:{comment_id}"], reason="Beleidigend")
    kinds = [kind for kind, _, _ in notifications_of(app, factories.EMAILS["citizen"])]
    assert kinds == ["reply", "status", "hidden"]
    assert [mail.to for mail in outbox if mail.to == factories.EMAILS["citizen"]] == []


def test_opening_a_notification_marks_it_read(app, client, citizen_login, proposal):
    """Issue 12 #18: the notification's link goes through a route that marks it read (no JavaScript)."""
    with app.app_context():
        answer_proposal(fp.user_by_email(factories.EMAILS["admin"]), db.session.get(Proposal, proposal),
                        status="rejected")
        [notification_id] = db.session.scalars(select(Notification.id)).all()
    citizen_login("other_citizen")
    assert client.get(f"/notifications/{notification_id}").status_code == 404   # not theirs
    citizen_login()
    page = client.get("/notifications/").get_data(as_text=True)
    assert f'href="/notifications/{notification_id}"' in page and 'class="nav-count">1' in page
    response = client.get(f"/notifications/{notification_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/proposals/{proposal}")
    with app.app_context():
        assert db.session.get(Notification, notification_id).read_at is not None
    assert 'class="nav-count"' not in client.get("/notifications/").get_data(as_text=True)
    assert client.get("/notifications/99999999999").status_code == 404

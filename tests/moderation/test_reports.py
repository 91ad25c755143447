"""Reporting: one report per person and item, auto-hiding after N reports, bad input changes nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.extensions import db
from app.moderation import services
from app.moderation.models import Flag
from app.notifications.models import Notification
from app.proposals.models import Proposal


def test_report_is_stored_and_moderators_are_notified(app, people, content, user, rows):
    with app.app_context():
        services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="insult",
                             details="  beleidigend  ")
        report = db.session.scalar(select(Flag))
        assert (report.comment_id, report.reason, report.details) == (content["comment"], "insult", "beleidigend")
        assert db.session.get(Comment, content["comment"]).hidden_at is None
    # moderator and admin get an in-app notification about the first open report
    assert rows(Notification, Notification.kind == "report") == 2


def test_three_reports_hide_the_item_and_tell_the_author(app, people, content, user, rows, outbox):
    with app.app_context():
        for number in (1, 2, 3):
            services.flag_item(user(people[f"reporter{number}"]), "comment", content["comment"], reason="spam")
        comment = db.session.get(Comment, content["comment"])
        assert comment.hidden_at is not None and "gemeldet" in comment.hidden_reason
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.actor_id, entry.item_kind, entry.item_id) == (
            "auto_hide", None, "comment", content["comment"])
    assert rows(Notification, Notification.kind == "hidden", Notification.user_id == people["other_citizen"]) == 1
    assert [mail.to for mail in outbox if "ausgeblendet" in mail.subject] == ["other@example.org"]
    assert "Grund:" in outbox[-1].body
    assert rows(Notification, Notification.kind == "report") == 2  # only for the first report


def test_threshold_is_configurable(app, people, content, user):
    app.config["MODERATION_AUTO_HIDE_REPORTS"] = 1
    with app.app_context():
        services.flag_item(user(people["reporter1"]), "proposal", content["proposal"], reason="off_topic")
        assert db.session.get(Proposal, content["proposal"]).hidden_at is not None


@pytest.mark.parametrize(("kind", "reporter", "reason", "error"), [
    ("comment", "reporter1", "nonsense", DomainError),       # unknown reason
    ("comment", "unconfirmed", "spam", PermissionDenied),   # not confirmed
    ("comment", "other_citizen", "spam", PermissionDenied),  # own comment
    ("proposal", "citizen", "spam", PermissionDenied),       # own proposal
    ("picture", "reporter1", "spam", NotFound),              # unknown kind
])
def test_bad_reports_change_nothing(app, people, content, user, rows, kind, reporter, reason, error):
    with app.app_context():
        with pytest.raises(error):
            services.flag_item(user(people[reporter]), kind, content.get(kind, 1), reason=reason)
    assert rows(Flag) == 0 and rows(AuditEntry) == 0


def test_missing_item_and_too_long_details(app, people, content, user, rows):
    with app.app_context():
        with pytest.raises(NotFound):
            services.flag_item(user(people["reporter1"]), "comment", 999999, reason="spam")
        with pytest.raises(DomainError):
            services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="spam",
                                 details="x" * 1001)
    assert rows(Flag) == 0


def test_repeated_report_is_refused(app, people, content, user, rows):
    with app.app_context():
        services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="spam")
        with pytest.raises(Conflict):
            services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="insult")
    assert rows(Flag) == 1


def test_hidden_item_cannot_be_reported(app, people, content, user, rows):
    with app.app_context():
        services.moderate(user(people["moderator"]), "hide", [f"comment:{content['comment']}"], reason="Spam")
        with pytest.raises(Conflict):
            services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="spam")
    assert rows(Flag) == 0


def test_report_form_over_http(client, login, people, content, rows):
    login("reporter1@example.org")
    url = f"/moderation/comments/{content['comment']}/report"
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.text and 'name="details"' in page.text
    assert client.post(url, data={"details": "ohne Grund"}).status_code == 400
    assert rows(Flag) == 0
    response = client.post(url, data={"reason": "insult", "details": "Bitte prüfen"})
    assert response.status_code == 302 and f"#comment-{content['comment']}" in response.headers["Location"]
    again = client.post(url, data={"reason": "spam"})
    assert again.status_code == 409 and "bereits gemeldet" in again.text
    assert rows(Flag) == 1

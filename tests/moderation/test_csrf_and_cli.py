"""CSRF protects every moderation POST; the assignment commands."""
from __future__ import annotations

import pytest

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.extensions import db
from app.moderation.models import Flag, ProcessModerator
from app.moderation.permissions import can_moderate
from app.processes.models import Process
from tests.auth import factories


@pytest.fixture
def app_overrides() -> dict:
    return {"WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize(("url", "data"), [
    ("/moderation/bulk", {"action": "hide", "reason": "x", "item_ids": "comment:{comment}"}),
    ("/moderation/comments/{comment}/action", {"action": "hide", "reason": "x"}),
    ("/moderation/comments/{comment}/report", {"reason": "spam"}),
    ("/moderation/comments/{comment}/lock", {"locked": "1"}),
    ("/moderation/proposals/{proposal}/merge", {"target": "1"}),
])
def test_posts_without_csrf_token_change_nothing(app, client, people, content, rows, url, data):
    email = factories.EMAILS["admin"] if "report" not in url else "reporter1@example.org"
    page = client.get("/auth/login")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    login = client.post("/auth/login", data={"email": email, "password": factories.PASSWORD, "csrf_token": token})
    assert login.status_code == 302
    data = {key: value.format(**content) for key, value in data.items()}
    response = client.post(url.format(**content), data=data)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Comment, content["comment"]).hidden_at is None
        assert db.session.get(Comment, content["comment"]).locked_at is None
    assert rows(Flag) == 0 and rows(AuditEntry) == 0


def test_assign_and_unassign_commands(app, runner, people, content, user, rows):
    with app.app_context():
        slug = db.session.get(Process, content["process"]).slug
    result = runner.invoke(args=["moderation", "assign", "--process", slug, "--email", factories.EMAILS["moderator"]])
    assert result.exit_code == 0, result.output
    runner.invoke(args=["moderation", "assign", "--process", slug, "--email", factories.EMAILS["moderator"]])
    assert rows(ProcessModerator) == 1
    with app.app_context():
        other = factories.make_user("mod2@example.org", role="moderator")
        process = db.session.get(Process, content["process"])
        assert can_moderate(user(people["moderator"]), process) and not can_moderate(other, process)
    bad = runner.invoke(args=["moderation", "assign", "--process", slug, "--email", factories.EMAILS["citizen"]])
    assert bad.exit_code != 0 and "No moderator account" in bad.output
    assert runner.invoke(args=["moderation", "assign", "--process", "nope", "--email", "x@y"]).exit_code != 0
    result = runner.invoke(args=["moderation", "unassign", "--process", slug, "--email", factories.EMAILS["moderator"]])
    assert result.exit_code == 0 and rows(ProcessModerator) == 0

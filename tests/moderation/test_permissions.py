"""Moderation permissions as a role × phase matrix (pure predicates, no database writes)."""
from __future__ import annotations

from datetime import UTC

import pytest
from flask_login import AnonymousUserMixin

from app.auth.models import User
from app.comments.models import Comment
from app.moderation import permissions as rules
from app.moderation.models import ProcessModerator
from app.processes.models import Process
from app.proposals.models import Proposal

ROLES = ["anonymous", "unconfirmed", "citizen", "moderator", "admin"]
PHASES = ["information", "participation", "evaluation", "results"]


def person(role: str, user_id: int = 1):
    if role == "anonymous":
        return AnonymousUserMixin()
    from datetime import datetime

    return User(id=user_id, role="citizen" if role == "unconfirmed" else role, email=f"{role}@x",
                display_name=role, password_hash="x",
                confirmed_at=None if role == "unconfirmed" else datetime(2026, 1, 1, tzinfo=UTC))


def process_in(phase: str, *, may_answer=False, assigned=()):
    process = Process(id=1, slug="p", title="P", published=True, moderators_may_answer=may_answer)
    process.moderator_assignments = [ProcessModerator(process_id=1, user_id=user_id) for user_id in assigned]
    process.current_phase_kind = phase  # the moderation predicates do not depend on the phase
    return process


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_can_moderate(app, role, phase):
    with app.app_context():
        assert rules.can_moderate(person(role), process_in(phase)) is (role in {"moderator", "admin"})


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_process_moderators(app, role, phase):
    """With assignments only the assigned moderator (id 7) and admins moderate."""
    with app.app_context():
        process = process_in(phase, assigned=[7])
        assert rules.can_moderate(person(role, 1), process) is (role == "admin")
        assert rules.can_moderate(person(role, 7), process) is (role in {"moderator", "admin"})


@pytest.mark.parametrize("may_answer", [False, True])
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_can_answer(app, role, phase, may_answer):
    with app.app_context():
        expected = role == "admin" or (role == "moderator" and may_answer)
        assert rules.can_answer(person(role), process_in(phase, may_answer=may_answer)) is expected


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_can_report(app, role, phase):
    with app.app_context():
        proposal = Proposal(id=5, author_id=99, process=process_in(phase))
        comment = Comment(id=6, author_id=99, proposal_id=5)
        expected = role in {"citizen", "moderator", "admin"}
        assert rules.can_report(person(role), proposal) is expected
        assert rules.can_report(person(role), comment) is expected


def test_cannot_report_own_hidden_or_deleted(app):
    from datetime import datetime

    with app.app_context():
        moment = datetime(2026, 1, 1, tzinfo=UTC)
        citizen = person("citizen", 99)
        assert not rules.can_report(citizen, Comment(id=1, author_id=99))
        assert not rules.can_report(person("citizen"), Comment(id=1, author_id=99, hidden_at=moment))
        assert not rules.can_report(person("citizen"), Comment(id=1, author_id=99, deleted_at=moment))
        assert not rules.can_report(person("citizen"), Proposal(id=1, author_id=99, withdrawn_at=moment))


@pytest.mark.parametrize("role", ROLES)
def test_blocked_people_cannot_participate_or_report(app, role):
    from datetime import datetime

    from app.auth.permissions import can_participate

    with app.app_context():
        someone = person(role)
        if role != "anonymous":
            someone.blocked_at = datetime(2026, 1, 1, tzinfo=UTC)
        assert not can_participate(someone)
        assert not rules.can_report(someone, Comment(id=1, author_id=99))

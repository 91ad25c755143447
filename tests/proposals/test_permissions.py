"""Permissions as a role × phase matrix (pure predicates over loaded objects)."""
from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.comments import permissions as comment_rules
from app.core.clock import now, today
from app.proposals import permissions as rules
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp

ROLES = ["anonymous", "unconfirmed", "citizen", "moderator", "admin"]
PHASES = ["information", "participation", "evaluation", "results"]
PARTICIPANTS = {"citizen", "moderator", "admin"}


@pytest.fixture
def world(app, users):
    """For every phase a process with two proposals by the citizen: one untouched, one with a comment
    by the other citizen. Yields (people, {phase: (process, untouched, discussed, comment)})."""
    with app.app_context():
        people = {name: fp.user_by_email(factories.EMAILS[name]) for name in factories.EMAILS}
        people["anonymous"] = AnonymousUserMixin()
        worlds = {}
        for phase in PHASES:
            process = make_process(current=phase)
            untouched = fp.make_proposal(process, people["citizen"])
            discussed = fp.make_proposal(process, people["citizen"])
            comment = fp.make_comment(discussed, people["other_citizen"])
            worlds[phase] = (process, untouched, discussed, comment)
        yield people, worlds


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_submit_vote_comment_only_for_participants_in_participation_phase(world, role, phase):
    people, worlds = world
    process, _, proposal, comment = worlds[phase]
    user, day = people[role], today()
    expected = role in PARTICIPANTS and phase == "participation"
    assert rules.can_submit(user, process, day) is expected
    assert rules.can_vote(user, proposal, day) is expected
    assert comment_rules.can_comment(user, proposal, day) is expected
    assert comment_rules.can_reply(user, comment, proposal, day) is expected
    # Voting on a comment: participants, but never on their own comment (other_citizen wrote it).
    assert comment_rules.can_vote_comment(user, comment, proposal, day) is expected


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_edits_and_withdraws_during_participation(world, role, phase):
    people, worlds = world
    _, proposal, _, _ = worlds[phase]
    expected = role == "citizen" and phase == "participation"
    assert rules.can_edit(people[role], proposal, today()) is expected
    assert rules.can_withdraw(people[role], proposal, today()) is expected


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", [*ROLES, "other_citizen"])
def test_comment_authors_edit_while_open_and_delete_always(world, role, phase):
    people, worlds = world
    _, _, proposal, comment = worlds[phase]
    is_author = role == "other_citizen"
    assert comment_rules.can_edit_comment(people[role], comment, proposal, today()) is (
        is_author and phase == "participation")
    assert comment_rules.can_delete_comment(people[role], comment) is is_author


@pytest.mark.parametrize("role", ROLES)
def test_only_moderation_answers(world, role):
    people, _ = world
    assert rules.can_answer(people[role]) is (role in {"moderator", "admin"})


def test_engagement_by_others_freezes_the_text(app, world):
    people, worlds = world
    _, untouched, proposal, _ = worlds["participation"]
    assert untouched.engaged_at is None and rules.can_edit(people["citizen"], untouched, today())
    assert proposal.engaged_at is not None  # the other citizen's comment
    assert not rules.can_edit(people["citizen"], proposal, today())
    assert rules.can_withdraw(people["citizen"], proposal, today())


@pytest.mark.parametrize("state", ["withdrawn", "hidden"])
def test_withdrawn_and_hidden_proposals_are_closed(app, world, state):
    people, worlds = world
    _, _, proposal, comment = worlds["participation"]
    setattr(proposal, f"{state}_at", now())
    for role in PARTICIPANTS:
        assert not rules.can_vote(people[role], proposal, today())
        assert not comment_rules.can_comment(people[role], proposal, today())
    assert not rules.can_withdraw(people["citizen"], proposal, today())
    assert rules.can_see(people["moderator"], proposal)
    assert rules.can_see(people["citizen"], proposal)  # the author (sees the moderation's reason)
    assert rules.can_see(people["other_citizen"], proposal) is (state == "withdrawn")
    assert rules.can_see(people["anonymous"], proposal) is (state == "withdrawn")


def test_replies_stop_at_the_third_level(app, world):
    people, worlds = world
    _, _, proposal, comment = worlds["participation"]
    reply = fp.make_comment(proposal, people["citizen"], parent=comment)
    reply_to_reply = fp.make_comment(proposal, people["citizen"], parent=reply)
    assert reply_to_reply.depth == 2
    assert comment_rules.can_reply(people["admin"], reply, proposal, today())
    assert not comment_rules.can_reply(people["admin"], reply_to_reply, proposal, today())


def test_drafts_are_visible_to_admins_only(app, world):
    people, _ = world
    process = make_process(published=False)
    proposal = fp.make_proposal(process, people["citizen"])
    assert rules.can_see(people["admin"], proposal)
    for role in ("anonymous", "citizen", "moderator"):
        assert not rules.can_see(people[role], proposal)

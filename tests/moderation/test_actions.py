"""Hide / restore / dismiss, single and bulk; forged ids change nothing; every action is audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.extensions import db
from app.moderation import services
from app.moderation.models import Flag
from app.proposals.models import Proposal
from tests.auth import factories
from tests.moderation import factories as fm
from tests.processes.factories import make_process
from tests.proposals import factories as fp


def _state(comment_id, proposal_id):
    comment, proposal = db.session.get(Comment, comment_id), db.session.get(Proposal, proposal_id)
    return comment.hidden_at is not None, proposal.hidden_at is not None


def test_hide_restore_dismiss_are_audited(app, people, content, user, rows):
    key = f"comment:{content['comment']}"
    with app.app_context():
        fm.make_report(db.session.get(Comment, content["comment"]), user(people["reporter1"]))
        moderator = user(people["moderator"])
        services.moderate(moderator, "hide", [key], reason="Beleidigung")
        comment = db.session.get(Comment, content["comment"])
        assert comment.hidden_reason == "Beleidigung"
        assert db.session.scalar(select(Flag.resolution)) == "hidden"
        services.moderate(moderator, "restore", [key])
        assert db.session.get(Comment, content["comment"]).hidden_at is None
        fm.make_report(comment, user(people["reporter2"]))
        services.moderate(moderator, "dismiss", [key])
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["hide", "restore", "dismiss"]
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hide"))
        assert (entry.actor_id, entry.actor_name, entry.process_id, entry.reason) == (
            moderator.id, "Mona Moderator", content["process"], "Beleidigung")
    assert rows(Flag, Flag.resolved_at.is_(None)) == 0


def test_moderators_act_without_reports(app, people, content, user):
    with app.app_context():
        services.moderate(user(people["admin"]), "hide", [f"proposal:{content['proposal']}"], reason="Spam")
        assert _state(content["comment"], content["proposal"]) == (False, True)


def test_bulk_hides_many(app, people, content, user, rows):
    with app.app_context():
        services.moderate(user(people["moderator"]), "hide",
                          [f"comment:{content['comment']}", f"proposal:{content['proposal']}"], reason="Spam")
        assert _state(content["comment"], content["proposal"]) == (True, True)
    assert rows(AuditEntry) == 2


@pytest.mark.parametrize(("action", "keys", "reason", "error"), [
    ("hide", ["comment:{comment}", "comment:999999"], "Spam", NotFound),     # forged id
    ("hide", ["comment:{comment}", "evil:1"], "Spam", NotFound),             # forged kind
    ("hide", ["comment:{comment}", "proposal:{proposal}"], "", DomainError),  # no reason
    ("explode", ["comment:{comment}"], "x", DomainError),                    # unknown action
    ("hide", [], "Spam", DomainError),                                        # nothing selected
    ("restore", ["comment:{comment}"], "", Conflict),                        # not hidden
    ("dismiss", ["comment:{comment}"], "", Conflict),                        # no open reports
])
def test_bad_bulk_input_changes_nothing(app, people, content, user, rows, action, keys, reason, error):
    keys = [key.format(**content) for key in keys]
    with app.app_context():
        with pytest.raises(error):
            services.moderate(user(people["moderator"]), action, keys, reason=reason)
        assert _state(content["comment"], content["proposal"]) == (False, False)
    assert rows(AuditEntry) == 0


@pytest.mark.parametrize("role", ["citizen", "other_citizen", "unconfirmed"])
def test_citizens_cannot_moderate(app, people, content, user, rows, role):
    with app.app_context():
        with pytest.raises(PermissionDenied):
            services.moderate(user(people[role]), "hide", [f"comment:{content['comment']}"], reason="x")
        assert _state(content["comment"], content["proposal"]) == (False, False)
    assert rows(AuditEntry) == 0


def test_moderators_of_another_process_cannot_act(app, people, content, user, rows):
    with app.app_context():
        other_mod = factories.make_user("mod2@example.org", role="moderator")
        other_process = make_process()
        fm.assign_moderator(other_process, other_mod)
        # the content's process gets its own moderator: now only that one (and admins) moderate it
        fm.assign_moderator(fp.process_by_slug(db.session.get(Proposal, content["proposal"]).process.slug),
                            user(people["moderator"]))
        with pytest.raises(PermissionDenied):
            services.moderate(other_mod, "hide", [f"comment:{content['comment']}"], reason="x")
        # a bulk form mixing allowed and foreign items changes nothing
        foreign = fp.make_proposal(other_process, user(people["citizen"]))
        with pytest.raises(PermissionDenied):
            services.moderate(user(people["moderator"]), "hide",
                              [f"comment:{content['comment']}", f"proposal:{foreign.id}"], reason="x")
        assert _state(content["comment"], content["proposal"]) == (False, False)
    assert rows(AuditEntry) == 0


def test_lock_thread_blocks_replies(app, people, content, user):
    from app.comments.services import add_comment
    from app.core.clock import today

    with app.app_context():
        services.set_thread_lock(user(people["moderator"]), content["comment"], locked=True, reason="Eskaliert")
        proposal = db.session.get(Proposal, content["proposal"])
        with pytest.raises(DomainError):
            add_comment(user(people["reporter1"]), proposal, body="Antwort", parent_id=content["comment"],
                        day=today())
        with pytest.raises(Conflict):
            services.set_thread_lock(user(people["moderator"]), content["comment"], locked=True)
        services.set_thread_lock(user(people["moderator"]), content["comment"], locked=False)
        add_comment(user(people["reporter1"]), proposal, body="Antwort", parent_id=content["comment"], day=today())
        assert db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all() == ["lock", "unlock"]


def test_curate_topic_and_district(app, people, content, user, rows):
    with app.app_context():
        proposal = db.session.get(Proposal, content["proposal"])
        topic, district = proposal.process.topics[1], proposal.process.districts[0]
        services.curate_proposal(user(people["moderator"]), proposal.id, topic_id=topic.id, district_id=district.id,
                                 reason="passt besser")
        assert (proposal.topic_id, proposal.district_id) == (topic.id, district.id)
        with pytest.raises(DomainError):
            services.curate_proposal(user(people["moderator"]), proposal.id, topic_id=999999)
        with pytest.raises(PermissionDenied):
            services.curate_proposal(user(people["citizen"]), proposal.id, topic_id=topic.id)
    assert rows(AuditEntry, AuditEntry.action == "curate") == 1


def test_auto_hidden_comment_can_be_confirmed_which_closes_its_flags(client, login, app, people, content, user,
                                                                    rows):
    """Issue 12 #16: after 3 flags the comment is hidden; a moderator confirms the hide with a reason."""
    with app.app_context():
        for number in (1, 2, 3):
            services.flag_item(user(people[f"reporter{number}"]), "comment", content["comment"], reason="insult")
        assert db.session.get(Comment, content["comment"]).hidden_at is not None
    login(factories.EMAILS["moderator"])
    page = client.get(f"/moderation/comments/{content['comment']}").text
    assert "3 offene Meldungen" in page and "Ausblendung bestätigen" in page
    response = client.post(f"/moderation/comments/{content['comment']}/action",
                           data={"action": "hide", "reason": "Beleidigung"})
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.get(Comment, content["comment"])
        assert comment.hidden_at is not None and comment.hidden_reason == "Beleidigung"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "confirm_hide"))
        assert (entry.actor_id, entry.item_kind, entry.item_id, entry.reason) == (
            people["moderator"], "comment", content["comment"], "Beleidigung")
    assert rows(Flag, Flag.resolved_at.is_(None)) == 0
    assert rows(Flag, Flag.resolution == "hidden") == 3
    assert "Keine offenen Meldungen" in client.get("/moderation/").text


def test_moderation_messages_name_items_by_reference(app, people, content, user):
    """Issue 12 #16: ENG-2026-0001/K12, never comment:12."""
    with app.app_context():
        reference = db.session.get(Proposal, content["proposal"]).reference
        with pytest.raises(Conflict) as refused:
            services.moderate(user(people["moderator"]), "restore", [f"comment:{content['comment']}"])
        message = str(refused.value.message)
        assert f"{reference}/K{content['comment']}" in message and "comment:" not in message
        with pytest.raises(Conflict) as refused:
            services.moderate(user(people["moderator"]), "dismiss", [f"proposal:{content['proposal']}"])
        assert reference in str(refused.value.message) and "proposal:" not in str(refused.value.message)

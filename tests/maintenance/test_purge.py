"""`flask maintenance purge`: with a frozen clock, each rule deletes exactly what is past its period."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.notifications.models import Notification
from app.surveys.models import SurveyAnswer, SurveyResponse
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import process_by_slug
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_response, make_survey

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def aged(app, users, process):
    """Records just past and just within each default period (30/30/180/730 days) before NOW."""
    app.config["FROZEN_NOW"] = NOW
    with app.app_context():
        old, young = NOW - 31 * DAY, NOW - 29 * DAY
        fp.user_by_email(factories.EMAILS["unconfirmed"]).created_at = young  # the role users' one
        ids = {}
        ids["old_unconfirmed"] = factories.make_user("alt@example.org", confirmed=False, created_at=old).id
        ids["young_unconfirmed"] = factories.make_user("jung@example.org", confirmed=False, created_at=young).id
        ids["old_confirmed"] = factories.make_user("treu@example.org", created_at=NOW - 400 * DAY).id
        author = factories.make_user("autorin@example.org", confirmed=False, created_at=old)
        proposal = fp.make_proposal(process_by_slug(process), author)  # authored something: kept
        ids["unconfirmed_author"] = author.id
        survey = make_survey(process_by_slug(process))
        question = add_question(add_section(survey), "short_text", "Stichwort")
        answer = {question.id: Value(text="x")}
        ids["old_draft"] = make_response(survey.id, answer, status="draft", browser_hash="a" * 64,
                                         submitted_at=old).id
        ids["young_draft"] = make_response(survey.id, answer, status="draft", browser_hash="b" * 64,
                                           submitted_at=young).id
        ids["old_complete"] = make_response(survey.id, answer, browser_hash="c" * 64, submitted_at=NOW - 900 * DAY).id
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        ids["old_account_draft"] = make_response(survey.id, answer, status="draft", user=citizen, submitted_at=old).id
        for name, read_at in (("old_read", NOW - 181 * DAY), ("young_read", NOW - 179 * DAY), ("unread", None)):
            note = Notification(user_id=citizen.id, kind="status", proposal_id=proposal.id, status="accepted",
                                read_at=read_at, created_at=NOW - 400 * DAY)
            db.session.add(note)
            db.session.flush()
            ids[name] = note.id
        for name, age in (("old_audit", 731), ("young_audit", 729)):
            entry = AuditEntry(created_at=NOW - age * DAY, actor_id=citizen.id, actor_name="Mona", action="hide",
                               item_kind="proposal", item_id=proposal.id, reason="Beleidigung von Herrn X",
                               details="Details")
            db.session.add(entry)
            db.session.flush()
            ids[name] = entry.id
        db.session.commit()
        return ids


def state(app, ids) -> dict[str, bool]:
    """Which of the aged records are still there (audit entries: still with their reason)."""
    with app.app_context():
        db.session.expire_all()
        present = {}
        for name in ("old_unconfirmed", "young_unconfirmed", "old_confirmed", "unconfirmed_author"):
            present[name] = db.session.get(User, ids[name]) is not None
        for name in ("old_draft", "young_draft", "old_complete", "old_account_draft"):
            present[name] = db.session.get(SurveyResponse, ids[name]) is not None
        for name in ("old_read", "young_read", "unread"):
            present[name] = db.session.get(Notification, ids[name]) is not None
        for name in ("old_audit", "young_audit"):
            entry = db.session.get(AuditEntry, ids[name])
            present[name] = entry.reason is not None or entry.details is not None
        return present


EXPECTED_GONE = {"old_unconfirmed", "old_draft", "old_read", "old_audit"}
EXPECTED_OUTPUT = [
    "unconfirmed_accounts: removed 1 (older than 30 days)",
    "anonymous_survey_drafts: removed 1 (older than 30 days)",
    "read_notifications: removed 1 (older than 180 days)",
    "audit_details: removed 1 (older than 730 days)",
    "total: removed 4",
]


def test_dry_run_counts_and_deletes_nothing(app, runner, aged):
    before = state(app, aged)
    result = runner.invoke(args=["maintenance", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [line.replace("removed", "would remove") for line in EXPECTED_OUTPUT]
    assert state(app, aged) == before
    assert all(before.values())


def test_purge_deletes_exactly_what_the_periods_say(app, runner, aged):
    result = runner.invoke(args=["maintenance", "purge"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == EXPECTED_OUTPUT
    after = state(app, aged)
    assert {name for name, present in after.items() if not present} == EXPECTED_GONE
    with app.app_context():
        # The draft's answers went with it; the old audit entry keeps who/what/when.
        assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)
                                 .where(SurveyAnswer.response_id == aged["old_draft"])) == 0
        entry = db.session.get(AuditEntry, aged["old_audit"])
        assert (entry.action, entry.item_kind, entry.actor_name) == ("hide", "proposal", "Mona")
        run = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "retention_purge"))
        assert run.actor_id is None and "unconfirmed_accounts=1" in run.details
    again = runner.invoke(args=["maintenance", "purge"])
    assert again.output.splitlines()[-1] == "total: removed 0"


def test_the_clock_decides(app, runner, aged):
    app.config["FROZEN_NOW"] = NOW - 2 * DAY  # two days earlier, the "old" records were still within
    result = runner.invoke(args=["maintenance", "purge"])
    assert result.output.splitlines()[-1] == "total: removed 0"
    app.config["FROZEN_NOW"] = NOW + 2 * DAY  # two days later, the "young" ones are past too
    result = runner.invoke(args=["maintenance", "purge"])
    assert result.output.splitlines()[-1] == "total: removed 9"  # the 4 young ones and the role users' unconfirmed
    after = state(app, aged)
    assert {name for name, present in after.items() if present} == {
        "old_confirmed", "unconfirmed_author", "old_complete", "old_account_draft", "unread"}


@pytest.mark.parametrize("app_overrides", [{"RETENTION_UNCONFIRMED_ACCOUNT_DAYS": 0, "RETENTION_SURVEY_DRAFT_DAYS": 10,
                                            "RETENTION_READ_NOTIFICATION_DAYS": 0, "RETENTION_AUDIT_DETAILS_DAYS": 0}])
def test_periods_are_configurable_and_0_switches_a_rule_off(app, runner, aged):
    result = runner.invoke(args=["maintenance", "purge"])
    assert result.output.splitlines() == [
        "unconfirmed_accounts: removed 0 (rule off)",
        "anonymous_survey_drafts: removed 2 (older than 10 days)",
        "read_notifications: removed 0 (rule off)",
        "audit_details: removed 0 (rule off)",
        "total: removed 2",
    ]

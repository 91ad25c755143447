"""Delete my account: confirmation, what goes and what stays, and that the name is gone everywhere while every
count stays the same (pages, open data, XLSX, votes.csv, the council report, the audit log)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import DELETED_NAME, User
from app.comments.models import Comment
from app.extensions import db
from app.notifications.models import Follow, Notification
from app.proposals.models import Proposal, Vote
from app.surveys.models import SurveyResponse
from tests.account.support import counts, everything_public_and_exported
from tests.auth import factories
from tests.proposals import factories as fp

NAME = "Clara Citizen"
EMAIL = factories.EMAILS["citizen"]
CONFIRMED = {"contributions": "keep", "current_password": factories.PASSWORD, "confirm": "y"}


def citizen_row(app, user_id: int) -> User:
    with app.app_context():
        row = db.session.get(User, user_id)
        db.session.expunge_all()
        return row


def test_the_page_documents_the_policy(citizen_client):
    page = citizen_client.get("/account/delete").get_data(as_text=True)
    assert "gelöschtes Konto" in page and "Stimmen" in page and 'type="checkbox"' in page


@pytest.mark.parametrize("form", [
    {**CONFIRMED, "current_password": "falsch-falsch-1"},
    {**CONFIRMED, "confirm": ""},
    {**CONFIRMED, "current_password": ""},
    {**CONFIRMED, "contributions": "verschenken"},
])
def test_without_password_and_checkbox_nothing_is_deleted(app, citizen_client, data, form):
    before = counts(app)
    response = citizen_client.post("/account/delete", data=form)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    row = citizen_row(app, data["users"]["citizen"])
    assert (row.email, row.display_name, row.deleted_at) == (EMAIL, NAME, None)
    assert counts(app) == before
    assert citizen_client.get("/auth/account").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_deletion_erases_the_person_and_keeps_every_count(app, citizen_client, data, tmp_path):
    app.config["FROZEN_NOW"] = None
    with app.app_context():  # the person did something the audit log names them for
        from app.audit.services import record

        record(fp.user_by_email(EMAIL), "data_export", item_kind="user", item_id=data["users"]["citizen"])
        db.session.commit()
    before_texts = everything_public_and_exported(app, data, tmp_path)
    assert NAME in before_texts["proposal page"] and NAME in before_texts["audit csv"]
    before = counts(app)
    response = citizen_client.post("/account/delete", data=CONFIRMED)
    assert response.status_code == 302
    assert citizen_client.get("/auth/account").status_code == 302  # logged out
    assert counts(app) == before
    user_id = data["users"]["citizen"]
    row = citizen_row(app, user_id)
    assert row.deleted_at is not None and row.display_name == DELETED_NAME
    assert EMAIL not in row.email and row.locale is None and row.last_login_at is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow).where(Follow.user_id == user_id)) == 0
        assert db.session.scalar(select(func.count()).select_from(Notification)
                                 .where(Notification.user_id == user_id)) == 0
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)
                                 .where(SurveyResponse.user_id == user_id)) == 1  # kept with the anonymised account
        assert db.session.scalar(select(func.count()).select_from(Vote).where(Vote.user_id == user_id)) == 1
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account_delete"))
        assert (entry.actor_id, entry.actor_name, entry.details) == (user_id, DELETED_NAME, "contributions=keep")
    after_texts = everything_public_and_exported(app, data, tmp_path)
    for place, text in after_texts.items():
        assert NAME not in text, place
        assert EMAIL not in text, place
    assert DELETED_NAME in after_texts["proposal page"]
    # Exports and the report do not change at all: same rows, same pseudonyms, same figures.
    for place in ("votes.csv", "xlsx", "open data proposals.json", "open data comments.json",
                  "open data survey-results.json"):
        assert after_texts[place] == before_texts[place], place
    assert _without_dates(after_texts["report"]) == _without_dates(before_texts["report"])


def _without_dates(text: str) -> str:
    import re

    return re.sub(r"\d{1,2}\. \w+ \d{4}|\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}", "DATE", text)


def test_a_deleted_account_cannot_log_in_or_reset(app, client, citizen_client, data, outbox):
    citizen_client.post("/account/delete", data=CONFIRMED)
    fresh = app.test_client()
    assert fresh.post("/auth/login", data={"email": EMAIL, "password": factories.PASSWORD}).status_code == 200
    fresh.post("/auth/reset", data={"email": EMAIL})
    assert outbox == []


def test_the_address_and_name_are_free_again(app, citizen_client, data, outbox):
    citizen_client.post("/account/delete", data=CONFIRMED)
    fresh = app.test_client()
    response = fresh.post("/auth/register", data={"email": EMAIL, "display_name": NAME, "password": "Foerde-Blick-42",
                                                  "password_confirm": "Foerde-Blick-42", "accept_privacy": "y"})
    assert response.status_code == 200 and "Fast geschafft" in response.get_data(as_text=True)


def test_nobody_can_call_themselves_deleted_account(client, users):
    response = client.post("/auth/register", data={
        "email": "neu@example.org", "display_name": "Gelöschtes Konto", "password": "Foerde-Blick-42",
        "password_confirm": "Foerde-Blick-42", "accept_privacy": "y"})
    assert "schon vergeben" in response.get_data(as_text=True)


def test_two_deleted_accounts_can_coexist(app, client, citizen_client, data):
    citizen_client.post("/account/delete", data=CONFIRMED)
    other = app.test_client()
    other.post("/auth/login", data={"email": factories.EMAILS["other_citizen"], "password": factories.PASSWORD})
    assert other.post("/account/delete", data=CONFIRMED).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == DELETED_NAME)) == 2


def test_removing_contributions_where_the_process_allows(app, citizen_client, data):
    with app.app_context():
        citizen = fp.user_by_email(EMAIL)
        p1 = db.session.get(Proposal, data["proposals"]["p1"][0])
        untouched = fp.make_proposal(p1.process, citizen, title="Noch ohne Echo").id
        votes_before = db.session.scalar(select(func.count()).select_from(Vote))
        comment_count = p1.comment_count
    response = citizen_client.post("/account/delete", data={**CONFIRMED, "contributions": "remove"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, untouched) is None  # nobody else engaged: gone
        p1 = db.session.get(Proposal, data["proposals"]["p1"][0])
        assert p1 is not None and p1.agree_count == 2  # others voted on it: stays, anonymised
        reply = db.session.get(Comment, data["comments"]["c2"])
        assert reply.body == "" and reply.deleted_at is not None  # the usual placeholder, thread intact
        assert p1.comment_count == comment_count - 1
        assert db.session.scalar(select(func.count()).select_from(Vote)) == votes_before
    page = app.test_client().get(f"/proposals/{data['proposals']['p1'][0]}").get_data(as_text=True)
    assert "-Danke, sehr gern." not in page and NAME not in page


def test_the_last_admin_cannot_delete_the_account(app, client, auth, users):
    auth.login_as("admin")
    response = client.post("/account/delete", data=CONFIRMED)
    assert "letzte Admin-Konto" in response.get_data(as_text=True)
    with app.app_context():
        assert fp.user_by_email(factories.EMAILS["admin"]).deleted_at is None

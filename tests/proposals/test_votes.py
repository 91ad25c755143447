"""Votes: one per person and proposal, changeable and withdrawable, counts always right."""
from __future__ import annotations

import threading
from datetime import UTC

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.core.clock import now, today
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.extensions import db
from app.proposals.models import Proposal, Vote
from app.proposals.services import cast_vote
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp


def counts(app, proposal_id) -> tuple[int, int, int]:
    with app.app_context():
        row = db.session.get(Proposal, proposal_id)
        return row.agree_count, row.disagree_count, row.pass_count


def stored_counts(app, proposal_id) -> tuple[int, int, int]:
    """The counts computed from the vote rows themselves."""
    with app.app_context():
        rows = dict(db.session.execute(select(Vote.value, func.count()).where(Vote.proposal_id == proposal_id)
                                       .group_by(Vote.value)).all())
        return rows.get(1, 0), rows.get(-1, 0), rows.get(0, 0)


def test_vote_change_and_withdraw(app, client, citizen_login, proposal, db_rows):
    citizen_login("other_citizen")
    url = f"/proposals/{proposal}/vote"
    assert client.post(url, data={"value": "agree"}).status_code == 302
    assert counts(app, proposal) == (1, 0, 0)
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert 'value="agree" class="vote-button vote-agree" aria-pressed="true"' in page
    client.post(url, data={"value": "disagree"})
    assert counts(app, proposal) == (0, 1, 0) and db_rows(Vote) == 1
    client.post(url, data={"value": "pass"})
    assert counts(app, proposal) == (0, 0, 1) and db_rows(Vote) == 1
    client.post(url, data={"value": "withdraw"})
    assert counts(app, proposal) == (0, 0, 0) and db_rows(Vote) == 0
    client.post(url, data={"value": "withdraw"})  # withdrawing twice is harmless
    assert counts(app, proposal) == (0, 0, 0)


def test_double_submit_counts_once(app, client, citizen_login, proposal, db_rows):
    citizen_login("other_citizen")
    for _ in range(3):
        assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 302
    assert counts(app, proposal) == (1, 0, 0) and db_rows(Vote) == 1


def test_vote_redirects_back_to_a_safe_next_url(client, citizen_login, proposal, process):
    citizen_login("other_citizen")
    response = client.post(f"/proposals/{proposal}/vote",
                           data={"value": "agree", "next": f"/processes/{process}/proposals/"})
    assert response.headers["Location"].endswith(f"/processes/{process}/proposals/")
    response = client.post(f"/proposals/{proposal}/vote", data={"value": "agree", "next": "https://evil.example/"})
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize("value", ["", "maybe", "AGREE", "1", "agree ", "<script>"])
def test_unknown_vote_values_are_refused(app, client, citizen_login, proposal, db_rows, value):
    citizen_login("other_citizen")
    response = client.post(f"/proposals/{proposal}/vote", data={"value": value})
    assert response.status_code == 400
    assert "Bitte wählen Sie „Zustimmen“, „Ablehnen“ oder „Enthalten“." in response.get_data(as_text=True)
    assert db_rows(Vote) == 0


def test_missing_value_is_refused(client, citizen_login, proposal, db_rows):
    citizen_login("other_citizen")
    assert client.post(f"/proposals/{proposal}/vote").status_code == 400
    assert db_rows(Vote) == 0


@pytest.mark.parametrize("current", ["information", "evaluation", "results"])
def test_voting_is_closed_outside_the_participation_phase(app, client, citizen_login, users, db_rows, current):
    with app.app_context():
        proposal_id = fp.make_proposal(make_process(current=current)).id
    citizen_login()
    response = client.post(f"/proposals/{proposal_id}/vote", data={"value": "agree"})
    assert response.status_code == 403
    assert "nur während der Beteiligungsphase" in response.get_data(as_text=True)
    assert db_rows(Vote) == 0
    assert "Wie stehen Sie zu diesem Vorschlag?" not in client.get(f"/proposals/{proposal_id}").get_data(as_text=True)


def test_phase_ending_closes_voting(app, client, citizen_login, proposal, db_rows):
    """With the clock moved past the end of the participation phase, the same request is refused."""
    from datetime import datetime, timedelta

    citizen_login("other_citizen")
    app.config["FROZEN_NOW"] = datetime.now(UTC) + timedelta(days=30)
    assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 403
    app.config["FROZEN_NOW"] = None
    assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 302
    assert db_rows(Vote) == 1


def test_unconfirmed_and_anonymous_cannot_vote(client, citizen_login, proposal, db_rows):
    response = client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    citizen_login("unconfirmed")
    assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 403
    assert db_rows(Vote) == 0


def test_hidden_proposal_cannot_be_voted_on(app, client, citizen_login, proposal, db_rows):
    with app.app_context():
        db.session.get(Proposal, proposal).hidden_at = now()
        db.session.commit()
    citizen_login("other_citizen")
    assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 404
    citizen_login("moderator")  # moderators see it, but it stays closed
    response = client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    assert response.status_code == 403
    assert db_rows(Vote) == 0


def test_vote_on_unknown_proposal_is_404(client, citizen_login, users):
    citizen_login()
    assert client.post("/proposals/424242/vote", data={"value": "agree"}).status_code == 404


def test_database_enforces_one_vote_per_person(app, proposal):
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        user = fp.user_by_email(factories.EMAILS["other_citizen"])
        db.session.add(Vote(user_id=user.id, proposal_id=proposal, value=1))
        db.session.commit()
        db.session.add(Vote(user_id=user.id, proposal_id=proposal, value=-1))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_service_refuses_closed_and_bad_values(app, proposal):
    with app.app_context():
        user = fp.user_by_email(factories.EMAILS["other_citizen"])
        row = db.session.get(Proposal, proposal)
        with pytest.raises(DomainError):
            cast_vote(user, row, "sure", today())
        row.withdrawn_at = now()
        with pytest.raises(PermissionDenied):
            cast_vote(user, row, "agree", today())


def _run_threads(app, jobs) -> list:
    """Run `jobs` (callables taking no argument, each in its own app context) at the same moment."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        with app.app_context():
            try:
                barrier.wait()
                job()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_concurrent_double_submits_of_one_person_keep_one_vote_and_right_counts(app, proposal):
    with app.app_context():
        user_id = fp.user_by_email(factories.EMAILS["other_citizen"]).id
        row = db.session.get(Proposal, proposal)
        for index in range(9):  # votes of others, so that a lost update would not go below zero unnoticed
            fp.make_vote(row, factories.make_user(), ["agree", "disagree", "pass"][index % 3])
    values = ["agree", "disagree", "pass", "agree", "withdraw", "disagree", "agree", "pass"] * 2

    def job(value):
        def run():
            user = db.session.get(User, user_id)
            cast_vote(user, db.session.get(Proposal, proposal), value, today())
        return run

    for _round in range(5):
        errors = _run_threads(app, [job(value) for value in values])
        # Under extreme contention a request may give up with "please try again" (409); nothing else.
        assert all(isinstance(error, Conflict) for error in errors), errors
        assert counts(app, proposal) == stored_counts(app, proposal)
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Vote).where(
                Vote.proposal_id == proposal, Vote.user_id == user_id)) <= 1


def test_concurrent_votes_of_many_people_are_all_counted(app, proposal):
    with app.app_context():
        user_ids = [factories.make_user().id for _ in range(12)]

    def job(user_id, value):
        def run():
            cast_vote(db.session.get(User, user_id), db.session.get(Proposal, proposal), value, today())
        return run

    values = ["agree", "disagree", "pass"]
    errors = _run_threads(app, [job(user_id, values[index % 3]) for index, user_id in enumerate(user_ids)])
    assert errors == []
    assert counts(app, proposal) == stored_counts(app, proposal) == (4, 4, 4)


def test_engagement_is_recorded_for_other_peoples_votes_only(app, client, citizen_login, proposal):
    citizen_login()
    client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    with app.app_context():
        assert db.session.get(Proposal, proposal).engaged_at is None
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/vote", data={"value": "pass"})
    with app.app_context():
        assert db.session.get(Proposal, proposal).engaged_at is not None


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_VOTE": "3 per minute"}])
def test_voting_is_rate_limited(client, citizen_login, proposal):
    citizen_login("other_citizen")
    statuses = [client.post(f"/proposals/{proposal}/vote", data={"value": value}).status_code
                for value in ("agree", "disagree", "pass", "agree")]
    assert statuses == [302, 302, 302, 429]

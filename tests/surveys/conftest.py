"""Survey fixtures: a published process in its participation phase with a four-section
conditional survey (anonymous or for accounts), and helpers to walk through it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.processes.models import Process
from app.surveys.models import SurveyAnswer, SurveyResponse
from tests.auth import factories
from tests.surveys.factories import make_conditional_survey


@pytest.fixture
def anon_survey(app, process):
    """Ids of an open anonymous conditional survey (see tests/surveys/factories.py: make_conditional_survey)."""
    with app.app_context():
        process_row = db.session.scalar(select(Process).where(Process.slug == process))
        ids = make_conditional_survey(process_row, audience="anonymous")
    ids["url"] = f"/processes/{process}/surveys/{ids['survey']}"
    return ids


@pytest.fixture
def account_survey(app, process, users):
    """Ids of an open account survey with demographics."""
    with app.app_context():
        process_row = db.session.scalar(select(Process).where(Process.slug == process))
        ids = make_conditional_survey(process_row, audience="accounts", ask_demographics=True)
    ids["url"] = f"/processes/{process}/surveys/{ids['survey']}"
    return ids


def stored(app) -> tuple[int, int]:
    """(responses, answers) in the database."""
    with app.app_context():
        return (db.session.scalar(select(func.count(SurveyResponse.id))),
                db.session.scalar(select(func.count(SurveyAnswer.id))))


def section_key(ids: dict, number: int) -> str:
    """The step key of section `number` (1-based)."""
    return f"s{ids['sections'][number - 1]}"


def post_step(client, ids: dict, number: int | str, data: dict, action: str = "next"):
    step = number if isinstance(number, str) else section_key(ids, number)
    return client.post(ids["url"], data={"step": step, "action": action, **data})


def opinion_answers(ids: dict) -> dict:
    """Valid answers for section 4 ("Ihre Meinung")."""
    q = lambda name: f"q{ids[name]}"  # noqa: E731
    return {q("likert"): "4", q("scale"): "8", f"{q('ranking')}-c1": "2", f"{q('ranking')}-c2": "3",
            f"{q('ranking')}-c3": "1", f"{q('matrix')}-r1": "c1", f"{q('matrix')}-r2": "c3",
            q("date"): "2019-05-01", q("idea"): "Mehr offene Räume im Stadtteil", q("short"): "Räume"}


def walk_engaged(client, ids: dict, final_action: str = "submit", extra: dict | None = None):
    """Answer as a volunteer: sections 1, 2 and 4 (3 is hidden); returns the last response."""
    assert post_step(client, ids, 1, {f"q{ids['engaged']}": "c1"}).status_code == 302
    assert post_step(client, ids, 2, {f"q{ids['fields']}": ["c1", "c3"], f"q{ids['hours']}": "12,5"}).status_code == 302
    return post_step(client, ids, 4, {**opinion_answers(ids), **(extra or {})}, action=final_action)


@pytest.fixture
def login(client):
    def log_in(role: str = "citizen"):
        response = client.post("/auth/login", data={"email": factories.EMAILS[role], "password": factories.PASSWORD})
        assert response.status_code == 302
    return log_in

"""Fixtures for moderation: a proposal by the citizen with a comment, and people to report them."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from tests.auth import factories
from tests.proposals import factories as fp


@pytest.fixture
def people(app, users):
    """name → user id for the role users plus three extra citizens (reporters)."""
    with app.app_context():
        ids = {name: fp.user_by_email(email).id for name, email in factories.EMAILS.items()}
        for number in range(1, 4):
            ids[f"reporter{number}"] = factories.make_user(f"reporter{number}@example.org").id
        return ids


@pytest.fixture
def content(app, people, process):
    """A proposal by the citizen with a comment by the other citizen; returns ids."""
    with app.app_context():
        proc = fp.process_by_slug(process)
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        other = fp.user_by_email(factories.EMAILS["other_citizen"])
        proposal = fp.make_proposal(proc, citizen, title="Mehr Bänke am Kiellinie-Ufer")
        comment = fp.make_comment(proposal, other, body="Ein unfreundlicher Kommentar.")
        return {"proposal": proposal.id, "comment": comment.id, "process": proc.id}


@pytest.fixture
def user(app):
    """Load a user by id inside the app context: `user(people["moderator"])`."""
    from app.auth.models import User

    return lambda user_id: db.session.get(User, user_id)


@pytest.fixture
def rows(app):
    """Count rows of a model: `rows(Flag)`."""

    def count(model, *conditions) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

    return count


@pytest.fixture
def login(client):
    """Log the test client in by email."""

    def do(email: str):
        client.post("/auth/logout")
        response = client.post("/auth/login", data={"email": email, "password": factories.PASSWORD})
        assert response.status_code == 302, response.status_code
        return client

    return do

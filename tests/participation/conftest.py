"""Fixtures for proposals, votes, comments and notifications."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from tests import factories, querycount
from tests import factories_participation as fp


@pytest.fixture
def citizen_login(client, users):
    """Log the test client in as one of the role users: `citizen_login("other_citizen")`."""

    def login(name: str = "citizen"):
        client.post("/auth/logout")
        response = client.post("/auth/login", data={"email": factories.EMAILS[name], "password": factories.PASSWORD})
        assert response.status_code == 302
        return client

    return login


@pytest.fixture
def proposal(app, users, process) -> int:
    """A proposal by the citizen in the participation-phase process; returns its id."""
    with app.app_context():
        author = fp.user_by_email(factories.EMAILS["citizen"])
        return fp.make_proposal(fp.process_by_slug(process), author, title="Ehrenamtskarte für Kiel",
                                body="Eine **Karte** mit Vergünstigungen für Engagierte.").id


@pytest.fixture
def db_rows(app):
    """Count rows of a model: `db_rows(Proposal)`."""

    def count(model, *conditions) -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

    return count


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: …` counts the SQL statements sent to the database."""
    return querycount.count_queries


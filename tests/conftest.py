"""Fixtures in the style of the Flask tutorial: app → client → auth, plus the shared data fixtures.

The schema is created once per session; every test starts from empty tables. The suite
runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL names one.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, text

from app import create_app
from app.extensions import db
from config import TestConfig, normalise_database_url
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp

PASSWORD = factories.PASSWORD


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     INSTANCE_DIR=str(tmp_path_factory.mktemp("instance")))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # Start from an empty schema: leftovers of other branches may reference our tables.
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield


def clean_database() -> None:
    """Empty every table (faster than recreating the schema, and the same on both databases)."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.execute(
                text("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " RESTART IDENTITY CASCADE")
            )
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def app_overrides() -> dict:
    """Config overrides for the `app` fixture; override this fixture in a test module or conftest."""
    return {}


@pytest.fixture
def app(database_url, _schema, tmp_path, app_overrides):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **app_overrides)
    app.instance_path = str(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        clean_database()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    """Mails sent during the test (memory backend)."""
    return app.extensions.setdefault("mail_outbox", [])


@pytest.fixture
def users(app):
    """One account per role plus an unconfirmed citizen; returns {name: email}."""
    with app.app_context():
        return factories.make_role_users()


@pytest.fixture
def process(app):
    """A published process in its participation phase, with topics and districts; returns its slug."""
    with app.app_context():
        return make_process().slug


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str = factories.EMAILS["citizen"], password: str = PASSWORD, remember: bool = False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/auth/login", data=data)

    def login_as(self, role: str):
        return self.login(factories.EMAILS[role])

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


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
def count_queries():
    """`with count_queries() as counter: …; counter.count` — see tests/querycount.py."""
    from tests.querycount import count_queries as counter

    return counter

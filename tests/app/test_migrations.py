"""`flask db upgrade` on an empty database yields exactly the models (no drift), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from config import TestConfig


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A fresh, empty database of the same kind as the suite's database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    scratch = f"{url.database}_migrations"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_are_linear():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads, make them linear: {heads}"


# The unique index on lower(display_name) is an expression index, which autogenerate cannot compare on SQLite.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_upgrade_on_empty_database_matches_models_and_downgrades(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade", "heads"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection,
                                                 opts={"compare_type": True, "compare_server_default": False})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables

    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_unique_display_names_migration_renames_existing_duplicates(empty_database_url):
    """Issue 12 #24: databases with duplicate names (ignoring case) upgrade; the oldest account keeps its name."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0005_reporting"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            for number, name in enumerate(["Ole K.", "ole k.", "OLE K.", "Maren"], start=1):
                connection.execute(text(
                    "INSERT INTO users (email, display_name, password_hash, role, email_notifications, "
                    "session_token, created_at) VALUES (:email, :name, 'x', 'citizen', false, "
                    ":token, CURRENT_TIMESTAMP)"),
                    {"email": f"u{number}@example.org", "name": name, "token": f"{number:032d}"})
    result = runner.invoke(args=["db", "upgrade", "heads"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        with db.engine.connect() as connection:
            names = connection.execute(text("SELECT display_name FROM users ORDER BY id")).scalars().all()
        db.engine.dispose()
    assert names == ["Ole K.", "ole k. (2)", "OLE K. (3)", "Maren"]

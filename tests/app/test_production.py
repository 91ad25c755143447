"""ProductionConfig refuses memory-only rate limits with several workers; /ready reports the database and Redis."""
from __future__ import annotations

import socket

import pytest

from app import create_app
from config import ProductionConfig, TestConfig, configured_workers

PRODUCTION = {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"}


@pytest.mark.parametrize(("environ", "workers"), [
    ({}, 1),
    ({"WEB_CONCURRENCY": "3"}, 3),
    ({"WEB_CONCURRENCY": "zwei"}, 1),
    ({"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 --workers 4"}, 4),
    ({"GUNICORN_CMD_ARGS": "--workers=2"}, 2),
    ({"GUNICORN_CMD_ARGS": "-w 5", "WEB_CONCURRENCY": "2"}, 5),
])
def test_configured_workers(environ, workers):
    assert configured_workers(environ) == workers


def test_production_refuses_memory_rate_limits_with_several_workers(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    with pytest.raises(RuntimeError, match="rate limits are kept in memory"):
        create_app(ProductionConfig, REDIS_URL=None, **PRODUCTION)
    with pytest.raises(RuntimeError, match="2 worker processes"):
        create_app(ProductionConfig, REDIS_URL=None, RATELIMIT_STORAGE_URI="memory://", **PRODUCTION)
    # Shared storage, a single worker, or no rate limits at all: starts.
    assert create_app(ProductionConfig, REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION)
    assert create_app(ProductionConfig, REDIS_URL=None, RATELIMIT_ENABLED=False, **PRODUCTION)
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    assert create_app(ProductionConfig, REDIS_URL=None, **PRODUCTION)


def test_development_and_tests_are_not_guarded(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_ready_when_the_database_answers(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_is_503_when_the_database_is_down(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    response = app.test_client().get("/ready")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert app.test_client().get("/health").status_code == 200  # liveness does not touch the database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("app_overrides", [{"REDIS_URL": f"redis://127.0.0.1:{_free_port()}/0",
                                             "RATELIMIT_STORAGE_URI": "memory://"}])
def test_ready_is_503_when_redis_is_down(client):
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "redis": "unavailable"}

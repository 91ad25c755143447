"""Rate limits live in memory by default and in Redis when REDIS_URL is set (several instances)."""
from __future__ import annotations

import socket
import uuid

import pytest

from app.extensions import limiter


def redis_available(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def test_memory_storage_by_default():
    from app import create_app
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.fixture
def app_overrides():
    # A fresh key prefix per run keeps counters from earlier runs out of the way.
    return {"REDIS_URL": "redis://127.0.0.1:6379/15", "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379 (CI and the dev machines have one)")
def test_redis_storage_is_shared_between_instances(app, users):
    from app import create_app
    from config import TestConfig

    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    data = {"email": "x@example.org", "password": "falsch-falsch"}
    first = [app.test_client().post("/auth/login", data=data).status_code for _ in range(6)]
    # A second instance starts with fresh in-process state; only Redis remembers the first six attempts.
    second = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        REDIS_URL=app.config["REDIS_URL"], RATELIMIT_KEY_PREFIX=app.config["RATELIMIT_KEY_PREFIX"])
    later = [second.test_client().post("/auth/login", data=data).status_code for _ in range(5)]
    assert first + later == [200] * 10 + [429]
    limiter.reset()

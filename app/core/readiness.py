"""What `/ready` checks: the database answers, and Redis when `REDIS_URL` is configured."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

TIMEOUT_SECONDS = 2


def database_ready() -> bool:
    """Whether `SELECT 1` succeeds on the configured database."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except (SQLAlchemyError, OSError):
        current_app.logger.warning("Readiness: database unreachable", exc_info=True)
        return False


def redis_ready(url: str) -> bool:
    """Whether Redis at `url` answers PING within the timeout."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        client = Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (RedisError, OSError):
        current_app.logger.warning("Readiness: Redis unreachable", exc_info=True)
        return False


def readiness_checks() -> dict[str, str]:
    """`{"database": "ok"|"unavailable", ["redis": …]}`."""
    checks = {"database": "ok" if database_ready() else "unavailable"}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = "ok" if redis_ready(current_app.config["REDIS_URL"]) else "unavailable"
    return checks

"""The current date and time, in one place so tests can move it."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now() -> datetime:
    """Timezone-aware current time (UTC); tests may set `app.config['FROZEN_NOW']`."""
    frozen = current_app.config.get("FROZEN_NOW")
    if frozen is not None:
        return frozen
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the platform's local timezone (phases are local dates)."""
    tz = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return now().astimezone(tz).date()


def as_utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite returns naive datetimes; they are UTC)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value

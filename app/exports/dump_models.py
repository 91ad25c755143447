"""The open-data ZIP of a process: one row per process describing its current file and its latest build.

The file itself lives under the instance folder (`dumps.dump_path`); the row says which data it was
built from (`fingerprint`), when, how big it is and its checksum (the ETag), and how the latest
build went. A failed build keeps the previous file (if any) in place.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import as_utc
from app.core.models import utcnow
from app.extensions import db

# A queued or running build without a heartbeat for this long was interrupted (server restart, killed worker).
STALE_AFTER = timedelta(minutes=15)


class DumpStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


ACTIVE_STATUSES = (DumpStatus.QUEUED.value, DumpStatus.RUNNING.value)


class OpenDataDump(db.Model):
    """The open-data ZIP of one process (file facts) and the state of its latest build."""

    __tablename__ = "opendata_dumps"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False,
                                            unique=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=DumpStatus.QUEUED.value)
    # the file on disk: which data it holds, when it was made, its size and SHA-256 (None: no file yet)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    generated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # fingerprint last compared
    # the latest build
    base_url: Mapped[str | None] = mapped_column(String(500))  # where the proposal addresses point
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)  # in a row
    error: Mapped[str | None] = mapped_column(Text)  # technical one-liner for the log; never shown

    @property
    def has_file(self) -> bool:
        """A finished build has produced a file (it may be older than the latest, failed build)."""
        return self.generated_at is not None

    def is_stale(self, moment: datetime) -> bool:
        """Queued or running, but without a sign of life for longer than STALE_AFTER."""
        return self.status in ACTIVE_STATUSES and as_utc(self.heartbeat_at) < moment - STALE_AFTER

    def shown_status(self, moment: datetime) -> str:
        """The status to show: a stale build counts as failed."""
        return DumpStatus.FAILED.value if self.is_stale(moment) else self.status

    def __repr__(self) -> str:
        return f"<OpenDataDump process={self.process_id} {self.status}>"

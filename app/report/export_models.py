"""Report export jobs: one job renders the requested formats of a process's report in the background.

The files live in a directory per job (`exports.job_directory`); the row says which formats were
asked for, how far the job is and which files it produced. Old jobs and their files are removed
(`exports.clean_up`), so a process keeps only its latest few exports.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.clock import as_utc
from app.core.models import utcnow
from app.extensions import db

# A queued or running job without a heartbeat for this long was interrupted (server restart).
STALE_AFTER = timedelta(minutes=15)


class ExportStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


ACTIVE_STATUSES = (ExportStatus.QUEUED.value, ExportStatus.RUNNING.value)


class ReportExport(db.Model):
    """One background export of a report: formats, status, progress and the files it made.

    `files` is a list of `{"format": str, "name": str, "size": int}` in the order they were written;
    `base_url` is where the OParl objects are served (taken from the request that started the job).
    """

    __tablename__ = "report_exports"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name="status_valid"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        Index("ix_report_exports_process_created", "process_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    formats: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=ExportStatus.QUEUED.value)
    progress: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    stage: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    base_url: Mapped[str | None] = mapped_column(String(500))
    files: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)  # technical one-liner for the log; never shown

    started_by: Mapped[User | None] = relationship()

    def is_stale(self, moment: datetime) -> bool:
        """Queued or running, but without a sign of life for longer than STALE_AFTER."""
        return self.status in ACTIVE_STATUSES and as_utc(self.heartbeat_at) < moment - STALE_AFTER

    def shown_status(self, moment: datetime) -> str:
        """The status to show: a stale job counts as failed."""
        return ExportStatus.FAILED.value if self.is_stale(moment) else self.status

    def file(self, name: str) -> dict | None:
        """The entry of the produced file called `name`, or None."""
        return next((entry for entry in self.files if entry.get("name") == name), None)

    def __repr__(self) -> str:
        return f"<ReportExport {self.id} process={self.process_id} {self.status}>"

"""Flags (participants' reports) on proposals and comments, and process-moderator assignments."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db
from app.processes.models import Process


class Reason(str, enum.Enum):
    SPAM = "spam"
    INSULT = "insult"          # insulting or hateful
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    ILLEGAL = "illegal"
    OTHER = "other"


REASON_VALUES = tuple(reason.value for reason in Reason)


class Flag(db.Model):
    """A flag: one person's report of one proposal or one comment (exactly one of the two is set; table `reports`).

    `resolved_at` is set when a moderator hides, restores or dismisses; open reports have none.
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("reporter_id", "proposal_id"),
        UniqueConstraint("reporter_id", "comment_id"),
        CheckConstraint("(proposal_id IS NULL) <> (comment_id IS NULL)", name="one_item"),
        CheckConstraint("reason IN ('spam', 'insult', 'off_topic', 'personal_data', 'illegal', 'other')",
                        name="reason_valid"),
        Index("ix_reports_open", "resolved_at", "process_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(String(20))

    reporter: Mapped[User] = relationship()

    @property
    def kind(self) -> str:
        return "proposal" if self.proposal_id is not None else "comment"


class ProcessModerator(db.Model):
    """Assigns a moderator to a process. A process without assignments is moderated by all moderators."""

    __tablename__ = "process_moderators"
    __table_args__ = (UniqueConstraint("process_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)


Process.moderator_assignments = relationship(ProcessModerator, lazy="select", viewonly=True)

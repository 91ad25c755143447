"""Who follows which proposal, and the in-app notifications they receive."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.comments.models import Comment
from app.core.models import TimestampMixin
from app.extensions import db
from app.proposals.models import Proposal


class Kind(str, enum.Enum):
    REPLY = "reply"    # someone replied to your comment
    STATUS = "status"  # the status of a followed proposal changed
    ANSWER = "answer"  # a followed proposal received an official answer
    HIDDEN = "hidden"  # the moderation hid your proposal or comment
    MERGED = "merged"  # a followed proposal was merged into another one
    REPORT = "report"  # (moderators) a new report arrived


class Follow(TimestampMixin, db.Model):
    """`user` wants to hear about status changes and official answers on `proposal`."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False,
                                             index=True)


class Notification(TimestampMixin, db.Model):
    """An in-app message; its text is built from `kind` when shown, in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint("kind IN ('reply', 'status', 'answer', 'hidden', 'merged', 'report')", name="kind_valid"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False,
                                             index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    status: Mapped[str | None] = mapped_column(String(20))  # the new status, for kind "status"
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    proposal: Mapped[Proposal] = relationship()
    comment: Mapped[Comment | None] = relationship()

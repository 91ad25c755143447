"""Threaded comments on proposals (three levels) and the up/down votes on them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import TimestampMixin, utcnow
from app.extensions import db

MAX_DEPTH = 2  # depth 0 = comment on the proposal, 1 = reply, 2 = reply to a reply (three levels)


def comment_reference(proposal_reference: str, comment_id: int) -> str:
    """The citable reference of a comment: its proposal's reference, ``/K`` and its number (ENG-2026-0042/K123)."""
    return f"{proposal_reference}/K{comment_id}"


class Alignment(str, enum.Enum):
    PRO = "pro"
    CONTRA = "contra"
    NEUTRAL = "neutral"


ALIGNMENT_VALUES = tuple(alignment.value for alignment in Alignment)


class Comment(TimestampMixin, db.Model):
    """A comment; replies point to their parent and to the top-level comment of their thread (`root_id`).

    Deleting keeps the row as a placeholder (`deleted_at`, empty body) so that the thread stays intact.
    """

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("alignment IN ('pro', 'contra', 'neutral')", name="alignment_valid"),
        CheckConstraint("depth >= 0 AND depth <= 2", name="depth_valid"),
        CheckConstraint("up_count >= 0 AND down_count >= 0", name="counts_positive"),
        Index("ix_comments_proposal_parent", "proposal_id", "parent_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    root_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    depth: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    alignment: Mapped[str] = mapped_column(String(10), nullable=False, default=Alignment.NEUTRAL.value)
    up_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    down_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(Text)  # shown in the placeholder
    # Set on the top-level comment of a thread: no new replies in it (moderation).
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    author: Mapped[User] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side="Comment.id", foreign_keys=[parent_id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def thread_locked(self) -> bool:
        """The moderation locked this comment's thread (the lock sits on the top-level comment)."""
        if self.root_id is None:
            return self.locked_at is not None
        from app.extensions import db

        root = db.session.get(Comment, self.root_id)  # usually already loaded with the page (identity map)
        return root is not None and root.locked_at is not None

    def __repr__(self) -> str:
        return f"<Comment {self.id} on proposal {self.proposal_id}>"


class CommentVote(db.Model):
    """One person's up (+1) or down (-1) vote on a comment."""

    __tablename__ = "comment_votes"
    __table_args__ = (
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("value IN (-1, 1)", name="value_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), nullable=False, index=True)
    value: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

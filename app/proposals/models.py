"""Proposals and the votes on them (the participant × proposal matrix the analysis reads)."""
from __future__ import annotations

import enum
import re
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
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import TimestampMixin, utcnow
from app.extensions import db
from app.processes.models import District, Process, Topic


class Status(str, enum.Enum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    MERGED = "merged"


STATUS_VALUES = tuple(status.value for status in Status)


class VoteValue(int, enum.Enum):
    """Stored as Pol.is does: +1 agree, -1 disagree, 0 pass."""

    AGREE = 1
    DISAGREE = -1
    PASS = 0


VOTE_VALUES = {"agree": VoteValue.AGREE, "disagree": VoteValue.DISAGREE, "pass": VoteValue.PASS}
VOTE_NAMES = {value.value: name for name, value in VOTE_VALUES.items()}
# The counter column on `proposals` for each stored vote value.
COUNTER_COLUMNS = {1: "agree_count", -1: "disagree_count", 0: "pass_count"}


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKERS = re.compile(r"[*_`#>~|]+")
EXCERPT_LENGTH = 220


def search_document(columns):
    """The text searched on PostgreSQL; the expression GIN index uses exactly this expression."""
    document = columns.title.op("||")(text("' '")).op("||")(columns.body)
    return func.to_tsvector(text("'german'"), document)


class Proposal(TimestampMixin, db.Model):
    """A citizen's proposal in one process, citable by its reference number (e.g. ENG-2026-0042)."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        CheckConstraint(
            "status IN ('submitted', 'under_review', 'accepted', 'partly_accepted', 'rejected', "
            "'implemented', 'merged')", name="status_valid",
        ),
        CheckConstraint("agree_count >= 0 AND disagree_count >= 0 AND pass_count >= 0 AND comment_count >= 0",
                        name="counts_positive"),
        # Counting the visible proposals of a process (every list page) reads only this index.
        Index("ix_proposals_process_visible", "process_id", "withdrawn_at", "hidden_at"),
        Index("ix_proposals_process_created", "process_id", "created_at"),
        Index("ix_proposals_process_agree", "process_id", "agree_count"),
        Index("ix_proposals_process_comments", "process_id", "comment_count"),
        Index("ix_proposals_process_topic", "process_id", "topic_id"),
        Index("ix_proposals_process_district", "process_id", "district_id"),
        Index("ix_proposals_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    reference: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"), nullable=False)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(150), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=Status.SUBMITTED.value)
    official_answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[str | None] = mapped_column(Text)  # shown in the placeholder and to the author
    # First vote or comment by someone other than the author: from then on the text is frozen.
    engaged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    agree_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    disagree_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pass_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    process: Mapped[Process] = relationship()
    author: Mapped[User] = relationship()
    topic: Mapped[Topic] = relationship()
    district: Mapped[District | None] = relationship()
    merged_into: Mapped[Proposal | None] = relationship(remote_side="Proposal.id")

    @property
    def excerpt(self) -> str:
        """The beginning of the body as plain text (Markdown links and markers removed)."""
        text = _LINK.sub(r"\1", self.body or "")
        text = " ".join(_MARKERS.sub(" ", text).split())
        if len(text) <= EXCERPT_LENGTH:
            return text
        return text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + " …"

    @property
    def vote_count(self) -> int:
        return self.agree_count + self.disagree_count + self.pass_count

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_merged(self) -> bool:
        """Merged into another proposal: votes, comments and followers live on the target now."""
        return self.merged_into_id is not None

    def __repr__(self) -> str:
        return f"<Proposal {self.reference}>"


# Full-text search on PostgreSQL (German stemming); SQLite searches with LIKE instead.
Index("ix_proposals_search", search_document(Proposal.__table__.c), postgresql_using="gin").ddl_if(
    dialect="postgresql")


class Vote(db.Model):
    """One person's current vote on one proposal; the unique constraint enforces one per person."""

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("user_id", "proposal_id"),
        CheckConstraint("value IN (-1, 0, 1)", name="value_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False,
                                             index=True)
    value: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

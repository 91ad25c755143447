"""Analysis runs of a process: versioned, with their themes and the analysed submissions.

A run stores only public material and aggregates: reference numbers, short excerpts (contacts
removed), theme labels, duplicate pairs and opinion groups as statements with shares. Never
user ids, names or per-voter data (the vote matrix is pseudonymised in memory only).

Citable references of items (`AnalysisItem.reference`):
- proposal: its reference number, e.g. ``ENG-2026-0042``;
- comment: the proposal's reference plus ``/K`` and the comment number, e.g. ``ENG-2026-0042/K123``;
- survey free text: ``U<survey id>-<n>``, n counting the free-text answers of that survey in the
  order they were submitted (response, then question), e.g. ``U3-17``. It names no person.
"""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
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
from app.core.clock import as_utc
from app.core.models import utcnow
from app.extensions import db

# A queued or running run whose heartbeat is older than this is treated as aborted
# (e.g. the server restarted in the middle of it); it no longer blocks a new run.
STALE_AFTER = timedelta(minutes=30)
LABEL_MAX = 120
EXCERPT_MAX = 300
QUOTE_MAX = 500  # a quote in a council paper: the title and the first lines, not the whole proposal
# Why a submission was kept out of the themes (analysis.substance); it still counts as participation.
EXCLUSION_REASONS = ("no_words", "short", "stock_reply")


class RunStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


ACTIVE_STATUSES = (RunStatus.QUEUED.value, RunStatus.RUNNING.value)


class AnalysisRun(db.Model):
    """One analysis of a process (version 1, 2, 3 … per process)."""

    __tablename__ = "analysis_runs"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        CheckConstraint("status IN ('queued', 'running', 'finished', 'failed')", name="status_valid"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        Index("ix_analysis_runs_process_status", "process_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=RunStatus.QUEUED.value)
    progress: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    stage: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    parameters: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)  # technical one-liner for the log; never shown
    counts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    results: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    started_by: Mapped[User | None] = relationship()

    def is_stale(self, now: datetime) -> bool:
        """Queued or running, but without a sign of life for longer than STALE_AFTER."""
        return self.status in ACTIVE_STATUSES and as_utc(self.heartbeat_at) < now - STALE_AFTER

    def shown_status(self, now: datetime) -> str:
        """The status to show: a stale run counts as aborted ("aborted")."""
        return "aborted" if self.is_stale(now) else self.status

    def __repr__(self) -> str:
        return f"<AnalysisRun {self.process_id} v{self.version} {self.status}>"


class AnalysisTheme(db.Model):
    """A theme found by a run; `label` may be renamed by the moderation (`original_label` stays).

    `topic_id` is the pillar the theme belongs to; None for a cross-cutting theme (one that spans pillars,
    or the themes of a process without pillars).
    """

    __tablename__ = "analysis_themes"
    __table_args__ = (UniqueConstraint("run_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), nullable=False,
                                        index=True)
    key: Mapped[str] = mapped_column(String(20), nullable=False)
    label: Mapped[str] = mapped_column(String(LABEL_MAX), nullable=False)
    original_label: Mapped[str] = mapped_column(String(LABEL_MAX), nullable=False)
    terms: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))

    @property
    def renamed(self) -> bool:
        return self.label != self.original_label


class AnalysisItem(db.Model):
    """One analysed submission of a run: where it is on the theme map and which theme it belongs to.

    `topic_id` is the pillar the analysis placed it in: a proposal's own pillar (comments: their
    proposal's), for survey answers the pillar their content fits (the question's pillar is only a prior).
    `exclusion` says why it was kept out of the themes (a short acknowledgement, a stock reply, no content
    words); `quote_rank` (1, 2, 3 …) marks the quotes of its theme with `quote`, their readable text.
    """

    __tablename__ = "analysis_items"
    __table_args__ = (
        CheckConstraint("kind IN ('proposal', 'comment', 'survey')", name="kind_valid"),
        CheckConstraint("exclusion IS NULL OR exclusion IN ('no_words', 'short', 'stock_reply')",
                        name="exclusion_valid"),
        Index("ix_analysis_items_run_theme", "run_id", "theme_id", "id"),
        Index("ix_analysis_items_run_topic_theme", "run_id", "topic_id", "theme_id"),
        Index("ix_analysis_items_run_district", "run_id", "district_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    # proposal id, comment id, or the survey question id for survey answers (never a response id)
    source_id: Mapped[int | None] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(40), nullable=False)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    excerpt: Mapped[str] = mapped_column(String(EXCERPT_MAX), nullable=False, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_themes.id", ondelete="SET NULL"))
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    representative: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    moved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    exclusion: Mapped[str | None] = mapped_column(String(12))
    quote_rank: Mapped[int | None] = mapped_column(SmallInteger)
    quote: Mapped[str | None] = mapped_column(Text)

    theme: Mapped[AnalysisTheme | None] = relationship()

"""A participation process with its phases, topics (pillars) and districts."""
from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.extensions import db


class PhaseKind(str, enum.Enum):
    INFORMATION = "information"
    PARTICIPATION = "participation"
    EVALUATION = "evaluation"
    RESULTS = "results"


PHASE_ORDER = tuple(kind.value for kind in PhaseKind)


class Process(TimestampMixin, db.Model):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    summary: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Optional English texts; `app.core.i18n.localized` prefers them in the English interface.
    title_en: Mapped[str | None] = mapped_column(String(200))
    summary_en: Mapped[str | None] = mapped_column(String(500))
    description_en: Mapped[str | None] = mapped_column(Text)
    # Prefix of the citable reference numbers of submissions, e.g. "ENG" → ENG-2026-0042.
    reference_prefix: Mapped[str] = mapped_column(String(10), nullable=False, default="BET")
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Moderators (not only admins) may set the status and the official answer of proposals.
    moderators_may_answer: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                        server_default=false())

    phases: Mapped[list[Phase]] = relationship(
        back_populates="process", order_by="Phase.starts_on", cascade="all, delete-orphan"
    )
    topics: Mapped[list[Topic]] = relationship(
        back_populates="process", order_by="(Topic.position, Topic.id)", cascade="all, delete-orphan"
    )
    districts: Mapped[list[District]] = relationship(
        back_populates="process", order_by="(District.position, District.id)", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Process {self.slug}>"


class Phase(db.Model):
    __tablename__ = "phases"
    __table_args__ = (
        UniqueConstraint("process_id", "kind"),
        CheckConstraint("kind IN ('information', 'participation', 'evaluation', 'results')", name="kind_valid"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_en: Mapped[str | None] = mapped_column(Text)

    process: Mapped[Process] = relationship(back_populates="phases")

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Topic(db.Model):
    """A theme of the process; for Kiel, one of the five pillars of the council paper."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("process_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    title_en: Mapped[str | None] = mapped_column(String(120))
    description_en: Mapped[str | None] = mapped_column(Text)

    process: Mapped[Process] = relationship(back_populates="topics")


class District(db.Model):
    """A part of the city (for Kiel: a Stadtteil)."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(String(120), nullable=False)

    process: Mapped[Process] = relationship(back_populates="districts")

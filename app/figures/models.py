"""The reference distribution an admin enters (e.g. Kiel's population by age group), one row per category."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db

DIMENSIONS = ("age_group", "district")


class ReferenceShare(db.Model):
    """The share (in percent) of one category of one dimension in the reference population.

    `category` is an age-group key (app.surveys.models.AGE_GROUPS) or a district id (as text).
    All rows of one process and dimension are replaced together and carry the same `source`.
    """

    __tablename__ = "reference_shares"
    __table_args__ = (
        UniqueConstraint("process_id", "dimension", "category"),
        CheckConstraint("dimension IN ('age_group', 'district')", name="dimension_valid"),
        CheckConstraint("share >= 0 AND share <= 100", name="share_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    dimension: Mapped[str] = mapped_column(String(20), nullable=False)
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    share: Mapped[float] = mapped_column(Float, nullable=False)
    source: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

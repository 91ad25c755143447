"""The council report draft of a process: the editable parts of the Drucksache.

Everything else in the report (figures, themes, proposals, surveys) is computed from the
database when the report is rendered; only what the administration writes is stored here.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db

KIND_VALUES = ("mitteilung", "beschlussvorlage")


class ReportDraft(db.Model):
    """Kind, reference, date, Betreff, Antrag, Beratungsfolge and the council texts of one process's report.

    Empty `betreff`/`antrag` and an empty `beratungsfolge` mean: use the default text / the
    committees of the seed paper. `beratungsfolge` is a list of
    `{"committee": str, "date": "YYYY-MM-DD" | None, "role": str}`; `related_papers` (the Bezug) a
    list of `{"reference": str, "date": "YYYY-MM-DD" | None, "title": str}`. `anlass` (occasion and
    mandate) and `next_steps` are written for the council; empty ones are left out of the paper.
    The Antrag is printed only for a Beschlussvorlage (a Geschäftliche Mitteilung only informs).
    """

    __tablename__ = "report_drafts"
    __table_args__ = (CheckConstraint("kind IN ('mitteilung', 'beschlussvorlage')", name="kind_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False,
                                            unique=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="mitteilung")
    reference: Mapped[str | None] = mapped_column(String(40))
    report_date: Mapped[date | None] = mapped_column(Date)
    betreff: Mapped[str | None] = mapped_column(String(500))
    antrag: Mapped[str | None] = mapped_column(Text)
    beratungsfolge: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    federfuehrung: Mapped[str | None] = mapped_column(String(300))
    signature_name: Mapped[str | None] = mapped_column(String(200))
    signature_role: Mapped[str | None] = mapped_column(String(200))
    related_papers: Mapped[list] = mapped_column(JSON, nullable=False, default=list, server_default="[]")
    anlass: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<ReportDraft process={self.process_id}>"

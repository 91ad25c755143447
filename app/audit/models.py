"""The audit log's table: who did what to which item, why and when."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import utcnow
from app.extensions import db


class AuditEntry(db.Model):
    """Who did what to which item, why and when. Append-only: there is no service to change or delete rows.

    Item references are plain integers (no foreign keys) so that entries survive unchanged when items go.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_process_created", "process_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_name: Mapped[str] = mapped_column(String(80), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    process_id: Mapped[int | None] = mapped_column(Integer)
    item_kind: Mapped[str | None] = mapped_column(String(20))   # proposal, comment, user
    item_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)

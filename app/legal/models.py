"""The operator's details (key/value settings), accessibility feedback, Leichte-Sprache summaries of processes
and the sign-language videos."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import TimestampMixin, utcnow
from app.extensions import db


class LegalSetting(db.Model):
    """One of the operator's details shown on the legal pages (`app.legal.fields.SETTING_FIELDS` names them);
    a missing row means the field's placeholder."""

    __tablename__ = "legal_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 nullable=False)


class AccessibilityFeedback(TimestampMixin, db.Model):
    """A barrier reported through the accessibility statement's form. Name and e-mail are optional (only for
    an answer); no address, browser or account is stored with it."""

    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    page: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="")


class EasyLanguageSummary(db.Model):
    """A process explained in Leichte Sprache (optional, one per process)."""

    __tablename__ = "easy_language_summaries"

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow,
                                                 nullable=False)


class SignLanguageVideo(TimestampMixin, db.Model):
    """A video in Deutsche Gebärdensprache: a file served by this site (`/static/…`) or a link to one."""

    __tablename__ = "sign_language_videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

"""Reads of the legal pages: the operator's details, feedback, summaries in Leichte Sprache and videos."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.legal.labels import FIELDS_BY_KEY, SETTING_FIELDS, needs_input
from app.legal.models import AccessibilityFeedback, EasyLanguageSummary, LegalSetting, SignLanguageVideo


class LegalDetails(dict):
    """The operator's details by key (a missing row gives the field's default); `details.operator_name` works
    in templates too."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError as error:
            raise AttributeError(key) from error

    def incomplete(self) -> list[str]:
        """Keys of the fields the city must still fill in or confirm (optional fields left out)."""
        return [field.key for field in SETTING_FIELDS
                if field.key != "retention_note" and needs_input(self[field.key])]

    def day(self, key: str) -> date | None:
        """A date field as a date (None when empty)."""
        try:
            return date.fromisoformat(self[key]) if self[key] else None
        except ValueError:
            return None


def legal_details() -> LegalDetails:
    """Every field of the operator's details (one query)."""
    stored = {key: value for key, value in db.session.execute(select(LegalSetting.key, LegalSetting.value))}
    return LegalDetails({key: stored.get(key, field.default) for key, field in FIELDS_BY_KEY.items()})


def list_feedback() -> list[AccessibilityFeedback]:
    """Accessibility feedback, newest first."""
    return list(db.session.scalars(select(AccessibilityFeedback).order_by(AccessibilityFeedback.created_at.desc(),
                                                                         AccessibilityFeedback.id.desc())))


def easy_language_summary(process_id: int) -> EasyLanguageSummary | None:
    """The Leichte-Sprache summary of a process, if there is one."""
    return db.session.get(EasyLanguageSummary, process_id)


def easy_language_summaries(process_ids: list[int]) -> dict[int, EasyLanguageSummary]:
    """The summaries of several processes by process id (one query)."""
    if not process_ids:
        return {}
    rows = db.session.scalars(select(EasyLanguageSummary).where(EasyLanguageSummary.process_id.in_(process_ids)))
    return {row.process_id: row for row in rows}


def list_videos() -> list[SignLanguageVideo]:
    """The sign-language videos in their order."""
    return list(db.session.scalars(select(SignLanguageVideo).order_by(SignLanguageVideo.position,
                                                                     SignLanguageVideo.id)))

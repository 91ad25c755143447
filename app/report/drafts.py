"""Report drafts: reading them (with defaults) and validating the administration's edits (saving them:
app/report/services.py).

A draft stores only what the administration writes. Empty fields mean "use the default":
the Betreff and Antrag texts naming the process, and the Beratungsfolge of the seed paper
(`analysis.report_model.default_beratungsfolge`: six committees, then the Ratsversammlung).
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.report_model import Consultation, default_beratungsfolge
from app.core.errors import DomainError
from app.core.text import clean_text
from app.extensions import db
from app.report.labels import CONSULTATION_ROLE_LABELS
from app.report.models import KIND_VALUES, ReportDraft

MAX_REFERENCE = 40
MAX_BETREFF = 500
MAX_ANTRAG = 10000
MAX_COMMITTEE = 200
MAX_STEPS = 30


def get_or_default_draft(process) -> ReportDraft:
    """The stored draft of `process`, or a new unsaved one with every field at its default."""
    draft = db.session.scalar(select(ReportDraft).where(ReportDraft.process_id == process.id))
    if draft is None:
        draft = ReportDraft(process_id=process.id, kind="mitteilung", reference=None, report_date=None,
                            betreff=None, antrag=None, beratungsfolge=[])
    return draft


def default_steps() -> list[dict]:
    """The seed paper's Beratungsfolge as stored rows (committee, date None, role)."""
    return [step_to_dict(step) for step in default_beratungsfolge()]


def step_to_dict(step: Consultation) -> dict:
    return {"committee": step.committee, "date": step.date.isoformat() if step.date else None, "role": step.role}


def draft_steps(draft: ReportDraft) -> list[dict]:
    """The Beratungsfolge rows of `draft`: the stored ones, else the defaults."""
    return [dict(step) for step in draft.beratungsfolge] if draft.beratungsfolge else default_steps()


def consultations(draft: ReportDraft) -> list[Consultation]:
    """The Beratungsfolge of `draft` as `Consultation`s (role keys, not translated)."""
    return [Consultation(step["committee"], _parse_date(step.get("date")), step.get("role") or "Kenntnisnahme")
            for step in draft_steps(draft)]


def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _text(data: dict, name: str, limit: int) -> str | None:
    value = clean_text(data.get(name))
    if len(value) > limit:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=limit), field=name)
    return value or None


def _steps(rows) -> list[dict]:
    steps = []
    for index, row in enumerate(rows or []):
        committee = clean_text(row.get("committee"), single_line=True)
        raw_date = row.get("date")
        if not committee and raw_date in (None, ""):
            continue  # an empty row
        if not committee:
            raise DomainError(_l("Bitte geben Sie das Gremium an (Zeile %(row)d).", row=index + 1),
                              field=f"committee_{index}")
        if len(committee) > MAX_COMMITTEE:
            raise DomainError(_l("Höchstens %(max)d Zeichen.", max=MAX_COMMITTEE), field=f"committee_{index}")
        try:
            day = _parse_date(raw_date)
        except ValueError:
            raise DomainError(
                _l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."), field=f"date_{index}"
            ) from None
        role = row.get("role") or "Kenntnisnahme"
        if role not in CONSULTATION_ROLE_LABELS:
            raise DomainError(_l("Unbekannte Rolle."), field=f"role_{index}")
        steps.append({"committee": committee, "date": day.isoformat() if day else None, "role": role})
    if len(steps) > MAX_STEPS:
        raise DomainError(_l("Höchstens %(max)d Gremien.", max=MAX_STEPS), field="beratungsfolge")
    return steps


def validated(data: dict) -> dict:
    """The draft fields of `data`, cleaned; DomainError (naming the field) on bad input.

    `data`: kind, reference, report_date (date, ISO string or empty), betreff, antrag and
    beratungsfolge (rows of committee, date, role; rows without committee and date are ignored).
    """
    kind = data.get("kind") or "mitteilung"
    if kind not in KIND_VALUES:
        raise DomainError(_l("Unbekannte Art der Vorlage."), field="kind")
    try:
        report_date = _parse_date(data.get("report_date"))
    except ValueError:
        raise DomainError(_l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."), field="report_date") from None
    return {"kind": kind, "reference": _text(data, "reference", MAX_REFERENCE), "report_date": report_date,
            "betreff": _text(data, "betreff", MAX_BETREFF), "antrag": _text(data, "antrag", MAX_ANTRAG),
            "beratungsfolge": _steps(data.get("beratungsfolge"))}


"""Report drafts: reading them (with defaults) and validating the administration's edits (saving them:
app/report/services.py).

A draft stores only what the administration writes. Empty fields mean "use the default":
the Betreff and Antrag texts naming the process, and the Beratungsfolge of the seed paper
(`analysis.report_model.default_beratungsfolge`: six committees, then the Ratsversammlung – for a
Beschlussvorlage advising and deciding, for a Geschäftliche Mitteilung taking note). Federführung,
signature, Bezug (related papers), Anlass and next steps have no default: empty ones are left out
of the paper, and the editor page marks them as still to be completed.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.report_model import Consultation, RelatedPaper, default_beratungsfolge, kind_beratungsfolge
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
MAX_FEDERFUEHRUNG = 300
MAX_SIGNATURE = 200
MAX_TEXT = 10000
MAX_PAPERS = 20
MAX_PAPER_REFERENCE = 40
MAX_PAPER_TITLE = 300
PAPER_SEPARATOR = "|"


def get_or_default_draft(process) -> ReportDraft:
    """The stored draft of `process`, or a new unsaved one with every field at its default."""
    draft = db.session.scalar(select(ReportDraft).where(ReportDraft.process_id == process.id))
    if draft is None:
        draft = ReportDraft(process_id=process.id, kind="mitteilung", reference=None, report_date=None,
                            betreff=None, antrag=None, beratungsfolge=[], federfuehrung=None, signature_name=None,
                            signature_role=None, related_papers=[], anlass=None, next_steps=None)
    return draft


def default_steps(kind: str = "mitteilung") -> list[dict]:
    """The seed paper's Beratungsfolge for `kind` as stored rows (committee, date None, role)."""
    return [step_to_dict(step) for step in default_beratungsfolge(kind=kind)]


def step_to_dict(step: Consultation) -> dict:
    return {"committee": step.committee, "date": step.date.isoformat() if step.date else None, "role": step.role}


def draft_steps(draft: ReportDraft) -> list[dict]:
    """The Beratungsfolge rows of `draft`: the stored ones, else the defaults."""
    return [dict(step) for step in draft.beratungsfolge] if draft.beratungsfolge else default_steps(draft.kind)


def consultations(draft: ReportDraft) -> list[Consultation]:
    """The Beratungsfolge of `draft` as `Consultation`s (role keys, not translated), made right for its
    kind (`analysis.report_model.kind_beratungsfolge`: a Mitteilung only informs, in a Beschlussvorlage
    the Ratsversammlung decides)."""
    steps = [Consultation(step["committee"], _parse_date(step.get("date")), step.get("role") or "Kenntnisnahme")
             for step in draft_steps(draft)]
    return kind_beratungsfolge(steps, draft.kind)


def related_papers(draft: ReportDraft) -> list[RelatedPaper]:
    """The Bezug of `draft` as `RelatedPaper`s."""
    return [RelatedPaper(paper["reference"], paper.get("title") or "", _parse_date(paper.get("date")))
            for paper in draft.related_papers or []]


def papers_text(papers: list[dict]) -> str:
    """Stored related papers as the lines of the form field: "0698/2017 | 20.07.2017 | Titel"."""
    lines = []
    for paper in papers or []:
        day = _parse_date(paper.get("date"))
        parts = [paper["reference"], day.strftime("%d.%m.%Y") if day else "", paper.get("title") or ""]
        lines.append(f" {PAPER_SEPARATOR} ".join(parts).rstrip(f" {PAPER_SEPARATOR}"))
    return "\n".join(lines)


def _paper_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _papers(value) -> list[dict]:
    """Related papers from the form's lines ("Nummer | Datum | Titel"; date and title optional) or
    from stored rows; DomainError naming the line on bad input."""
    if isinstance(value, list):
        value = papers_text(value)
    papers = []
    for number, line in enumerate(clean_text(value).splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(PAPER_SEPARATOR)]
        if len(parts) == 2 and parts[1] and not parts[1][:1].isdigit():
            parts = [parts[0], "", parts[1]]  # "Nummer | Titel"
        reference, raw_date, title = (parts + ["", ""])[:3]
        if not reference or len(parts) > 3:
            raise DomainError(_l("Bezug, Zeile %(row)d: bitte „Nummer | Datum | Titel“ angeben.", row=number),
                              field="related_papers")
        if len(reference) > MAX_PAPER_REFERENCE or len(title) > MAX_PAPER_TITLE:
            raise DomainError(_l("Bezug, Zeile %(row)d: Nummer höchstens %(ref)d, Titel höchstens %(title)d Zeichen.",
                                 row=number, ref=MAX_PAPER_REFERENCE, title=MAX_PAPER_TITLE), field="related_papers")
        try:
            day = _paper_date(raw_date)
        except ValueError:
            raise DomainError(_l("Bezug, Zeile %(row)d: bitte ein gültiges Datum angeben (TT.MM.JJJJ).", row=number),
                              field="related_papers") from None
        papers.append({"reference": reference, "date": day.isoformat() if day else None, "title": title})
    if len(papers) > MAX_PAPERS:
        raise DomainError(_l("Höchstens %(max)d Drucksachen im Bezug.", max=MAX_PAPERS), field="related_papers")
    return papers


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

    `data`: kind, reference, report_date (date, ISO string or empty), betreff, antrag,
    beratungsfolge (rows of committee, date, role; rows without committee and date are ignored),
    federfuehrung, signature_name, signature_role, related_papers (lines "Nummer | Datum | Titel"
    or stored rows), anlass and next_steps.
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
            "beratungsfolge": _steps(data.get("beratungsfolge")),
            "federfuehrung": _line(data, "federfuehrung", MAX_FEDERFUEHRUNG),
            "signature_name": _line(data, "signature_name", MAX_SIGNATURE),
            "signature_role": _line(data, "signature_role", MAX_SIGNATURE),
            "related_papers": _papers(data.get("related_papers") or ""),
            "anlass": _text(data, "anlass", MAX_TEXT), "next_steps": _text(data, "next_steps", MAX_TEXT)}


def _line(data: dict, name: str, limit: int) -> str | None:
    value = clean_text(data.get(name), single_line=True)
    if len(value) > limit:
        raise DomainError(_l("Höchstens %(max)d Zeichen.", max=limit), field=name)
    return value or None


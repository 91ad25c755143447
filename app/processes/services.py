"""Process use cases: reading processes for the public pages (eager loading keeps query counts
constant) and setting them up in the administration (process, phases, topics, districts).

Each set-up function is one audited transaction (`@use_case`): it validates before it changes
anything, and a refused change stores nothing.
"""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.core.errors import DomainError, NotFound
from app.core.i18n import set_translations
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db
from app.processes.models import PHASE_ORDER, District, Phase, Process, Topic

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PREFIX_PATTERN = re.compile(r"^[A-Z]{2,6}$")


def list_published_processes() -> list[Process]:
    """All published processes with their phases, newest first."""
    query = (
        select(Process)
        .where(Process.published.is_(True))
        .options(selectinload(Process.phases))
        .order_by(Process.created_at.desc(), Process.id.desc())
    )
    return list(db.session.scalars(query))


def find_process(slug: str) -> Process | None:
    """The process with this slug, published or not, or None (for command-line tools and seeding)."""
    return db.session.scalar(select(Process).where(Process.slug == slug))


def get_process(slug: str, *, include_unpublished: bool = False, with_children: bool = True) -> Process:
    """The process with this slug, or NotFound (drafts only for those who may see them)."""
    query = select(Process).where(Process.slug == slug)
    if with_children:
        query = query.options(
            selectinload(Process.phases), selectinload(Process.topics), selectinload(Process.districts)
        )
    process = db.session.scalar(query)
    if process is None or (not process.published and not include_unpublished):
        raise NotFound(_l("Diesen Beteiligungsprozess gibt es nicht."))
    return process


# --- setting up a process (administration) ---

def _check_process_fields(slug: str, reference_prefix: str, process_id: int | None) -> None:
    if not SLUG_PATTERN.match(slug or ""):
        raise DomainError(
            _l("Die Kurzadresse darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten."), field="slug"
        )
    if not PREFIX_PATTERN.match(reference_prefix or ""):
        raise DomainError(_l("Das Kürzel muss aus 2 bis 6 Großbuchstaben bestehen."), field="reference_prefix")
    clash = select(Process.id).where(Process.slug == slug)
    if process_id is not None:
        clash = clash.where(Process.id != process_id)
    if db.session.scalar(clash) is not None:
        raise DomainError(_l("Diese Kurzadresse ist schon vergeben."), field="slug")


def _required_text(raw, field: str) -> str:
    """A one-line title or name, cleaned (`clean_text`); one that is empty after cleaning is refused."""
    text = clean_text(raw, single_line=True)
    if not text:
        raise DomainError(_l("Bitte füllen Sie dieses Feld aus."), field=field)
    return text


@use_case
def save_process(process: Process | None, *, slug: str, title: str, summary: str, description: str,
                 reference_prefix: str, published: bool, moderators_may_answer: bool = False,
                 english: dict | None = None, actor=None) -> Process:
    """Create (process=None) or update a process; `english` holds the optional English texts."""
    slug = (slug or "").strip().lower()
    reference_prefix = (reference_prefix or "").strip().upper()
    _check_process_fields(slug, reference_prefix, process.id if process else None)
    if process is None:
        process = Process()
        db.session.add(process)
    process.slug = slug
    process.title = _required_text(title, "title")
    process.summary = clean_text(summary)
    process.description = clean_text(description)
    process.reference_prefix = reference_prefix
    process.published = bool(published)
    process.moderators_may_answer = bool(moderators_may_answer)
    set_translations(process, english, single_line={"title": 200}, multi_line={"summary": 500, "description": 20000})
    _audited(actor, "process_update" if process.id else "process_create", process, process,
                    details=process.slug)
    return process


def _check_phase(process: Process, kind: str, starts_on: date, ends_on: date, phase_id: int | None) -> None:
    if kind not in PHASE_ORDER:
        raise DomainError(_l("Unbekannte Phase."), field="kind")
    if ends_on < starts_on:
        raise DomainError(_l("Das Ende darf nicht vor dem Beginn liegen."), field="ends_on")
    others = [phase for phase in process.phases if phase.id != phase_id]
    if any(phase.kind == kind for phase in others):
        raise DomainError(_l("Diese Phase gibt es in diesem Prozess schon."), field="kind")
    for phase in others:
        if starts_on <= phase.ends_on and phase.starts_on <= ends_on:
            raise DomainError(_l("Die Phase überschneidet sich mit einer anderen Phase."), field="starts_on")
    for phase in others:
        earlier_kind = PHASE_ORDER.index(phase.kind) < PHASE_ORDER.index(kind)
        if earlier_kind != (phase.starts_on < starts_on):
            raise DomainError(
                _l("Die Phasen müssen in dieser Reihenfolge liegen: Information, Beteiligung, Auswertung, Ergebnisse."),
                field="starts_on",
            )


@use_case
def save_phase(process: Process, phase: Phase | None, *, kind: str, starts_on: date, ends_on: date,
               description: str = "", english: dict | None = None, actor=None) -> Phase:
    """Add or change a phase; phases may not overlap and keep their natural order.

    `english` holds the optional English description."""
    _check_phase(process, kind, starts_on, ends_on, phase.id if phase else None)
    if phase is None:
        phase = Phase(process=process)
        db.session.add(phase)
    phase.kind, phase.starts_on, phase.ends_on = kind, starts_on, ends_on
    phase.description = clean_text(description)
    set_translations(phase, english, multi_line={"description": 5000})
    _audited(actor, "phase_save", process, phase, details=f"{kind} {starts_on}–{ends_on}")
    return phase


@use_case
def save_topic(process: Process, topic: Topic | None, *, title: str, description: str = "",
               position: int | None = None, english: dict | None = None, actor=None) -> Topic:
    """Add or change a topic; titles are unique within a process. `english`: optional English texts."""
    title = _required_text(title, "title")
    if any(other.title.lower() == title.lower() and other is not topic for other in process.topics):
        raise DomainError(_l("Ein Thema mit diesem Titel gibt es schon."), field="title")
    if topic is None:
        topic = Topic(process=process, position=_next_position(Topic, process))
        db.session.add(topic)
    topic.title = title
    topic.description = clean_text(description)
    set_translations(topic, english, single_line={"title": 120}, multi_line={"description": 5000})
    if position is not None:
        topic.position = position
    _audited(actor, "topic_save", process, topic, details=title)
    return topic


@use_case
def add_districts(process: Process, names: list[str], actor=None) -> list[District]:
    """Add districts from a list of names; blank lines and existing names are skipped."""
    stripped = [clean_text(raw, single_line=True) for raw in names]
    if any(len(name) > 120 for name in stripped):
        raise DomainError(_l("Ein Stadtteilname darf höchstens 120 Zeichen lang sein."), field="names")
    existing = {district.name.lower() for district in process.districts}
    position = _next_position(District, process)
    added = []
    for name in stripped:
        if not name or name.lower() in existing:
            continue
        existing.add(name.lower())
        district = District(process=process, name=name, position=position)
        position += 1
        db.session.add(district)
        added.append(district)
    if added:
        _audited(actor, "districts_add", process, None, details=", ".join(d.name for d in added))
    return added


@use_case
def save_district(process: Process, district: District, *, name: str, position: int | None = None,
                  actor=None) -> District:
    """Rename or reorder a district; names are unique within a process."""
    name = _required_text(name, "name")
    if any(other.name.lower() == name.lower() and other is not district for other in process.districts):
        raise DomainError(_l("Diesen Stadtteil gibt es schon."), field="name")
    district.name = name
    if position is not None:
        district.position = position
    _audited(actor, "district_save", process, district, details=name)
    return district


@use_case
def delete_item(item, actor=None, note: str | None = None) -> None:
    """Delete a phase, topic or district (`note`: what happened to what used it, for the audit log).
    Proposals of a topic or district are moved first by the caller (admin.services.delete_process_item)."""
    kind = type(item).__name__.lower()
    details = getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "kind", None)
    if note:
        details = f"{details}; {note}"
    _audited(actor, f"{kind}_delete", item.process, item, details=details, delete=True)


def _audited(actor, action: str, process: Process, item, *, details: str | None = None,
             delete: bool = False) -> None:
    """Add the audit entry of a change (the calling use case commits both together)."""
    if delete:
        db.session.delete(item)
    db.session.flush()
    item_kind = type(item).__name__.lower() if item is not None else None
    record(actor, action, process_id=process.id, item_kind=item_kind,
           item_id=item.id if item is not None else None, details=details)


def _next_position(model, process: Process) -> int:
    highest = db.session.scalar(select(func.max(model.position)).where(model.process_id == process.id))
    return (highest or 0) + 1

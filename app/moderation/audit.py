"""The audit log: recording actions (in the caller's transaction), filtering and CSV export.

Append-only by construction: this module only adds and reads rows; nothing updates or deletes them.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select

from app.core.clock import now
from app.extensions import db
from app.moderation.models import AuditEntry

ACTION_LABELS = {
    "hide": _l("Ausgeblendet"),
    "auto_hide": _l("Automatisch ausgeblendet (Meldungen)"),
    "restore": _l("Wiederhergestellt"),
    "dismiss": _l("Meldungen verworfen"),
    "lock": _l("Thread gesperrt"),
    "unlock": _l("Thread entsperrt"),
    "curate": _l("Thema/Stadtteil geändert"),
    "merge": _l("Zusammengeführt"),
    "answer": _l("Status/offizielle Antwort gesetzt"),
    "block": _l("Person gesperrt"),
    "unblock": _l("Sperre aufgehoben"),
    "role": _l("Rolle geändert"),
    "process_create": _l("Prozess angelegt"),
    "process_update": _l("Prozess geändert"),
    "phase_save": _l("Phase gespeichert"),
    "phase_delete": _l("Phase gelöscht"),
    "topic_save": _l("Thema gespeichert"),
    "topic_delete": _l("Thema gelöscht"),
    "districts_add": _l("Stadtteile hinzugefügt"),
    "district_save": _l("Stadtteil gespeichert"),
    "district_delete": _l("Stadtteil gelöscht"),
    "survey_create": _l("Umfrage angelegt"),
    "survey_update": _l("Umfrage geändert"),
    "survey_delete": _l("Umfrage gelöscht"),
    "survey_copy": _l("Umfrage kopiert"),
    "section_save": _l("Abschnitt gespeichert"),
    "section_delete": _l("Abschnitt gelöscht"),
    "section_move": _l("Abschnitt verschoben"),
    "question_save": _l("Frage gespeichert"),
    "question_delete": _l("Frage gelöscht"),
    "question_move": _l("Frage verschoben"),
    "export_votes": _l("Stimmen exportiert"),
    "export_survey": _l("Umfrageantworten exportiert"),
    "analysis_started": _l("Analyse gestartet"),
    "theme_renamed": _l("Thema der Analyse umbenannt"),
    "theme_item_moved": _l("Beitrag einem anderen Thema zugeordnet"),
    "export_process": _l("Prozessdaten exportiert (XLSX)"),
    "report_draft_saved": _l("Berichtsentwurf gespeichert"),
    "export_report": _l("Bericht exportiert"),
    "reference_save": _l("Referenzverteilung gespeichert"),
    "reference_delete": _l("Referenzverteilung gelöscht"),
}
PER_PAGE = 50


def record(actor, action: str, *, process_id=None, item_kind=None, item_id=None, reason=None, details=None) -> None:
    """Add an audit entry to the current transaction; `actor` None means the system (automatic hiding)."""
    db.session.add(AuditEntry(
        created_at=now(), actor_id=actor.id if actor else None,
        actor_name=actor.display_name if actor else "System", action=action, process_id=process_id,
        item_kind=item_kind, item_id=item_id, reason=reason or None, details=details or None,
    ))


def log_export(actor, action: str, *, process_id: int, item_kind: str | None = None, item_id: int | None = None,
               details: str | None = None) -> None:
    """Record that someone downloaded data.

    An export changes nothing else, so the entry is written in a transaction of its own, on its own
    connection: committing the request's session would expire the objects a streamed export still reads.
    """
    values = {"created_at": now(), "actor_id": actor.id if actor else None,
              "actor_name": actor.display_name if actor else "System", "action": action,
              "process_id": process_id, "item_kind": item_kind, "item_id": item_id, "reason": None,
              "details": details or None}
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEntry).values(**values))


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    process_id: int | None = None
    actor_id: int | None = None

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        """Parse query-string filters; unknown values are ignored."""
        def number(name):
            raw = args.get(name) or ""
            return int(raw) if raw.isascii() and raw.isdigit() and int(raw) < 2**31 else None
        action = args.get("action", "")
        return cls(action=action if action in ACTION_LABELS else "", process_id=number("process"),
                   actor_id=number("actor"))


def _query(filters: AuditFilters):
    query = select(AuditEntry)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.process_id is not None:
        query = query.where(AuditEntry.process_id == filters.process_id)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    return query


def list_entries(filters: AuditFilters, page: int = 1):
    """One page of entries, newest first."""
    query = _query(filters).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def csv_lines(filters: AuditFilters):
    """The filtered log as CSV text, line by line (for a streamed download)."""
    columns = ["id", "created_at", "actor_id", "actor_name", "action", "process_id", "item_kind", "item_id",
               "reason", "details"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield buffer.getvalue()
    query = _query(filters).order_by(AuditEntry.id).execution_options(yield_per=500)
    for entry in db.session.scalars(query):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_safe(getattr(entry, column)) for column in columns])
        yield buffer.getvalue()


def _safe(value):
    """Neutralise spreadsheet formulas in free text."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def action_counts(process_id: int) -> dict[str, int]:
    """Number of entries per action in one process (for the public summary)."""
    rows = db.session.execute(
        select(AuditEntry.action, func.count()).where(AuditEntry.process_id == process_id)
        .group_by(AuditEntry.action))
    return {action: count for action, count in rows}

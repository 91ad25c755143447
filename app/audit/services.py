"""The audit log: recording actions (in the caller's transaction), filtering and CSV export.

Append-only by construction: this module only adds and reads rows; nothing deletes them. The two exceptions
the law requires change no action, item or time: `forget_actor` (a deleted account's name) and
`clear_details_before` (free-text details past the retention period).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy import update as sql_update

from app.audit.labels import AUDIT_ACTION_LABELS
from app.audit.models import AuditEntry
from app.core.clock import now
from app.core.csvfiles import csv_chunks
from app.core.numbers import parse_id
from app.extensions import db

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


SYSTEM = "system"  # the `actor` filter value for entries without a person (automatic hiding, CLI exports)


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    process_id: int | None = None
    actor_id: int | None = None
    system: bool = False  # only entries of the system

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        """Parse query-string filters; unknown values are ignored."""
        def number(name):
            return parse_id(args.get(name))
        action = args.get("action", "")
        return cls(action=action if action in AUDIT_ACTION_LABELS else "", process_id=number("process"),
                   actor_id=number("actor"), system=args.get("actor") == SYSTEM)

    @property
    def actor(self) -> str:
        """The `actor` value of the filter form."""
        return SYSTEM if self.system else str(self.actor_id or "")


def _query(filters: AuditFilters):
    query = select(AuditEntry)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.process_id is not None:
        query = query.where(AuditEntry.process_id == filters.process_id)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    elif filters.system:
        query = query.where(AuditEntry.actor_id.is_(None))
    return query


def actors() -> list[tuple[int, str]]:
    """Everyone who appears in the log as (id, name under their latest entry), by name (for the filter)."""
    latest = select(func.max(AuditEntry.id)).where(AuditEntry.actor_id.is_not(None)).group_by(AuditEntry.actor_id)
    rows = db.session.execute(select(AuditEntry.actor_id, AuditEntry.actor_name).where(AuditEntry.id.in_(latest)))
    return sorted(((actor_id, name) for actor_id, name in rows), key=lambda row: (row[1].casefold(), row[0]))


def list_entries(filters: AuditFilters, page: int = 1):
    """One page of entries, newest first."""
    query = _query(filters).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def csv_lines(filters: AuditFilters) -> Iterator[str]:
    """The filtered log as CSV text, in chunks (for a streamed download)."""
    columns = ["id", "created_at", "actor_id", "actor_name", "action", "process_id", "item_kind", "item_id",
               "reason", "details"]
    query = _query(filters).order_by(AuditEntry.id).execution_options(yield_per=500)
    # A generator, so that the query runs while the response streams (inside its app context).
    yield from csv_chunks(columns, ([getattr(entry, column) for column in columns]
                                    for entry in db.session.scalars(query)))


def action_counts(process_id: int) -> dict[str, int]:
    """Number of entries per action in one process (for the public summary)."""
    rows = db.session.execute(
        select(AuditEntry.action, func.count()).where(AuditEntry.process_id == process_id)
        .group_by(AuditEntry.action))
    return {action: count for action, count in rows}


def forget_actor(user_id: int, name: str) -> int:
    """Replace the name of a deleted account in its entries (DSGVO erasure); returns how many changed.

    The only change to existing rows, besides `clear_details_before`: what was done and when stays.
    """
    result = db.session.execute(sql_update(AuditEntry).where(AuditEntry.actor_id == user_id,
                                                         AuditEntry.actor_name != name)
                                .values(actor_name=name))
    return result.rowcount or 0


def details_before_count(cutoff) -> int:
    """How many entries older than `cutoff` still carry a reason or details."""
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(*_with_details_before(cutoff)))


def _with_details_before(cutoff):
    return (AuditEntry.created_at < cutoff,
            AuditEntry.reason.is_not(None) | AuditEntry.details.is_not(None))


def clear_details_before(cutoff) -> int:
    """Retention: drop the free-text reason and details of entries older than `cutoff` (who did what to
    which item and when stays, so the public summary's counts do not change); returns how many."""
    result = db.session.execute(sql_update(AuditEntry).where(*_with_details_before(cutoff))
                                .values(reason=None, details=None))
    return result.rowcount or 0

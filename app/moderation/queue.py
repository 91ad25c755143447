"""The moderation queue: open reports grouped by item, filtered and sorted, in a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from app.auth.permissions import is_admin
from app.comments.models import Comment
from app.core.numbers import parse_id
from app.extensions import db
from app.moderation.items import Item, load_items
from app.moderation.models import REASON_VALUES, Flag, ProcessModerator
from app.processes.models import Process
from app.proposals.models import Proposal

PER_PAGE = 30


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""
    reason: str = ""
    process_id: int | None = None
    state: str = "open"   # open: items with open reports; hidden: hidden items (to restore)

    @classmethod
    def from_args(cls, args) -> QueueFilters:
        """Parse the query string; unknown values are ignored."""
        kind = args.get("kind", "")
        reason = args.get("reason", "")
        process_id = parse_id(args.get("process"))
        return cls(kind=kind if kind in ("proposal", "comment") else "",
                   reason=reason if reason in REASON_VALUES else "", process_id=process_id,
                   state="hidden" if args.get("state") == "hidden" else "open")


@dataclass
class QueueEntry:
    item: Item
    count: int = 0
    first_at: object = None
    reasons: dict = field(default_factory=dict)
    details: list = field(default_factory=list)


def moderated_process_ids(user) -> list[int] | None:
    """The processes `user` moderates; None means all (admins)."""
    if is_admin(user):
        return None
    assigned = select(ProcessModerator.process_id).where(ProcessModerator.user_id == user.id)
    unassigned = select(Process.id).where(~Process.id.in_(select(ProcessModerator.process_id)))
    return list(db.session.scalars(select(Process.id).where(or_(Process.id.in_(assigned),
                                                                 Process.id.in_(unassigned)))))


def visible_processes(user) -> list[Process]:
    """Processes for the filter select."""
    ids = moderated_process_ids(user)
    query = select(Process).order_by(Process.title)
    if ids is not None:
        query = query.where(Process.id.in_(ids))
    return list(db.session.scalars(query))


def open_queue(user, filters: QueueFilters, page: int = 1):
    """(entries, pagination) of items with open reports, most reports first, then oldest first."""
    conditions = [Flag.resolved_at.is_(None)]
    ids = moderated_process_ids(user)
    if ids is not None:
        conditions.append(Flag.process_id.in_(ids))
    if filters.process_id is not None:
        conditions.append(Flag.process_id == filters.process_id)
    if filters.kind == "proposal":
        conditions.append(Flag.proposal_id.is_not(None))
    elif filters.kind == "comment":
        conditions.append(Flag.comment_id.is_not(None))
    if filters.reason:
        conditions.append(Flag.reason == filters.reason)
    count, first = func.count(Flag.id).label("n"), func.min(Flag.created_at).label("first")
    grouped = (select(Flag.proposal_id, Flag.comment_id, count, first).where(*conditions)
               .group_by(Flag.proposal_id, Flag.comment_id).order_by(count.desc(), first, Flag.proposal_id,
                                                                        Flag.comment_id))
    pagination = db.paginate(grouped, page=page, per_page=PER_PAGE, error_out=False, count=True)
    rows = db.session.execute(grouped.limit(PER_PAGE).offset((pagination.page - 1) * PER_PAGE)).all()
    refs = [("proposal", row.proposal_id) if row.proposal_id else ("comment", row.comment_id) for row in rows]
    items = {item.key: item for item in load_items(refs)} if refs else {}
    entries = {f"{kind}:{number}": QueueEntry(items[f"{kind}:{number}"], row.n, row.first)
               for (kind, number), row in zip(refs, rows)}
    if entries:
        _attach_reports(entries, refs, conditions)
    return list(entries.values()), pagination


def _attach_reports(entries, refs, conditions) -> None:
    proposal_ids = [number for kind, number in refs if kind == "proposal"]
    comment_ids = [number for kind, number in refs if kind == "comment"]
    reports = db.session.scalars(select(Flag).where(
        *conditions, or_(Flag.proposal_id.in_(proposal_ids), Flag.comment_id.in_(comment_ids)))
        .order_by(Flag.created_at))
    for report in reports:
        key = f"proposal:{report.proposal_id}" if report.proposal_id else f"comment:{report.comment_id}"
        entry = entries[key]
        entry.reasons[report.reason] = entry.reasons.get(report.reason, 0) + 1
        if report.details:
            entry.details.append(report.details)


def hidden_items(user, filters: QueueFilters, limit: int = 100) -> list[Item]:
    """Hidden proposals and comments (newest first) that `user` may restore."""
    ids = moderated_process_ids(user)
    refs = []
    if filters.kind in ("", "proposal"):
        query = select(Proposal.id).where(Proposal.hidden_at.is_not(None))
        if ids is not None:
            query = query.where(Proposal.process_id.in_(ids))
        if filters.process_id is not None:
            query = query.where(Proposal.process_id == filters.process_id)
        refs += [("proposal", number) for number in db.session.scalars(query.order_by(Proposal.hidden_at.desc())
                                                                        .limit(limit))]
    if filters.kind in ("", "comment"):
        query = select(Comment.id).join(Proposal, Proposal.id == Comment.proposal_id).where(
            Comment.hidden_at.is_not(None))
        if ids is not None:
            query = query.where(Proposal.process_id.in_(ids))
        if filters.process_id is not None:
            query = query.where(Proposal.process_id == filters.process_id)
        refs += [("comment", number) for number in db.session.scalars(query.order_by(Comment.hidden_at.desc())
                                                                       .limit(limit))]
    return load_items(refs) if refs else []

"""Reads of the API: published processes, keyset pages of proposals and comments, their public fields only.

Visibility (the same rules as the site's pages): a process only when published; a proposal only when it
is neither hidden nor withdrawn, and in lists only when it was not merged (the site's list leaves merged
proposals out and their page redirects to the target); a comment only when it is neither hidden nor deleted
and its proposal is readable. Counts are the proposal's counters, the numbers the site shows.

Every page costs a fixed number of queries, whatever its size and the size of the process: the process
(with phases, topics and districts: 4), one query for the page of rows with their pillar, district and
merge target joined, and one for the proposals merged into the page's proposals.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import aliased

from app.api import cursors
from app.comments.models import Comment
from app.core.text import clean_text
from app.extensions import db
from app.processes.models import District, Topic
from app.proposals.models import Proposal
from app.proposals.queries import search_condition

SORT_COLUMNS = {"newest": None, "agreed": Proposal.agree_count, "discussed": Proposal.comment_count}


@dataclass(frozen=True)
class ProposalFilters:
    topic_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    q: str = ""
    sort: str = "newest"


def local_day(moment: datetime | None) -> date | None:
    """The calendar day of `moment` in the platform's time zone (what the site shows)."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite returns naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _readable():
    return (Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None))


def _key(sort: str):
    column = SORT_COLUMNS[sort]
    return Proposal.id if column is None else column


def _rows(statement):
    return db.session.execute(statement).all()


def _proposal_select():
    merged = aliased(Proposal)
    return (
        select(Proposal.id, Proposal.reference, Proposal.title, Proposal.body, Proposal.status, Proposal.created_at,
               Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count, Proposal.comment_count,
               Proposal.official_answer, Proposal.answered_at, Proposal.merged_into_id, merged.reference,
               Topic.id, Topic.title, District.id, District.name)
        .join(Topic, Topic.id == Proposal.topic_id)
        .outerjoin(District, District.id == Proposal.district_id)
        .outerjoin(merged, merged.id == Proposal.merged_into_id)
    )


def proposal_page(process_id: int, filters: ProposalFilters, limit: int, after: tuple[int, int] | None):
    """Up to `limit` readable, not merged proposals after the cursor position, and the cursor of the next
    page (None on the last page). Two queries."""
    key = _key(filters.sort)
    conditions = [Proposal.process_id == process_id, *_readable(), Proposal.merged_into_id.is_(None)]
    if filters.topic_id:
        conditions.append(Proposal.topic_id == filters.topic_id)
    if filters.district_id:
        conditions.append(Proposal.district_id == filters.district_id)
    if filters.status:
        conditions.append(Proposal.status == filters.status)
    if filters.q:
        conditions.append(search_condition(filters.q))
    if after is not None:
        last_key, last_id = after
        if key is Proposal.id:
            conditions.append(Proposal.id < last_id)
        else:
            conditions.append(or_(key < last_key, and_(key == last_key, Proposal.id < last_id)))
    order = (Proposal.id.desc(),) if key is Proposal.id else (key.desc(), Proposal.id.desc())
    rows = _rows(_proposal_select().where(*conditions).order_by(*order).limit(limit + 1))
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        sort_key = {"newest": last[0], "agreed": last[6], "discussed": last[9]}[filters.sort]
        following = cursors.encode(filters.sort, int(sort_key), int(last[0]))
    return rows, merged_from([row[0] for row in rows]), following


def merged_from(proposal_ids: list[int]) -> dict[int, list[str]]:
    """{proposal id: references of the readable proposals merged into it, by number}. One query."""
    result: dict[int, list[str]] = defaultdict(list)
    if not proposal_ids:
        # The query runs for an empty page too, so that every page costs the same.
        proposal_ids = [0]
    for target, reference in db.session.execute(
            select(Proposal.merged_into_id, Proposal.reference)
            .where(Proposal.merged_into_id.in_(proposal_ids), *_readable()).order_by(Proposal.number)):
        result[target].append(reference)
    return result


def find_proposal(process_id: int, reference: str):
    """The row of the readable proposal with this reference (merged ones too), or None. One query."""
    reference = clean_text(reference, single_line=True).upper()[:32]
    rows = _rows(_proposal_select().where(Proposal.process_id == process_id, Proposal.reference == reference,
                                          *_readable()).limit(1))
    return rows[0] if rows else None


def comment_page(proposal_id: int, limit: int, after_id: int | None):
    """Up to `limit` readable comments of a proposal, oldest first, after comment `after_id`; the id to continue
    after (None on the last page). One query. The parent of a reply to a hidden or deleted comment is None,
    so the API does not reveal the hidden comment's id."""
    parent = aliased(Comment)
    parent_id = case((and_(parent.hidden_at.is_(None), parent.deleted_at.is_(None)), Comment.parent_id), else_=None)
    conditions = [Comment.proposal_id == proposal_id, Comment.hidden_at.is_(None), Comment.deleted_at.is_(None)]
    if after_id is not None:
        conditions.append(Comment.id > after_id)
    rows = _rows(
        select(Comment.id, parent_id, Comment.depth, Comment.alignment, Comment.body, Comment.created_at,
               Comment.up_count, Comment.down_count)
        .outerjoin(parent, parent.id == Comment.parent_id)
        .where(*conditions).order_by(Comment.id).limit(limit + 1))
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = int(rows[-1][0])
    return rows, following


def visible_references(process_id: int, references) -> set[str]:
    """Those of `references` that are readable proposals of the process. One query."""
    wanted = sorted({reference for reference in references if reference}) or [""]
    return set(db.session.scalars(select(Proposal.reference).where(
        Proposal.process_id == process_id, Proposal.reference.in_(wanted), *_readable())))

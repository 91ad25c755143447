"""The rows of the exports, streamed from the database.

Every table is one SELECT of plain columns (no ORM objects), read with `yield_per`, which on
PostgreSQL is a server-side cursor: memory stays flat for any number of rows. Lookups (pillar,
district, the reference of a merge target, comment counts) are joins in the same statement, so an
export runs a fixed number of queries however large the process is.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from app.comments.models import Comment
from app.extensions import db
from app.processes.models import District, Topic
from app.proposals.models import Proposal, Vote

BATCH = 2000


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_time(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """`moment` in local time without a time zone (what a spreadsheet cell holds)."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite returns naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None)


def local_day(moment: datetime | None, zone: ZoneInfo) -> date | None:
    local = local_time(moment, zone)
    return local.date() if local else None


def _proposal_statement(process_id: int):
    merged = aliased(Proposal)
    return (
        select(Proposal.reference, Proposal.title, Proposal.body, Topic.title, District.name, Proposal.status,
               Proposal.created_at, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count,
               Proposal.comment_count, Proposal.official_answer, Proposal.answered_at, Proposal.hidden_at,
               Proposal.withdrawn_at, merged.reference, Proposal.author_id, Proposal.id)
        .join(Topic, Topic.id == Proposal.topic_id)
        .outerjoin(District, District.id == Proposal.district_id)
        .outerjoin(merged, merged.id == Proposal.merged_into_id)
        .where(Proposal.process_id == process_id)
        .order_by(Proposal.number)
        .execution_options(yield_per=BATCH)
    )


def all_proposals(process_id: int) -> Iterator[tuple]:
    """Every proposal of the process (hidden, withdrawn and merged ones too), by number.

    Row: reference, title, body, pillar, district, status, created_at, agree, disagree, pass, comments,
    official_answer, answered_at, hidden_at, withdrawn_at, merged_into reference, author_id, id.
    """
    yield from db.session.execute(_proposal_statement(process_id))


def _visible_comments(process_id: int):
    return (Comment.hidden_at.is_(None), Comment.deleted_at.is_(None), Proposal.process_id == process_id,
            Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None))


def public_proposals_statement(process_id: int):
    """Proposals anyone can read (not hidden, not withdrawn), by number.

    Row: reference, title, body, pillar, district, status, created_at, answered_at, agree, disagree, pass,
    published comments, official_answer, merged_into reference, id.
    """
    merged = aliased(Proposal)
    comments = (select(Comment.proposal_id, func.count().label("n")).join(Proposal, Proposal.id == Comment.proposal_id)
                .where(*_visible_comments(process_id)).group_by(Comment.proposal_id).subquery())
    return (
        select(Proposal.reference, Proposal.title, Proposal.body, Topic.title, District.name, Proposal.status,
               Proposal.created_at, Proposal.answered_at, Proposal.agree_count, Proposal.disagree_count,
               Proposal.pass_count, func.coalesce(comments.c.n, 0), Proposal.official_answer, merged.reference,
               Proposal.id)
        .join(Topic, Topic.id == Proposal.topic_id)
        .outerjoin(District, District.id == Proposal.district_id)
        .outerjoin(merged, merged.id == Proposal.merged_into_id)
        .outerjoin(comments, comments.c.proposal_id == Proposal.id)
        .where(Proposal.process_id == process_id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None))
        .order_by(Proposal.number)
    )


def all_comments(process_id: int) -> Iterator[tuple]:
    """Every comment on the process's proposals (hidden and deleted ones too), oldest first.

    Row: id, proposal reference, parent_id, depth, alignment, body, created_at, up, down, hidden_at, deleted_at,
    author_id.
    """
    statement = (
        select(Comment.id, Proposal.reference, Comment.parent_id, Comment.depth, Comment.alignment, Comment.body,
               Comment.created_at, Comment.up_count, Comment.down_count, Comment.hidden_at, Comment.deleted_at,
               Comment.author_id)
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Proposal.process_id == process_id)
        .order_by(Comment.id)
        .execution_options(yield_per=BATCH)
    )
    yield from db.session.execute(statement)


def public_comments_statement(process_id: int):
    """Comments anyone can read: not hidden, not deleted, on a readable proposal; oldest first.

    Row: proposal reference, id, parent_id, depth, alignment, body, created_at. The parent_id of a reply
    to a hidden comment is None, so open data does not reveal the hidden comment's number.
    """
    parent = aliased(Comment)
    parent_id = case((parent.hidden_at.is_(None), Comment.parent_id), else_=None)
    return (
        select(Proposal.reference, Comment.id, parent_id, Comment.depth, Comment.alignment, Comment.body,
               Comment.created_at)
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .outerjoin(parent, parent.id == Comment.parent_id)
        .where(*_visible_comments(process_id))
        .order_by(Comment.id)
    )


def stream(engine, statement) -> Iterator[tuple]:
    """Rows of `statement` on a connection of its own, in batches (a server-side cursor on PostgreSQL).

    Needs no Flask context, so a streamed response body can run it after the view has returned; the
    connection goes back to the pool when the iteration ends or the generator is closed.
    """
    with engine.connect() as connection:
        yield from connection.execution_options(yield_per=BATCH).execute(statement)


def vote_totals(process_id: int) -> Iterator[tuple]:
    """Votes counted per proposal from the votes themselves (GROUP BY), every proposal, by number.

    Row: reference, agree, disagree, pass, total.
    """
    counted = (
        select(Vote.proposal_id,
               func.sum(case((Vote.value == 1, 1), else_=0)).label("agree"),
               func.sum(case((Vote.value == -1, 1), else_=0)).label("disagree"),
               func.sum(case((Vote.value == 0, 1), else_=0)).label("pass_"),
               func.count().label("total"))
        .join(Proposal, Proposal.id == Vote.proposal_id)
        .where(Proposal.process_id == process_id)
        .group_by(Vote.proposal_id)
        .subquery()
    )
    statement = (
        select(Proposal.reference, func.coalesce(counted.c.agree, 0), func.coalesce(counted.c.disagree, 0),
               func.coalesce(counted.c.pass_, 0), func.coalesce(counted.c.total, 0))
        .outerjoin(counted, counted.c.proposal_id == Proposal.id)
        .where(Proposal.process_id == process_id)
        .order_by(Proposal.number)
        .execution_options(yield_per=BATCH)
    )
    for reference, agree, disagree, passed, total in db.session.execute(statement):
        yield reference, int(agree), int(disagree), int(passed), int(total)


def table_sizes(process_id: int) -> dict[str, int]:
    """Numbers of proposals, comments and distinct voters of the process (two queries)."""
    proposals, voters = db.session.execute(
        select(func.count(func.distinct(Proposal.id)), func.count(func.distinct(Vote.user_id)))
        .select_from(Proposal).outerjoin(Vote, Vote.proposal_id == Proposal.id)
        .where(Proposal.process_id == process_id)).one()
    comments = db.session.scalar(select(func.count(Comment.id)).join(Proposal, Proposal.id == Comment.proposal_id)
                                 .where(Proposal.process_id == process_id))
    return {"proposals": proposals or 0, "comments": comments or 0, "voters": voters or 0}

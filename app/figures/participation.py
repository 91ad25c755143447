"""Participation figures (totals, per day and channel, per district, per pillar) as SQL aggregates.

What is counted ("contributions"):

* proposals: visible ones (not withdrawn, not hidden),
* comments: not deleted and not hidden, on those proposals,
* votes: on those proposals (dated by the first vote; a changed vote is still one vote),
* survey responses: completed responses to non-draft surveys of the process.

Proposals, comments and votes carry the pillar and district of their proposal; a survey response
carries the district its respondent gave and no pillar. So the pillar filter leaves survey
responses out, and the district filter keeps the responses of people who said they live there.

**Participants** are the distinct accounts behind these contributions (who proposed, commented,
voted or completed an account survey) plus every completed anonymous survey response: anonymous
responses cannot be matched to accounts, so a person who also took part with an account may be
counted twice.

Three statements, whatever the amount of data: contributions per channel and day (the timeline);
per pillar and district (from per-proposal counts); and, per account, the pillars and districts it
took part in as bit masks whose bits are summed in the database. The shapes are chosen for SQLite,
which has no hash aggregation and a small page cache (scan the big tables, probe the small ones);
PostgreSQL hashes either way.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import BigInteger, case, cast, func, literal_column, null, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from analysis.report_data import DistrictCount, Participation, PillarCount, TimelinePoint
from app.comments.models import Comment
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal, Vote
from app.surveys.models import Survey, SurveyResponse

CHANNELS = ("proposal", "comment", "vote", "survey")
MASK_BITS = 60  # keys per 64-bit mask column
ZERO = literal_column("0")


class ScanFirstJoin(Join):
    """An inner join whose left table SQLite reads first (rendered as CROSS JOIN there).

    Without it SQLite walks the process's proposals and fetches their votes through the index, one
    random page read per vote; scanning the votes (in index order) and looking each proposal up by
    its key is several times faster. Other databases choose their own plan (PostgreSQL: a hash join).
    """

    inherit_cache = True


@compiles(ScanFirstJoin, "sqlite")
def _cross_join(join, compiler, **kw):
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)


def proposal_scope(process: Process, topic_id: int | None = None, district_id: int | None = None) -> list:
    """WHERE conditions for the counted proposals of `process` (optionally one pillar / district)."""
    conditions = [Proposal.process_id == process.id, Proposal.withdrawn_at.is_(None), Proposal.hidden_at.is_(None)]
    if topic_id is not None:
        conditions.append(Proposal.topic_id == topic_id)
    if district_id is not None:
        conditions.append(Proposal.district_id == district_id)
    return conditions


def _in_scope(column, scope: list):
    """`column` (a proposal id) is one of the counted proposals. `+ 0` keeps SQLite from driving the query
    through the index on `column` (it scans the table and probes the list instead, which is faster)."""
    return (column + 0).in_(select(Proposal.id).where(*scope))


def _visible_comments():
    return Comment.deleted_at.is_(None), Comment.hidden_at.is_(None)


def _responses(process: Process, district_id: int | None) -> list:
    """WHERE conditions for the counted survey responses (FROM survey_responses JOIN surveys)."""
    conditions = [Survey.process_id == process.id, Survey.status != "draft", SurveyResponse.status == "complete"]
    if district_id is not None:
        conditions.append(SurveyResponse.district_id == district_id)
    return conditions


RESPONSES = SurveyResponse.__table__.join(Survey.__table__)


def hour_of(column):
    """The UTC hour of a timestamp column as "YYYY-MM-DD HH" text / a timestamp, per dialect.

    Grouping by UTC hour (not day) lets Python place each hour on its *local* calendar day
    (`local_day`): SQLite has no time zones, and the offset of Europe/Berlin is constant
    within an hour, so the result is exact on both databases, summer time included."""
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("hour", func.timezone(literal_column("'UTC'"), column))
    return func.strftime("%Y-%m-%d %H", column)


def local_day(hour, zone: ZoneInfo) -> date:
    """The local calendar day of a UTC hour from `hour_of`."""
    if not isinstance(hour, datetime):
        hour = datetime.strptime(str(hour)[:13], "%Y-%m-%d %H")
    return hour.replace(tzinfo=UTC).astimezone(zone).date()


def _timeline_rows(process: Process, topic_id: int | None, district_id: int | None):
    """(channel, UTC hour, count) for every channel and hour with contributions."""
    scope = proposal_scope(process, topic_id, district_id)

    def per_day(channel: str, created, *where, source):
        hour = hour_of(created)
        return select(literal_column(f"'{channel}'"), hour, func.count()).select_from(source).where(*where) \
            .group_by(hour)

    parts = [
        per_day("proposal", Proposal.created_at, *scope, source=Proposal),
        per_day("comment", Comment.created_at, _in_scope(Comment.proposal_id, scope), *_visible_comments(),
                source=Comment),
        per_day("vote", Vote.created_at, _in_scope(Vote.proposal_id, scope), source=Vote),
    ]
    if topic_id is None:
        parts.append(per_day("survey", func.coalesce(SurveyResponse.submitted_at, SurveyResponse.started_at),
                             *_responses(process, district_id), source=RESPONSES))
    return db.session.execute(union_all(*parts)).all()


def _breakdown_rows(process: Process, topic_id: int | None, district_id: int | None):
    """(kind, topic_id, district_id, proposals or responses, comments, votes, anonymous responses)."""
    scope = proposal_scope(process, topic_id, district_id)
    votes = (select(Vote.proposal_id, func.count().label("n")).where(_in_scope(Vote.proposal_id, scope))
             .group_by(Vote.proposal_id).subquery("votes_per_proposal"))
    comments = (select(Comment.proposal_id, func.count().label("n"))
                .where(_in_scope(Comment.proposal_id, scope), *_visible_comments())
                .group_by(Comment.proposal_id).subquery("comments_per_proposal"))
    parts = [
        select(literal_column("'p'"), Proposal.topic_id, Proposal.district_id, func.count(),
               func.coalesce(func.sum(comments.c.n), 0), func.coalesce(func.sum(votes.c.n), 0), ZERO)
        .outerjoin(votes, votes.c.proposal_id == Proposal.id).outerjoin(comments, comments.c.proposal_id == Proposal.id)
        .where(*scope).group_by(Proposal.topic_id, Proposal.district_id),
    ]
    if topic_id is None:
        is_anonymous = case((SurveyResponse.user_id.is_(None), literal_column("1")), else_=ZERO)
        anonymous = func.coalesce(func.sum(is_anonymous), 0)
        parts.append(select(literal_column("'s'"), null(), SurveyResponse.district_id, func.count(), ZERO, ZERO,
                            anonymous).select_from(RESPONSES)
                     .where(*_responses(process, district_id)).group_by(SurveyResponse.district_id))
    return db.session.execute(union_all(*parts)).all()


def _bit_masks(column, keys: list[int]) -> list:
    """Per row, one integer per chunk of MASK_BITS keys with the bit of the row's key set (0 otherwise)."""
    masks = []
    for start in range(0, len(keys), MASK_BITS):
        bits = {key: cast(literal_column(str(1 << bit)), BigInteger)
                for bit, key in enumerate(keys[start:start + MASK_BITS])}
        masks.append(case(bits, value=column, else_=cast(ZERO, BigInteger)))
    return masks


def _bit_or(expression):
    """OR of single-bit values per group: PostgreSQL's bit_or; SQLite has none, and there the sum of
    the distinct single-bit values is the same number."""
    if db.engine.dialect.name == "postgresql":
        return func.bit_or(expression)
    return func.sum(expression.distinct())


def _distinct_accounts(process: Process, topic_ids: list[int], district_ids: list[int], topic_id: int | None,
                       district_id: int | None) -> tuple[int, dict[int, int], dict[int, int]]:
    """Distinct accounts overall, per pillar and per district, in one statement: per account (GROUP BY)
    the pillars and districts it took part in as bit masks, then each bit summed over the accounts."""
    scope = proposal_scope(process, topic_id, district_id)
    proposals, comments, votes = Proposal.__table__, Comment.__table__, Vote.__table__
    parts = [
        select(Proposal.author_id.label("user_id"), Proposal.topic_id.label("topic_id"),
               Proposal.district_id.label("district_id")).where(*scope),
        select(Comment.author_id, Proposal.topic_id, Proposal.district_id)
        .select_from(ScanFirstJoin(comments, proposals, proposals.c.id == comments.c.proposal_id))
        .where(*scope, *_visible_comments()),
        select(Vote.user_id, Proposal.topic_id, Proposal.district_id)
        .select_from(ScanFirstJoin(votes, proposals, proposals.c.id == votes.c.proposal_id)).where(*scope),
    ]
    if topic_id is None:
        parts.append(select(SurveyResponse.user_id, null(), SurveyResponse.district_id).select_from(RESPONSES)
                     .where(*_responses(process, district_id), SurveyResponse.user_id.is_not(None)))
    rows = union_all(*parts).subquery("contributions")
    topic_masks, district_masks = _bit_masks(rows.c.topic_id, topic_ids), _bit_masks(rows.c.district_id, district_ids)
    per_account = (select(rows.c.user_id, *[_bit_or(mask).label(f"m{index}")
                                            for index, mask in enumerate(topic_masks + district_masks)])
                   .group_by(rows.c.user_id).subquery("per_account"))
    masks = list(per_account.c)[1:]
    bits = [(masks[i // MASK_BITS], i % MASK_BITS) for i in range(len(topic_ids))]
    bits += [(masks[len(topic_masks) + i // MASK_BITS], i % MASK_BITS) for i in range(len(district_ids))]
    sums = [func.coalesce(func.sum(mask.op(">>")(bit).op("&")(1)), 0) for mask, bit in bits]
    total, *counts = db.session.execute(select(func.count(), *sums).select_from(per_account)).one()
    counts = [int(count) for count in counts]
    return total, dict(zip(topic_ids, counts[:len(topic_ids)])), dict(zip(district_ids, counts[len(topic_ids):]))


def participation(process: Process, *, topic_id: int | None = None, district_id: int | None = None,
                  channel_labels: dict[str, str] | None = None) -> Participation:
    """Totals, the timeline per day and channel, and the breakdowns by district and by pillar.

    `channel_labels` maps channel keys (proposal, comment, vote, survey) to the names shown in the
    timeline (translated by the caller). Districts and pillars come in the process's order; with a
    filter, only the chosen pillar / district is listed.
    """
    labels = channel_labels or {channel: channel for channel in CHANNELS}
    topics = [t for t in process.topics if topic_id is None or t.id == topic_id]
    districts = [d for d in process.districts if district_id is None or d.id == district_id]
    per_day: dict[tuple, int] = defaultdict(int)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    for channel, hour, count in _timeline_rows(process, topic_id, district_id):
        per_day[(local_day(hour, zone), channel)] += count
    totals: dict[str, int] = defaultdict(int)
    by_topic: dict[tuple, int] = defaultdict(int)
    by_district: dict[tuple, int] = defaultdict(int)
    for kind, topic, district, count, comments, votes, anonymous in _breakdown_rows(process, topic_id, district_id):
        channel_counts = {"proposal": count, "comment": comments, "vote": votes} if kind == "p" else \
            {"survey": count, "anonymous": anonymous}
        for channel, number in channel_counts.items():
            totals[channel] += int(number)
            by_topic[(topic, channel)] += int(number)
            by_district[(district, channel)] += int(number)
    accounts, topic_people, district_people = _distinct_accounts(
        process, [t.id for t in topics], [d.id for d in districts], topic_id, district_id)
    return Participation(
        participants=accounts + totals["anonymous"], proposals=totals["proposal"], comments=totals["comment"],
        votes=totals["vote"], survey_responses=totals["survey"],
        timeline=[TimelinePoint(day, labels[channel], count) for (day, channel), count in
                  sorted(per_day.items(), key=lambda item: (item[0][0], CHANNELS.index(item[0][1])))],
        by_district=[DistrictCount(d.name, district_people[d.id] + by_district[(d.id, "anonymous")],
                                   by_district[(d.id, "proposal")]) for d in districts],
        by_pillar=[PillarCount(t.title, topic_people[t.id], by_topic[(t.id, "proposal")],
                               by_topic[(t.id, "comment")], by_topic[(t.id, "vote")]) for t in topics],
    )

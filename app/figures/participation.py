"""Participation figures (totals, per day and channel, per district, per pillar) as SQL aggregates.

What is counted ("contributions"):

* proposals: visible ones (not withdrawn, not hidden) that were not merged into another; merged
  and hidden proposals are counted apart (`merged_proposals`, `hidden_proposals`),
* comments: not deleted and not hidden, on visible proposals (merged ones included),
* votes: on those proposals (dated by the first vote; a changed vote is still one vote),
* survey responses: completed responses to non-draft surveys of the process.

Proposals, comments and votes carry the pillar and district of their proposal; a survey response
carries the district its respondent gave and no pillar. So the pillar filter leaves survey
responses out, and the district filter keeps the responses of people who said they live there.

**Participants** are the distinct accounts behind these contributions (who proposed, commented,
voted or completed an account survey) plus every completed anonymous survey response: anonymous
responses cannot be matched to accounts, so a person who also took part with an account may be
counted twice.

**Per district** the participants who live there – the district an account gave in its latest
survey response, or an anonymous response's own answer – and the proposals located there; a last
row (no filter) holds everyone without a home district and the proposals without a location, so the
rows add up to the totals.

A handful of statements, whatever the amount of data: contributions per channel and day (the
timeline); per pillar and district (from per-proposal counts); per account the pillars it took part
in as bit masks whose bits are summed in the database, and the accounts per home district. The
shapes are chosen for SQLite, which has no hash aggregation and a small page cache (scan the big
tables, probe the small ones); PostgreSQL hashes either way.
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
        per_day("proposal", Proposal.created_at, *scope, Proposal.merged_into_id.is_(None), source=Proposal),
        per_day("comment", Comment.created_at, _in_scope(Comment.proposal_id, scope), *_visible_comments(),
                source=Comment),
        per_day("vote", Vote.created_at, _in_scope(Vote.proposal_id, scope), source=Vote),
    ]
    if topic_id is None:
        parts.append(per_day("survey", func.coalesce(SurveyResponse.submitted_at, SurveyResponse.started_at),
                             *_responses(process, district_id), source=RESPONSES))
    return db.session.execute(union_all(*parts)).all()


def _breakdown_rows(process: Process, topic_id: int | None, district_id: int | None):
    """(kind, topic_id, district_id, proposals (not merged) or responses, comments, votes, anonymous responses,
    merged proposals)."""
    scope = proposal_scope(process, topic_id, district_id)
    votes = (select(Vote.proposal_id, func.count().label("n")).where(_in_scope(Vote.proposal_id, scope))
             .group_by(Vote.proposal_id).subquery("votes_per_proposal"))
    comments = (select(Comment.proposal_id, func.count().label("n"))
                .where(_in_scope(Comment.proposal_id, scope), *_visible_comments())
                .group_by(Comment.proposal_id).subquery("comments_per_proposal"))
    merged = case((Proposal.merged_into_id.is_(None), ZERO), else_=literal_column("1"))
    parts = [
        select(literal_column("'p'"), Proposal.topic_id, Proposal.district_id, func.count() - func.sum(merged),
               func.coalesce(func.sum(comments.c.n), 0), func.coalesce(func.sum(votes.c.n), 0), ZERO,
               func.sum(merged))
        .outerjoin(votes, votes.c.proposal_id == Proposal.id).outerjoin(comments, comments.c.proposal_id == Proposal.id)
        .where(*scope).group_by(Proposal.topic_id, Proposal.district_id),
    ]
    if topic_id is None:
        is_anonymous = case((SurveyResponse.user_id.is_(None), literal_column("1")), else_=ZERO)
        anonymous = func.coalesce(func.sum(is_anonymous), 0)
        parts.append(select(literal_column("'s'"), null(), SurveyResponse.district_id, func.count(), ZERO, ZERO,
                            anonymous, ZERO).select_from(RESPONSES)
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


def _home_districts(process: Process):
    """Per account, the district it gave in its latest completed survey response of the process
    (responses without a district are skipped): a subquery (user_id, district_id, rank), rank 1 = latest."""
    moment = func.coalesce(SurveyResponse.submitted_at, SurveyResponse.started_at)
    rank = func.row_number().over(partition_by=SurveyResponse.user_id,
                                  order_by=(moment.desc(), SurveyResponse.id.desc()))
    return (select(SurveyResponse.user_id.label("user_id"), SurveyResponse.district_id.label("district_id"),
                   rank.label("rank")).select_from(RESPONSES)
            .where(*_responses(process, None), SurveyResponse.user_id.is_not(None),
                   SurveyResponse.district_id.is_not(None))
            .subquery("home_districts"))


def _distinct_accounts(process: Process, topic_ids: list[int], topic_id: int | None,
                       district_id: int | None) -> tuple[int, dict[int, int], dict[int, int]]:
    """Distinct accounts overall and per pillar (one statement: per account (GROUP BY) the pillars it
    took part in as bit masks, then each bit summed over the accounts), and per home district – the
    district an account gave in a survey (a second statement over the same accounts)."""
    scope = proposal_scope(process, topic_id, district_id)
    proposals, comments, votes = Proposal.__table__, Comment.__table__, Vote.__table__
    parts = [
        select(Proposal.author_id.label("user_id"), Proposal.topic_id.label("topic_id")).where(*scope),
        select(Comment.author_id, Proposal.topic_id)
        .select_from(ScanFirstJoin(comments, proposals, proposals.c.id == comments.c.proposal_id))
        .where(*scope, *_visible_comments()),
        select(Vote.user_id, Proposal.topic_id)
        .select_from(ScanFirstJoin(votes, proposals, proposals.c.id == votes.c.proposal_id)).where(*scope),
    ]
    if topic_id is None:
        parts.append(select(SurveyResponse.user_id, null()).select_from(RESPONSES)
                     .where(*_responses(process, district_id), SurveyResponse.user_id.is_not(None)))
    rows = union_all(*parts).subquery("contributions")
    topic_masks = _bit_masks(rows.c.topic_id, topic_ids)
    per_account = (select(rows.c.user_id, *[_bit_or(mask).label(f"m{index}") for index, mask in enumerate(topic_masks)])
                   .group_by(rows.c.user_id).subquery("per_account"))
    masks = list(per_account.c)[1:]
    bits = [(masks[i // MASK_BITS], i % MASK_BITS) for i in range(len(topic_ids))]
    sums = [func.coalesce(func.sum(mask.op(">>")(bit).op("&")(1)), 0) for mask, bit in bits]
    total, *counts = db.session.execute(select(func.count(), *sums).select_from(per_account)).one()
    home = _home_districts(process)
    homes = db.session.execute(
        select(home.c.district_id, func.count()).select_from(per_account)
        .join(home, home.c.user_id == per_account.c.user_id).where(home.c.rank == 1)
        .group_by(home.c.district_id)).all()
    return total, dict(zip(topic_ids, [int(count) for count in counts])), {key: int(n) for key, n in homes}


def _hidden_proposals(process: Process, topic_id: int | None, district_id: int | None) -> int:
    """Proposals hidden by moderation (not withdrawn), counted apart from the visible ones."""
    conditions = [Proposal.process_id == process.id, Proposal.withdrawn_at.is_(None),
                  Proposal.hidden_at.is_not(None)]
    if topic_id is not None:
        conditions.append(Proposal.topic_id == topic_id)
    if district_id is not None:
        conditions.append(Proposal.district_id == district_id)
    return int(db.session.scalar(select(func.count()).select_from(Proposal).where(*conditions)) or 0)


def participation(process: Process, *, topic_id: int | None = None, district_id: int | None = None,
                  channel_labels: dict[str, str] | None = None, no_district_label: str = "") -> Participation:
    """Totals, the timeline per day and channel, and the breakdowns by district and by pillar.

    `channel_labels` maps channel keys (proposal, comment, vote, survey) to the names shown in the
    timeline (translated by the caller). Districts and pillars come in the process's order; with a
    filter, only the chosen pillar / district is listed.

    Per district: the participants who live there (the district they gave in a survey; anonymous
    responses by their own answer) and the (not merged) proposals located there. Without a district
    filter a last row named `no_district_label` holds the participants without a home district and the
    proposals without a location, so the rows add up to the totals. Merged proposals are not in
    `proposals` (their comments and votes are) and are counted in `merged_proposals`; hidden ones
    in `hidden_proposals`.
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
    for kind, topic, district, count, comments, votes, anonymous, merged in _breakdown_rows(
            process, topic_id, district_id):
        channel_counts = {"proposal": count, "comment": comments, "vote": votes, "merged": merged} if kind == "p" \
            else {"survey": count, "anonymous": anonymous}
        for channel, number in channel_counts.items():
            totals[channel] += int(number or 0)
            by_topic[(topic, channel)] += int(number or 0)
            by_district[(district, channel)] += int(number or 0)
    accounts, topic_people, homes = _distinct_accounts(process, [t.id for t in topics], topic_id, district_id)
    participants = accounts + totals["anonymous"]
    rows = [DistrictCount(d.name, homes.get(d.id, 0) + by_district[(d.id, "anonymous")],
                          by_district[(d.id, "proposal")]) for d in districts]
    if district_id is None:
        rows.append(DistrictCount(no_district_label, participants - sum(row.participants for row in rows),
                                  by_district[(None, "proposal")]))
    return Participation(
        participants=participants, accounts=accounts, anonymous_responses=totals["anonymous"],
        merged_proposals=totals["merged"], hidden_proposals=_hidden_proposals(process, topic_id, district_id),
        proposals=totals["proposal"], comments=totals["comment"], votes=totals["vote"],
        survey_responses=totals["survey"],
        timeline=[TimelinePoint(day, labels[channel], count) for (day, channel), count in
                  sorted(per_day.items(), key=lambda item: (item[0][0], CHANNELS.index(item[0][1])))],
        by_district=rows,
        by_pillar=[PillarCount(t.title, topic_people[t.id], by_topic[(t.id, "proposal")],
                               by_topic[(t.id, "comment")], by_topic[(t.id, "vote")]) for t in topics],
    )

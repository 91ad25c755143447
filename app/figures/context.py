"""Representativeness (survey demographics against the admin's reference) and moderation figures."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, extract, func, select

from analysis.report_data import Category, Dimension, LabelCount, Moderation, Representativeness
from app.audit.labels import AUDIT_ACTION_LABELS
from app.audit.models import AuditEntry
from app.extensions import db
from app.figures.models import ReferenceShare
from app.figures.participation import proposal_scope
from app.moderation.labels import FLAG_REASON_LABELS
from app.moderation.models import REASON_VALUES, Flag
from app.moderation.services import PUBLIC_ACTIONS
from app.processes.models import Process
from app.proposals.labels import PROPOSAL_STATUS_LABELS
from app.proposals.models import STATUS_VALUES, Proposal
from app.surveys.models import AGE_GROUPS, Survey, SurveyResponse


def known_categories(process: Process, dimension: str) -> list[tuple[str, str]]:
    """(category key, label) pairs a reference may name: the age groups of the survey's demographic
    question, or the districts of the process (keyed by id)."""
    if dimension == "age_group":
        return [(key, str(label)) for key, label in AGE_GROUPS]
    return [(str(district.id), district.name) for district in process.districts]


def reference_of(process: Process) -> dict[str, list[ReferenceShare]]:
    """The stored reference rows per dimension."""
    rows = db.session.scalars(select(ReferenceShare).where(ReferenceShare.process_id == process.id)
                              .order_by(ReferenceShare.id))
    grouped: dict[str, list[ReferenceShare]] = defaultdict(list)
    for row in rows:
        grouped[row.dimension].append(row)
    return dict(grouped)


def observed(process: Process, dimension: str) -> dict[str, int]:
    """Completed responses to non-draft surveys of the process per category of `dimension`
    (responses without an answer to the demographic question are not counted)."""
    column = SurveyResponse.age_group if dimension == "age_group" else SurveyResponse.district_id
    rows = db.session.execute(
        select(column, func.count()).join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.process_id == process.id, Survey.status != "draft", SurveyResponse.status == "complete",
               column.is_not(None)).group_by(column))
    return {str(key): count for key, count in rows}


def representativeness(process: Process, dimension_names: dict[str, str]) -> Representativeness | None:
    """Observed demographics against the reference, one dimension per entered reference; None without one.

    `dimension_names` holds the translated names of the dimensions (age_group, district)."""
    reference = reference_of(process)
    if not reference:
        return None
    dimensions = []
    for dimension in ("age_group", "district"):
        rows = reference.get(dimension)
        if not rows:
            continue
        shares = {row.category: row.share for row in rows}
        counts = observed(process, dimension)
        categories = [Category(label, counts.get(key, 0), shares[key] / 100)
                      for key, label in known_categories(process, dimension) if key in shares]
        dimensions.append(Dimension(dimension_names[dimension], categories, rows[0].source))
    return Representativeness(dimensions)


def _hours():
    """Hours from a flag to its decision, per dialect."""
    if db.engine.dialect.name == "postgresql":
        return extract("epoch", Flag.resolved_at - Flag.created_at) / 3600.0
    return (func.julianday(Flag.resolved_at) - func.julianday(Flag.created_at)) * 24.0


def median_hours_to_decision(process: Process) -> float | None:
    """Median time from a report to its decision (hide, restore, dismiss) in hours; two queries."""
    decided = (Flag.process_id == process.id, Flag.resolved_at.is_not(None))
    count = db.session.scalar(select(func.count()).select_from(Flag).where(*decided)) or 0
    if not count:
        return None
    hours = _hours()
    middle = db.session.scalars(select(hours).where(*decided).order_by(hours)
                                .offset((count - 1) // 2).limit(2 - count % 2)).all()
    return round(sum(float(value) for value in middle) / len(middle), 1)


def proposal_states(process: Process) -> tuple[dict[str, int], int, int]:
    """From the visible proposals themselves (the source of their statuses): how many have each
    status, how many carry an official answer and how many were merged into another (the rule of
    the public moderation summary, `app.moderation.services.summary`). One query."""
    answered = func.sum(case((func.length(func.coalesce(Proposal.official_answer, "")) > 0, 1), else_=0))
    merged = func.sum(case((Proposal.merged_into_id.is_not(None), 1), else_=0))
    rows = db.session.execute(select(Proposal.status, func.count(), answered, merged)
                              .where(*proposal_scope(process)).group_by(Proposal.status)).all()
    return ({status: int(count) for status, count, _a, _m in rows}, sum(int(a or 0) for _s, _c, a, _m in rows),
            sum(int(m or 0) for _s, _c, _a, m in rows))


def moderation_summary(process: Process) -> Moderation:
    """Reports by reason, moderation actions by kind, the state of the proposals and the median
    decision time. Official answers and merges are counted on the proposals (the same source as
    their statuses: an answer given twice or a merge undone counts once / not at all); the other
    actions come from the audit log."""
    reasons = dict(db.session.execute(select(Flag.reason, func.count()).where(Flag.process_id == process.id)
                                      .group_by(Flag.reason)).all())
    actions = dict(db.session.execute(
        select(AuditEntry.action, func.count())
        .where(AuditEntry.process_id == process.id, AuditEntry.action.in_(PUBLIC_ACTIONS))
        .group_by(AuditEntry.action)).all())
    statuses, answered, merged = proposal_states(process)
    actions.update(answer=answered, merge=merged)
    status_names = {key: str(label) for key, label in PROPOSAL_STATUS_LABELS.items()}
    return Moderation(
        reports_by_reason=[LabelCount(str(FLAG_REASON_LABELS[reason]), reasons.get(reason, 0))
                           for reason in REASON_VALUES],
        actions=[LabelCount(str(AUDIT_ACTION_LABELS[action]), actions.get(action, 0)) for action in PUBLIC_ACTIONS],
        median_hours_to_decision=median_hours_to_decision(process),
        statuses=[LabelCount(status_names[key], statuses[key]) for key in STATUS_VALUES if statuses.get(key)],
        official_answers=answered,
    )

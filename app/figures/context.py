"""Representativeness (survey demographics against the admin's reference) and moderation figures."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import extract, func, select

from analysis.report_data import Category, Dimension, LabelCount, Moderation, Representativeness
from app.audit.labels import AUDIT_ACTION_LABELS
from app.audit.models import AuditEntry
from app.extensions import db
from app.figures.models import ReferenceShare
from app.moderation.labels import FLAG_REASON_LABELS
from app.moderation.models import REASON_VALUES, Flag
from app.moderation.services import PUBLIC_ACTIONS
from app.processes.models import Process
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


def moderation_summary(process: Process) -> Moderation:
    """Reports by reason, moderation actions by kind (from the audit log) and the median decision time."""
    reasons = dict(db.session.execute(select(Flag.reason, func.count()).where(Flag.process_id == process.id)
                                      .group_by(Flag.reason)).all())
    actions = dict(db.session.execute(
        select(AuditEntry.action, func.count())
        .where(AuditEntry.process_id == process.id, AuditEntry.action.in_(PUBLIC_ACTIONS))
        .group_by(AuditEntry.action)).all())
    return Moderation(
        reports_by_reason=[LabelCount(str(FLAG_REASON_LABELS[reason]), reasons.get(reason, 0))
                           for reason in REASON_VALUES],
        actions=[LabelCount(str(AUDIT_ACTION_LABELS[action]), actions.get(action, 0)) for action in PUBLIC_ACTIONS],
        median_hours_to_decision=median_hours_to_decision(process),
    )

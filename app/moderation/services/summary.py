"""The public moderation summary of a process: counts only, never names or texts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.audit.services import action_counts
from app.extensions import db
from app.moderation.models import REASON_VALUES, Flag

PUBLIC_ACTIONS = ("auto_hide", "hide", "confirm_hide", "restore", "dismiss", "lock", "unlock", "curate", "merge",
                  "answer")


@dataclass(frozen=True)
class Summary:
    reports_by_reason: dict[str, int]
    actions: dict[str, int]
    total_reports: int


def process_summary(process_id: int) -> Summary:
    """Reports by reason and moderation actions by kind for one process (user blocks are not per process)."""
    rows = dict(db.session.execute(select(Flag.reason, func.count()).where(Flag.process_id == process_id)
                                   .group_by(Flag.reason)).all())
    by_reason = {reason: rows.get(reason, 0) for reason in REASON_VALUES}
    counts = action_counts(process_id)
    actions = {action: counts.get(action, 0) for action in PUBLIC_ACTIONS}
    return Summary(by_reason, actions, sum(by_reason.values()))

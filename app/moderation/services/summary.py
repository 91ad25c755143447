"""The public moderation summary of a process: counts only, never names or texts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.audit.services import action_counts
from app.extensions import db
from app.moderation.models import REASON_VALUES, Flag
from app.proposals.models import Proposal

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
    actions.update(proposal_answers_and_merges(process_id))
    return Summary(by_reason, actions, sum(by_reason.values()))


def proposal_answers_and_merges(process_id: int) -> dict[str, int]:
    """Official answers and merges counted on the visible proposals themselves – the source of their
    statuses – not on audit entries (an answer set before auditing, or twice, still counts once)."""
    answered = func.sum(case((func.length(func.coalesce(Proposal.official_answer, "")) > 0, 1), else_=0))
    merged = func.sum(case((Proposal.merged_into_id.is_not(None), 1), else_=0))
    answer, merge = db.session.execute(select(answered, merged).where(
        Proposal.process_id == process_id, Proposal.withdrawn_at.is_(None), Proposal.hidden_at.is_(None))).one()
    return {"answer": int(answer or 0), "merge": int(merge or 0)}

"""Factories for moderation tests: reports, process-moderator assignments."""
from __future__ import annotations

from app.core.clock import now
from app.extensions import db
from app.moderation.models import Flag, ProcessModerator


def make_report(item, reporter, reason: str = "spam", details: str | None = None) -> Flag:
    """A report on a proposal or comment (`item`), stored directly (no auto-hiding)."""
    from app.comments.models import Comment
    from app.proposals.models import Proposal

    if isinstance(item, Comment):
        process_id = db.session.get(Proposal, item.proposal_id).process_id
        fields = {"comment_id": item.id}
    else:
        process_id = item.process_id
        fields = {"proposal_id": item.id}
    flag = Flag(reporter_id=reporter.id, process_id=process_id, reason=reason, details=details,
                created_at=now(), **fields)
    db.session.add(flag)
    db.session.commit()
    return flag


def assign_moderator(process, user) -> None:
    db.session.add(ProcessModerator(process_id=process.id, user_id=user.id))
    db.session.commit()

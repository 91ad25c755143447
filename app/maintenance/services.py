"""Retention: delete what the platform no longer needs once the configured periods have passed.

One rule per kind, each with a `RETENTION_*_DAYS` config key (0 switches the rule off); the periods, and why
some things need no rule (tokens, rate-limit counters), are in docs/account-and-retention.md. `purge` runs
every rule in one transaction and returns the count per kind; with `dry_run` it only counts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, exists, func, select

from app.audit.services import clear_details_before, details_before_count, record
from app.auth.models import User
from app.comments.models import Comment
from app.core.clock import now
from app.core.transactions import use_case
from app.extensions import db
from app.notifications.models import Notification
from app.proposals.models import Proposal
from app.surveys.models import SurveyAnswer, SurveyResponse


@dataclass(frozen=True)
class Rule:
    """A kind of data, the config key of its period, and how to count or delete what is past it."""

    kind: str
    config_key: str
    count: Callable[[object], int]
    remove: Callable[[object], int]


def _unconfirmed_accounts(cutoff):
    """Accounts never confirmed, registered before `cutoff`. Unconfirmed accounts cannot take part; one that
    somehow authored something (the demo, the CLI) is left alone."""
    return (User.confirmed_at.is_(None), User.deleted_at.is_(None), User.created_at < cutoff,
            ~exists().where(Proposal.author_id == User.id), ~exists().where(Comment.author_id == User.id))


def _count_unconfirmed(cutoff) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(*_unconfirmed_accounts(cutoff)))


def _remove_unconfirmed(cutoff) -> int:
    ids = db.session.scalars(select(User.id).where(*_unconfirmed_accounts(cutoff))).all()
    if not ids:
        return 0
    # Their unfinished survey drafts go with them; the rest references users with ON DELETE CASCADE/SET NULL.
    _delete_responses(SurveyResponse.user_id.in_(ids), SurveyResponse.status == "draft")
    db.session.execute(delete(User).where(User.id.in_(ids)).execution_options(synchronize_session=False))
    return len(ids)


def _anonymous_drafts(cutoff):
    return (SurveyResponse.user_id.is_(None), SurveyResponse.status == "draft", SurveyResponse.started_at < cutoff)


def _delete_responses(*conditions) -> int:
    ids = select(SurveyResponse.id).where(*conditions).scalar_subquery()
    db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(ids))
                       .execution_options(synchronize_session=False))
    result = db.session.execute(delete(SurveyResponse).where(*conditions).execution_options(synchronize_session=False))
    return result.rowcount or 0


def _count_drafts(cutoff) -> int:
    return db.session.scalar(select(func.count()).select_from(SurveyResponse).where(*_anonymous_drafts(cutoff)))


def _remove_drafts(cutoff) -> int:
    return _delete_responses(*_anonymous_drafts(cutoff))


def _read_notifications(cutoff):
    return (Notification.read_at.is_not(None), Notification.read_at < cutoff)


def _count_notifications(cutoff) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(*_read_notifications(cutoff)))


def _remove_notifications(cutoff) -> int:
    result = db.session.execute(delete(Notification).where(*_read_notifications(cutoff))
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


RULES: tuple[Rule, ...] = (
    Rule("unconfirmed_accounts", "RETENTION_UNCONFIRMED_ACCOUNT_DAYS", _count_unconfirmed, _remove_unconfirmed),
    Rule("anonymous_survey_drafts", "RETENTION_SURVEY_DRAFT_DAYS", _count_drafts, _remove_drafts),
    Rule("read_notifications", "RETENTION_READ_NOTIFICATION_DAYS", _count_notifications, _remove_notifications),
    Rule("audit_details", "RETENTION_AUDIT_DETAILS_DAYS", details_before_count, clear_details_before),
)


def periods() -> dict[str, int]:
    """The configured period in days per kind (0 = the rule is off)."""
    return {rule.kind: int(current_app.config.get(rule.config_key) or 0) for rule in RULES}


@use_case
def purge(dry_run: bool = False) -> dict[str, int]:
    """Apply every retention rule; returns how many items each removed (or would remove, with `dry_run`).

    A rule whose period is 0 is skipped and reports 0. The run itself is audited (counts only)."""
    moment = now()
    done: dict[str, int] = {}
    for rule in RULES:
        days = periods()[rule.kind]
        if days <= 0:
            done[rule.kind] = 0
            continue
        cutoff = moment - timedelta(days=days)
        done[rule.kind] = rule.count(cutoff) if dry_run else rule.remove(cutoff)
    if not dry_run and any(done.values()):
        record(None, "retention_purge", details=", ".join(f"{kind}={count}" for kind, count in done.items()))
    return done




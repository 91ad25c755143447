"""Who may moderate, answer and report: pure predicates over loaded objects.

Process moderators: a process with entries in `process_moderators` is moderated only by those
moderators; a process without entries by every moderator. Admins act everywhere.
"""
from __future__ import annotations

from app.auth.permissions import can_participate, is_admin, is_moderator


def can_moderate(user, process) -> bool:
    """Admins everywhere; moderators in processes they are assigned to (or that have no assignments)."""
    if is_admin(user):
        return True
    if not is_moderator(user):
        return False
    assigned = {entry.user_id for entry in process.moderator_assignments}
    return not assigned or user.id in assigned


def can_answer(user, process) -> bool:
    """Admins set status and official answers; moderators only where the process allows it."""
    if is_admin(user):
        return True
    return bool(process.moderators_may_answer) and can_moderate(user, process)


def can_block(user) -> bool:
    """Blocking users works across processes: moderators and admins."""
    return is_moderator(user)


def item_visible(item) -> bool:
    """A proposal or comment that can still be reported: not hidden, withdrawn or deleted."""
    if getattr(item, "hidden_at", None) is not None:
        return False
    if getattr(item, "withdrawn_at", None) is not None or getattr(item, "deleted_at", None) is not None:
        return False
    return True


def can_report(user, item) -> bool:
    """Confirmed participants report visible proposals and comments by other people."""
    return (can_participate(user) and item_visible(item) and item.author_id != user.id)

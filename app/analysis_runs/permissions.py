"""Who may see analysis runs, start them and edit their themes: pure predicates."""
from __future__ import annotations

from app.auth.permissions import is_admin
from app.moderation.permissions import can_moderate


def can_view_runs(user, process) -> bool:
    """Admins, and moderators of the process (runs list the admin who started them)."""
    return can_moderate(user, process)


def can_start_run(user, process) -> bool:
    """Only admins start an analysis (it costs server time and creates a new version)."""
    return is_admin(user)


def can_edit_themes(user, process) -> bool:
    """Renaming themes and moving submissions between themes: the moderation of the process."""
    return can_moderate(user, process)

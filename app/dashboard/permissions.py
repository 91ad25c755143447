"""Who may see the dashboard, and when the public results page shows results."""
from __future__ import annotations

from datetime import date

from app.auth.permissions import is_admin
from app.processes.models import PhaseKind, Process
from app.processes.phases import process_state


def can_view_dashboard(user) -> bool:
    """The dashboard (with moderation figures) is for the administration."""
    return is_admin(user)


def results_are_public(process: Process, day: date) -> bool:
    """A published process shows its results from the start of its results phase, and after it ended."""
    if not process.published:
        return False
    state = process_state(process, day)
    if state.status == "finished":
        return True
    return state.phase is not None and state.phase.kind == PhaseKind.RESULTS.value

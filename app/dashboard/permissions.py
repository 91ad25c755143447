"""When the public results page shows results (the dashboard itself is for admins: `admin_required`)."""
from __future__ import annotations

from datetime import date

from app.processes.models import PhaseKind, Process
from app.processes.permissions import process_state


def results_are_public(process: Process, day: date) -> bool:
    """A published process shows its results from the start of its results phase, and after it ended."""
    if not process.published:
        return False
    state = process_state(process, day)
    if state.status == "finished":
        return True
    return state.phase is not None and state.phase.kind == PhaseKind.RESULTS.value

"""Who may edit the report draft and who may read the published OParl objects."""
from __future__ import annotations

from datetime import date

from app.auth.permissions import is_admin
from app.processes.models import PhaseKind


def can_edit_report(user) -> bool:
    """Only the administration edits and downloads the report draft."""
    return is_admin(user)


def report_is_public(process, day: date) -> bool:
    """The report's OParl objects (Paper JSON, report PDF, Anlagen CSV) are public once a
    published process has reached its results phase – council information systems fetch
    them without an account. Before that they are a draft for the administration only."""
    return bool(process.published) and any(
        phase.kind == PhaseKind.RESULTS.value and phase.starts_on <= day for phase in process.phases)


def can_read_oparl(user, process, day: date) -> bool:
    return can_edit_report(user) or report_is_public(process, day)

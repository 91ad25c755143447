"""The report's write use cases: saving and resetting the draft (admins, audited, one transaction each).

Both check and validate before they change anything; `@use_case` commits on return and rolls back on
any error, so a refused edit stores nothing and views never roll back.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.audit.services import record
from app.core.clock import now
from app.core.errors import PermissionDenied
from app.core.transactions import use_case
from app.extensions import db
from app.report.drafts import get_or_default_draft, validated
from app.report.models import ReportDraft
from app.report.permissions import can_edit_report


@use_case
def save_draft(process, user, data: dict) -> ReportDraft:
    """Validate and store the report draft of `process` (see `drafts.validated` for `data`); audited."""
    if not can_edit_report(user):
        raise PermissionDenied(_l("Nur die Verwaltung darf den Bericht bearbeiten."))
    fields = validated(data)
    draft = get_or_default_draft(process)
    if draft.id is None:
        db.session.add(draft)
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.updated_at = now()
    draft.updated_by_id = user.id
    record(user, "report_draft_saved", process_id=process.id, item_kind="report_draft",
           details=_summary(fields))
    return draft


@use_case
def reset_draft(process, user) -> ReportDraft:
    """Restore the default Betreff, Antrag and Beratungsfolge (kind, reference, date, Federführung,
    signature, Bezug and the council texts stay)."""
    draft = get_or_default_draft(process)
    data = {"kind": draft.kind, "reference": draft.reference, "report_date": draft.report_date,
            "federfuehrung": draft.federfuehrung, "signature_name": draft.signature_name,
            "signature_role": draft.signature_role, "related_papers": draft.related_papers or [],
            "anlass": draft.anlass, "next_steps": draft.next_steps}
    return save_draft(process, user, data)


def _summary(fields: dict) -> str:
    steps = len(fields["beratungsfolge"]) or "default"
    return (f"kind={fields['kind']}; reference={fields['reference'] or ''}; "
            f"date={fields['report_date'].isoformat() if fields['report_date'] else ''}; "
            f"betreff={'custom' if fields['betreff'] else 'default'}; "
            f"antrag={'custom' if fields['antrag'] else 'default'}; beratungsfolge={steps}")



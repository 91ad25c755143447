"""Report drafts: defaults, validation (translated errors, nothing stored), audit, the edit page."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from analysis.report_model import SEED_COMMITTEES
from app.audit.labels import AUDIT_ACTION_LABELS as ACTION_LABELS
from app.audit.models import AuditEntry
from app.auth.models import User
from app.core.errors import DomainError, PermissionDenied
from app.extensions import db
from app.processes.models import Process
from app.report import drafts, services
from app.report.models import ReportDraft
from tests.auth import factories


def _process(slug):
    return db.session.scalar(select(Process).where(Process.slug == slug))


def _user(role):
    return db.session.scalar(select(User).where(User.email == factories.EMAILS[role]))


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


GOOD = {
    "kind": "beschlussvorlage", "reference": "0123/2026", "report_date": date(2026, 6, 15),
    "betreff": "Engagement-Strategie: Ergebnisse", "antrag": "Die Ratsversammlung beschließt …",
    "beratungsfolge": [
        {"committee": "Hauptausschuss", "date": "2026-08-19", "role": "Vorberatung"},
        {"committee": "", "date": None, "role": "Kenntnisnahme"},  # empty row: ignored
        {"committee": "Ratsversammlung", "date": date(2026, 9, 3), "role": "Entscheidung"},
    ],
}


def test_default_draft_is_not_stored_and_uses_the_seed_committees(app, process):
    with app.app_context():
        draft = drafts.get_or_default_draft(_process(process))
        assert draft.id is None and draft.kind == "mitteilung"
        steps = drafts.consultations(draft)
        assert [step.committee for step in steps] == [*SEED_COMMITTEES, "Ratsversammlung"]
        assert {s.role for s in steps} == {"Kenntnisnahme"}  # a Mitteilung only informs
        draft.kind = "beschlussvorlage"
        steps = drafts.consultations(draft)
        assert steps[-1].role == "Entscheidung" and {s.role for s in steps[:-1]} == {"Vorberatung"}
        assert _count(ReportDraft) == 0


def test_save_draft_stores_cleaned_fields_and_is_audited(app, users, process):
    with app.app_context():
        admin = _user("admin")
        services.save_draft(_process(process), admin, GOOD)
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.kind, draft.reference, draft.report_date) == ("beschlussvorlage", "0123/2026", date(2026, 6, 15))
        assert draft.beratungsfolge == [
            {"committee": "Hauptausschuss", "date": "2026-08-19", "role": "Vorberatung"},
            {"committee": "Ratsversammlung", "date": "2026-09-03", "role": "Entscheidung"},
        ]
        assert draft.updated_by_id == admin.id
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.actor_id, entry.process_id, entry.item_kind) == (
            "report_draft_saved", admin.id, draft.process_id, "report_draft")
        assert "report_draft_saved" in ACTION_LABELS and "export_report" in ACTION_LABELS
        # Saving again updates the one draft of the process.
        services.save_draft(_process(process), admin, {**GOOD, "betreff": "  ", "beratungsfolge": []})
        assert _count(ReportDraft) == 1
        draft = db.session.scalar(select(ReportDraft))
        assert draft.betreff is None and draft.beratungsfolge == []
        assert [s.committee for s in drafts.consultations(draft)][-1] == "Ratsversammlung"


def test_reset_restores_defaults_but_keeps_kind_reference_and_date(app, users, process):
    with app.app_context():
        services.save_draft(_process(process), _user("admin"), GOOD)
        services.reset_draft(_process(process), _user("admin"))
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.kind, draft.reference, draft.report_date) == ("beschlussvorlage", "0123/2026", date(2026, 6, 15))
        assert (draft.betreff, draft.antrag, draft.beratungsfolge) == (None, None, [])
        assert _count(AuditEntry) == 2


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"report_date": "2026-02-30"}, "report_date", "gültiges Datum"),
    ({"beratungsfolge": [{"committee": "Hauptausschuss", "date": "31.12.", "role": "Beratung"}]}, "date_0",
     "gültiges Datum"),
    ({"beratungsfolge": [{"committee": "A", "date": None}, {"committee": " ", "date": "2026-09-03"}]},
     "committee_1", "Gremium an (Zeile 2)"),
    ({"beratungsfolge": [{"committee": "x" * 201, "date": None}]}, "committee_0", "Höchstens 200 Zeichen"),
    ({"beratungsfolge": [{"committee": "A", "role": "Abnicken"}]}, "role_0", "Unbekannte Rolle"),
    ({"beratungsfolge": [{"committee": f"G{n}"} for n in range(31)]}, "beratungsfolge", "Höchstens 30 Gremien"),
    ({"betreff": "x" * 501}, "betreff", "Höchstens 500 Zeichen"),
    ({"antrag": "x" * 10001}, "antrag", "Höchstens 10000 Zeichen"),
    ({"reference": "x" * 41}, "reference", "Höchstens 40 Zeichen"),
    ({"kind": "gesetz"}, "kind", "Unbekannte Art"),
])
def test_bad_input_raises_a_translated_error_and_stores_nothing(app, users, process, change, field, message):
    with app.app_context(), app.test_request_context():
        with pytest.raises(DomainError) as raised:
            services.save_draft(_process(process), _user("admin"), {**GOOD, **change})
        assert raised.value.field == field
        assert message in str(raised.value.message)
        assert _count(ReportDraft) == 0 and _count(AuditEntry) == 0


def test_only_admins_save_drafts(app, users, process):
    with app.app_context():
        with pytest.raises(PermissionDenied):
            services.save_draft(_process(process), _user("moderator"), GOOD)
        assert _count(ReportDraft) == 0

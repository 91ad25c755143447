"""The Kiel demo fills in the operator's details it can honestly know and flags the rest."""
from __future__ import annotations

from app.core.clock import today
from app.demo.legal import seed_kiel_legal
from app.demo.seed import seed_kiel
from app.extensions import db
from app.legal.labels import PLACEHOLDER
from app.legal.models import LegalSetting
from app.legal.queries import easy_language_summary, legal_details
from app.processes.services import find_process


def test_demo_seeds_kiel_details_with_flagged_placeholders_and_keeps_admin_edits(app):
    with app.app_context():
        seed_kiel(today())
        details = legal_details()
        assert details.operator_name == "Landeshauptstadt Kiel"
        assert "Fleethörn 9" in details.operator_address
        assert "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein" in details.supervisory_authority
        # Nothing invented: no phone number, no names, no e-mail addresses of the city.
        assert details.contact_phone == PLACEHOLDER and details.contact_email == PLACEHOLDER
        assert {"representative", "contact_email", "dpo", "feedback_email", "statement_date"} <= set(
            details.incomplete())
        assert "operator_name" not in details.incomplete()
        process = find_process("engagement-strategie")
        assert "Engagement heißt" in easy_language_summary(process.id).text.replace("**", "")
        db.session.get(LegalSetting, "contact_phone").value = "0431 000000"
        db.session.commit()
        seed_kiel_legal(process.id)  # running the demo again keeps what an admin entered
        assert legal_details().contact_phone == "0431 000000"

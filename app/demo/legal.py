"""The Kiel demo's details for the legal pages and its explanation in Leichte Sprache.

Only what is publicly and certainly known about the Landeshauptstadt Kiel is filled in (its name, the
Rathaus address, its web address, the state data protection authority); everything else is a placeholder
"[… einzutragen]" that the admin page flags until the city enters it. Nothing here invents people or numbers.
"""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.legal.labels import PLACEHOLDER
from app.legal.models import EasyLanguageSummary, LegalSetting

KIEL_LEGAL_DETAILS = {
    "operator_name": "Landeshauptstadt Kiel",
    "operator_address": "Rathaus\nFleethörn 9\n24103 Kiel",
    "representative": "den Oberbürgermeister oder die Oberbürgermeisterin [Name von der Stadt einzutragen]",
    "contact_email": PLACEHOLDER,
    "contact_phone": PLACEHOLDER,
    "website": "https://www.kiel.de",
    "content_responsible": PLACEHOLDER,
    "dpo": "Behördliche Datenschutzbeauftragte oder behördlicher Datenschutzbeauftragter der Landeshauptstadt "
           "Kiel\n[Anschrift von der Stadt einzutragen]",
    "dpo_email": PLACEHOLDER,
    "hosting": "[Betreiber und Serverstandort von der Stadt einzutragen]",
    "feedback_email": PLACEHOLDER,
    "conformity": "partial",
    "non_accessible": (
        "Es gibt noch keine Videos in Deutscher Gebärdensprache.\n"
        "Die herunterladbaren Dateien der Berichte (PDF, DOCX, XLSX) sind noch nicht mit Hilfstechnik wie "
        "Bildschirmlesern geprüft.\n"
        "[Ergebnis der Prüfung durch die Stadt einzutragen]"
    ),
}

KIEL_EASY_LANGUAGE = """Die Stadt Kiel will eine Engagement-Strategie machen.

**Engagement** heißt: Menschen helfen freiwillig mit.
Zum Beispiel in einem Verein.
Oder in der Nachbarschaft.
Sie bekommen dafür kein Geld.
Ein anderes Wort dafür ist: Ehrenamt.

Eine **Strategie** ist ein Plan.
In dem Plan steht: So will die Stadt das Engagement stärken.

Die Stadt fragt dafür die Menschen in Kiel.
Sie können Ideen auf-schreiben.
Sie können bei den Ideen von anderen abstimmen.
Es gibt 5 Themen.
Zu jedem Thema können Sie Ideen schreiben.

Am Ende schreibt die Stadt einen Bericht.
Die Ratsversammlung liest den Bericht.
Die Ratsversammlung sind die Politiker und Politikerinnen von Kiel.
Sie entscheiden über den Plan.
"""


def seed_kiel_legal(process_id: int | None) -> None:
    """Fill in the Kiel details that are not set yet (never overwrites what an admin entered), and the
    Leichte-Sprache summary of the demo process if it has none."""
    present = set(db.session.scalars(select(LegalSetting.key)))
    for key, value in KIEL_LEGAL_DETAILS.items():
        if key not in present:
            db.session.add(LegalSetting(key=key, value=value))
    if process_id is not None and db.session.get(EasyLanguageSummary, process_id) is None:
        db.session.add(EasyLanguageSummary(process_id=process_id, text=KIEL_EASY_LANGUAGE))
    db.session.commit()

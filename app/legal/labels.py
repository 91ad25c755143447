"""The operator's details shown on the legal pages: their keys, labels and placeholders, and the names of the
conformity states of the accessibility statement."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# A value the city must still fill in or confirm. Admins see every field that contains it flagged.
PLACEHOLDER = "[von der Stadt einzutragen]"
PLACEHOLDER_MARK = "einzutragen]"

# The Beschwerdestelle für barrierefreie Informationstechnik at the Landesbeauftragte für Menschen mit
# Behinderung Schleswig-Holstein (§ 12e LBGG): the enforcement body for public bodies of the Land and its
# municipalities (the Schlichtungsstelle nach § 16 BGG is the one for federal bodies).
ENFORCEMENT_URL = "https://www.landtag.ltsh.de/beauftragte/beschwerdestelle-fuer-barrieren/"

CONFORMITY_LABELS = {
    "full": _l("vollständig vereinbar"),
    "partial": _l("teilweise vereinbar"),
    "none": _l("nicht vereinbar"),
}


@dataclass(frozen=True)
class SettingField:
    key: str
    label: object
    kind: str = "line"  # line | text | email | url | date | conformity
    max_length: int = 300
    description: object = ""
    default: str = PLACEHOLDER


SETTING_FIELDS = (
    SettingField("operator_name", _l("Name der verantwortlichen Stelle")),
    SettingField("operator_address", _l("Anschrift"), kind="text", max_length=500),
    SettingField("representative", _l("Vertreten durch"),
                 description=_l("Die gesetzliche Vertretung, z. B. die Oberbürgermeisterin oder der "
                                "Oberbürgermeister.")),
    SettingField("contact_email", _l("E-Mail-Adresse für Anfragen"), kind="email", max_length=254),
    SettingField("contact_phone", _l("Telefon"), max_length=60),
    SettingField("website", _l("Internetseite der Stelle"), kind="url", max_length=300),
    SettingField("content_responsible", _l("Verantwortlich für den Inhalt"), max_length=300,
                 description=_l("Name und Anschrift der für den Inhalt verantwortlichen Person oder Stelle.")),
    SettingField("dpo", _l("Datenschutzbeauftragte oder Datenschutzbeauftragter"), kind="text", max_length=500,
                 description=_l("Name oder Funktion und Anschrift.")),
    SettingField("dpo_email", _l("E-Mail-Adresse der oder des Datenschutzbeauftragten"), kind="email",
                 max_length=254),
    SettingField("hosting", _l("Technischer Betrieb (Auftragsverarbeitung)"), kind="text", max_length=500,
                 description=_l("Wer die Plattform im Auftrag betreibt und wo die Server stehen.")),
    SettingField("supervisory_authority", _l("Datenschutz-Aufsichtsbehörde"), kind="text", max_length=500,
                 default="Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD)\n"
                         "Holstenstraße 98\n24103 Kiel\nhttps://www.datenschutzzentrum.de"),
    SettingField("retention_note", _l("Ergänzungen zu den Speicherfristen"), kind="text", max_length=2000,
                 default="", description=_l("Optional: Fristen aus der Aktenordnung der Stadt.")),
    SettingField("feedback_email", _l("E-Mail-Adresse für Rückmeldungen zur Barrierefreiheit"), kind="email",
                 max_length=254, description=_l("Meldungen aus dem Kontaktformular gehen an diese Adresse; sie "
                                                "werden außerdem in der Verwaltung gespeichert.")),
    SettingField("conformity", _l("Stand der Vereinbarkeit"), kind="conformity", default="partial"),
    SettingField("non_accessible", _l("Nicht barrierefreie Inhalte"), kind="text", max_length=5000,
                 description=_l("Eine Zeile pro Inhalt, mit Begründung und barrierefreier Alternative.")),
    SettingField("assessment_method", _l("Grundlage der Bewertung"), kind="text", max_length=1000,
                 default="Selbstbewertung: automatische Prüfung jeder Seite mit axe-core in einem echten Browser "
                         "und Prüfung von Hand mit Tastatur und Bildschirmleser."),
    SettingField("assessment_date", _l("Datum der Bewertung"), kind="date", default=""),
    SettingField("statement_date", _l("Datum der Erklärung"), kind="date", default=""),
)
FIELDS_BY_KEY = {field.key: field for field in SETTING_FIELDS}


def needs_input(value: str) -> bool:
    """True if the value is empty or still holds a placeholder the city has to replace."""
    return not value.strip() or PLACEHOLDER_MARK in value

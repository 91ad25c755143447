"""Names shown for moderation: flag reasons, the queue's actions and the kinds of moderated item.

A *flag* is a participant's report of a proposal or comment (table `reports`); the council report is
`app.report`.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

FLAG_REASON_LABELS = {
    "spam": _l("Spam oder Werbung"),
    "insult": _l("Beleidigend oder hasserfüllt"),
    "off_topic": _l("Gehört nicht zum Thema"),
    "personal_data": _l("Enthält persönliche Daten"),
    "illegal": _l("Rechtswidriger Inhalt"),
    "other": _l("Anderer Grund"),
}
MODERATION_ACTION_LABELS = {
    "hide": _l("Ausblenden"),
    "confirm": _l("Ausblendung bestätigen"),
    "restore": _l("Wiederherstellen"),
    "dismiss": _l("Meldungen verwerfen"),
}
MODERATED_ITEM_LABELS = {"proposal": _l("Vorschlag"), "comment": _l("Kommentar")}

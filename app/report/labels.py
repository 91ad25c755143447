"""Translated names of the report draft's choices: the kind of the Vorlage and the committees' roles."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REPORT_KIND_LABELS = {
    "mitteilung": _l("Geschäftliche Mitteilung"),
    "beschlussvorlage": _l("Beschlussvorlage"),
}
# Roles of a committee in the Beratungsfolge. The keys are the terms of the Kiel council
# information system (ALLRIS); OParl's `authoritative` is true for "Entscheidung".
CONSULTATION_ROLE_LABELS = {
    "Kenntnisnahme": _l("Kenntnisnahme"),
    "Vorberatung": _l("Vorberatung"),
    "Beratung": _l("Beratung"),
    "Entscheidung": _l("Entscheidung"),
}

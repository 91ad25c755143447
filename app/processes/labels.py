"""Translated names of process values, for forms and pages."""
from flask_babel import lazy_gettext as _l

from app.processes.models import PhaseKind

PHASE_LABELS = {
    PhaseKind.INFORMATION.value: _l("Information"),
    PhaseKind.PARTICIPATION.value: _l("Beteiligung"),
    PhaseKind.EVALUATION.value: _l("Auswertung"),
    PhaseKind.RESULTS.value: _l("Ergebnisse"),
}

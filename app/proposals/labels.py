"""Translated labels for statuses, sort orders and votes (German source strings)."""
from flask_babel import lazy_gettext as _l

PROPOSAL_STATUS_LABELS = {
    "submitted": _l("Eingereicht"),
    "under_review": _l("In Prüfung"),
    "accepted": _l("Angenommen"),
    "partly_accepted": _l("Teilweise angenommen"),
    "rejected": _l("Abgelehnt"),
    "implemented": _l("Umgesetzt"),
    "merged": _l("Zusammengeführt"),
}

PROPOSAL_SORT_LABELS = {
    "relevance": _l("Relevanz (ohne Suche: neueste zuerst)"),
    "newest": _l("Neueste zuerst"),
    "agreed": _l("Meiste Zustimmung"),
    "discussed": _l("Meistdiskutiert"),
    "random": _l("Zufällige Reihenfolge"),
}

PROPOSAL_VOTE_LABELS = {
    "agree": _l("Zustimmen"),
    "disagree": _l("Ablehnen"),
    "pass": _l("Enthalten"),
}

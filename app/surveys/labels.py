"""Translated labels of survey values: statuses, audiences, question kinds, demographic questions.

The names of the kinds and the demographic questions are interface text (translated); the default
Likert labels are questionnaire content and stay in `kinds.py`.
"""
from flask_babel import lazy_gettext as _l

SURVEY_STATUS_LABELS = {
    "draft": _l("Entwurf (nicht öffentlich)"),
    "open": _l("Geöffnet (nimmt in ihrer Phase Antworten an)"),
    "closed": _l("Geschlossen (keine neuen Antworten)"),
}
SURVEY_AUDIENCE_LABELS = {
    "accounts": _l("Bestätigte Konten: eine Antwort pro Konto, Zwischenspeichern möglich"),
    "anonymous": _l("Anonym ohne Konto: eine Antwort pro Browser, keine personenbezogenen Daten"),
}
QUESTION_KIND_LABELS = {
    "single_choice": _l("Einfachauswahl"),
    "multiple_choice": _l("Mehrfachauswahl"),
    "likert": _l("Likert-Skala (5 Stufen)"),
    "scale": _l("Skala von 0 bis 10"),
    "ranking": _l("Rangfolge"),
    "short_text": _l("Kurzer Text"),
    "long_text": _l("Langer Text"),
    "number": _l("Zahl"),
    "date": _l("Datum"),
    "matrix": _l("Matrix (Zeilen × eine Skala)"),
}
DEMOGRAPHIC_LABELS = {
    "age_group": _l("Altersgruppe"),
    "gender": _l("Geschlecht"),
    "district": _l("Stadtteil, in dem Sie wohnen"),
}
# The label of the builder's choices field, for the kinds whose choices are not plain answers.
CHOICES_FIELD_LABELS = {
    "likert": _l("Die fünf Stufen (eine pro Zeile, von Ablehnung bis Zustimmung)"),
    "matrix": _l("Spalten der Skala (eine pro Zeile)"),
    "ranking": _l("Einträge, die in eine Reihenfolge gebracht werden (einer pro Zeile)"),
}

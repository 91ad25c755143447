"""The columns of every export, with their translated headers and explanations.

One list per table serves three purposes: the header row (XLSX, translated; open data, the stable
machine name `key`), how a cell is written (`kind`), and the column explanations on the XLSX "Info"
sheet and on the open-data page.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.exports.pseudonyms import KEY_LENGTH


@dataclass(frozen=True)
class Column:
    key: str  # machine name: open-data header and JSON key
    header: str  # translated header of the XLSX sheet
    kind: str  # text, int, date, datetime, bool, any (a number or the suppression mark "< 5")
    description: str


def _author() -> Column:
    return Column("author_key", _("Autor-Schlüssel"), "text",
                  _("Pseudonym der Verfasserin oder des Verfassers (%(length)d Zeichen): gleich für dieselbe Person "
                    "innerhalb dieses Prozesses, ohne Namen, E-Mail-Adresse oder Konto-Nummer.", length=KEY_LENGTH))


def admin_proposal_columns() -> list[Column]:
    """Sheet "Vorschläge" (all proposals, including hidden and withdrawn ones)."""
    return [
        Column("reference", _("Referenz"), "text", _("Zitierfähige Nummer des Vorschlags, z. B. ENG-2026-0042.")),
        Column("title", _("Titel"), "text", _("Titel des Vorschlags.")),
        Column("body", _("Text"), "text", _("Text des Vorschlags (Markdown).")),
        Column("pillar", _("Säule"), "text", _("Thema (Säule) des Prozesses.")),
        Column("district", _("Stadtteil"), "text", _("Stadtteil, falls angegeben.")),
        Column("status", _("Status"), "text", _("Bearbeitungsstand.")),
        Column("created", _("Eingereicht am"), "datetime", _("Zeitpunkt der Einreichung (Ortszeit).")),
        Column("agree", _("Zustimmung"), "int", _("Anzahl der Stimmen „Zustimmen“.")),
        Column("disagree", _("Ablehnung"), "int", _("Anzahl der Stimmen „Ablehnen“.")),
        Column("pass", _("Enthaltung"), "int", _("Anzahl der Stimmen „Enthalten“.")),
        Column("comments", _("Kommentare"), "int", _("Anzahl der Kommentare (ohne gelöschte).")),
        Column("official_answer", _("Offizielle Antwort"), "text", _("Antwort der Verwaltung.")),
        Column("answered", _("Beantwortet am"), "datetime", _("Zeitpunkt der offiziellen Antwort.")),
        Column("hidden", _("Ausgeblendet"), "bool", _("Von der Moderation ausgeblendet (WAHR/FALSCH).")),
        Column("withdrawn", _("Zurückgezogen"), "bool", _("Von der Verfasserin oder dem Verfasser zurückgezogen.")),
        Column("merged_into", _("Zusammengeführt in"), "text",
               _("Referenz des Vorschlags, in den dieser zusammengeführt wurde (leer: nicht zusammengeführt).")),
        _author(),
    ]


def admin_comment_columns() -> list[Column]:
    """Sheet "Kommentare" (all comments, including hidden and deleted ones)."""
    return [
        Column("id", _("Kommentar-Nr."), "int", _("Nummer des Kommentars.")),
        Column("proposal", _("Vorschlag"), "text", _("Referenz des kommentierten Vorschlags.")),
        Column("parent_id", _("Antwort auf"), "int", _("Nummer des Kommentars, auf den geantwortet wird (leer: "
                                                      "Kommentar direkt zum Vorschlag).")),
        Column("depth", _("Ebene"), "int", _("0 = Kommentar zum Vorschlag, 1 = Antwort, "
                                              "2 = Antwort auf eine Antwort.")),
        Column("alignment", _("Haltung"), "text", _("Haltung zum Vorschlag: Dafür, Dagegen oder Neutral / Frage.")),
        Column("body", _("Text"), "text", _("Text des Kommentars (leer, wenn gelöscht).")),
        Column("created", _("Datum"), "datetime", _("Zeitpunkt des Kommentars (Ortszeit).")),
        Column("up", _("Hilfreich"), "int", _("Anzahl der Bewertungen „hilfreich“.")),
        Column("down", _("Nicht hilfreich"), "int", _("Anzahl der Bewertungen „nicht hilfreich“.")),
        Column("hidden", _("Ausgeblendet"), "bool", _("Von der Moderation ausgeblendet (WAHR/FALSCH).")),
        Column("deleted", _("Gelöscht"), "bool", _("Von der Verfasserin oder dem Verfasser gelöscht.")),
        _author(),
    ]


def vote_columns() -> list[Column]:
    """Sheet "Stimmen": votes counted per proposal, never per person."""
    return [
        Column("reference", _("Referenz"), "text", _("Referenz des Vorschlags.")),
        Column("agree", _("Zustimmung"), "int", _("Stimmen „Zustimmen“.")),
        Column("disagree", _("Ablehnung"), "int", _("Stimmen „Ablehnen“.")),
        Column("pass", _("Enthaltung"), "int", _("Stimmen „Enthalten“.")),
        Column("total", _("Gesamt"), "int", _("Alle Stimmen zu diesem Vorschlag.")),
    ]


def open_proposal_columns() -> list[Column]:
    """proposals.csv / proposals.json."""
    return [
        Column("reference", _("Referenz"), "text", _("Zitierfähige Nummer des Vorschlags, z. B. ENG-2026-0042.")),
        Column("url", _("Adresse"), "text", _("Adresse des Vorschlags auf dieser Plattform.")),
        Column("title", _("Titel"), "text", _("Titel des Vorschlags.")),
        Column("body", _("Text"), "text", _("Text des Vorschlags (Markdown).")),
        Column("pillar", _("Säule"), "text", _("Thema (Säule) des Prozesses.")),
        Column("district", _("Stadtteil"), "text", _("Stadtteil, falls angegeben.")),
        Column("status", _("Status"), "text", _("Bearbeitungsstand als Schlüssel (siehe Liste unten).")),
        Column("created", _("Eingereicht am"), "date", _("Tag der Einreichung (JJJJ-MM-TT).")),
        Column("answered", _("Beantwortet am"), "date", _("Tag der offiziellen Antwort (JJJJ-MM-TT).")),
        Column("agree", _("Zustimmung"), "int", _("Anzahl der Stimmen „Zustimmen“.")),
        Column("disagree", _("Ablehnung"), "int", _("Anzahl der Stimmen „Ablehnen“.")),
        Column("pass", _("Enthaltung"), "int", _("Anzahl der Stimmen „Enthalten“.")),
        Column("comments", _("Kommentare"), "int", _("Anzahl der veröffentlichten Kommentare (wie in comments.csv).")),
        Column("official_answer", _("Offizielle Antwort"), "text", _("Antwort der Verwaltung.")),
        Column("merged_into", _("Zusammengeführt in"), "text",
               _("Referenz des Vorschlags, in den dieser zusammengeführt wurde.")),
    ]


def open_comment_columns() -> list[Column]:
    """comments.csv / comments.json."""
    return [
        Column("proposal", _("Vorschlag"), "text", _("Referenz des kommentierten Vorschlags.")),
        Column("id", _("Kommentar-Nr."), "int", _("Nummer des Kommentars.")),
        Column("parent_id", _("Antwort auf"), "int",
               _("Nummer des Kommentars, auf den geantwortet wird (leer: Kommentar direkt zum Vorschlag oder "
                 "Antwort auf einen ausgeblendeten Kommentar). Ein gelöschter Kommentar fehlt in der Datei.")),
        Column("depth", _("Ebene"), "int", _("0 = Kommentar zum Vorschlag, 1 = Antwort, "
                                              "2 = Antwort auf eine Antwort.")),
        Column("alignment", _("Haltung"), "text", _("pro (dafür), contra (dagegen) oder neutral.")),
        Column("body", _("Text"), "text", _("Text des Kommentars (Markdown).")),
        Column("created", _("Datum"), "date", _("Tag des Kommentars (JJJJ-MM-TT).")),
    ]


def open_survey_columns() -> list[Column]:
    """survey-results.csv / survey-results.json: one row per question and answer option."""
    return [
        Column("survey_id", _("Umfrage-Nr."), "int", _("Nummer der Umfrage.")),
        Column("survey", _("Umfrage"), "text", _("Titel der Umfrage.")),
        Column("question_number", _("Frage-Nr."), "int",
               _("Nummer der Frage in der Umfrage (leer: Angaben zur Person).")),
        Column("question", _("Frage"), "text", _("Text der Frage.")),
        Column("kind", _("Fragetyp"), "text", _("Fragetyp als Schlüssel, z. B. single_choice, likert, scale.")),
        Column("respondents", _("Antwortende"), "any", _("Zahl der Personen, die die Frage beantwortet haben.")),
        Column("row", _("Zeile"), "text", _("Zeile einer Matrixfrage (sonst leer).")),
        Column("option", _("Antwortmöglichkeit"), "text", _("Antwortmöglichkeit (leer bei Kennzahlen).")),
        Column("measure", _("Kennzahl"), "text",
               _("count = Anzahl, first_place = Anzahl auf Rang 1, mean = Mittelwert, median = Median, "
                 "average_rank = mittlerer Rang, suppressed = zu wenige Antworten.")),
        Column("value", _("Wert"), "any", _("Die Zahl; „< 5“ steht für 1 bis 4 Personen.")),
        Column("percent", _("Prozent"), "any", _("Anteil an den Antwortenden in Prozent (bei Anzahlen).")),
    ]

"""Translated labels for the keys an analysis run stores (status, stage, notes, kinds)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

RUN_STATUS_LABELS = {
    "queued": _l("wartet"),
    "running": _l("läuft"),
    "finished": _l("fertig"),
    "failed": _l("fehlgeschlagen"),
    "aborted": _l("abgebrochen"),
}

STAGE_LABELS = {
    "queued": _l("Wartet auf den Start"),
    "collect": _l("Beiträge werden gesammelt"),
    "themes": _l("Themen werden gebildet"),
    "themes_filter": _l("Kurze Reaktionen und Standardantworten werden erkannt"),
    "themes_embed": _l("Beiträge werden verglichen"),
    "themes_cluster": _l("Themen werden gebildet"),
    "themes_label": _l("Themen werden benannt"),
    "themes_quotes": _l("Zitate werden ausgewählt"),
    "projection": _l("Themenkarte wird berechnet"),
    "duplicates": _l("Ähnliche Vorschläge werden gesucht"),
    "opinions": _l("Meinungsgruppen werden gebildet"),
    "save": _l("Ergebnisse werden gespeichert"),
    "done": _l("Abgeschlossen"),
    "failed": _l("Abgebrochen"),
}

# Why a part of a finished run has no result (stored as keys in run.results["notes"]).
NOTE_LABELS = {
    "no_texts": _l("Es gibt noch keine Beiträge mit Text; es konnten keine Themen gebildet werden."),
    "no_words": _l("Die Beiträge enthalten zu wenige aussagekräftige Wörter, um Themen zu bilden."),
    "no_substance": _l("Alle Beiträge sind kurze Reaktionen oder wiederkehrende Standardantworten ohne eigenen "
                       "Inhalt; es wurden keine Themen gebildet. Sie zählen trotzdem als Beteiligung."),
    "too_many_themes": _l("Für die gewählte Anzahl an Themen gibt es zu wenige Beiträge (jedes Thema braucht "
                          "mindestens zwei); bitte wählen Sie weniger Themen oder „auto“."),
    "few_proposals": _l("Für die Suche nach ähnlichen Vorschlägen braucht es mindestens zwei Vorschläge."),
    "no_votes": _l("Es gibt noch keine Stimmen; Meinungsgruppen können nicht gebildet werden."),
    "few_voters": _l("Zu wenige Personen haben über genug Vorschläge abgestimmt (mindestens vier mit "
                     "der eingestellten Mindestzahl an Stimmen); es wurden keine Meinungsgruppen gebildet."),
    "identical_votes": _l("Alle Abstimmenden haben gleich abgestimmt; es lassen sich keine Meinungsgruppen "
                          "unterscheiden."),
    "no_data": _l("Für diesen Teil gab es nicht genug Daten."),
}

ERROR_MESSAGES = {
    "failed": _l("Die Analyse ist mit einem Fehler abgebrochen. Der Fehler wurde protokolliert; bitte starten "
                 "Sie eine neue Analyse oder wenden Sie sich an den Betrieb."),
    "aborted": _l("Die Analyse hat sich länger als 30 Minuten nicht gemeldet (zum Beispiel nach einem Neustart "
                  "des Servers) und gilt als abgebrochen. Sie können eine neue Analyse starten."),
}

# Why a submission was kept out of the themes (AnalysisItem.exclusion); it still counts as participation.
EXCLUSION_LABELS = {
    "no_words": _l("Beiträge ohne aussagekräftige Wörter"),
    "short": _l("kurze Reaktionen ohne eigenen Inhalt (zum Beispiel Zustimmung oder Dank)"),
    "stock_reply": _l("wiederkehrende Standardantworten (dieselbe Floskel unter vielen Beiträgen)"),
}



def exclusion_sentence(excluded: dict[str, int]) -> str:
    """One sentence on the submissions kept out of the themes and why ("" when none were), for the
    dashboard and the results page; `excluded` maps a reason of EXCLUSION_LABELS to a count."""
    from flask_babel import format_number, ngettext

    parts = [f"{format_number(count)} {EXCLUSION_LABELS.get(reason, reason)}"
             for reason, count in sorted(excluded.items()) if count > 0]
    if not parts:
        return ""
    total = sum(excluded.values())
    return ngettext("%(total)s Beitrag ist nicht in die Themen eingeflossen, weil er keinen eigenen Inhalt hat "
                    "(%(reasons)s); er zählt trotzdem als Beteiligung.",
                    "%(total)s Beiträge sind nicht in die Themen eingeflossen, weil sie keinen eigenen Inhalt haben "
                    "(%(reasons)s); sie zählen trotzdem als Beteiligung.",
                    total, total=format_number(total), reasons="; ".join(parts))


SUBMISSION_KIND_LABELS = {"proposal": _l("Vorschlag"), "comment": _l("Kommentar"), "survey": _l("Umfrageantwort")}
DIRECTION_LABELS = {"agree": _l("Zustimmung"), "disagree": _l("Ablehnung")}
PARAMETER_LABELS = {
    "k": _l("Themen je Säule"),
    "duplicate_threshold": _l("Schwelle für Duplikate"),
    "min_votes": _l("Mindeststimmen je Person"),
}


def group_name(index: int) -> str:
    """Opinion groups are named A, B, C … (by size)."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)

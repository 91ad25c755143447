"""Labels and number formats for reports and dashboards.

The app passes its own (translated) labels; anything it leaves out falls back to
``GERMAN_LABELS`` so the CLI and the tests work without the app. ``ENGLISH_LABELS``
exists for English-speaking readers of a report and as an example of a complete set.
"""

from __future__ import annotations

from collections.abc import Mapping

GERMAN_LABELS: dict[str, str] = {
    "_language": "de", "_thousands": ".", "_decimal": ",", "_percent": "{} %", "_date_tick": "%d.%m.",
    "betreff": "Betreff", "beratungsfolge": "Beratungsfolge", "antrag": "Antrag",
    "antrag_beschlussvorlage": "Beschlussvorschlag", "sachverhalt": "Sachverhalt/Begründung",
    "anlagen": "Anlagen", "anlage": "Anlage {number}: {title}", "draft": "Entwurf",
    "reference": "Drucksache", "date": "Datum", "process": "Beteiligungsverfahren",
    "committee": "Gremium", "meeting_date": "Sitzungstermin", "role": "Rolle", "open_date": "offen",
    "default_antrag": "Die Ratsversammlung nimmt die Ergebnisse des Beteiligungsprozesses „{title}“ "
                      "zur Kenntnis und beauftragt die Verwaltung, auf ihrer Grundlage die "
                      "Engagement-Strategie zu erarbeiten und der Ratsversammlung vorzulegen.",
    "default_betreff": "Ergebnisse des Beteiligungsprozesses „{title}“",
    "sec_process": "Der Beteiligungsprozess und seine Phasen", "phase": "Phase", "from": "von", "to": "bis",
    "description": "Beschreibung", "phases_caption": "Phasen des Beteiligungsprozesses",
    "sec_figures": "Beteiligung in Zahlen", "figure": "Kennzahl", "count": "Anzahl",
    "participants": "Teilnehmende", "proposals": "Vorschläge", "comments": "Kommentare", "votes": "Stimmen",
    "survey_responses": "Umfrageantworten", "totals_caption": "Beteiligung insgesamt",
    "totals_text": "{participants} Personen haben sich beteiligt: {proposals} Vorschläge, "
                   "{comments} Kommentare, {votes} Stimmen und {survey_responses} Umfrageantworten.",
    "timeline_caption": "Beteiligung im Zeitverlauf nach Kanal", "day": "Tag", "channel": "Kanal",
    "contributions": "Beiträge", "district": "Stadtteil", "district_caption": "Beteiligung nach Stadtteil",
    "pillar": "Säule", "pillar_caption": "Beteiligung nach Säule",
    "sec_pillars": "Ergebnisse nach Säulen", "theme": "Thema", "size": "Beiträge", "quotes": "Beispiele",
    "themes_caption": "Themen der Säule „{pillar}“", "top_caption": "Vorschläge mit der meisten Zustimmung – {pillar}",
    "ref": "Nr.", "title": "Titel", "agree": "Zustimmung", "disagree": "Ablehnung", "pass": "Enthaltung",
    "status": "Status", "answer": "Stellungnahme der Verwaltung", "no_answer": "noch keine Stellungnahme",
    "quote": "„{text}“ ({ref})", "answer_text": "{ref} – {title}: {answer}",
    "no_themes": "Für diese Säule liegen noch keine Themen vor.",
    "sec_opinions": "Meinungsgruppen und Konsens", "group": "Gruppe {id}", "group_size": "Personen",
    "statement": "Aussage", "direction": "Richtung", "agree_ratio": "Zustimmungsanteil",
    "direction_agree": "Zustimmung", "direction_disagree": "Ablehnung",
    "groups_caption": "Größe der Meinungsgruppen", "group_statements_caption": "Was {group} auszeichnet",
    "consensus_caption": "Konsens: Aussagen, denen alle Gruppen mehrheitlich zustimmen oder die alle ablehnen",
    "groups_suppressed": "{n} Gruppe(n) mit weniger als {minimum} Personen werden nicht gezeigt.",
    "no_consensus": "Es gibt keine Aussage, bei der alle Gruppen übereinstimmen.",
    "opinion_statement_quote": "„{text}“ ({ref})",
    "opinion_evidence": "{inside} Zustimmung in der Gruppe, {outside} außerhalb; {votes} Stimmen in der Gruppe",
    "opinion_group_size": "{group} umfasst {size} Personen.",
    "opinion_group_agrees": "Am deutlichsten hebt sie sich von den übrigen Abstimmenden durch Zustimmung zu "
                            "{statement} ab ({evidence}).",
    "opinion_group_disagrees": "Deutlich häufiger als die übrigen lehnt sie {statement} ab ({evidence}).",
    "opinion_group_nothing": "Keine Aussage unterscheidet sie statistisch deutlich von den übrigen Abstimmenden.",
    "opinion_counts": "Von {considered} Personen, die über Vorschläge abgestimmt haben, sind {placed} einer "
                      "von {groups} Meinungsgruppen zugeordnet.",
    "opinion_unplaced": "{n} Personen haben über weniger als {min_votes} Vorschläge abgestimmt und sind keiner "
                        "Gruppe zugeordnet.",
    "opinion_hidden": "Zu {groups} Gruppe(n) mit weniger als {minimum} Personen gehören {n} Personen; diese "
                      "Gruppen werden zum Schutz der Beteiligten nicht gezeigt.",
    "opinion_consensus_rule": "Als Konsens gilt eine Aussage nur, wenn alle Gruppen ihr mehrheitlich zustimmen "
                              "(oder sie alle ablehnen), in jeder Gruppe mindestens {per_group} Personen über "
                              "sie abgestimmt haben und insgesamt mindestens {share} der zugeordneten Personen.",
    "opinion_reason_no_run": "Es liegt noch keine abgeschlossene Analyse vor; Meinungsgruppen wurden noch "
                             "nicht gebildet.",
    "opinion_reason_no_votes": "Es gibt noch keine Stimmen zu Vorschlägen; daher können keine Meinungsgruppen "
                               "gebildet werden.",
    "opinion_reason_few_voters": "Es wurden keine Meinungsgruppen gebildet, weil weniger als vier Personen "
                                 "über genug Vorschläge abgestimmt haben.",
    "opinion_reason_identical_votes": "Es wurden keine Meinungsgruppen gebildet, weil alle Abstimmenden gleich "
                                      "abgestimmt haben.",
    "opinion_reason_small_groups": "Es ergaben sich nur Gruppen mit weniger als {minimum} Personen; sie werden "
                                   "zum Schutz der Beteiligten nicht gezeigt.",
    "opinion_share_in_group": "Zustimmung in der Gruppe",
    "opinion_share_outside": "Zustimmung außerhalb",
    "opinion_votes": "Stimmen in der Gruppe",
    "opinion_votes_total": "Stimmen insgesamt",
    "opinion_votes_smallest": "Stimmen in der kleinsten Gruppe",
    "opinion_agree_caption": "{group}: Aussagen, denen sie deutlich häufiger zustimmt als die übrigen",
    "opinion_disagree_caption": "{group}: Aussagen, die sie deutlich häufiger ablehnt als die übrigen",
    "sec_surveys": "Ergebnisse der Umfragen", "answer_option": "Antwort", "share": "Anteil",
    "survey_text": "{responses} Personen haben die Umfrage beantwortet.", "mean": "Mittelwert: {mean}",
    "mean_value": "Mittelwert", "answers": "Antworten", "value": "Wert",
    "question_suppressed": "Die Frage „{question}“ wurde von weniger als {minimum} Personen beantwortet "
                           "und wird nicht ausgewertet.",
    "sec_representativeness": "Repräsentativität und ihre Grenzen", "category": "Gruppe",
    "observed_share": "Anteil Beteiligte", "reference_share": "Anteil Bevölkerung", "difference": "Differenz",
    "representativeness_caption": "{dimension}: Beteiligte und Bevölkerung", "source": "Quelle: {source}",
    "default_limits": "Die Beteiligung ist freiwillig und nicht repräsentativ. Angaben zu Alter und Stadtteil "
                      "sind freiwillig und unvollständig; wer online teilnimmt, ist nicht zwangsläufig typisch "
                      "für die Kieler Bevölkerung. Die Ergebnisse zeigen ein Meinungsbild der Beteiligten, "
                      "keine Mehrheitsverhältnisse in der Stadt.",
    "sec_moderation": "Moderation", "reason": "Grund", "action": "Maßnahme",
    "reports_caption": "Meldungen nach Grund", "actions_caption": "Moderationsmaßnahmen",
    "median_hours": "Meldungen wurden im Median nach {hours} Stunden entschieden.",
    "attachment_proposals": "Alle Vorschläge mit Stimmen und Status",
    "attachment_surveys": "Tabellen der Umfragen",
    "suppressed_note": ("Datenschutz: Werte unter {minimum} Personen stehen als „< {minimum}“; "
                        "„x“ = ausgeblendet, damit ein kleiner Wert nicht errechnet werden kann."),
    "chart_as_table": "Diagramm als Tabelle dargestellt: Die Bilderzeugung (Chromium) war nicht verfügbar.",
    "chart_image_alt": "Diagramm: {caption}. Die Werte stehen in der Tabelle.",
    "chart_values": "Werte zum Diagramm",
    "empty": "Keine Daten.",
    # Drucksache (issue 14)
    "bezug": "Bezug", "federfuehrung": "Federführung", "data_as_of": "Stand der Daten",
    "related_paper": "Drucksache {reference} vom {date}: {title}",
    "related_paper_undated": "Drucksache {reference}: {title}",
    "interim_notice": "Zwischenstand: Die Beteiligung läuft noch bis zum {end}. Alle Zahlen geben den Stand vom "
                      "{as_of} wieder und können sich bis zum Ende der Beteiligung noch ändern.",
    "role_Kenntnisnahme": "Kenntnisnahme", "role_Vorberatung": "Vorberatung", "role_Entscheidung": "Entscheidung",
    "sec_summary": "Zusammenfassung", "sec_mandate": "Anlass und Auftrag", "sec_next_steps": "Weiteres Vorgehen",
    "summary_figures": "Bis zum {as_of} haben sich {participants} Personen beteiligt. Sie haben {proposals} "
                       "Vorschläge eingereicht, {comments} Kommentare geschrieben, {votes} Stimmen abgegeben und "
                       "{survey_responses} Umfrageantworten gegeben.",
    "summary_findings": "Wesentliche Ergebnisse je Säule:",
    "finding_themes": "{pillar}: Am häufigsten genannt wurden die Themen {themes}.",
    "finding_top": "Die meiste Zustimmung erhielt {ref} „{title}“ ({agree} Zustimmungen).",
    "finding_none": "{pillar}: Zu dieser Säule liegen noch keine ausgewerteten Beiträge vor.",
    "next_phase": "{phase}: {start} bis {end}",
    "next_phases_text": "Die nächsten Schritte des Verfahrens:",
    "accounts": "Personen mit Konto", "anonymous_responses": "anonyme Umfrageantworten",
    "merged_proposals": "zusammengeführte Vorschläge (nicht mitgezählt)",
    "hidden_proposals": "ausgeblendete Vorschläge (nicht mitgezählt)",
    "persons_definition": "Personen: {accounts} Personen mit Konto, die einen Vorschlag eingereicht, kommentiert, "
                          "abgestimmt oder eine Umfrage mit Konto beantwortet haben, und {anonymous} anonyme "
                          "Umfrageantworten. Anonyme Antworten lassen sich keinem Konto zuordnen; wer zusätzlich mit "
                          "Konto teilgenommen hat, kann deshalb doppelt gezählt sein.",
    "merged_hidden_text": "Nicht mitgezählt und in keiner Rangfolge enthalten sind {merged} Vorschläge, die mit "
                          "einem anderen Vorschlag zusammengeführt wurden (das Ziel steht in der Liste aller "
                          "Vorschläge), und {hidden} "
                          "von der Moderation ausgeblendete Vorschläge.",
    "residents": "Personen (Wohnort)", "located_proposals": "Vorschläge (Ort)", "no_district": "ohne Stadtteil",
    "district_definition": "Personen nach Wohnort: der Stadtteil, den eine Person in der Umfrage angegeben hat (bei "
                           "mehreren Angaben die letzte); wer keinen angegeben hat, zählt zu „ohne Stadtteil“. Die "
                           "Zeilen ergeben zusammen die {participants} Personen. Vorschläge nach Ort: der Stadtteil, "
                           "den ein Vorschlag nennt; Vorschläge ohne Ortsangabe stehen unter „ohne Stadtteil“.",
    "no_top": "In dieser Säule hat bisher kein Vorschlag Zustimmung erhalten.",
    "top_definition": "Rangfolge nach Zahl der Zustimmungen (nur Vorschläge mit mindestens einer Zustimmung; "
                      "zusammengeführte und ausgeblendete Vorschläge sind nicht enthalten).",
    "themes_more": "Alle {n} Themen dieser Säule mit allen Beispielen stehen in {anlage}.",
    "themes_excluded": "Die Themen beruhen auf den Beiträgen mit eigenem Inhalt. {total} Beiträge sind nicht in die "
                       "Themen eingeflossen ({reasons}); sie zählen in den Zahlen zur Beteiligung mit.",
    "excluded_short": "{n} kurze Reaktionen wie Zustimmung oder Dank",
    "excluded_stock_reply": "{n} wiederkehrende Standardantworten",
    "excluded_no_words": "{n} ohne aussagekräftige Wörter",
    "answers_caption": "Stellungnahmen der Verwaltung zu diesen Vorschlägen",
    "statuses_caption": "Bearbeitungsstand der Vorschläge",
    "official_answers_text": "{answers} von {proposals} Vorschlägen haben eine Stellungnahme der Verwaltung.",
    "number_text": "{question}: Median {median}{unit} (n = {n}; Mittelwert {mean}{unit}).",
    "anlagen_caption": "Anlagenverzeichnis", "anlage_number": "Anlage", "anlage_title": "Inhalt",
    "anlage_rows": "Zeilen", "anlage_ref": "Anlage {number}", "anlage_files": "Dateien",
    "anlagen_note": "Die Anlagen liegen dieser Vorlage als eigene Dateien bei (Tabellen als XLSX und CSV). Jede "
                    "im Text genannte Nummer – Vorschläge, Kommentare (…/K…) und Umfrageantworten (U…) – steht "
                    "vollständig in einer Anlage.",
    "attachment_quotes": "Themen mit allen zitierten Beiträgen",
    "merged_into": "zusammengeführt mit", "text": "Text",
}

ENGLISH_LABELS: dict[str, str] = {
    **GERMAN_LABELS,
    "_language": "en", "_thousands": ",", "_decimal": ".", "_percent": "{}%", "_date_tick": "%b %d",
    "betreff": "Subject", "beratungsfolge": "Order of consultation", "antrag": "Motion",
    "antrag_beschlussvorlage": "Proposed resolution", "sachverhalt": "Facts and reasons",
    "anlagen": "Attachments", "anlage": "Attachment {number}: {title}", "draft": "Draft",
    "sec_process": "The participation process and its phases", "sec_figures": "Participation in figures",
    "sec_pillars": "Results per pillar", "sec_opinions": "Opinion groups and consensus",
    "sec_surveys": "Survey results", "sec_representativeness": "Representativeness and its limits",
    "sec_moderation": "Moderation", "participants": "Participants", "proposals": "Proposals",
    "comments": "Comments", "votes": "Votes", "district": "District", "pillar": "Pillar",
    "agree": "Agree", "disagree": "Disagree", "pass": "Pass", "count": "Count", "share": "Share",
    "themes_excluded": "The themes rest on the contributions with content of their own. {total} contributions were "
                       "left out of the themes ({reasons}); they are counted in the participation figures.",
    "excluded_short": "{n} short reactions such as agreement or thanks",
    "excluded_stock_reply": "{n} recurring stock replies", "excluded_no_words": "{n} without meaningful words",
}


def label(labels: Mapping[str, str] | None, key: str) -> str:
    """``labels[key]``, else the German default; unknown keys raise ``KeyError``."""
    if labels and key in labels:
        return labels[key]
    return GERMAN_LABELS[key]


def merged_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """German defaults overridden by ``labels``."""
    return {**GERMAN_LABELS, **(labels or {})}


def format_int(value, labels: Mapping[str, str] | None = None) -> str:
    """12345 → "12.345" (German) / "12,345" (English); strings (e.g. "< 5") pass through."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{int(value):,}".replace(",", label(labels, "_thousands"))


def format_decimal(value: float | None, labels: Mapping[str, str] | None = None, digits: int = 1) -> str:
    """2.5 → "2,5" (German)."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}".replace(".", label(labels, "_decimal"))


def format_share(share: float | None, labels: Mapping[str, str] | None = None, digits: int = 0) -> str:
    """0.423 → "42 %" (German) / "42%" (English); None → "–"."""
    if share is None:
        return "–"
    return label(labels, "_percent").format(format_decimal(share * 100, labels, digits))


def format_date(value, labels: Mapping[str, str] | None = None) -> str:
    """A date as 15.06.2026 (German) or 2026-06-15; ISO strings are accepted; None → "–"."""
    if value is None:
        return "–"
    if isinstance(value, str):
        from datetime import date

        value = date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y") if label(labels, "_language") == "de" else value.isoformat()

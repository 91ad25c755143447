"""The labels the analysis library needs for reports and dashboards, translated for the current locale.

`report_labels()` returns every key of `analysis.report_labels.GERMAN_LABELS`: the texts through
gettext (their German source is exactly the library's German default, so the German catalog is
trivial), the number and date format keys (`_language`, `_thousands`, `_decimal`, `_percent`,
`_date_tick`) from the current locale. The dashboard, the results page and the report (app/report) use
the same function.
"""
from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.surveys.labels import DEMOGRAPHIC_LABELS

# strftime patterns for day ticks on time axes; other languages get ISO month-day.
DATE_TICKS = {"de": "%d.%m.", "en": "%b %d"}


def format_labels() -> dict[str, str]:
    """Language, digit grouping, decimal sign, percent pattern and date ticks of the current locale."""
    locale = get_locale()
    language = locale.language if locale else "de"
    percent = "{} %" if language == "de" else "{}%"
    return {
        "_language": language,
        "_thousands": get_group_symbol(locale) if locale else ".",
        "_decimal": get_decimal_symbol(locale) if locale else ",",
        "_percent": percent,
        "_date_tick": DATE_TICKS.get(language, "%m-%d"),
    }


def report_labels() -> dict[str, str]:
    """Every label of GERMAN_LABELS, translated (call inside an app or request context)."""
    return {
        **format_labels(),
        "betreff": _("Betreff"),
        "beratungsfolge": _("Beratungsfolge"),
        "antrag": _("Antrag"),
        "antrag_beschlussvorlage": _("Beschlussvorschlag"),
        "sachverhalt": _("Sachverhalt/Begründung"),
        "anlagen": _("Anlagen"),
        "anlage": _("Anlage {number}: {title}"),
        "draft": _("Entwurf"),
        "reference": _("Drucksache"),
        "date": _("Datum"),
        "process": _("Beteiligungsverfahren"),
        "committee": _("Gremium"),
        "meeting_date": _("Sitzungstermin"),
        "role": _("Rolle"),
        "open_date": _("offen"),
        "default_antrag": _("Die Ratsversammlung nimmt die Ergebnisse des Beteiligungsprozesses „{title}“ zur Kenntnis "
                            "und beauftragt die Verwaltung, auf ihrer Grundlage die Engagement-Strategie zu erarbeiten "
                            "und der Ratsversammlung vorzulegen."),
        "default_betreff": _("Ergebnisse des Beteiligungsprozesses „{title}“"),
        "sec_process": _("Der Beteiligungsprozess und seine Phasen"),
        "phase": _("Phase"),
        "from": _("von"),
        "to": _("bis"),
        "description": _("Beschreibung"),
        "phases_caption": _("Phasen des Beteiligungsprozesses"),
        "sec_figures": _("Beteiligung in Zahlen"),
        "figure": _("Kennzahl"),
        "count": _("Anzahl"),
        "participants": _("Teilnehmende"),
        "proposals": _("Vorschläge"),
        "comments": _("Kommentare"),
        "votes": _("Stimmen"),
        "survey_responses": _("Umfrageantworten"),
        "totals_caption": _("Beteiligung insgesamt"),
        "totals_text": _("{participants} Personen haben sich beteiligt: {proposals} Vorschläge, {comments} "
                         "Kommentare, {votes} Stimmen und {survey_responses} Umfrageantworten."),
        "timeline_caption": _("Beteiligung im Zeitverlauf nach Kanal"),
        "day": _("Tag"),
        "channel": _("Kanal"),
        "contributions": _("Beiträge"),
        "district": _("Stadtteil"),
        "district_caption": _("Beteiligung nach Stadtteil"),
        "pillar": _("Säule"),
        "pillar_caption": _("Beteiligung nach Säule"),
        "sec_pillars": _("Ergebnisse nach Säulen"),
        "theme": _("Thema"),
        "size": _("Beiträge"),
        "quotes": _("Beispiele"),
        "themes_caption": _("Themen der Säule „{pillar}“"),
        "top_caption": _("Vorschläge mit der meisten Zustimmung – {pillar}"),
        "ref": _("Nr."),
        "title": _("Titel"),
        "agree": _("Zustimmung"),
        "disagree": _("Ablehnung"),
        "pass": _("Enthaltung"),
        "status": _("Status"),
        "answer": _("Stellungnahme der Verwaltung"),
        "no_answer": _("noch keine Stellungnahme"),
        "quote": _("„{text}“ ({ref})"),
        "answer_text": _("{ref} – {title}: {answer}"),
        "no_themes": _("Für diese Säule liegen noch keine Themen vor."),
        "sec_opinions": _("Meinungsgruppen und Konsens"),
        "group": _("Gruppe {id}"),
        "group_size": _("Personen"),
        "statement": _("Aussage"),
        "direction": _("Richtung"),
        "agree_ratio": _("Zustimmungsanteil"),
        "direction_agree": _("Zustimmung"),
        "direction_disagree": _("Ablehnung"),
        "groups_caption": _("Größe der Meinungsgruppen"),
        "group_statements_caption": _("Was {group} auszeichnet"),
        "consensus_caption": _("Konsens: Aussagen, denen alle Gruppen mehrheitlich zustimmen oder die alle ablehnen"),
        "groups_suppressed": _("{n} Gruppe(n) mit weniger als {minimum} Personen werden nicht gezeigt."),
        "no_consensus": _("Es gibt keine Aussage, bei der alle Gruppen übereinstimmen."),
        "opinion_statement_quote": _("„{text}“ ({ref})"),
        "opinion_evidence": _("{inside} Zustimmung in der Gruppe, {outside} außerhalb; {votes} Stimmen in der "
                              "Gruppe"),
        "opinion_group_size": _("{group} umfasst {size} Personen."),
        "opinion_group_agrees": _("Am deutlichsten hebt sie sich von den übrigen Abstimmenden durch Zustimmung "
                                  "zu {statement} ab ({evidence})."),
        "opinion_group_disagrees": _("Deutlich häufiger als die übrigen lehnt sie {statement} ab ({evidence})."),
        "opinion_group_nothing": _("Keine Aussage unterscheidet sie statistisch deutlich von den übrigen "
                                   "Abstimmenden."),
        "opinion_counts": _("Von {considered} Personen, die über Vorschläge abgestimmt haben, sind {placed} "
                            "einer von {groups} Meinungsgruppen zugeordnet."),
        "opinion_unplaced": _("{n} Personen haben über weniger als {min_votes} Vorschläge abgestimmt und sind "
                              "keiner Gruppe zugeordnet."),
        "opinion_hidden": _("Zu {groups} Gruppe(n) mit weniger als {minimum} Personen gehören {n} Personen; diese "
                            "Gruppen werden zum Schutz der Beteiligten nicht gezeigt."),
        "opinion_consensus_rule": _("Als Konsens gilt eine Aussage nur, wenn alle Gruppen ihr mehrheitlich "
                                    "zustimmen (oder sie alle ablehnen), in jeder Gruppe mindestens {per_group} "
                                    "Personen über sie abgestimmt haben und insgesamt mindestens {share} der "
                                    "zugeordneten Personen."),
        "opinion_reason_no_run": _("Es liegt noch keine abgeschlossene Analyse vor; Meinungsgruppen wurden "
                                   "noch nicht gebildet."),
        "opinion_reason_no_votes": _("Es gibt noch keine Stimmen zu Vorschlägen; daher können keine "
                                     "Meinungsgruppen gebildet werden."),
        "opinion_reason_few_voters": _("Es wurden keine Meinungsgruppen gebildet, weil weniger als vier "
                                       "Personen über genug Vorschläge abgestimmt haben."),
        "opinion_reason_identical_votes": _("Es wurden keine Meinungsgruppen gebildet, weil alle Abstimmenden "
                                            "gleich abgestimmt haben."),
        "opinion_reason_small_groups": _("Es ergaben sich nur Gruppen mit weniger als {minimum} Personen; sie "
                                         "werden zum Schutz der Beteiligten nicht gezeigt."),
        "opinion_share_in_group": _("Zustimmung in der Gruppe"),
        "opinion_share_outside": _("Zustimmung außerhalb"),
        "opinion_votes": _("Stimmen in der Gruppe"),
        "opinion_votes_total": _("Stimmen insgesamt"),
        "opinion_votes_smallest": _("Stimmen in der kleinsten Gruppe"),
        "opinion_agree_caption": _("{group}: Aussagen, denen sie deutlich häufiger zustimmt als die übrigen"),
        "opinion_disagree_caption": _("{group}: Aussagen, die sie deutlich häufiger ablehnt als die übrigen"),
        "sec_surveys": _("Ergebnisse der Umfragen"),
        "answer_option": _("Antwort"),
        "share": _("Anteil"),
        "survey_text": _("{responses} Personen haben die Umfrage beantwortet."),
        "mean": _("Mittelwert: {mean}"),
        "mean_value": _("Mittelwert"),
        "answers": _("Antworten"),
        "value": _("Wert"),
        "question_suppressed": _("Die Frage „{question}“ wurde von weniger als {minimum} Personen "
                                 "beantwortet und wird nicht ausgewertet."),
        "sec_representativeness": _("Repräsentativität und ihre Grenzen"),
        "category": _("Gruppe"),
        "observed_share": _("Anteil Beteiligte"),
        "reference_share": _("Anteil Bevölkerung"),
        "difference": _("Differenz"),
        "representativeness_caption": _("{dimension}: Beteiligte und Bevölkerung"),
        "source": _("Quelle: {source}"),
        "default_limits": _("Die Beteiligung ist freiwillig und nicht repräsentativ. Angaben zu Alter und Stadtteil "
                            "sind freiwillig und unvollständig; wer online teilnimmt, ist nicht zwangsläufig typisch "
                            "für die Kieler Bevölkerung. Die Ergebnisse zeigen ein Meinungsbild der Beteiligten, keine "
                            "Mehrheitsverhältnisse in der Stadt."),
        "sec_moderation": _("Moderation"),
        "reason": _("Grund"),
        "action": _("Maßnahme"),
        "reports_caption": _("Meldungen nach Grund"),
        "actions_caption": _("Moderationsmaßnahmen"),
        "median_hours": _("Meldungen wurden im Median nach {hours} Stunden entschieden."),
        "attachment_proposals": _("Alle Vorschläge mit Stimmen und Status"),
        "attachment_surveys": _("Tabellen der Umfragen"),
        "suppressed_note": _("Datenschutz: Werte unter {minimum} Personen stehen als „< {minimum}“; "
                             "„x“ = ausgeblendet, damit ein kleiner Wert nicht errechnet werden kann."),
        "chart_as_table": _("Diagramm als Tabelle dargestellt: Die Bilderzeugung (Chromium) war nicht verfügbar."),
        "chart_image_alt": _("Diagramm: {caption}. Die Werte stehen in der Tabelle."),
        "chart_values": _("Werte zum Diagramm"),
        "empty": _("Keine Daten."),
        "bezug": _("Bezug"),
        "federfuehrung": _("Federführung"),
        "data_as_of": _("Stand der Daten"),
        "related_paper": _("Drucksache {reference} vom {date}: {title}"),
        "related_paper_undated": _("Drucksache {reference}: {title}"),
        "interim_notice": _("Zwischenstand: Die Beteiligung läuft noch bis zum {end}. Alle Zahlen geben den Stand vom"
                            " {as_of} wieder und können sich bis zum Ende der Beteiligung noch ändern."),
        "role_Kenntnisnahme": _("Kenntnisnahme"),
        "role_Vorberatung": _("Vorberatung"),
        "role_Entscheidung": _("Entscheidung"),
        "sec_summary": _("Zusammenfassung"),
        "sec_mandate": _("Anlass und Auftrag"),
        "sec_next_steps": _("Weiteres Vorgehen"),
        "summary_figures": _("Bis zum {as_of} haben sich {participants} Personen beteiligt. Sie haben {proposals} "
                             "Vorschläge eingereicht, {comments} Kommentare geschrieben, {votes} Stimmen abgegeben "
                             "und {survey_responses} Umfrageantworten gegeben."),
        "summary_findings": _("Wesentliche Ergebnisse je Säule:"),
        "finding_themes": _("{pillar}: Am häufigsten genannt wurden die Themen {themes}."),
        "finding_top": _("Die meiste Zustimmung erhielt {ref} „{title}“ ({agree} Zustimmungen)."),
        "finding_none": _("{pillar}: Zu dieser Säule liegen noch keine ausgewerteten Beiträge vor."),
        "next_phase": _("{phase}: {start} bis {end}"),
        "next_phases_text": _("Die nächsten Schritte des Verfahrens:"),
        "accounts": _("Personen mit Konto"),
        "anonymous_responses": _("anonyme Umfrageantworten"),
        "merged_proposals": _("zusammengeführte Vorschläge (nicht mitgezählt)"),
        "hidden_proposals": _("ausgeblendete Vorschläge (nicht mitgezählt)"),
        "persons_definition": _("Personen: {accounts} Personen mit Konto, die einen Vorschlag eingereicht, "
                                "kommentiert, abgestimmt oder eine Umfrage mit Konto beantwortet haben, und "
                                "{anonymous} anonyme Umfrageantworten. Anonyme Antworten lassen sich keinem Konto "
                                "zuordnen; wer zusätzlich mit Konto teilgenommen hat, kann deshalb doppelt gezählt "
                                "sein."),
        "merged_hidden_text": _("Nicht mitgezählt und in keiner Rangfolge enthalten sind {merged} Vorschläge, die mit"
                                " einem anderen Vorschlag zusammengeführt wurden (das Ziel steht in der Liste aller "
                                "Vorschläge), und {hidden} von der Moderation ausgeblendete Vorschläge."),
        "residents": _("Personen (Wohnort)"),
        "located_proposals": _("Vorschläge (Ort)"),
        "no_district": _("ohne Stadtteil"),
        "district_definition": _("Personen nach Wohnort: der Stadtteil, den eine Person in der Umfrage angegeben hat "
                                 "(bei mehreren Angaben die letzte); wer keinen angegeben hat, zählt zu „ohne "
                                 "Stadtteil“. Die Zeilen ergeben zusammen die {participants} Personen. Vorschläge "
                                 "nach Ort: der Stadtteil, den ein Vorschlag nennt; Vorschläge ohne Ortsangabe stehen"
                                 " unter „ohne Stadtteil“."),
        "no_top": _("In dieser Säule hat bisher kein Vorschlag Zustimmung erhalten."),
        "top_definition": _("Rangfolge nach Zahl der Zustimmungen (nur Vorschläge mit mindestens einer Zustimmung; "
                            "zusammengeführte und ausgeblendete Vorschläge sind nicht enthalten)."),
        "themes_more": _("Alle {n} Themen dieser Säule mit allen Beispielen stehen in {anlage}."),
        "themes_excluded": _("Die Themen beruhen auf den Beiträgen mit eigenem Inhalt. {total} Beiträge sind nicht "
                             "in die Themen eingeflossen ({reasons}); sie zählen in den Zahlen zur Beteiligung mit."),
        "excluded_short": _("{n} kurze Reaktionen wie Zustimmung oder Dank"),
        "excluded_stock_reply": _("{n} wiederkehrende Standardantworten"),
        "excluded_no_words": _("{n} ohne aussagekräftige Wörter"),
        "answers_caption": _("Stellungnahmen der Verwaltung zu diesen Vorschlägen"),
        "statuses_caption": _("Bearbeitungsstand der Vorschläge"),
        "official_answers_text": _("{answers} von {proposals} Vorschlägen haben eine Stellungnahme der Verwaltung."),
        "number_text": _("{question}: Median {median}{unit} (n = {n}; Mittelwert {mean}{unit})."),
        "anlagen_caption": _("Anlagenverzeichnis"),
        "anlage_number": _("Anlage"),
        "anlage_title": _("Inhalt"),
        "anlage_rows": _("Zeilen"),
        "anlage_ref": _("Anlage {number}"),
        "anlage_files": _("Dateien"),
        "anlagen_note": _("Die Anlagen liegen dieser Vorlage als eigene Dateien bei (Tabellen als XLSX und CSV). Jede"
                          " im Text genannte Nummer – Vorschläge, Kommentare (…/K…) und Umfrageantworten (U…) – steht"
                          " vollständig in einer Anlage."),
        "attachment_quotes": _("Themen mit allen zitierten Beiträgen"),
        "merged_into": _("zusammengeführt mit"),
        "text": _("Text"),
    }


def channel_labels() -> dict[str, str]:
    """Translated names of the ways people took part (the timeline's channels)."""
    labels = report_labels()
    return {"proposal": labels["proposals"], "comment": labels["comments"], "vote": labels["votes"],
            "survey": labels["survey_responses"]}



def no_district() -> str:
    """The name of the district row that holds everyone without a home district (and the proposals
    without a location)."""
    return _("ohne Stadtteil")


def cross_pillar_title() -> str:
    """The heading of the block of themes that belong to no pillar (e.g. survey free text)."""
    return _("Übergreifende Themen")


def reference_dimension_labels() -> dict:
    """Names of the dimensions a reference distribution is entered for (lazy strings)."""
    return {"age_group": DEMOGRAPHIC_LABELS["age_group"], "district": _l("Stadtteil")}

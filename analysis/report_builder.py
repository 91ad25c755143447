"""``build_report``: from ``ReportData`` (aggregates the app collected) to a ``Report``.

The kind decides the parts (see ``analysis.report_model``); the body is a fixed set of short
sections whatever the data size, and every long list goes to an Anlage (a separate file).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from analysis import report_sections as sections
from analysis.privacy import redact_contacts
from analysis.report_data import ReportData
from analysis.report_labels import format_date, format_int, merged_labels
from analysis.report_model import (
    Report,
    Section,
    Table,
    default_beratungsfolge,
    is_beschlussvorlage,
    kind_beratungsfolge,
)

PROPOSAL_COLUMNS = ["ref", "title", "pillar", "district", "agree", "disagree", "pass", "comments", "status",
                    "merged_into", "answer"]
ROLES = ("Kenntnisnahme", "Vorberatung", "Entscheidung")


def build_report(data: ReportData, labels: Mapping[str, str] | None = None, today: date | None = None) -> Report:
    """Assemble the council report draft.

    ``labels`` (already translated) override the German defaults of
    ``analysis.report_labels``. Betreff and Beratungsfolge come from ``data.process`` when set,
    otherwise from the defaults (the committees of the seed paper, ending with the
    Ratsversammlung). Only a Beschlussvorlage has an Antrag (its Beschlussvorschlag); a
    Geschäftliche Mitteilung has none and every committee takes note. ``today`` fixes the date
    (and "Stand der Daten") for reproducible output.
    """
    labels = merged_labels(labels)
    process = data.process
    title = redact_contacts(process.title)
    kind = process.kind or "Geschäftliche Mitteilung"
    as_of = process.data_as_of or today or date.today()
    roles = {role: labels[f"role_{role}"] for role in ROLES}
    decides = process.decides if process.decides is not None else is_beschlussvorlage(kind)
    steps = process.beratungsfolge or default_beratungsfolge(kind="beschlussvorlage" if decides else "mitteilung")
    anlagen = _attachments(data, labels)
    survey_section = sections.survey_sections(data, labels)
    body = [
        sections.summary_section(data, labels, as_of),
        sections.mandate_section(data, labels),
        sections.participation_section(data, labels),
        sections.pillars_section(data, labels, _anlage_title(anlagen, labels["attachment_quotes"], labels)),
        sections.opinions_section(data, labels),
        survey_section,
        sections.representativeness_section(data, labels),
        sections.moderation_section(data, labels),
    ]
    antrag = ""
    if decides:
        antrag = redact_contacts(process.antrag) if process.antrag else labels["default_antrag"].format(title=title)
    return Report(
        betreff=redact_contacts(process.betreff) if process.betreff else labels["default_betreff"].format(title=title),
        kind=kind,
        date=process.date or today or date.today(),
        process_title=title,
        beratungsfolge=kind_beratungsfolge(list(steps), decides, roles),
        antrag=antrag,
        sections=[section for section in body if section is not None],
        attachments=anlagen,
        reference=process.reference,
        slug=process.slug,
        language=labels["_language"],
        labels=labels,
        related_papers=list(process.related_papers),
        federfuehrung=redact_contacts(process.federfuehrung),
        signature=[line for line in (process.signature_name, process.signature_role) if line],
        data_as_of=as_of,
        interim_notice=_interim_notice(process.participation_end, as_of, labels),
        decides=decides,
    )


def _interim_notice(end: date | None, as_of: date, labels: dict) -> str:
    if end is None or as_of > end:
        return ""
    return labels["interim_notice"].format(end=format_date(end, labels), as_of=format_date(as_of, labels))


def proposals_table(data: ReportData, labels: Mapping[str, str]) -> Table:
    """All proposals with their votes, status, merge target and official answer (public counters,
    not suppressed); merged proposals are listed with the reference of their target, hidden and
    withdrawn ones with reference, pillar and status only – so every reference can be found."""
    rows = [[p.ref, redact_contacts(p.title), p.pillar, p.district, format_int(p.agree, labels),
             format_int(p.disagree, labels), format_int(p.pass_, labels), format_int(p.comments, labels), p.status,
             p.merged_into, redact_contacts(p.answer)]
            for p in data.proposals]
    rows += [[p.ref, "", p.pillar, "", "", "", "", "", p.status, "", ""] for p in data.excluded_proposals]
    rows.sort(key=lambda row: row[0])
    return Table(labels["attachment_proposals"], [labels[c] for c in PROPOSAL_COLUMNS], rows)


def quotes_table(data: ReportData, labels: Mapping[str, str]) -> Table:
    """Every theme of every pillar with every quote (reference and full text): each reference the
    body cites from a theme can be found here."""
    rows = []
    for pillar in data.pillars:
        for theme in sections.ordered_themes(pillar.themes):
            for quote in theme.quotes:
                rows.append([redact_contacts(pillar.name), redact_contacts(theme.label),
                             format_int(theme.size, labels), quote.ref, redact_contacts(quote.text)])
    return Table(labels["attachment_quotes"],
                 [labels["pillar"], labels["theme"], labels["size"], labels["ref"], labels["text"]], rows)


def _anlage_title(anlagen: list[Section], title: str, labels: dict) -> str:
    """How the body names the Anlage titled ``title`` ("Anlage 2"); "" when there is none."""
    for number, anlage in enumerate(anlagen, start=1):
        if anlage.title == labels["anlage"].format(number=number, title=title):
            return labels["anlage_ref"].format(number=number)
    return ""


def _attachments(data: ReportData, labels: dict) -> list[Section]:
    attachments = []
    if data.proposals:
        attachments.append(Section(labels["attachment_proposals"], tables=[proposals_table(data, labels)]))
    quotes = quotes_table(data, labels)
    if quotes.rows:
        attachments.append(Section(labels["attachment_quotes"], tables=[quotes]))
    survey_tables = sections.survey_tables(data, labels)
    if survey_tables:
        attachments.append(Section(labels["attachment_surveys"], tables=survey_tables))
    for number, attachment in enumerate(attachments, start=1):
        attachment.title = labels["anlage"].format(number=number, title=attachment.title)
    return attachments

"""``build_report``: from ``ReportData`` (aggregates the app collected) to a ``Report``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from analysis import report_sections as sections
from analysis.privacy import redact_contacts
from analysis.report_data import ReportData
from analysis.report_labels import format_int, merged_labels
from analysis.report_model import Report, Section, Table, default_beratungsfolge

PROPOSAL_COLUMNS = ["ref", "title", "pillar", "district", "agree", "disagree", "pass", "comments", "status"]


def build_report(data: ReportData, labels: Mapping[str, str] | None = None, today: date | None = None) -> Report:
    """Assemble the council report draft.

    ``labels`` (already translated) override the German defaults of
    ``analysis.report_labels``. Betreff, Antrag and Beratungsfolge come from
    ``data.process`` when set, otherwise from the defaults (the committees of the seed
    paper, ending with the Ratsversammlung). ``today`` fixes the date for reproducible output.
    """
    labels = merged_labels(labels)
    process = data.process
    title = redact_contacts(process.title)
    kind = process.kind or "Geschäftliche Mitteilung"
    survey_section, survey_tables = sections.survey_sections(data, labels)
    body = [
        sections.process_section(data, labels),
        sections.participation_section(data, labels),
        sections.pillars_section(data, labels),
        sections.opinions_section(data, labels),
        survey_section,
        sections.representativeness_section(data, labels),
        sections.moderation_section(data, labels),
    ]
    return Report(
        betreff=redact_contacts(process.betreff) if process.betreff else labels["default_betreff"].format(title=title),
        kind=kind,
        date=process.date or today or date.today(),
        process_title=title,
        beratungsfolge=list(process.beratungsfolge or default_beratungsfolge()),
        antrag=redact_contacts(process.antrag) if process.antrag else labels["default_antrag"].format(title=title),
        sections=[section for section in body if section is not None],
        attachments=_attachments(data, survey_tables, labels),
        reference=process.reference,
        slug=process.slug,
        language=labels["_language"],
        labels=labels,
    )


def proposals_table(data: ReportData, labels: Mapping[str, str]) -> Table:
    """All proposals with their votes and status (public counters, not suppressed)."""
    rows = [[p.ref, redact_contacts(p.title), p.pillar, p.district, format_int(p.agree, labels),
             format_int(p.disagree, labels), format_int(p.pass_, labels), format_int(p.comments, labels), p.status]
            for p in sorted(data.proposals, key=lambda p: p.ref)]
    return Table(labels["attachment_proposals"], [labels[c] for c in PROPOSAL_COLUMNS], rows)


def _attachments(data: ReportData, survey_tables: list[Table], labels: dict) -> list[Section]:
    attachments = []
    if data.proposals:
        attachments.append(Section(labels["attachment_proposals"], tables=[proposals_table(data, labels)]))
    if survey_tables:
        attachments.append(Section(labels["attachment_surveys"], tables=survey_tables))
    for number, attachment in enumerate(attachments, start=1):
        attachment.title = labels["anlage"].format(number=number, title=attachment.title)
    return attachments

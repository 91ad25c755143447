"""Collecting a process's `ReportData`: the draft, the phases and the aggregates of the
figures (app/figures/services.py), the latest analysis run's included.

Only aggregates and public texts with reference numbers leave this module; the report
library applies the privacy rules (groups under 5 suppressed, contacts redacted).
"""
from __future__ import annotations

from analysis.report_data import Phase as PhaseInfo
from analysis.report_data import ProcessInfo, ReportData
from analysis.report_model import Consultation
from app.core.clock import today
from app.figures import services as figures
from app.processes.labels import PHASE_LABELS
from app.report.drafts import consultations, related_papers
from app.report.labels import CONSULTATION_ROLE_LABELS, REPORT_KIND_LABELS


def participation_end(process):
    """The last day of the process's participation phase (None without one)."""
    ends = [phase.ends_on for phase in process.phases if phase.kind == "participation"]
    return max(ends) if ends else None


def process_info(process, draft) -> ProcessInfo:
    """Title, phases (translated names), the editable parts of the draft and the dates that decide the
    interim notice (end of participation, "Stand der Daten" = today). The citizen-facing description of
    the process is passed as `summary` only; the report never prints it."""
    phases = [PhaseInfo(str(PHASE_LABELS.get(phase.kind, phase.kind)), phase.starts_on, phase.ends_on,
                        phase.description or "")
              for phase in sorted(process.phases, key=lambda phase: phase.starts_on)]
    steps = [Consultation(step.committee, step.date, str(CONSULTATION_ROLE_LABELS.get(step.role, step.role)))
             for step in consultations(draft)]
    return ProcessInfo(
        title=process.title, slug=process.slug, summary=process.summary or "", phases=phases,
        betreff=draft.betreff or None, kind=str(REPORT_KIND_LABELS[draft.kind]), reference=draft.reference or None,
        date=draft.report_date or today(), antrag=draft.antrag or None, beratungsfolge=steps,
        federfuehrung=draft.federfuehrung or "", signature_name=draft.signature_name or "",
        signature_role=draft.signature_role or "", related_papers=related_papers(draft),
        anlass=draft.anlass or "", next_steps=draft.next_steps or "",
        participation_end=participation_end(process), data_as_of=today(), decides=draft.kind == "beschlussvorlage",
    )


def collect_report_data(process, draft, run) -> ReportData:
    """Everything the report of `process` shows, as a `ReportData` (a constant number of queries):
    the editable parts from `draft`, themes and opinion groups from the analysis `run` (or none).
    The per-pillar block (themes, quotes, most agreed proposals) is the one of the results page."""
    proposals = figures.proposal_rows(process)
    return ReportData(
        process=process_info(process, draft),
        participation=figures.participation(process),
        pillars=figures.pillar_results(process, proposals, run),
        opinions=figures.opinions(run),
        surveys=figures.survey_results(process),
        representativeness=figures.representativeness(process),
        moderation=figures.moderation_summary(process),
        proposals=proposals,
        top_n=figures.TOP_PER_PILLAR,
        excluded_proposals=figures.excluded_proposal_rows(process),
        theme_exclusions=figures.theme_exclusions(run),
    )

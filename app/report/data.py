"""Collecting a process's `ReportData`: the draft, the phases and the aggregates of the
figures (app/figures/services.py) and of the latest analysis run (app/analysis_runs/results.py).

Only aggregates and public texts with reference numbers leave this module; the report
library applies the privacy rules (groups under 5 suppressed, contacts redacted).
"""
from __future__ import annotations

from flask_babel import gettext as _

from analysis.report_data import Phase as PhaseInfo
from analysis.report_data import PillarResult, ProcessInfo, ReportData
from analysis.report_model import Consultation
from app.analysis_runs.results import opinions_data, themes_by_pillar
from app.core.clock import today
from app.figures import services as figures
from app.processes.phases import PHASE_LABELS
from app.report.drafts import KIND_LABELS, ROLE_LABELS, consultations


def process_info(process, draft) -> ProcessInfo:
    """Title, phases (translated names) and the editable parts of the draft."""
    phases = [PhaseInfo(str(PHASE_LABELS.get(phase.kind, phase.kind)), phase.starts_on, phase.ends_on,
                        phase.description or "")
              for phase in sorted(process.phases, key=lambda phase: phase.starts_on)]
    steps = [Consultation(step.committee, step.date, str(ROLE_LABELS.get(step.role, step.role)))
             for step in consultations(draft)]
    return ProcessInfo(
        title=process.title, slug=process.slug, summary=process.summary or "", phases=phases,
        betreff=draft.betreff or None, kind=str(KIND_LABELS[draft.kind]), reference=draft.reference or None,
        date=draft.report_date or today(), antrag=draft.antrag or None, beratungsfolge=steps,
    )


def pillar_results(process, themes: dict) -> list[PillarResult]:
    """One result per topic (pillar) with its themes; themes without a pillar (survey free
    text, comments) come last under "Übergreifende Themen". Top proposals stay empty: the
    report builder picks the most agreed of `ReportData.proposals` per pillar (with answers)."""
    pillars = [PillarResult(name=topic.title, summary=topic.description or "", themes=list(themes.get(topic.id, [])))
               for topic in process.topics]
    known = {topic.id for topic in process.topics}
    loose = [theme for key, group in themes.items() if key not in known for theme in group]
    if loose:
        pillars.append(PillarResult(name=_("Übergreifende Themen"), themes=loose))
    return pillars


def collect_report_data(process, draft, run) -> ReportData:
    """Everything the report of `process` shows, as a `ReportData` (a constant number of queries):
    the editable parts from `draft`, themes and opinion groups from the analysis `run` (or none)."""
    themes = themes_by_pillar(run) if run is not None else {}
    return ReportData(
        process=process_info(process, draft),
        participation=figures.participation(process),
        pillars=pillar_results(process, themes),
        opinions=opinions_data(run) if run is not None else None,
        surveys=figures.survey_results(process),
        representativeness=figures.representativeness(process),
        moderation=figures.moderation_summary(process),
        proposals=figures.proposal_rows(process),
    )

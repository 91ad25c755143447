"""What the dashboard and the public results page show, assembled from the figures and the analysis run.

Every chart comes from analysis.dashboards / analysis.dashboards_results (which suppress counts of
people under 5) and is paired with its table. The figures, the per-pillar results block and the analysis
run (themes, opinion groups) come from app.figures.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from analysis import dashboards
from analysis.privacy import MIN_GROUP_SIZE, redact_contacts, suppress_small
from analysis.report_data import Participation, PillarResult, ProposalRow
from analysis.report_labels import format_decimal, format_int
from analysis.report_model import Table
from analysis.report_sections import quote_lines
from app.analysis_runs.labels import exclusion_sentence
from app.dashboard.charts import Chart, chart, content_rows, table_only
from app.dashboard.forms import Filters
from app.dashboard.run_charts import opinions_chart, theme_map_chart
from app.figures import services as figures
from app.figures.labels import report_labels
from app.processes.models import Process

TOP_PROPOSALS = 10


@dataclass
class SurveyBlock:
    title: str
    responses: int | str
    charts: list[Chart] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)


@dataclass
class PillarBlock:
    title: str
    themes: Chart | None
    quotes: list[str]
    top: list[ProposalRow]


def totals_table(part: Participation, labels: dict) -> Table:
    measures = ["participants", "proposals", "comments", "votes", "survey_responses"]
    rows = [[labels[m], format_int(suppress_small(getattr(part, m)), labels)] for m in measures]
    return Table(labels["totals_caption"], [labels["figure"], labels["count"]], rows)


def participation_charts(part: Participation, labels: dict) -> dict[str, Chart | None]:
    # Per district: residents (the district people gave) and the proposals located there (issue 14).
    district_labels = {**labels, "participants": labels["residents"], "proposals": labels["located_proposals"]}
    return {
        "totals": table_only("totals", totals_table(part, labels)),
        "timeline": chart("timeline", dashboards.participation_over_time(part.timeline, labels))
        if part.timeline else None,
        "by_district": content_rows(chart(
            "by-district", dashboards.participation_by_district(part.by_district, district_labels)))
        if part.by_district else None,
        "by_pillar": content_rows(chart("by-pillar", dashboards.participation_by_pillar(part.by_pillar, labels)))
        if part.by_pillar else None,
    }


def survey_blocks(process: Process, labels: dict) -> list[SurveyBlock]:
    blocks = []
    for s_index, survey in enumerate(figures.survey_results(process)):
        block = SurveyBlock(redact_contacts(survey.title), format_int(suppress_small(survey.responses), labels))
        for q_index, question in enumerate(survey.questions):
            result = dashboards.survey_question(question, labels)
            if result is None:
                block.suppressed.append(labels["question_suppressed"].format(
                    question=redact_contacts(question.text), minimum=MIN_GROUP_SIZE))
            else:
                block.charts.append(content_rows(chart(f"survey-{s_index}-{q_index}", result)))
        blocks.append(block)
    return blocks


def dashboard_context(process: Process, filters: Filters) -> dict:
    """Everything the admin dashboard shows, for the chosen pillar and district."""
    labels = report_labels()
    scope = {"topic_id": filters.topic_id, "district_id": filters.district_id}
    part = figures.participation(process, **scope)
    rows = figures.proposal_rows(process, **scope)
    run = figures.latest_run(process)
    opinions, opinions_text = opinions_chart(run, labels)
    pillar = next((t.title for t in process.topics if t.id == filters.topic_id), "")
    top_caption = labels["top_caption"].format(pillar=pillar) if pillar else \
        labels["top_caption"].format(pillar="").rstrip(" –")
    representativeness = figures.representativeness(process)
    moderation = figures.moderation_summary(process)
    median = moderation.median_hours_to_decision
    return {
        "labels": labels, "participation": part, "charts": participation_charts(part, labels), "run": run,
        "votes": chart("votes", dashboards.votes_distribution(rows, labels)) if rows else None,
        "top": content_rows(chart("top", dashboards.top_proposals(figures.most_agreed(rows, TOP_PROPOSALS), labels,
                                                     n=TOP_PROPOSALS, caption=top_caption)))
        if rows else None,
        "theme_map": theme_map_chart(run, labels, filters), "opinions": opinions, "opinions_text": opinions_text,
        "theme_exclusions": exclusion_sentence(figures.theme_exclusions(run)),
        "surveys": survey_blocks(process, labels),
        "representativeness": [chart(f"representativeness-{i}", dashboards.representativeness(d, labels))
                               for i, d in enumerate(representativeness.dimensions)] if representativeness else [],
        "moderation": chart("moderation", dashboards.moderation_figures(moderation.reports_by_reason,
                                                                        moderation.actions, labels)),
        "median_text": labels["median_hours"].format(hours=format_decimal(median, labels)) if median is not None
        else "",
    }


def pillar_blocks(pillars: list[PillarResult], labels: dict) -> list[PillarBlock]:
    """The per-pillar results block (app.figures: themes with quotes, most agreed proposals, in the
    order the report uses too) as the results page shows it: contacts redacted, themes as a table."""
    blocks = []
    for index, pillar in enumerate(pillars):
        title = pillar.name
        table = Table(labels["themes_caption"].format(pillar=title),
                      [labels["theme"], labels["size"], labels["quotes"]],
                      [[redact_contacts(t.label), format_int(t.size, labels), ", ".join(q.ref for q in t.quotes)]
                       for t in pillar.themes])
        quotes = [labels["quote"].format(text=quote_lines(q.text), ref=q.ref)
                  for t in pillar.themes for q in t.quotes]
        top = [replace(row, title=redact_contacts(row.title), answer=redact_contacts(row.answer))
               for row in pillar.top_proposals]
        blocks.append(PillarBlock(title, content_rows(table_only(f"themes-{index}", table)) if pillar.themes else None,
                                  quotes, top))
    return blocks


def results_context(process: Process) -> dict:
    """The public results page: only non-personal figures (no moderation, no names)."""
    labels = report_labels()
    part = figures.participation(process)
    rows = figures.proposal_rows(process)
    run = figures.latest_run(process)
    opinions, opinions_text = opinions_chart(run, labels)
    return {
        "labels": labels, "participation": part, "charts": participation_charts(part, labels), "run": run,
        "pillars": pillar_blocks(figures.pillar_results(process, rows, run), labels), "opinions": opinions,
        "opinions_text": opinions_text, "theme_exclusions": exclusion_sentence(figures.theme_exclusions(run)),
        "surveys": survey_blocks(process, labels),
    }

"""Sections of the Sachverhalt/Begründung, one function per section.

Each takes the ``ReportData`` and the merged labels and returns a ``Section`` (or None when
there is nothing to say). Privacy is enforced here: counts go through ``suppress_small`` /
``suppress_partition`` (via the dashboard functions) and free text through ``redact_contacts``.
"""

from __future__ import annotations

from dataclasses import replace

from analysis import dashboards, dashboards_results
from analysis.opinion_explain import consensus_table_rows, explain_opinions, statement_table_rows
from analysis.privacy import MIN_GROUP_SIZE, redact_contacts, suppress_small
from analysis.report_data import PillarResult, ProposalRow, ReportData, Statement
from analysis.report_labels import format_date, format_decimal, format_int
from analysis.report_model import Figure, Section, Table


def _figure(chart: dashboards.ChartWithTable) -> Figure:
    return Figure(chart.table.caption, chart.figure, chart.table)


def process_section(data: ReportData, labels: dict) -> Section:
    """The process, its summary and its phases with dates."""
    process = data.process
    rows = [[redact_contacts(p.name), format_date(p.start, labels), format_date(p.end, labels),
             redact_contacts(p.description)]
            for p in process.phases]
    table = Table(labels["phases_caption"],
                  [labels["phase"], labels["from"], labels["to"], labels["description"]], rows)
    paragraphs = [redact_contacts(process.summary)] if process.summary else []
    return Section(labels["sec_process"], paragraphs, [table] if rows else [])


def participation_section(data: ReportData, labels: dict) -> Section:
    """Totals, activity over time by channel, by district and by pillar."""
    p = data.participation
    measures = ["participants", "proposals", "comments", "votes", "survey_responses"]
    shown = {m: format_int(suppress_small(getattr(p, m)), labels) for m in measures}
    totals = Table(labels["totals_caption"], [labels["figure"], labels["count"]],
                   [[labels[m], shown[m]] for m in measures])
    figures = []
    if p.timeline:
        figures.append(_figure(dashboards.participation_over_time(p.timeline, labels)))
    if p.by_district:
        figures.append(_figure(dashboards.participation_by_district(p.by_district, labels)))
    if p.by_pillar:
        figures.append(_figure(dashboards.participation_by_pillar(p.by_pillar, labels)))
    paragraphs = [labels["totals_text"].format(**shown), labels["suppressed_note"].format(minimum=MIN_GROUP_SIZE)]
    return Section(labels["sec_figures"], paragraphs, [totals], figures)


def _pillar_subsection(pillar: PillarResult, proposals: list[ProposalRow], top_n: int, labels: dict) -> Section:
    name = redact_contacts(pillar.name)
    paragraphs = [redact_contacts(pillar.summary)] if pillar.summary else []
    theme_rows = []
    for theme in sorted(pillar.themes, key=lambda t: (-t.size, t.label)):
        theme_rows.append([redact_contacts(theme.label), format_int(theme.size, labels),
                           ", ".join(q.ref for q in theme.quotes)])
        paragraphs += [labels["quote"].format(text=redact_contacts(q.text), ref=q.ref) for q in theme.quotes]
    if not pillar.themes:
        paragraphs.append(labels["no_themes"])
    top = pillar.top_proposals or dashboards.most_agreed([p for p in proposals if p.pillar == pillar.name], top_n)
    top = [_public_proposal(p) for p in top]
    tables = []
    if theme_rows:
        tables.append(Table(labels["themes_caption"].format(pillar=name),
                            [labels["theme"], labels["size"], labels["quotes"]], theme_rows))
    figures = []
    if top:
        caption = labels["top_caption"].format(pillar=name)
        figures.append(_figure(dashboards.top_proposals(top, labels, n=top_n, caption=caption)))
        tables.append(Table(labels["answer"], [labels["ref"], labels["title"], labels["answer"]],
                            [[p.ref, p.title, p.answer or labels["no_answer"]] for p in top]))
    return Section(name, paragraphs, tables, figures)


def _public_proposal(p: ProposalRow) -> ProposalRow:
    return ProposalRow(p.ref, redact_contacts(p.title), p.pillar, p.district, p.status,
                       p.agree, p.disagree, p.pass_, p.comments, redact_contacts(p.answer))


def pillars_section(data: ReportData, labels: dict) -> Section | None:
    """One subsection per pillar: themes with quotes, the most agreed proposals, answers."""
    if not data.pillars:
        return None
    subsections = [_pillar_subsection(p, data.proposals, data.top_n, labels) for p in data.pillars]
    return Section(labels["sec_pillars"], subsections=subsections)


def _redacted(statements: list[Statement]) -> list[Statement]:
    return [replace(s, text=redact_contacts(s.text)) for s in statements]


def opinions_section(data: ReportData, labels: dict) -> Section:
    """Opinion groups explained (analysis.opinion_explain): head counts that add up, one paragraph
    and a statement table per group (each statement with its votes), the consensus with its minimum;
    when no groups can be shown, one sentence saying why. Groups under 5 people are left out."""
    opinions = data.opinions
    if opinions is not None:
        opinions = replace(
            opinions, consensus=_redacted(opinions.consensus),
            groups=[replace(g, representative=_redacted(g.representative)) for g in opinions.groups])
    explanation = explain_opinions(opinions, labels)
    if explanation.reason:
        return Section(labels["sec_opinions"], [*explanation.summary, explanation.reason])
    headers = [labels["statement"], labels["ref"], labels["opinion_share_in_group"],
               labels["opinion_share_outside"], labels["opinion_votes"]]
    subsections = []
    for group in explanation.groups:
        tables = [Table(labels[f"opinion_{direction}_caption"].format(group=group.name), headers,
                        statement_table_rows(statements, labels))
                  for direction, statements in (("agree", group.agree), ("disagree", group.disagree)) if statements]
        subsections.append(Section(group.name, [group.description], tables))
    consensus_tables = [Table(labels["consensus_caption"],
                              [labels["statement"], labels["ref"], labels["direction"], labels["agree_ratio"],
                               labels["opinion_votes_total"], labels["opinion_votes_smallest"]],
                              consensus_table_rows(explanation.consensus, labels))] if explanation.consensus else []
    paragraphs = [*explanation.summary, explanation.consensus_rule] + (
        [] if explanation.consensus else [labels["no_consensus"]])
    chart = dashboards_results.opinion_groups(opinions.groups, [], labels, with_statements=False)
    return Section(labels["sec_opinions"], paragraphs, consensus_tables, [_figure(chart)], subsections=subsections)


def survey_sections(data: ReportData, labels: dict) -> tuple[Section | None, list[Table]]:
    """Survey results (one subsection per survey) and the tables for the Anlage."""
    subsections, tables = [], []
    for survey in data.surveys:
        paragraphs = [labels["survey_text"].format(responses=format_int(suppress_small(survey.responses), labels))]
        figures = []
        for question in survey.questions:
            chart = dashboards.survey_question(question, labels)
            if chart is None:
                paragraphs.append(labels["question_suppressed"].format(
                    question=redact_contacts(question.text), minimum=MIN_GROUP_SIZE))
                continue
            figures.append(_figure(chart))
            tables.append(chart.table)
        subsections.append(Section(redact_contacts(survey.title), paragraphs, figures=figures))
    if not subsections:
        return None, []
    return Section(labels["sec_surveys"], subsections=subsections), tables


def representativeness_section(data: ReportData, labels: dict) -> Section:
    """Observed against reference shares per dimension, and the limits of the data."""
    rep = data.representativeness
    figures = [_figure(dashboards.representativeness(d, labels)) for d in (rep.dimensions if rep else [])]
    limits = redact_contacts(rep.limits) if rep and rep.limits else labels["default_limits"]
    return Section(labels["sec_representativeness"], [limits], figures=figures)


def moderation_section(data: ReportData, labels: dict) -> Section | None:
    """Reports by reason, moderation actions and the median time to a decision."""
    mod = data.moderation
    if mod is None:
        return None
    paragraphs = []
    if mod.median_hours_to_decision is not None:
        paragraphs.append(labels["median_hours"].format(hours=format_decimal(mod.median_hours_to_decision, labels)))
    chart = dashboards.moderation_figures(mod.reports_by_reason, mod.actions, labels)
    return Section(labels["sec_moderation"], paragraphs, figures=[_figure(chart)])

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
from analysis.report_data import (
    DistrictCount,
    Participation,
    PillarResult,
    ProposalRow,
    Quote,
    ReportData,
    Statement,
    SurveyQuestion,
    Theme,
)
from analysis.report_labels import format_date, format_decimal, format_int
from analysis.report_model import Figure, Section, Table


def _figure(chart: dashboards.ChartWithTable) -> Figure:
    return Figure(chart.table.caption, chart.figure, chart.table)


MAX_THEMES = 5  # themes per pillar in the body (all of them are in the Anlage)
MAX_QUOTES = 3  # quotes per pillar in the body: one of each of the largest themes
BODY_QUOTE_MAX = 320  # characters of a quote in the body; the whole quote is in the Anlage
MAX_FINDING_THEMES = 3  # themes named per pillar in the summary


def ordered_themes(themes: list[Theme]) -> list[Theme]:
    """Largest first; equal sizes by label (the order of the results page)."""
    return sorted(themes, key=lambda t: (-t.size, t.label))


def ranked(proposals: list[ProposalRow], n: int) -> list[ProposalRow]:
    """The n most agreed proposals that may be ranked: at least one agree vote and not merged
    (hidden and withdrawn proposals are not in the data at all)."""
    return dashboards.most_agreed([p for p in proposals if p.agree > 0 and not p.merged_into], n)


def strongest_quote(theme: Theme) -> Quote:
    """The quote the body prints for ``theme``: the analysis's first choice (the most representative of the
    contributions with substance – acknowledgements and one-liners are never quoted), shortened to
    BODY_QUOTE_MAX characters at a line or word boundary; the Anlage has it whole."""
    quote = theme.quotes[0]
    text = "\n".join(line for line in quote.text.splitlines() if line.strip())
    if len(text) <= BODY_QUOTE_MAX:
        return replace(quote, text=text)
    cut = text[:BODY_QUOTE_MAX - 2]
    cut = cut.rsplit("\n", 1)[0] if "\n" in cut[BODY_QUOTE_MAX // 2:] else cut.rsplit(" ", 1)[0]
    return replace(quote, text=cut.rstrip(" ,;:–-") + " …")


def _paragraphs(text: str) -> list[str]:
    return [redact_contacts(part.strip()) for part in (text or "").split("\n\n") if part.strip()]


def mandate_section(data: ReportData, labels: dict) -> Section:
    """Occasion and mandate (the administration's text for the council) and the phases with dates.

    The citizen-facing description of the process (``ProcessInfo.summary``) is never used here."""
    process = data.process
    rows = [[redact_contacts(p.name), format_date(p.start, labels), format_date(p.end, labels)]
            for p in process.phases]
    table = Table(labels["phases_caption"], [labels["phase"], labels["from"], labels["to"]], rows)
    paragraphs = _paragraphs(process.anlass)
    title = labels["sec_mandate"] if paragraphs else labels["sec_process"]
    return Section(title, paragraphs, [table] if rows else [])


def _finding(pillar: PillarResult, proposals: list[ProposalRow], top_n: int, labels: dict) -> str:
    name = redact_contacts(pillar.name)
    themes = ordered_themes(pillar.themes)[:MAX_FINDING_THEMES]
    top = ranked(pillar.top_proposals or [p for p in proposals if p.pillar == pillar.name], top_n)
    parts = []
    if themes:
        parts.append(labels["finding_themes"].format(
            pillar=name, themes=", ".join(f"„{redact_contacts(t.label)}“" for t in themes)))
    if top:
        best = top[0]
        sentence = labels["finding_top"].format(ref=best.ref, title=redact_contacts(best.title),
                                                agree=format_int(best.agree, labels))
        parts.append(sentence if parts else f"{name}: {sentence}")
    return " ".join(parts) or labels["finding_none"].format(pillar=name)


def next_steps_paragraphs(data: ReportData, labels: dict, as_of) -> list[str]:
    """The administration's next steps; without them, the phases still to come (with dates)."""
    paragraphs = _paragraphs(data.process.next_steps)
    if paragraphs:
        return paragraphs
    upcoming = [p for p in data.process.phases if p.start is not None and p.start > as_of]
    if not upcoming:
        return []
    return [labels["next_phases_text"]] + [
        labels["next_phase"].format(phase=redact_contacts(p.name), start=format_date(p.start, labels),
                                    end=format_date(p.end, labels)) for p in upcoming]


def summary_section(data: ReportData, labels: dict, as_of) -> Section:
    """Up front: the key figures, the key findings per pillar and the next steps."""
    p = data.participation
    shown = {m: format_int(suppress_small(getattr(p, m)), labels)
             for m in ("participants", "proposals", "comments", "votes", "survey_responses")}
    paragraphs = [labels["summary_figures"].format(as_of=format_date(as_of, labels), **shown)]
    if data.pillars:
        paragraphs.append(labels["summary_findings"])
        paragraphs += [_finding(pillar, data.proposals, data.top_n, labels) for pillar in data.pillars]
    subsections = []
    steps = next_steps_paragraphs(data, labels, as_of)
    if steps:
        subsections.append(Section(labels["sec_next_steps"], steps))
    return Section(labels["sec_summary"], paragraphs, subsections=subsections)


def _district_rows(p: Participation, labels: dict) -> list[DistrictCount]:
    return [DistrictCount(d.district or labels["no_district"], d.participants, d.proposals) for d in p.by_district]


def participation_section(data: ReportData, labels: dict) -> Section:
    """Totals with their definitions (persons = accounts + anonymous survey responses; merged and
    hidden proposals counted apart), activity over time, residents and proposals by district, pillars."""
    p = data.participation
    split = p.accounts + p.anonymous_responses == p.participants and p.participants > 0
    measures = ["participants", *(["accounts", "anonymous_responses"] if split else []), "proposals", "comments",
                "votes", "survey_responses", "merged_proposals", "hidden_proposals"]
    shown = {m: format_int(suppress_small(getattr(p, m)), labels) for m in measures}
    totals = Table(labels["totals_caption"], [labels["figure"], labels["count"]],
                   [[labels[m], shown[m]] for m in measures])
    figures = []
    if p.timeline:
        figures.append(_figure(dashboards.participation_over_time(p.timeline, labels)))
    paragraphs = [labels["totals_text"].format(**shown)]
    if split:
        paragraphs.append(labels["persons_definition"].format(accounts=shown["accounts"],
                                                              anonymous=shown["anonymous_responses"]))
    if p.merged_proposals or p.hidden_proposals:
        paragraphs.append(labels["merged_hidden_text"].format(merged=shown["merged_proposals"],
                                                              hidden=shown["hidden_proposals"]))
    if p.by_district:
        district_labels = {**labels, "participants": labels["residents"], "proposals": labels["located_proposals"]}
        figures.append(_figure(dashboards.participation_by_district(_district_rows(p, labels), district_labels)))
        paragraphs.append(labels["district_definition"].format(participants=shown["participants"]))
    if p.by_pillar:
        figures.append(_figure(dashboards.participation_by_pillar(p.by_pillar, labels)))
    paragraphs.append(labels["suppressed_note"].format(minimum=MIN_GROUP_SIZE))
    return Section(labels["sec_figures"], paragraphs, [totals], figures)


def _pillar_subsection(pillar: PillarResult, proposals: list[ProposalRow], top_n: int, labels: dict,
                       anlage: str) -> Section:
    name = redact_contacts(pillar.name)
    themes = ordered_themes(pillar.themes)
    paragraphs, tables, figures = [], [], []
    theme_rows = [[redact_contacts(t.label), format_int(t.size, labels)] for t in themes[:MAX_THEMES]]
    quotes = [strongest_quote(t) for t in themes[:MAX_QUOTES] if t.quotes]
    paragraphs += [labels["quote"].format(text=quote_lines(q.text), ref=q.ref) for q in quotes]
    if not themes:
        paragraphs.append(labels["no_themes"])
    elif anlage and (len(themes) > MAX_THEMES or any(len(t.quotes) > 1 for t in themes)):
        paragraphs.append(labels["themes_more"].format(n=format_int(len(themes), labels), anlage=anlage))
    if theme_rows:
        tables.append(Table(labels["themes_caption"].format(pillar=name), [labels["theme"], labels["size"]],
                            theme_rows))
    top = [_public_proposal(p) for p in ranked(pillar.top_proposals or
                                               [p for p in proposals if p.pillar == pillar.name], top_n)]
    if top:
        caption = labels["top_caption"].format(pillar=name)
        figures.append(_figure(dashboards.top_proposals(top, labels, n=top_n, caption=caption)))
        paragraphs.append(labels["top_definition"])
        answered = [[p.ref, p.title, p.answer] for p in top if p.answer]
        if answered:
            tables.append(Table(labels["answers_caption"], [labels["ref"], labels["title"], labels["answer"]],
                                answered))
    elif pillar.name in {p.pillar for p in proposals} or not themes:
        paragraphs.append(labels["no_top"])
    return Section(name, paragraphs, tables, figures)


def quote_lines(text: str) -> str:
    """A quote as printed: contacts removed line by line, blank lines dropped, so that a proposal's title,
    its text and its list items stay on lines of their own (the renderers print the line breaks)."""
    return "\n".join(redact_contacts(line) for line in text.splitlines() if line.strip())


def _public_proposal(p: ProposalRow) -> ProposalRow:
    return replace(p, title=redact_contacts(p.title), answer=redact_contacts(p.answer))


def pillars_section(data: ReportData, labels: dict, anlage: str = "") -> Section | None:
    """One subsection per pillar: its largest themes with a few quotes (all of them in ``anlage``),
    the most agreed proposals and the administration's answers to them. The pillar's citizen-facing
    description is not printed."""
    if not data.pillars:
        return None
    subsections = [_pillar_subsection(p, data.proposals, data.top_n, labels, anlage) for p in data.pillars]
    return Section(labels["sec_pillars"], _exclusion_paragraphs(data.theme_exclusions, labels),
                   subsections=subsections)


EXCLUSION_REASONS = ("short", "stock_reply", "no_words")


def _exclusion_paragraphs(excluded: dict[str, int], labels: dict) -> list[str]:
    """One sentence on the contributions kept out of the themes, by reason ([] when there were none)."""
    counts = {reason: int(excluded.get(reason, 0)) for reason in EXCLUSION_REASONS}
    if not any(counts.values()):
        return []
    reasons = "; ".join(labels[f"excluded_{reason}"].format(n=format_int(count, labels))
                        for reason, count in counts.items() if count > 0)
    return [labels["themes_excluded"].format(total=format_int(sum(counts.values()), labels), reasons=reasons)]


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


def _question_chart(question: SurveyQuestion, labels: dict):
    if question.kind == "number":  # a histogram; median, unit and n go in a sentence
        return dashboards.survey_question(replace(question, mean=None), labels)
    return dashboards.survey_question(question, labels)


def _number_text(question: SurveyQuestion, labels: dict) -> str:
    unit = f" {question.unit}" if question.unit else ""
    return labels["number_text"].format(
        question=redact_contacts(question.text), median=format_decimal(question.median, labels),
        mean=format_decimal(question.mean, labels), unit=unit, n=format_int(question.responses, labels))


def survey_sections(data: ReportData, labels: dict) -> Section | None:
    """Survey results: one subsection per survey, one chart per question (a number question as a
    histogram with median, unit and n)."""
    subsections = []
    for survey in data.surveys:
        paragraphs = [labels["survey_text"].format(responses=format_int(suppress_small(survey.responses), labels))]
        figures = []
        for question in survey.questions:
            chart = _question_chart(question, labels)
            if chart is None:
                paragraphs.append(labels["question_suppressed"].format(
                    question=redact_contacts(question.text), minimum=MIN_GROUP_SIZE))
                continue
            if question.kind == "number" and question.median is not None:
                paragraphs.append(_number_text(question, labels))
            figures.append(_figure(chart))
        subsections.append(Section(redact_contacts(survey.title), paragraphs, figures=figures))
    if not subsections:
        return None
    return Section(labels["sec_surveys"], subsections=subsections)


def survey_tables(data: ReportData, labels: dict) -> list[Table]:
    """The tables of every published survey question, for the Anlage."""
    tables = []
    for survey in data.surveys:
        for question in survey.questions:
            chart = _question_chart(question, labels)
            if chart is not None:
                tables.append(chart.table)
    return tables


def representativeness_section(data: ReportData, labels: dict) -> Section:
    """Observed against reference shares per dimension, and the limits of the data."""
    rep = data.representativeness
    figures = [_figure(dashboards.representativeness(d, labels)) for d in (rep.dimensions if rep else [])]
    limits = redact_contacts(rep.limits) if rep and rep.limits else labels["default_limits"]
    return Section(labels["sec_representativeness"], [limits], figures=figures)


def moderation_section(data: ReportData, labels: dict) -> Section | None:
    """The state of the proposals and the official answers (both from the proposals themselves),
    reports by reason, moderation actions and the median time to a decision."""
    mod = data.moderation
    if mod is None:
        return None
    paragraphs, tables = [], []
    if mod.official_answers is not None:  # of all visible proposals, merged ones included (their statuses)
        visible = sum(s.count for s in mod.statuses) or data.participation.proposals + \
            data.participation.merged_proposals
        paragraphs.append(labels["official_answers_text"].format(
            answers=format_int(mod.official_answers, labels), proposals=format_int(visible, labels)))
    if mod.statuses:
        tables.append(Table(labels["statuses_caption"], [labels["status"], labels["count"]],
                            [[s.label, format_int(s.count, labels)] for s in mod.statuses]))
    if mod.median_hours_to_decision is not None:
        paragraphs.append(labels["median_hours"].format(hours=format_decimal(mod.median_hours_to_decision, labels)))
    chart = dashboards.moderation_figures(mod.reports_by_reason, mod.actions, labels)
    return Section(labels["sec_moderation"], paragraphs, tables, figures=[_figure(chart)])

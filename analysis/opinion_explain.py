"""Opinion groups explained in plain language, for the report and the dashboard.

Everything said here comes from the numbers of :class:`~analysis.report_data.Opinions`;
the sentences are templates from the label set (German by default), nothing is invented.

* The head counts add up: people placed in a shown group + people who voted on
  too few statements + people in groups too small to show = everybody who voted.
* Each group: its size, the statements it agrees and disagrees with most
  distinctively (each with its number of votes and the agree share in the group
  and outside it) and a one-paragraph description built from them.
* Consensus statements show their number of votes; the minimum they need is said.
* No groups: one sentence with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.privacy import MIN_GROUP_SIZE, suppress_small
from analysis.repness import MIN_CONSENSUS_GROUP_VOTES, MIN_CONSENSUS_SHARE
from analysis.report_data import OpinionGroup, Opinions, Statement
from analysis.report_labels import format_int, format_share, label

STATEMENTS_PER_DIRECTION = 3
REASON_KEYS = ("no_votes", "few_voters", "identical_votes")


@dataclass
class ExplainedGroup:
    name: str
    size: int
    agree: list[Statement] = field(default_factory=list)
    disagree: list[Statement] = field(default_factory=list)
    description: str = ""


@dataclass
class Explanation:
    """Sentences and groups ready to print. ``reason`` is set (and ``groups`` empty) when none are shown."""

    summary: list[str] = field(default_factory=list)
    groups: list[ExplainedGroup] = field(default_factory=list)
    consensus: list[Statement] = field(default_factory=list)
    consensus_rule: str = ""
    reason: str = ""


def _quoted(statement: Statement, labels) -> str:
    text = statement.text if len(statement.text) <= 120 else statement.text[:117].rstrip() + "…"
    return label(labels, "opinion_statement_quote").format(text=text, ref=statement.ref)


def _evidence(statement: Statement, labels) -> str:
    """"(72 % Zustimmung in der Gruppe, 18 % außerhalb; 140 Stimmen)"."""
    return label(labels, "opinion_evidence").format(
        inside=format_share(statement.agree_ratio, labels),
        outside=format_share(statement.rest_agree_ratio, labels),
        votes=format_int(statement.n_votes, labels))


def describe_group(group: ExplainedGroup, labels=None) -> str:
    """One paragraph from the group's size and its most distinctive statements (template text only)."""
    parts = [label(labels, "opinion_group_size").format(group=group.name, size=format_int(group.size, labels))]
    if group.agree:
        parts.append(label(labels, "opinion_group_agrees").format(
            statement=_quoted(group.agree[0], labels), evidence=_evidence(group.agree[0], labels)))
    if group.disagree:
        parts.append(label(labels, "opinion_group_disagrees").format(
            statement=_quoted(group.disagree[0], labels), evidence=_evidence(group.disagree[0], labels)))
    if not group.agree and not group.disagree:
        parts.append(label(labels, "opinion_group_nothing"))
    return " ".join(parts)


def _split(group: OpinionGroup) -> tuple[list[Statement], list[Statement]]:
    agree = [s for s in group.representative if s.direction == "agree"][:STATEMENTS_PER_DIRECTION]
    disagree = [s for s in group.representative if s.direction == "disagree"][:STATEMENTS_PER_DIRECTION]
    return agree, disagree


def head_counts(opinions: Opinions) -> dict:
    """``considered`` = ``placed`` + ``unplaced`` + ``hidden_people``; ``shown``/``hidden_groups`` count groups."""
    considered = int(opinions.participants)
    clustered = int(opinions.clustered if opinions.clustered is not None else
                    sum(g.size for g in opinions.groups))
    shown = [g for g in opinions.groups if g.size >= MIN_GROUP_SIZE]
    placed = sum(g.size for g in shown)
    return {"considered": considered, "placed": placed, "unplaced": max(0, considered - clustered),
            "hidden_people": clustered - placed, "shown": len(shown),
            "hidden_groups": len(opinions.groups) - len(shown)}


def _summary(counts: dict, opinions: Opinions, labels) -> list[str]:
    sentences = [label(labels, "opinion_counts").format(
        considered=format_int(counts["considered"], labels), placed=format_int(counts["placed"], labels),
        groups=format_int(counts["shown"], labels))]
    if counts["unplaced"]:
        sentences.append(label(labels, "opinion_unplaced").format(
            n=format_int(suppress_small(counts["unplaced"]), labels), min_votes=opinions.min_votes))
    if counts["hidden_groups"]:
        sentences.append(label(labels, "opinion_hidden").format(
            n=format_int(suppress_small(counts["hidden_people"]), labels),
            groups=format_int(counts["hidden_groups"], labels), minimum=MIN_GROUP_SIZE))
    return sentences


def explain_opinions(opinions: Opinions | None, labels=None) -> Explanation:
    """The explanation of ``opinions`` (``None``: no analysis run yet) in the language of ``labels``."""
    if opinions is None:
        return Explanation(reason=label(labels, "opinion_reason_no_run"))
    counts = head_counts(opinions)
    if not opinions.groups or counts["shown"] == 0:
        key = opinions.reason if opinions.reason in REASON_KEYS else (
            "small_groups" if opinions.groups else "no_votes")
        reason = label(labels, f"opinion_reason_{key}").format(minimum=MIN_GROUP_SIZE, min_votes=opinions.min_votes)
        return Explanation(reason=reason)
    groups = []
    for group in opinions.groups:
        if group.size < MIN_GROUP_SIZE:
            continue
        agree, disagree = _split(group)
        explained = ExplainedGroup(label(labels, "group").format(id=group.id), group.size, agree, disagree)
        explained.description = describe_group(explained, labels)
        groups.append(explained)
    rule = label(labels, "opinion_consensus_rule").format(
        per_group=MIN_CONSENSUS_GROUP_VOTES, share=format_share(MIN_CONSENSUS_SHARE, labels))
    return Explanation(summary=_summary(counts, opinions, labels), groups=groups,
                       consensus=list(opinions.consensus), consensus_rule=rule)


def statement_table_rows(statements: list[Statement], labels=None) -> list[list[str]]:
    """Rows: statement, ref, agree share in the group, agree share outside, votes in the group."""
    return [[s.text, s.ref, format_share(s.agree_ratio, labels), format_share(s.rest_agree_ratio, labels),
             format_int(s.n_votes, labels)] for s in statements]


def consensus_table_rows(statements: list[Statement], labels=None) -> list[list[str]]:
    """Rows: statement, ref, direction, agree share overall, votes overall, fewest votes in a group."""
    return [[s.text, s.ref, label(labels, f"direction_{s.direction}"), format_share(s.agree_ratio, labels),
             format_int(s.n_votes, labels), format_int(min(s.group_n_votes) if s.group_n_votes else None, labels)]
            for s in statements]

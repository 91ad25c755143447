"""A short preview of a built report for the draft page: the heading tree and the key figures."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, document_title, report_blocks


@dataclass
class OutlineNode:
    text: str
    children: list[OutlineNode] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    headings: list[OutlineNode]  # Heading 1 nodes with their subheadings
    totals: Table | None  # the participation totals ("Beteiligung in Zahlen")
    charts: int
    tables: int
    to_complete: list[str] = field(default_factory=list)  # parts the paper leaves out until they are filled in


def outline(report: Report) -> Outline:
    """The headings of `report` as a tree, its totals table and how many charts and tables it has."""
    roots: list[OutlineNode] = []
    stack: list[tuple[int, OutlineNode]] = []
    charts = tables = 0
    for block in report_blocks(report):
        if isinstance(block, Heading) and block.level > 0:
            node = OutlineNode(block.text)
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(node)
            stack.append((block.level, node))
        elif isinstance(block, Figure):
            charts += 1
        elif isinstance(block, Table):
            tables += 1
    totals = next((section.tables[0] for section in report.sections
                   if section.title == report.label("sec_figures") and section.tables), None)
    return Outline(document_title(report), roots, totals, charts, tables, to_complete(report))


def to_complete(report: Report) -> list[str]:
    """The parts of the Drucksache that are still empty (the paper omits them; only this editor page
    names them, so that no placeholder text ever reaches an output)."""
    missing = []
    if not report.reference:
        missing.append(_("Drucksachen-Nummer"))
    if not report.federfuehrung:
        missing.append(_("Federführung (Amt, Dezernat)"))
    if not report.related_papers:
        missing.append(_("Bezug: frühere Drucksachen"))
    if not any(section.title == report.label("sec_mandate") for section in report.sections):
        missing.append(_("Anlass und Auftrag (Text für die Ratsversammlung)"))
    if not report.signature:
        missing.append(_("Unterzeichnet von (Name)"))
    if not any(step.date for step in report.beratungsfolge):
        missing.append(_("Sitzungstermine der Beratungsfolge"))
    return missing

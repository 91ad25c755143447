"""A short preview of a built report for the draft page: the heading tree and the key figures."""
from __future__ import annotations

from dataclasses import dataclass, field

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
    return Outline(document_title(report), roots, totals, charts, tables)

"""Markdown rendering: plain text for re-use in mails, wikis and the OParl ``File.text``."""

from __future__ import annotations

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, Text, report_blocks


def _cell(value) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> list[str]:
    """A GitHub-style pipe table with its caption above and notes below."""
    lines = [f"*{_cell(table.caption)}*", ""]
    if table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows)
    lines += [""] + [f"> {note}" for note in table.notes] + ([""] if table.notes else [])
    return lines


def render_markdown(report: Report, include_attachments: bool = True) -> str:
    """The report as Markdown: "#" for the title, "##"–"####" for Heading 1–3.
    Charts appear as their tables (Markdown has no place for images without files)."""
    lines: list[str] = []
    for block in report_blocks(report, include_attachments):
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, Text):
            lines += [f"*{block.text}*" if block.emphasis else block.text, ""]
        elif isinstance(block, Figure):
            lines += markdown_table(block.table)
        elif isinstance(block, Table):
            lines += markdown_table(block)
    return "\n".join(lines).rstrip() + "\n"

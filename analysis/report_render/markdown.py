"""Markdown rendering: plain text for re-use in mails, wikis and the OParl ``File.text``."""

from __future__ import annotations

import re

from analysis.report_model import Figure, Report, Table
from analysis.report_render.blocks import Heading, Text, report_blocks

# Every text in the report may carry citizen input (proposal titles, theme labels, quotes, the process
# summary), so all of it is escaped; the renderer adds its own markup around the escaped text.
_INLINE = re.compile(r"[\\`*_\[]")  # backslash, code, emphasis, links and images ("]" alone is plain)
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # raw HTML, comments and autolinks all start like this
_BLOCK = re.compile(r"^([ \t]*)([#>]|[-+=](?=[-+= \t]|$))", re.M)  # headings, quotes, lists, rules
_ORDERED = re.compile(r"^([ \t]*\d{1,9})([.)])(?=[ \t]|$)", re.M)  # "1. " starts an ordered list


def escape_inline(text) -> str:
    """``text`` as literal Markdown inside a line: no emphasis, code, links, images or HTML.

    "<" becomes "&lt;" where it could start a tag (a backslash would leave "<script" in the file);
    "< 5" stays as it is.
    """
    return _TAG.sub("&lt;", _INLINE.sub(lambda match: "\\" + match.group(), str(text)))


def escape_markdown(text) -> str:
    """``text`` as literal Markdown, also where a line starts (no headings, quotes, lists or rules)."""
    return _ORDERED.sub(r"\1\\\2", _BLOCK.sub(r"\1\\\2", escape_inline(text)))


def _cell(value) -> str:
    return escape_inline(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> list[str]:
    """A GitHub-style pipe table with its caption above and notes below."""
    lines = [f"*{_cell(table.caption)}*", ""]
    if table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows)
    lines += [""] + [f"> {escape_markdown(note)}" for note in table.notes] + ([""] if table.notes else [])
    return lines


def render_markdown(report: Report, include_attachments: bool = True) -> str:
    """The report as Markdown: "#" for the title, "##"–"####" for Heading 1–3.
    Charts appear as their tables (Markdown has no place for images without files)."""
    lines: list[str] = []
    for block in report_blocks(report, include_attachments):
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + escape_markdown(block.text), ""]
        elif isinstance(block, Text):
            text = "  \n".join(escape_markdown(line) for line in block.text.splitlines())  # hard line breaks
            lines += [f"*{text}*" if block.emphasis else text, ""]
        elif isinstance(block, Figure):
            lines += markdown_table(block.table)
        elif isinstance(block, Table):
            lines += markdown_table(block)
    return "\n".join(lines).rstrip() + "\n"

"""The report as a flat sequence of blocks in reading order – the one place that decides
the document structure, so every format has the same headings in the same order:

Title · Betreff · Beratungsfolge · Antrag · Sachverhalt/Begründung (sections, subsections) · Anlagen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from analysis.report_labels import format_date
from analysis.report_model import Figure, Report, Section, Table

MAX_LEVEL = 3


@dataclass
class Heading:
    level: int  # 0 = document title, 1–3 = Heading 1–3
    text: str


@dataclass
class Text:
    text: str
    emphasis: bool = False


Block = Heading | Text | Table | Figure


def document_title(report: Report) -> str:
    """E.g. "Geschäftliche Mitteilung 0123/2026 (Entwurf)"."""
    reference = f" {report.reference}" if report.reference else ""
    return f"{report.kind}{reference} ({report.label('draft')})"


def meta_lines(report: Report) -> list[str]:
    """Date and process below the title."""
    return [f"{report.label('date')}: {format_date(report.date, report.labels)}",
            f"{report.label('process')}: {report.process_title}"]


def beratungsfolge_table(report: Report) -> Table:
    """The Beratungsfolge as a table: committee, meeting date, role."""
    rows = [[c.committee, format_date(c.date, report.labels) if c.date else report.label("open_date"), c.role]
            for c in report.beratungsfolge]
    return Table(report.label("beratungsfolge"),
                 [report.label("committee"), report.label("meeting_date"), report.label("role")], rows)


def antrag_heading(report: Report) -> str:
    """"Beschlussvorschlag" for a Beschlussvorlage, else "Antrag"."""
    return report.label("antrag_beschlussvorlage" if "beschluss" in report.kind.lower() else "antrag")


def _section_blocks(section: Section, level: int) -> Iterator[Block]:
    yield Heading(min(level, MAX_LEVEL), section.title)
    yield from (Text(paragraph) for paragraph in section.paragraphs if paragraph)
    yield from section.figures
    yield from section.tables
    for subsection in section.subsections:
        yield from _section_blocks(subsection, level + 1)


def report_blocks(report: Report, include_attachments: bool = True) -> Iterator[Block]:
    """All blocks of ``report`` in reading order."""
    yield Heading(0, document_title(report))
    yield from (Text(line, emphasis=True) for line in meta_lines(report))
    yield Heading(1, report.label("betreff"))
    yield Text(report.betreff)
    yield Heading(1, report.label("beratungsfolge"))
    yield beratungsfolge_table(report)
    yield Heading(1, antrag_heading(report))
    yield from (Text(part.strip()) for part in report.antrag.split("\n\n") if part.strip())
    yield Heading(1, report.label("sachverhalt"))
    for section in report.sections:
        yield from _section_blocks(section, 2)
    if include_attachments and report.attachments:
        yield Heading(1, report.label("anlagen"))
        for attachment in report.attachments:
            yield from _section_blocks(attachment, 2)

"""The report as a flat sequence of blocks in reading order – the one place that decides
the document structure, so every format has the same headings in the same order:

Title · Betreff · Beratungsfolge · Antrag · Sachverhalt/Begründung (sections, subsections) · Anlagen.
"""

from __future__ import annotations

import re
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


#: Labels only the renderers use (German defaults; the app passes translations in ``report.labels``).
RENDER_LABELS = {
    "page": "Seite", "page_of": "von", "no_chart_data": "Für dieses Diagramm gibt es keine Daten.",
    "table_as_file": "Diese Tabelle hat {rows} Zeilen; sie liegt dem Bericht deshalb als Tabellendatei "
                     "(XLSX/CSV) bei und ist hier nicht abgedruckt.",
}


def render_label(report: Report, key: str) -> str:
    """``report.labels[key]``, else the German default from ``RENDER_LABELS``."""
    return (report.labels or {}).get(key) or RENDER_LABELS[key]


def report_author(report: Report) -> str:
    """Who signs the paper: the Federführung (Amt/Dezernat) when the report names one,
    else the organisation, else the process title (DOCX/PDF author)."""
    lead = getattr(report, "federfuehrung", None)
    if lead and not isinstance(lead, str):
        parts = [getattr(lead, name, None) for name in ("amt", "dezernat", "name")]
        lead = ", ".join(str(part) for part in parts if part) or str(lead)
    return lead or getattr(report, "organisation", None) or report.process_title


_TRAILING = re.compile(r"[\s.:;,!?…]+$")
_DOUBLED = re.compile(r"([.!?:;,])\s*\1+")


def chart_alt_text(report: Report, caption: str) -> str:
    """The alternative text of a chart: the ``chart_image_alt`` label around the caption,
    without doubled punctuation ("….. Die Werte" → "…. Die Werte")."""
    text = report.label("chart_image_alt").format(caption=_TRAILING.sub("", caption.strip()))
    return " ".join(_DOUBLED.sub(r"\1", text).split())


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

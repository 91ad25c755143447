"""The report as a flat sequence of blocks in reading order – the one place that decides
the document structure, so every format has the same headings in the same order:

Title · Datum, Federführung, Stand der Daten (and the interim notice while participation is open) ·
Betreff · Bezug · Beratungsfolge · Antrag (a Beschlussvorlage's Beschlussvorschlag; a Geschäftliche
Mitteilung has none) · Sachverhalt/Begründung (sections, subsections) · signature · Anlagen (a list
of the separate Anlage files, not their content).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from analysis.report_labels import format_date, format_int
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
    """Date, Federführung, process and "Stand der Daten" below the title (empty parts omitted)."""
    lines = [f"{report.label('date')}: {format_date(report.date, report.labels)}"]
    if report.federfuehrung:
        lines.append(f"{report.label('federfuehrung')}: {report.federfuehrung}")
    lines.append(f"{report.label('process')}: {report.process_title}")
    if report.data_as_of:
        lines.append(f"{report.label('data_as_of')}: {format_date(report.data_as_of, report.labels)}")
    return lines


def related_paper_line(report: Report, paper) -> str:
    """E.g. "Drucksache 0698/2017 vom 20.07.2017: Konzept zur Anerkennung …"."""
    key = "related_paper" if paper.date else "related_paper_undated"
    return report.label(key).format(reference=paper.reference, date=format_date(paper.date, report.labels),
                                    title=paper.title).rstrip(": ")


def beratungsfolge_table(report: Report) -> Table:
    """The Beratungsfolge as a table: committee, meeting date (only when some step has one), role."""
    dated = any(c.date for c in report.beratungsfolge)
    if not dated:
        return Table(report.label("beratungsfolge"), [report.label("committee"), report.label("role")],
                     [[c.committee, c.role] for c in report.beratungsfolge])
    rows = [[c.committee, format_date(c.date, report.labels) if c.date else "", c.role]
            for c in report.beratungsfolge]
    return Table(report.label("beratungsfolge"),
                 [report.label("committee"), report.label("meeting_date"), report.label("role")], rows)


def antrag_heading(report: Report) -> str:
    """"Beschlussvorschlag" for a Beschlussvorlage, else "Antrag"."""
    return report.label("antrag_beschlussvorlage" if report.is_beschlussvorlage else "antrag")


def anlage_file_names(report: Report, number: int) -> list[str]:
    """The files of Anlage ``number`` (as ``analysis.report_render.anlagen`` writes them)."""
    stem = f"{report.slug}-anlage-{number}"
    return [f"{stem}.xlsx", f"{stem}.csv"]


def anlagen_table(report: Report) -> Table:
    """The Anlagenverzeichnis: number, title, rows and file names of every Anlage."""
    rows = []
    for number, attachment in enumerate(report.attachments, start=1):
        title = attachment.title.split(": ", 1)[-1]
        count = sum(len(table.rows) for table in attachment.tables)
        rows.append([str(number), title, format_int(count, report.labels),
                     ", ".join(anlage_file_names(report, number))])
    return Table(report.label("anlagen_caption"), [report.label("anlage_number"), report.label("anlage_title"),
                                                   report.label("anlage_rows"), report.label("anlage_files")], rows)


def _section_blocks(section: Section, level: int) -> Iterator[Block]:
    yield Heading(min(level, MAX_LEVEL), section.title)
    yield from (Text(paragraph) for paragraph in section.paragraphs if paragraph)
    yield from section.figures
    yield from section.tables
    for subsection in section.subsections:
        yield from _section_blocks(subsection, level + 1)


def report_blocks(report: Report, include_attachments: bool = True) -> Iterator[Block]:
    """All blocks of ``report`` in reading order. The Anlagen appear as a list of files
    (``include_attachments=False`` leaves the list out)."""
    yield Heading(0, document_title(report))
    yield from (Text(line, emphasis=True) for line in meta_lines(report))
    if report.interim_notice:
        yield Text(report.interim_notice, emphasis=True)
    yield Heading(1, report.label("betreff"))
    yield Text(report.betreff)
    if report.related_papers:
        yield Heading(1, report.label("bezug"))
        yield from (Text(related_paper_line(report, paper)) for paper in report.related_papers)
    yield Heading(1, report.label("beratungsfolge"))
    yield beratungsfolge_table(report)
    if report.antrag.strip():
        yield Heading(1, antrag_heading(report))
        yield from (Text(part.strip()) for part in report.antrag.split("\n\n") if part.strip())
    yield Heading(1, report.label("sachverhalt"))
    for section in report.sections:
        yield from _section_blocks(section, 2)
    yield from (Text(line) for line in report.signature)
    if include_attachments and report.attachments:
        yield Heading(1, report.label("anlagen"))
        yield Text(report.label("anlagen_note"))
        yield anlagen_table(report)

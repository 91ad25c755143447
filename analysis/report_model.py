"""The council report as plain data: what every renderer (MD, HTML, DOCX, PDF, OParl) reads.

The structure follows the council papers of the Landeshauptstadt Kiel (ALLRIS "Drucksache",
e.g. Geschäftliche Mitteilung 0925/2021): Betreff, Beratungsfolge, Antrag, Sachverhalt/
Begründung, Anlagen. ``build_report`` (in ``analysis.report_builder``) fills it from a
``ReportData``; the administration may edit Beratungsfolge and Antrag before rendering.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.privacy import MIN_GROUP_SIZE, redact_contacts, suppress_small

__all__ = [
    "Consultation", "Table", "Figure", "Section", "Report",
    "default_beratungsfolge", "walk_sections", "suppress_small", "redact_contacts", "MIN_GROUP_SIZE",
]

#: Committees the seed paper (GM 0925/2021, Drs. 0698/2017) names, in the order it names them.
SEED_COMMITTEES = (
    "Innen- und Umweltausschuss",
    "Kulturausschuss",
    "Ausschuss für Schule und Sport",
    "Ausschuss für Soziales, Wohnen und Gesundheit",
    "Jugendhilfeausschuss",
    "Hauptausschuss",
)
COUNCIL = "Ratsversammlung"


@dataclass
class Consultation:
    """One step of the Beratungsfolge: a committee, its meeting date (if known) and its role."""

    committee: str
    date: date | None = None
    role: str = "Kenntnisnahme"


@dataclass
class Table:
    """A table with a caption; ``rows`` hold already formatted cell values (str or number)."""

    caption: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Figure:
    """A chart: a plotly figure dict plus the table that says the same in words (alt text)."""

    caption: str
    figure: dict
    table: Table


@dataclass
class Section:
    """A part of the Sachverhalt/Begründung (or an Anlage). Rendered in the order
    paragraphs → figures → tables → subsections."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    """A complete report draft, ready for any renderer.

    ``labels`` carries the (already translated) headings the renderers need: "Betreff",
    "Beratungsfolge", … – see ``analysis.report_labels``.
    """

    betreff: str
    kind: str
    date: date
    process_title: str
    beratungsfolge: list[Consultation]
    antrag: str
    sections: list[Section]
    attachments: list[Section]
    reference: str | None = None
    slug: str = "report"
    language: str = "de"
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        """The label for ``key`` (German default when the report carries none)."""
        from analysis.report_labels import label

        return label(self.labels, key)


def default_beratungsfolge(council_date: date | None = None) -> list[Consultation]:
    """The committees of the seed paper (for information), ending with the Ratsversammlung
    (for decision)."""
    steps = [Consultation(committee, None, "Kenntnisnahme") for committee in SEED_COMMITTEES]
    steps.append(Consultation(COUNCIL, council_date, "Entscheidung"))
    return steps


def __getattr__(name):
    """``build_report`` and ``ReportData`` are also reachable from here (loaded lazily:
    they live in ``analysis.report_builder`` / ``analysis.report_data``, which import this module)."""
    if name == "build_report":
        from analysis.report_builder import build_report

        return build_report
    if name == "ReportData":
        from analysis.report_data import ReportData

        return ReportData
    raise AttributeError(f"module 'analysis.report_model' has no attribute {name!r}")


def walk_sections(sections: list[Section], level: int = 1) -> Iterator[tuple[int, Section]]:
    """Yield ``(level, section)`` depth-first, in document order."""
    for section in sections:
        yield level, section
        yield from walk_sections(section.subsections, level + 1)

"""The council report as plain data: what every renderer (MD, HTML, DOCX, PDF, OParl) reads.

The structure follows the council papers of the Landeshauptstadt Kiel (ALLRIS "Drucksache",
e.g. Geschäftliche Mitteilung 0925/2021): Betreff, Bezug, Federführung, Beratungsfolge, Antrag
(only a Beschlussvorlage has one: its Beschlussvorschlag), Sachverhalt/Begründung, signature,
Anlagen. The kind decides the parts: a Geschäftliche Mitteilung only informs (no Beschluss text,
every committee "Kenntnisnahme"); in a Beschlussvorlage the Ratsversammlung decides.

The Anlagen (``Report.attachments``) are long tables that the paper lists in an
Anlagenverzeichnis; they are written as separate files (``analysis.report_render.anlagen``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.privacy import MIN_GROUP_SIZE, redact_contacts, suppress_small

__all__ = [
    "Consultation", "Table", "Figure", "Section", "Report", "RelatedPaper",
    "default_beratungsfolge", "is_beschlussvorlage", "kind_beratungsfolge",
    "walk_sections", "suppress_small", "redact_contacts", "MIN_GROUP_SIZE",
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
KIND_MITTEILUNG = "Geschäftliche Mitteilung"
KIND_BESCHLUSSVORLAGE = "Beschlussvorlage"


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
class RelatedPaper:
    """A council paper the report refers to ("Bezug"), with its number printed whole."""

    reference: str
    title: str = ""
    date: date | None = None


@dataclass
class Report:
    """A complete report draft, ready for any renderer.

    ``labels`` carries the (already translated) headings the renderers need: "Betreff",
    "Beratungsfolge", … – see ``analysis.report_labels``. ``antrag`` is empty for a
    Geschäftliche Mitteilung. ``attachments`` are the Anlagen (listed, not printed, in the
    paper). ``interim_notice`` is set while participation is still open.
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
    related_papers: list[RelatedPaper] = field(default_factory=list)
    federfuehrung: str = ""
    signature: list[str] = field(default_factory=list)
    data_as_of: date | None = None
    interim_notice: str = ""
    decides: bool | None = None

    @property
    def is_beschlussvorlage(self) -> bool:
        """True when the paper asks the council to decide (it then has a Beschlussvorschlag);
        ``decides`` when set, else recognised from the German ``kind``."""
        return self.decides if self.decides is not None else is_beschlussvorlage(self.kind)

    def label(self, key: str) -> str:
        """The label for ``key`` (German default when the report carries none)."""
        from analysis.report_labels import label

        return label(self.labels, key)


def is_beschlussvorlage(kind: str) -> bool:
    """Whether ``kind`` (German name or key) is a Beschlussvorlage (the council decides)."""
    return "beschluss" in (kind or "").lower()


def default_beratungsfolge(council_date: date | None = None, kind: str = KIND_BESCHLUSSVORLAGE
                           ) -> list[Consultation]:
    """The committees of the seed paper, ending with the Ratsversammlung: for a Beschlussvorlage
    the committees advise ("Vorberatung") and the Ratsversammlung decides; for a Geschäftliche
    Mitteilung every step takes note ("Kenntnisnahme")."""
    if not is_beschlussvorlage(kind):
        steps = [Consultation(committee, None, "Kenntnisnahme") for committee in SEED_COMMITTEES]
        return steps + [Consultation(COUNCIL, council_date, "Kenntnisnahme")]
    steps = [Consultation(committee, None, "Vorberatung") for committee in SEED_COMMITTEES]
    steps.append(Consultation(COUNCIL, council_date, "Entscheidung"))
    return steps


def kind_beratungsfolge(steps: list[Consultation], kind: str | bool, roles: dict[str, str] | None = None
                        ) -> list[Consultation]:
    """``steps`` made right for ``kind``: a Geschäftliche Mitteilung informs, so every role becomes
    "Kenntnisnahme"; in a Beschlussvorlage the Ratsversammlung decides (added at the end when
    missing; another step marked "Entscheidung" becomes "Vorberatung").

    ``kind``: the kind's German name or key, or True for a Beschlussvorlage. ``roles`` names the
    roles in the report's language (keys ``Kenntnisnahme``, ``Vorberatung``, ``Entscheidung``;
    German when omitted); steps may carry the key or the translated name."""
    names = {key: key for key in ("Kenntnisnahme", "Vorberatung", "Entscheidung")} | dict(roles or {})
    decides = kind if isinstance(kind, bool) else is_beschlussvorlage(kind)
    if not decides:
        return [Consultation(step.committee, step.date, names["Kenntnisnahme"]) for step in steps]
    deciding = {"Entscheidung", names["Entscheidung"]}
    fixed = [Consultation(step.committee, step.date,
                          names["Entscheidung"] if step.committee == COUNCIL
                          else (names["Vorberatung"] if step.role in deciding else step.role))
             for step in steps]
    if not any(step.committee == COUNCIL for step in fixed):
        fixed.append(Consultation(COUNCIL, None, names["Entscheidung"]))
    return fixed


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

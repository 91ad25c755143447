"""``ReportData``: the plain input the app (or a JSON file) hands to ``build_report``.

Only aggregates and public contribution texts – the model has no field for names or e-mail
addresses. ``report_data_from_dict`` / ``report_data_to_dict`` convert from/to the JSON
format documented in ``analysis/README.md`` (field ``pass_`` is written ``"pass"``).
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.errors import InputFileError
from analysis.report_model import Consultation, RelatedPaper


@dataclass
class Phase:
    name: str
    start: date | None = None
    end: date | None = None
    description: str = ""


@dataclass
class ProcessInfo:
    """The process and the administration's texts of the Drucksache.

    ``summary`` is the citizen-facing description of the process: it is never printed in the
    report. ``anlass`` (occasion and mandate) and ``next_steps`` are written for the council;
    ``participation_end`` (last day of the participation phase) and ``data_as_of`` (when the
    figures were taken) decide the interim notice.
    """

    title: str
    slug: str = "process"
    summary: str = ""
    phases: list[Phase] = field(default_factory=list)
    betreff: str | None = None
    kind: str = "Geschäftliche Mitteilung"
    reference: str | None = None
    date: date | None = None
    antrag: str | None = None
    beratungsfolge: list[Consultation] | None = None
    federfuehrung: str = ""
    signature_name: str = ""
    signature_role: str = ""
    related_papers: list[RelatedPaper] = field(default_factory=list)
    anlass: str = ""
    next_steps: str = ""
    participation_end: date | None = None
    data_as_of: date | None = None
    decides: bool | None = None  # a Beschlussvorlage? None: recognised from the German ``kind``


@dataclass
class TimelinePoint:
    date: date
    channel: str
    count: int


@dataclass
class DistrictCount:
    district: str
    participants: int = 0
    proposals: int = 0


@dataclass
class PillarCount:
    pillar: str
    participants: int = 0
    proposals: int = 0
    comments: int = 0
    votes: int = 0


@dataclass
class Participation:
    """Totals and breakdowns. ``participants`` = ``accounts`` + ``anonymous_responses`` (anonymous
    survey responses cannot be matched to accounts). ``by_district``: per district the residents
    (people who gave that district) and the proposals located there; a row with ``district`` ""
    holds the people and proposals without a district. Merged and hidden proposals are not in
    ``proposals`` (nor in any ranking) and are counted in ``merged_proposals`` / ``hidden_proposals``."""

    participants: int = 0
    accounts: int = 0
    anonymous_responses: int = 0
    merged_proposals: int = 0
    hidden_proposals: int = 0
    proposals: int = 0
    comments: int = 0
    votes: int = 0
    survey_responses: int = 0
    timeline: list[TimelinePoint] = field(default_factory=list)
    by_district: list[DistrictCount] = field(default_factory=list)
    by_pillar: list[PillarCount] = field(default_factory=list)


@dataclass
class Quote:
    ref: str
    text: str


@dataclass
class Theme:
    label: str
    size: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class ProposalRow:
    ref: str
    title: str
    pillar: str = ""
    district: str = ""
    status: str = ""
    agree: int = 0
    disagree: int = 0
    pass_: int = 0
    comments: int = 0
    answer: str = ""
    merged_into: str = ""


@dataclass
class PillarResult:
    name: str
    summary: str = ""
    themes: list[Theme] = field(default_factory=list)
    top_proposals: list[ProposalRow] = field(default_factory=list)


@dataclass
class Statement:
    """A statement (proposal) with its vote counts; for a group: inside the group and among the rest.

    ``n_votes`` counts every answer (passes included); ``rest_*`` are ``None``
    for consensus statements, which carry the per-group counts instead.
    """

    text: str
    ref: str = ""
    direction: str = "agree"
    agree_ratio: float = 0.0
    n_votes: int | None = None
    rest_agree_ratio: float | None = None
    rest_n_votes: int | None = None
    group_n_votes: list[int] = field(default_factory=list)
    group_agree_ratios: list[float] = field(default_factory=list)


@dataclass
class OpinionGroup:
    id: str
    size: int
    representative: list[Statement] = field(default_factory=list)


@dataclass
class Opinions:
    """Opinion groups of the voters. ``participants`` = everybody who voted; ``clustered`` = those
    grouped (the rest voted on too few statements); ``reason`` = why no groups exist (a note key:
    ``no_votes``, ``few_voters``, ``identical_votes``)."""

    participants: int = 0
    groups: list[OpinionGroup] = field(default_factory=list)
    consensus: list[Statement] = field(default_factory=list)
    clustered: int | None = None
    min_votes: int = 7
    reason: str = ""
    method: str = "polis"
    stability_seeds: float | None = None
    stability_subsamples: float | None = None


@dataclass
class SurveyOption:
    label: str
    count: int


@dataclass
class SurveyQuestion:
    text: str
    responses: int = 0
    options: list[SurveyOption] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    unit: str = ""
    kind: str = ""


@dataclass
class Survey:
    title: str
    responses: int = 0
    questions: list[SurveyQuestion] = field(default_factory=list)


@dataclass
class Category:
    label: str
    observed: int
    reference_share: float


@dataclass
class Dimension:
    name: str
    categories: list[Category] = field(default_factory=list)
    reference_source: str = ""


@dataclass
class Representativeness:
    dimensions: list[Dimension] = field(default_factory=list)
    limits: str = ""


@dataclass
class LabelCount:
    label: str
    count: int


@dataclass
class Moderation:
    reports_by_reason: list[LabelCount] = field(default_factory=list)
    actions: list[LabelCount] = field(default_factory=list)
    median_hours_to_decision: float | None = None
    statuses: list[LabelCount] = field(default_factory=list)
    official_answers: int | None = None


@dataclass
class ReportData:
    """Everything a report needs, as aggregates. See ``analysis/README.md`` for the JSON form."""

    process: ProcessInfo
    participation: Participation = field(default_factory=Participation)
    pillars: list[PillarResult] = field(default_factory=list)
    opinions: Opinions | None = None
    surveys: list[Survey] = field(default_factory=list)
    representativeness: Representativeness | None = None
    moderation: Moderation | None = None
    proposals: list[ProposalRow] = field(default_factory=list)
    top_n: int = 5
    # contributions the theme analysis kept out of its themes, by reason ("short", "stock_reply", "no_words")
    theme_exclusions: dict[str, int] = field(default_factory=dict)
    # Hidden and withdrawn proposals: reference, pillar and status only (their text is not published).
    # Anlage 1 lists them so that every reference of the process can be found; never counted or ranked.
    excluded_proposals: list[ProposalRow] = field(default_factory=list)


def _convert(value, annotation):
    if value is None:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _convert(value, inner[0])
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        return [_convert(item, item_type) for item in value]
    if origin is dict:
        if not isinstance(value, dict):
            raise InputFileError(f"Expected a JSON object, not {type(value).__name__}.")
        key_type, value_type = typing.get_args(annotation)
        return {_convert(key, key_type): _convert(item, value_type) for key, item in value.items()}
    if annotation is date:
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if dataclasses.is_dataclass(annotation):
        return _from_dict(annotation, value)
    if annotation in (int, float, str) and not isinstance(value, annotation):
        return annotation(value)
    return value


@functools.cache
def _fields(cls) -> tuple[dict, dict]:
    return typing.get_type_hints(cls), {f.name.rstrip("_"): f.name for f in dataclasses.fields(cls)}


def _from_dict(cls, data: dict):
    if not isinstance(data, dict):
        raise InputFileError(f"{cls.__name__} must be a JSON object, not {type(data).__name__}.")
    hints, known = _fields(cls)
    unknown = set(data) - set(known)
    if unknown:
        raise InputFileError(f"{cls.__name__} has no field(s) {', '.join(sorted(unknown))}.")
    try:
        return cls(**{known[key]: _convert(value, hints[known[key]]) for key, value in data.items()})
    except (TypeError, ValueError) as error:
        raise InputFileError(f"{cls.__name__}: {error}.") from None


def report_data_from_dict(data: dict) -> ReportData:
    """Build a ``ReportData`` from its JSON form; unknown fields and bad values raise
    ``InputFileError`` with a sentence naming the object."""
    return _from_dict(ReportData, data)


def report_data_to_dict(data: ReportData) -> dict:
    """The JSON form of ``data`` (dates as ISO strings, ``pass_`` as ``"pass"``)."""

    def clean(value):
        if isinstance(value, dict):
            return {key.rstrip("_"): clean(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, date):
            return value.isoformat()
        return value

    return clean(dataclasses.asdict(data))


def load_report_data(path: str | Path) -> ReportData:
    """Read a ReportData JSON file (``InputFileError`` with a readable sentence on problems)."""
    from analysis.io import read_json

    return report_data_from_dict(read_json(path))

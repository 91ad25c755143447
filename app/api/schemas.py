"""The shapes of the read API: Pydantic v2 models, the single source of the responses and of the OpenAPI document.

Why Pydantic: its JSON Schema output is JSON Schema 2020-12, which OpenAPI 3.1 uses as is, so the document
is generated from exactly the models every response is validated with (`Model.model_validate` before it is
sent); it is already installed with the app's dependencies, and no marshmallow-to-OpenAPI translation
(apispec) is in between. No model has a field for names, e-mail addresses or account ids.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.comments.models import Alignment
from app.processes.models import PhaseKind
from app.proposals.models import STATUS_VALUES
from app.surveys.models import KINDS

ProposalStatus = Literal[STATUS_VALUES]  # type: ignore[valid-type]
PhaseKindName = Literal[tuple(kind.value for kind in PhaseKind)]  # type: ignore[valid-type]
AlignmentName = Literal[tuple(alignment.value for alignment in Alignment)]  # type: ignore[valid-type]
QuestionKind = Literal[KINDS]  # type: ignore[valid-type]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(Schema):
    code: int = Field(description="The HTTP status code.")
    message: str = Field(description="What went wrong, in the language of the request (German by default).")


class Error(Schema):
    """Every error response: `{"error": {"code": …, "message": …}}`."""

    error: ErrorBody


class Links(Schema):
    next: str | None = Field(description="The address of the next page; null on the last page.")


class Phase(Schema):
    kind: PhaseKindName
    starts_on: date
    ends_on: date


class Topic(Schema):
    """A pillar (Säule) of the process."""

    id: int
    title: str
    description: str


class District(Schema):
    id: int
    name: str


class Pillar(Schema):
    id: int
    title: str


class ProcessSummary(Schema):
    slug: str
    title: str
    summary: str
    current_phase: PhaseKindName | None = Field(description="The phase the process is in today, if any.")
    url: str = Field(description="The process in the API.")


class ProcessList(Schema):
    data: list[ProcessSummary]


class Process(Schema):
    slug: str
    title: str
    summary: str
    description: str = Field(description="Markdown.")
    current_phase: PhaseKindName | None
    results_public: bool = Field(description="Whether survey results, themes and opinion groups are published.")
    phases: list[Phase]
    topics: list[Topic]
    districts: list[District]
    links: dict[str, str] = Field(description="Addresses of the process's collections in the API.")


class Counts(Schema):
    agree: int = Field(ge=0)
    disagree: int = Field(ge=0)
    pass_: int = Field(ge=0, alias="pass", serialization_alias="pass")
    comments: int = Field(ge=0, description="Comments that were not deleted, as the proposal page counts them.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Proposal(Schema):
    reference: str = Field(examples=["ENG-2026-0001"])
    title: str
    body: str = Field(description="Markdown.")
    pillar: Pillar
    district: District | None
    status: ProposalStatus
    created_on: date
    counts: Counts
    official_answer: str | None = Field(description="The city's official answer (Markdown), if any.")
    answered_on: date | None
    merged_from: list[str] = Field(description="References of the proposals merged into this one (the address of "
                                   "a merged proposal redirects here).")
    url: str = Field(description="The proposal's page on the platform.")


class ProposalPage(Schema):
    data: list[Proposal]
    links: Links


class Comment(Schema):
    id: int
    parent_id: int | None = Field(description="The comment this one answers; null for a top-level comment.")
    depth: int = Field(ge=0, le=2)
    alignment: AlignmentName
    body: str = Field(description="Markdown.")
    created_on: date
    up: int = Field(ge=0)
    down: int = Field(ge=0)


class CommentPage(Schema):
    data: list[Comment]
    links: Links


class Choice(Schema):
    key: str
    label: str


class Question(Schema):
    id: int
    kind: QuestionKind
    text: str
    help_text: str
    required: bool
    choices: list[Choice]
    rows: list[Choice]
    condition_question_id: int | None
    condition_value: str | None


class Section(Schema):
    title: str
    description: str
    questions: list[Question]


class SurveySummary(Schema):
    id: int
    title: str
    status: Literal["open", "closed"]
    audience: Literal["accounts", "anonymous"]
    url: str


class SurveyList(Schema):
    data: list[SurveySummary]


class Survey(Schema):
    id: int
    title: str
    description: str
    status: Literal["open", "closed"]
    audience: Literal["accounts", "anonymous"]
    asks_demographics: bool
    sections: list[Section]
    results_public: bool
    links: dict[str, str]


class Cell(Schema):
    key: str
    label: str
    count: int | None = Field(description="null when 1 to 4 people gave this answer (suppressed).")
    percent: float | None


class MatrixRow(Schema):
    label: str
    cells: list[Cell]


class QuestionResult(Schema):
    question_id: int
    respondents: int
    suppressed: bool = Field(description="Fewer than 5 people answered: no figures.")
    cells: list[Cell]
    matrix: list[MatrixRow]
    stats: dict[str, str] = Field(description="Mean and median of number and scale questions, formatted.")


class SurveyResults(Schema):
    survey_id: int
    respondents: int
    suppressed: bool = Field(description="Fewer than 5 complete responses: no figures at all.")
    questions: list[QuestionResult]
    demographics: dict[str, list[Cell]]


class ThemeOut(Schema):
    label: str
    size: int = Field(ge=0, description="Submissions in the theme.")
    topic_id: int | None = Field(description="The pillar of the theme; null for a cross-cutting theme.")


class StatementOut(Schema):
    reference: str
    direction: Literal["agree", "disagree"]
    agree_ratio: float


class OpinionGroupOut(Schema):
    id: str
    size: int = Field(ge=5)
    representative: list[StatementOut]


class Analysis(Schema):
    version: int
    finished_on: date | None
    themes: list[ThemeOut]
    participants: int = Field(ge=0, description="People who voted.")
    groups: list[OpinionGroupOut] = Field(description="Opinion groups of at least 5 people.")
    consensus: list[StatementOut]


class AnalysisResponse(Schema):
    data: Analysis | None = Field(description="null while results are not published or no analysis has finished.")


class ModerationSummary(Schema):
    total_reports: int = Field(ge=0)
    reports_by_reason: dict[str, int]
    actions: dict[str, int]


class Index(Schema):
    name: str
    version: str
    openapi: str
    docs: str
    processes: str
    licence: str


class ProposalQuery(Schema):
    """The query string of the proposal list (the site's filters, without page numbers)."""

    topic: int | None = Field(None, ge=1, le=2**31 - 1, description="Only proposals of this pillar (topic id).")
    district: int | None = Field(None, ge=1, le=2**31 - 1, description="Only proposals in this district.")
    status: ProposalStatus | None = Field(None, description="Only proposals with this status.")
    q: str | None = Field(None, max_length=200, description="Words in title or body, or a reference.")
    sort: Literal["newest", "agreed", "discussed"] = Field("newest", description="Order of the list.")
    limit: int = Field(20, ge=1, le=100, description="Proposals per page.")
    cursor: str | None = Field(None, max_length=200, description="From the `next` link of the previous page.")


class CommentQuery(Schema):
    limit: int = Field(50, ge=1, le=100, description="Comments per page.")
    cursor: str | None = Field(None, max_length=200, description="From the `next` link of the previous page.")

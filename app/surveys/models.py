"""Questionnaires (survey → sections → questions) and their responses (response → answers).

Answers are stored normalised, one row per answered question, so that results can be
aggregated in SQL and exports can stream through a server-side cursor ordered by response.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, utcnow
from app.extensions import db

KINDS = ("single_choice", "multiple_choice", "likert", "scale", "ranking", "short_text", "long_text",
         "number", "date", "matrix")
AUDIENCES = ("accounts", "anonymous")
STATUSES = ("draft", "open", "closed")
OTHER_KEY = "other"  # the choice key of "Sonstiges" (generated keys are c1, c2, …)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Survey(TimestampMixin, db.Model):
    """A questionnaire of a process, optionally tied to one of its phases."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(_in("audience", AUDIENCES), name="audience_valid"),
        CheckConstraint(_in("status", STATUSES), name="status_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), nullable=False, index=True)
    phase_id: Mapped[int | None] = mapped_column(ForeignKey("phases.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Optional English texts (here, in sections and questions, and `label_en` in choices/rows);
    # `app.core.i18n.localized` prefers them in the English interface.
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(12), nullable=False, default="accounts")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
    ask_demographics: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    process = relationship("Process")
    phase = relationship("Phase")
    sections: Mapped[list[SurveySection]] = relationship(
        back_populates="survey", order_by="(SurveySection.position, SurveySection.id)", cascade="all, delete-orphan"
    )

    @property
    def is_anonymous(self) -> bool:
        return self.audience == "anonymous"

    def questions(self) -> list[SurveyQuestion]:
        """All questions in questionnaire order (section, then position)."""
        return [question for section in self.sections for question in section.questions]

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.status}>"


class SurveySection(db.Model):
    """A page of the questionnaire; answering moves section by section."""

    __tablename__ = "survey_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="section", order_by="(SurveyQuestion.position, SurveyQuestion.id)",
        cascade="all, delete-orphan",
    )


class SurveyQuestion(db.Model):
    """One question. `choices`/`rows` are lists of {"key", "label"}; keys never change once answered.

    `settings` holds the kind's parameters: min_choices, max_choices, allow_other, min_value,
    max_value, min_label, max_label. A question with `condition_question_id` is shown only
    when that (earlier) question's answer has the value `condition_value`.
    """

    __tablename__ = "survey_questions"
    __table_args__ = (CheckConstraint(_in("kind", KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_sections.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    help_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    text_en: Mapped[str | None] = mapped_column(String(500))
    help_text_en: Mapped[str | None] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    choices: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    rows: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    settings: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    condition_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="SET NULL"))
    condition_value: Mapped[str | None] = mapped_column(String(40))

    section: Mapped[SurveySection] = relationship(back_populates="questions")
    survey: Mapped[Survey] = relationship()
    topic = relationship("Topic")
    condition_question = relationship("SurveyQuestion", remote_side=[id])

    def setting(self, name: str, default=None):
        return (self.settings or {}).get(name, default)

    def __repr__(self) -> str:
        return f"<SurveyQuestion {self.id} {self.kind}>"


class SurveyResponse(db.Model):
    """One person's (or one browser's) answers to a survey: a draft until it is submitted.

    Account surveys link the user (one response each); anonymous surveys store only the hash of a
    random per-browser token, never a user, IP address or user agent, and only the day of answering.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("survey_id", "user_id"),
        UniqueConstraint("survey_id", "browser_hash"),
        CheckConstraint("status IN ('draft', 'complete')", name="status_valid"),
        Index("ix_survey_responses_survey_id_status", "survey_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    browser_hash: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
    current_step: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    age_group: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"


class SurveyAnswer(db.Model):
    """The answer to one question: text (choice key, free text, ISO date), number, or JSON (lists, matrix)."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False,
                                             index=True)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Float)
    value_json: Mapped[object | None] = mapped_column(JSON(none_as_null=True))
    other_text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


# --- question kinds and the demographic questions ---
# The default Likert labels are questionnaire content (editable, German like the questions an admin types in);
# the names of the kinds and the demographic questions are interface text (translated, in `labels.py`).

OTHER_KINDS = frozenset({"single_choice", "multiple_choice"})  # may offer "Sonstiges" with free text
COUNT_KINDS = frozenset({"multiple_choice"})  # min/max number of choices
TEXT_KINDS = frozenset({"short_text", "long_text"})
# Kinds whose answer is one of a few known values, so later questions may depend on them.
CONDITION_KINDS = frozenset({"single_choice", "multiple_choice", "likert", "scale"})

DEFAULT_LIKERT_LABELS = ["Stimme gar nicht zu", "Stimme eher nicht zu", "Teils, teils", "Stimme eher zu",
                         "Stimme voll und ganz zu"]
SCALE_VALUES = tuple(str(value) for value in range(0, 11))
OTHER_LABEL = _l("Sonstiges")

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
OTHER_TEXT_MAX = 200

# Optional demographic questions; "prefer not to say" is stored as no value at all.
AGE_GROUPS = [("u18", _l("unter 18")), ("18-29", _l("18 bis 29")), ("30-44", _l("30 bis 44")),
              ("45-59", _l("45 bis 59")), ("60-74", _l("60 bis 74")), ("75+", _l("75 und älter"))]
GENDERS = [("female", _l("weiblich")), ("male", _l("männlich")), ("diverse", _l("divers"))]
PREFER_NOT = "na"
DEMOGRAPHIC_FIELDS = ("age_group", "gender", "district")


def condition_values(question) -> list[tuple[str, str]]:
    """The values a later question may depend on, as (value, label) pairs."""
    if question.kind in ("single_choice", "multiple_choice"):
        values = [(choice["key"], choice["label"]) for choice in question.choices]
        if question.setting("allow_other"):
            values.append(("other", str(OTHER_LABEL)))
        return values
    if question.kind == "likert":
        return [(choice["key"], choice["label"]) for choice in question.choices]
    if question.kind == "scale":
        return [(value, value) for value in SCALE_VALUES]
    return []


def condition_label(question) -> str:
    """'Frage = Antwort' for the builder and the preview, or '' without a condition."""
    parent = question.condition_question
    if parent is None:
        return ""
    value = dict(condition_values(parent)).get(question.condition_value, question.condition_value)
    return f"„{parent.text}“ = „{value}“"

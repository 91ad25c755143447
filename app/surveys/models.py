"""Questionnaires (survey → sections → questions) and their responses (response → answers).

Answers are stored normalised, one row per answered question, so that results can be
aggregated in SQL and exports can stream through a server-side cursor ordered by response.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
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

    def choice_label(self, key: str) -> str | None:
        return next((choice["label"] for choice in self.choices if choice["key"] == key), None)

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

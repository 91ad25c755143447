"""Building questionnaires (administration use cases). Each function is one transaction.

Change protection: once a survey has responses (drafts included), its structure is frozen so
that stored answers stay meaningful. Texts may still be corrected (survey, sections, questions,
choice and row labels, scale labels, topic); kinds, choices, bounds, required flags, conditions,
the audience and adding or deleting questions and sections are refused with an explanation.
For bigger changes, `copy_survey` makes a new draft version of the questionnaire.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.errors import DomainError
from app.core.text import clean_text
from app.extensions import db
from app.audit.services import record
from app.processes.models import Process
from app.surveys.models import AUDIENCES, STATUSES, Survey, SurveyQuestion, SurveyResponse, SurveySection
from app.surveys.questions import QuestionSpec, apply_question_spec, locked_message



def response_count(survey: Survey, *, complete_only: bool = False) -> int:
    """Number of responses (complete only, or including drafts)."""
    query = select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)
    if complete_only:
        query = query.where(SurveyResponse.status == "complete")
    return db.session.scalar(query) or 0


def is_locked(survey: Survey) -> bool:
    """True once any response (even an unfinished one) exists: the structure is frozen."""
    return response_count(survey) > 0


def _refuse_if_locked(survey: Survey, field: str | None = None) -> None:
    if is_locked(survey):
        raise DomainError(locked_message(), field=field)


def _check_survey_fields(process: Process, title: str, audience: str, phase_id: int | None, status: str) -> None:
    if not title:
        raise DomainError(_("Bitte geben Sie einen Titel an."), field="title")
    if audience not in AUDIENCES:
        raise DomainError(_("Unbekannte Zielgruppe."), field="audience")
    if status not in STATUSES:
        raise DomainError(_("Unbekannter Status."), field="status")
    if phase_id is not None and phase_id not in {phase.id for phase in process.phases}:
        raise DomainError(_("Diese Phase gehört nicht zu diesem Prozess."), field="phase_id")


def create_survey(process: Process, *, title: str, description: str = "", audience: str = "accounts",
                  phase_id: int | None = None, ask_demographics: bool = False, actor=None) -> Survey:
    """Create a draft survey in `process`."""
    title, description = clean_text(title, single_line=True), clean_text(description)
    _check_survey_fields(process, title, audience, phase_id, "draft")
    survey = Survey(process_id=process.id, title=title, description=description, audience=audience,
                    phase_id=phase_id, ask_demographics=bool(ask_demographics), status="draft")
    db.session.add(survey)
    _commit_audited(actor, "survey_create", survey, title)
    return survey


def update_survey(survey: Survey, *, title: str, description: str, audience: str, phase_id: int | None,
                  ask_demographics: bool, status: str, actor=None) -> Survey:
    """Change a survey's settings and status (draft → open → closed); the audience is frozen by answers."""
    title, description = clean_text(title, single_line=True), clean_text(description)
    _check_survey_fields(survey.process, title, audience, phase_id, status)
    if audience != survey.audience or bool(ask_demographics) != survey.ask_demographics:
        _refuse_if_locked(survey, "audience" if audience != survey.audience else "ask_demographics")
    if status == "open" and not survey.questions():
        raise DomainError(_("Eine Umfrage ohne Fragen kann nicht geöffnet werden."), field="status")
    if status == "draft" and survey.status != "draft" and is_locked(survey):
        raise DomainError(_("Eine Umfrage mit Antworten kann nicht zurück in den Entwurf. Schließen Sie sie "
                            "stattdessen."), field="status")
    survey.title, survey.description, survey.audience = title, description, audience
    survey.phase_id, survey.ask_demographics, survey.status = phase_id, bool(ask_demographics), status
    _commit_audited(actor, "survey_update", survey, f"{title} ({status})")
    return survey


def delete_survey(survey: Survey, actor=None) -> None:
    """Delete a survey that has no responses (close it instead once people have answered)."""
    if is_locked(survey):
        raise DomainError(_("Eine Umfrage mit Antworten kann nicht gelöscht werden. Schließen Sie sie stattdessen."))
    db.session.delete(survey)
    _commit_audited(actor, "survey_delete", survey, survey.title)


def copy_survey(survey: Survey, actor=None) -> Survey:
    """A new draft with the same sections and questions (conditions re-pointed to the copies)."""
    copy = Survey(process_id=survey.process_id, phase_id=survey.phase_id, audience=survey.audience,
                  title=_("%(title)s (Kopie)", title=survey.title)[:200], description=survey.description,
                  ask_demographics=survey.ask_demographics, status="draft")
    db.session.add(copy)
    copies: dict[int, SurveyQuestion] = {}
    with db.session.no_autoflush:
        for section in survey.sections:
            new_section = SurveySection(survey=copy, position=section.position, title=section.title,
                                        description=section.description)
            db.session.add(new_section)
            for question in section.questions:
                copies[question.id] = SurveyQuestion(
                    survey=copy, section=new_section, position=question.position, kind=question.kind,
                    text=question.text, help_text=question.help_text, required=question.required,
                    choices=list(question.choices), rows=list(question.rows), settings=dict(question.settings),
                    topic_id=question.topic_id, condition_value=question.condition_value)
                db.session.add(copies[question.id])
    db.session.flush()
    for question in survey.questions():
        if question.condition_question_id in copies:
            copies[question.id].condition_question_id = copies[question.condition_question_id].id
    _commit_audited(actor, "survey_copy", copy, survey.title)
    return copy


def save_section(survey: Survey, section: SurveySection | None, *, title: str, description: str = "",
                 actor=None) -> SurveySection:
    """Add a section at the end (refused once answered) or correct a section's texts (always allowed)."""
    title = clean_text(title, single_line=True)
    if not title:
        raise DomainError(_("Bitte geben Sie einen Titel an."), field="title")
    if section is None:
        _refuse_if_locked(survey, "title")
        section = SurveySection(survey=survey, position=_next_position(SurveySection, survey_id=survey.id))
        db.session.add(section)
    section.title, section.description = title, clean_text(description)
    _commit_audited(actor, "section_save", survey, title)
    return section


def delete_section(section: SurveySection, actor=None) -> None:
    """Delete a section with its questions, unless answered or later questions depend on them."""
    survey = section.survey
    _refuse_if_locked(survey)
    own = {question.id for question in section.questions}
    if any(question.condition_question_id in own for question in survey.questions() if question.id not in own):
        raise DomainError(_("Fragen in späteren Abschnitten hängen von Fragen dieses Abschnitts ab. "
                            "Entfernen Sie zuerst diese Bedingungen."))
    db.session.delete(section)
    _commit_audited(actor, "section_delete", survey, section.title)


def move_section(section: SurveySection, direction: str, actor=None) -> None:
    """Swap a section with its neighbour (up/down), keeping every condition on an earlier section."""
    survey = section.survey
    sections = list(survey.sections)
    index = sections.index(section)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        raise DomainError(_("Dieser Abschnitt lässt sich nicht weiter verschieben."))
    sections[index], sections[other] = sections[other], sections[index]
    order = {item.id: position for position, item in enumerate(sections)}
    by_id = {question.id: question for question in survey.questions()}
    for question in by_id.values():
        parent = by_id.get(question.condition_question_id)
        if parent is not None and order[parent.section_id] >= order[question.section_id]:
            raise DomainError(_("Dann stünde eine Frage vor der Frage, von der sie abhängt. "
                                "Entfernen Sie zuerst die Bedingung."))
    for position, item in enumerate(sections, start=1):
        item.position = position
    _commit_audited(actor, "section_move", survey, f"{section.title} ({direction})")


def save_question(survey: Survey, section: SurveySection, question: SurveyQuestion | None,
                  spec: QuestionSpec, actor=None) -> SurveyQuestion:
    """Add a question at the end of `section`, or change one; answered surveys allow text corrections only."""
    if section.survey_id != survey.id:
        raise DomainError(_("Dieser Abschnitt gehört nicht zu dieser Umfrage."))
    locked = is_locked(survey)
    if question is None:
        if locked:
            raise DomainError(locked_message(), field="text")
        question = SurveyQuestion(survey_id=survey.id, section=section, kind=spec.kind,
                                  position=_next_position(SurveyQuestion, section_id=section.id))
        db.session.add(question)
    try:
        with db.session.no_autoflush:
            apply_question_spec(survey, question, spec, locked=locked)
    except DomainError:
        db.session.rollback()
        raise
    _commit_audited(actor, "question_save", survey, question.text)
    return question


def delete_question(question: SurveyQuestion, actor=None) -> None:
    """Delete a question that is not answered and on which no other question depends."""
    survey = question.section.survey
    _refuse_if_locked(survey)
    if any(other.condition_question_id == question.id for other in survey.questions()):
        raise DomainError(_("Andere Fragen hängen von dieser Frage ab. Entfernen Sie zuerst diese Bedingungen."))
    db.session.delete(question)
    _commit_audited(actor, "question_delete", survey, question.text)


def move_question(question: SurveyQuestion, direction: str, actor=None) -> None:
    """Swap a question with its neighbour in the same section (harmless to answers, so always allowed)."""
    questions = list(question.section.questions)
    index = questions.index(question)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(questions):
        raise DomainError(_("Diese Frage lässt sich nicht weiter verschieben."))
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position
    _commit_audited(actor, "question_move", question.section.survey, f"{question.text} ({direction})")


def _commit_audited(actor, action: str, survey: Survey, details: str | None) -> None:
    """Write a builder change together with its audit entry (one transaction)."""
    db.session.flush()
    record(actor, action, process_id=survey.process_id, item_kind="survey", item_id=survey.id,
           details=(details or "")[:500])
    db.session.commit()


def _next_position(model, **criteria) -> int:
    query = select(func.max(model.position))
    for name, value in criteria.items():
        query = query.where(getattr(model, name) == value)
    return (db.session.scalar(query) or 0) + 1

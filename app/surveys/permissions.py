"""Who may see, answer and read the results of a survey, as pure predicates of (user, survey, day)."""
from __future__ import annotations

from datetime import date

from app.auth.permissions import can_participate, is_admin
from app.processes.models import PhaseKind
from app.processes.permissions import process_state

# Why a survey cannot be answered right now (None: it can).
CLOSED = "closed"            # survey closed, process unpublished, or outside its phase
LOGIN = "login"              # account survey, visitor not logged in
CONFIRM = "confirm"          # account survey, e-mail address not confirmed
BLOCKED = "blocked"          # account survey, account blocked by the moderation


def can_view_survey(user, survey) -> bool:
    """Published surveys (open or closed) of published processes are public; drafts only for admins."""
    if is_admin(user):
        return True
    return survey.status != "draft" and survey.process.published


def is_accepting_answers(survey, day: date) -> bool:
    """Open, in a published process, and in the survey's phase (default: the participation phase)."""
    if survey.status != "open" or not survey.process.published:
        return False
    if survey.phase is not None:
        return survey.phase.contains(day)
    state = process_state(survey.process, day)
    return state.phase is not None and state.phase.kind == PhaseKind.PARTICIPATION.value


def answer_block_reason(user, survey, day: date) -> str | None:
    """Why `user` cannot answer `survey` on `day`, or None when they can."""
    if not is_accepting_answers(survey, day):
        return CLOSED
    if survey.is_anonymous:
        return None
    if not (user and user.is_authenticated):
        return LOGIN
    if getattr(user, "is_blocked", False):
        return BLOCKED
    if not can_participate(user):
        return CONFIRM
    return None


def can_answer(user, survey, day: date) -> bool:
    """Anonymous surveys: anyone while open. Account surveys: confirmed accounts while open."""
    return answer_block_reason(user, survey, day) is None


def results_are_public(survey, day: date) -> bool:
    """Public results appear once the process is in its results phase (or has finished)."""
    if survey.status == "draft" or not survey.process.published:
        return False
    state = process_state(survey.process, day)
    if state.status == "finished":
        return True
    return state.phase is not None and state.phase.kind == PhaseKind.RESULTS.value

"""The survey predicates as a role × phase matrix (pure functions, no requests)."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from app.processes.models import Phase, Process
from app.surveys import permissions
from app.surveys.models import Survey

DAY = date(2026, 6, 1)
KINDS = ["information", "participation", "evaluation", "results"]
ROLES = ["anonymous", "unconfirmed", "citizen", "moderator", "admin", "blocked"]


def user(role: str):
    if role == "anonymous":
        return SimpleNamespace(is_authenticated=False, is_confirmed=False, is_admin=False, is_moderator=False,
                               is_blocked=False)
    return SimpleNamespace(is_authenticated=True, is_confirmed=role != "unconfirmed", is_admin=role == "admin",
                           is_moderator=role in ("moderator", "admin"), is_blocked=role == "blocked")


def survey_in(phase: str | None, *, audience="anonymous", status="open", published=True, survey_phase=None):
    """A process whose phase `phase` contains DAY (None: DAY lies after all phases)."""
    process = Process(slug="p", title="P", published=published)
    offset = KINDS.index(phase) if phase else len(KINDS)
    process.phases = [Phase(kind=kind, starts_on=DAY + timedelta(days=(i - offset) * 10 - 2),
                            ends_on=DAY + timedelta(days=(i - offset) * 10 + 7)) for i, kind in enumerate(KINDS)]
    survey = Survey(title="S", audience=audience, status=status)
    survey.process = process
    if survey_phase:
        survey.phase = next(p for p in process.phases if p.kind == survey_phase)
    return survey


# (audience, phase) → roles that may answer
ANSWER_MATRIX = {
    ("anonymous", "participation"): set(ROLES),
    ("accounts", "participation"): {"citizen", "moderator", "admin"},
}


@pytest.mark.parametrize("audience", ["anonymous", "accounts"])
@pytest.mark.parametrize("phase", KINDS + [None])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_answer(role, phase, audience):
    expected = role in ANSWER_MATRIX.get((audience, phase), set())
    assert permissions.can_answer(user(role), survey_in(phase, audience=audience), DAY) is expected


@pytest.mark.parametrize("role", ROLES)
def test_block_reasons(role):
    reason = permissions.answer_block_reason(user(role), survey_in("participation", audience="accounts"), DAY)
    assert reason == {"anonymous": "login", "unconfirmed": "confirm", "blocked": "blocked"}.get(role)
    assert permissions.answer_block_reason(user(role), survey_in("evaluation", audience="accounts"), DAY) == "closed"


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_only_open_surveys_accept_answers(status):
    assert not permissions.is_accepting_answers(survey_in("participation", status=status), DAY)


def test_unpublished_process_accepts_no_answers():
    assert not permissions.is_accepting_answers(survey_in("participation", published=False), DAY)


@pytest.mark.parametrize("phase", KINDS)
def test_a_survey_tied_to_a_phase_is_open_exactly_then(phase):
    for current in KINDS:
        survey = survey_in(current, survey_phase=phase)
        assert permissions.is_accepting_answers(survey, DAY) is (current == phase)


@pytest.mark.parametrize("phase", KINDS + [None])
@pytest.mark.parametrize("role", ROLES)
def test_public_results_only_in_the_results_phase_for_everyone(role, phase):
    survey = survey_in(phase, status="closed")
    assert permissions.results_are_public(survey, DAY) is (phase in ("results", None))


def test_no_public_results_for_drafts_or_unpublished_processes():
    assert not permissions.results_are_public(survey_in("results", status="draft"), DAY)
    assert not permissions.results_are_public(survey_in("results", published=False), DAY)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "open", "closed"])
def test_who_sees_a_survey(role, status):
    expected = role == "admin" or status != "draft"
    assert permissions.can_view_survey(user(role), survey_in("participation", status=status)) is expected
    assert permissions.can_view_survey(user(role), survey_in("participation", status=status, published=False)) \
        is (role == "admin")

"""Builder services: surveys, sections, every question kind, conditions, stable keys, change protection."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.errors import DomainError
from app.extensions import db
from app.processes.models import Process
from app.surveys import queries, services
from app.surveys.models import Survey, SurveyQuestion
from app.surveys.questions import QuestionSpec
from app.surveys.validation import Value
from tests.processes.factories import make_process
from tests.surveys.factories import make_response


@pytest.fixture
def ctx(app):
    with app.app_context():
        process = make_process()
        survey = services.create_survey(process, title="Umfrage", audience="anonymous")
        yield process, survey


def spec(kind, text="Frage?", **fields) -> QuestionSpec:
    return QuestionSpec(kind=kind, text=text, **fields)


def test_create_survey_starts_as_draft_and_checks_fields(ctx):
    process, survey = ctx
    assert survey.status == "draft" and survey.audience == "anonymous"
    with pytest.raises(DomainError) as error:
        services.create_survey(process, title="  ")
    assert error.value.field == "title"
    with pytest.raises(DomainError):
        services.create_survey(process, title="X", audience="everyone")
    other = make_process()
    with pytest.raises(DomainError) as error:
        services.create_survey(process, title="X", phase_id=other.phases[0].id)
    assert error.value.field == "phase_id"


def test_a_survey_without_questions_cannot_open(ctx):
    process, survey = ctx
    with pytest.raises(DomainError) as error:
        services.update_survey(survey, title="U", description="", audience="anonymous", phase_id=None,
                              ask_demographics=False, status="open")
    assert error.value.field == "status"
    section = services.save_section(survey, None, title="Eins")
    services.save_question(survey, section, None, spec("short_text"))
    services.update_survey(survey, title="U", description="", audience="anonymous", phase_id=process.phases[1].id,
                          ask_demographics=True, status="open")
    assert survey.status == "open" and survey.phase_id == process.phases[1].id


@pytest.mark.parametrize(("kind", "fields"), [
    ("single_choice", {"choices": ["Ja", "Nein"], "allow_other": True}),
    ("multiple_choice", {"choices": ["A", "B", "C"], "min_choices": 1, "max_choices": 2}),
    ("likert", {"choices": ["1", "2", "3", "4", "5"]}),
    ("scale", {"min_label": "nie", "max_label": "immer"}),
    ("ranking", {"choices": ["A", "B"]}),
    ("short_text", {}),
    ("long_text", {}),
    ("number", {"min_value": 0, "max_value": 10}),
    ("date", {}),
    ("matrix", {"choices": ["gut", "schlecht"], "rows": ["Bus", "Bahn"]}),
])
def test_every_kind_can_be_built(ctx, kind, fields):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    question = services.save_question(survey, section, None, spec(kind, required=True, **fields))
    assert question.id and question.kind == kind and question.required
    if "choices" in fields:
        assert [choice["label"] for choice in question.choices] == fields["choices"]
    if kind == "likert":
        assert [choice["key"] for choice in question.choices] == ["1", "2", "3", "4", "5"]
    if kind == "matrix":
        assert [row["key"] for row in question.rows] == ["r1", "r2"]
    if kind == "number":
        assert question.settings == {"min_value": 0, "max_value": 10}


@pytest.mark.parametrize(("kind", "fields", "field"), [
    ("single_choice", {"choices": ["Nur eine"]}, "choices"),
    ("single_choice", {"choices": ["Ja", "ja"]}, "choices"),
    ("likert", {"choices": ["a", "b", "c"]}, "choices"),
    ("multiple_choice", {"choices": ["A", "B"], "max_choices": 3}, "max_choices"),
    ("multiple_choice", {"choices": ["A", "B", "C"], "min_choices": 3, "max_choices": 2}, "min_choices"),
    ("number", {"min_value": 5, "max_value": 1}, "min_value"),
    ("matrix", {"choices": ["gut", "schlecht"], "rows": []}, "rows"),
    ("ranking", {"choices": ["x" * 201, "y"]}, "choices"),
    ("scale", {"min_label": "x" * 81}, "min_label"),
])
def test_invalid_configurations_are_refused_with_the_field(ctx, kind, fields, field):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    with pytest.raises(DomainError) as error:
        services.save_question(survey, section, None, spec(kind, **fields))
    assert error.value.field == field
    assert db.session.scalar(select(SurveyQuestion.id)) is None


def test_empty_question_text_and_unknown_kind_are_refused(ctx):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    with pytest.raises(DomainError):
        services.save_question(survey, section, None, spec("short_text", text=" "))
    with pytest.raises(DomainError):
        services.save_question(survey, section, None, spec("essay"))


def test_choice_keys_follow_labels_before_answers(ctx):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    question = services.save_question(survey, section, None, spec("single_choice", choices=["Rot", "Grün", "Blau"]))
    assert [c["key"] for c in question.choices] == ["c1", "c2", "c3"]
    services.save_question(survey, section, question, spec("single_choice", choices=["Blau", "Gelb", "Rot"]))
    assert question.choices == [{"key": "c3", "label": "Blau"}, {"key": "c4", "label": "Gelb"},
                                {"key": "c1", "label": "Rot"}]


def _two_sections(survey):
    first = services.save_section(survey, None, title="Eins")
    parent = services.save_question(survey, first, None, spec("single_choice", choices=["Ja", "Nein"]))
    second = services.save_section(survey, None, title="Zwei")
    return first, parent, second


def test_conditions_refer_to_earlier_sections_and_known_values(ctx):
    _process, survey = ctx
    first, parent, second = _two_sections(survey)
    child = services.save_question(survey, second, None, spec("short_text", condition=f"{parent.id}:c1"))
    assert (child.condition_question_id, child.condition_value) == (parent.id, "c1")
    for condition in (f"{parent.id}:c9", "99999:c1", "abc", f"{child.id}:c1"):
        with pytest.raises(DomainError) as error:
            services.save_question(survey, second, None, spec("short_text", condition=condition))
        assert error.value.field == "condition"
    with pytest.raises(DomainError) as error:  # same section: would need JavaScript, so not allowed
        services.save_question(survey, first, None, spec("short_text", condition=f"{parent.id}:c1"))
    assert "früheren Abschnitt" in str(error.value.message)


def test_removing_a_value_that_a_condition_uses_is_refused(ctx):
    _process, survey = ctx
    _first, parent, second = _two_sections(survey)
    services.save_question(survey, second, None, spec("short_text", condition=f"{parent.id}:c1"))
    with pytest.raises(DomainError) as error:
        services.save_question(survey, parent.section, parent, spec("single_choice", choices=["Nein", "Vielleicht"]))
    assert "hängt von einer Antwort ab" in str(error.value.message)


def test_a_refused_builder_change_stores_nothing(ctx):
    """A change refused after the question was already modified (a dependent condition breaks), a new
    question with a bad configuration and a refused section leave no trace, even when the same session
    commits again afterwards."""
    from app.audit.models import AuditEntry

    _process, survey = ctx
    _first, parent, second = _two_sections(survey)
    services.save_question(survey, second, None, spec("short_text", condition=f"{parent.id}:c1"))
    audited = len(db.session.scalars(select(AuditEntry.id)).all())
    with pytest.raises(DomainError):
        services.save_question(survey, parent.section, parent,
                               spec("single_choice", text="Geändert?", choices=["Nein", "Vielleicht"]))
    with pytest.raises(DomainError):
        services.save_question(survey, second, None, spec("single_choice", choices=["Nur eine"]))
    with pytest.raises(DomainError):
        services.save_section(survey, None, title=" ")
    db.session.commit()
    db.session.expire_all()
    parent = db.session.get(SurveyQuestion, parent.id)
    assert (parent.text, [choice["label"] for choice in parent.choices]) == ("Frage?", ["Ja", "Nein"])
    assert len(db.session.scalars(select(SurveyQuestion.id)).all()) == 2
    assert len(db.session.scalars(select(AuditEntry.id)).all()) == audited
    assert [c["label"] for c in db.session.get(SurveyQuestion, parent.id).choices] == ["Ja", "Nein"]


def test_deleting_and_moving_respect_conditions(ctx):
    _process, survey = ctx
    first, parent, second = _two_sections(survey)
    child = services.save_question(survey, second, None, spec("short_text", condition=f"{parent.id}:c1"))
    with pytest.raises(DomainError):
        services.delete_question(parent)
    with pytest.raises(DomainError):
        services.delete_section(first)
    with pytest.raises(DomainError):
        services.move_section(second, "up")  # the dependent question would come first
    with pytest.raises(DomainError):
        services.move_section(first, "up")
    services.delete_question(child)
    services.move_section(second, "up")
    assert [section.title for section in survey.sections] == ["Zwei", "Eins"]


def test_questions_move_within_their_section(ctx):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    a = services.save_question(survey, section, None, spec("short_text", text="A"))
    services.save_question(survey, section, None, spec("short_text", text="B"))
    services.move_question(a, "down")
    assert [q.text for q in section.questions] == ["B", "A"]
    with pytest.raises(DomainError):
        services.move_question(a, "down")


# --- change protection once answers exist -------------------------------------------------------------

@pytest.fixture
def answered(ctx):
    process, survey = ctx
    first, parent, second = _two_sections(survey)
    multi = services.save_question(survey, second, None, spec("multiple_choice", choices=["A", "B", "C"],
                                                             condition=f"{parent.id}:c1"))
    make_response(survey.id, {parent.id: Value(text="c1"), multi.id: Value(data=["c2"])})
    return survey, first, second, parent, multi


def test_typo_fixes_stay_possible_after_answers(answered):
    survey, first, second, parent, multi = answered
    services.save_question(survey, second, multi, spec("multiple_choice", text="Korrigiert?",
                                                      choices=["A", "Bee", "C"], condition=f"{parent.id}:c1"))
    assert multi.text == "Korrigiert?"
    assert multi.choices[1] == {"key": "c2", "label": "Bee"}  # the key of the answered option is kept
    services.save_section(survey, first, title="Eins (korrigiert)")
    services.update_survey(survey, title="Neuer Titel", description="", audience="anonymous", phase_id=None,
                          ask_demographics=False, status="closed")
    assert survey.title == "Neuer Titel"


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "single_choice"}, "kind"),
    ({"choices": ["A", "B"]}, "choices"),
    ({"choices": ["A", "B", "C", "D"]}, "choices"),
    ({"required": True}, "required"),
    ({"max_choices": 2}, "min_choices"),
    ({"condition": ""}, "condition"),
])
def test_structural_changes_are_blocked_after_answers(answered, change, field):
    survey, _first, second, parent, multi = answered
    fields = {"kind": "multiple_choice", "text": multi.text, "choices": ["A", "B", "C"],
              "condition": f"{parent.id}:c1", **change}
    with pytest.raises(DomainError) as error:
        services.save_question(survey, second, multi, QuestionSpec(**fields))
    assert error.value.field == field
    assert "bereits Antworten" in str(error.value.message)
    stored = db.session.get(SurveyQuestion, multi.id)
    assert stored.kind == "multiple_choice" and len(stored.choices) == 3 and not stored.required


def test_adding_deleting_and_audience_changes_are_blocked_after_answers(answered):
    survey, first, second, parent, multi = answered
    for action in (lambda: services.save_question(survey, second, None, spec("short_text")),
                   lambda: services.save_section(survey, None, title="Neu"),
                   lambda: services.delete_question(multi),
                   lambda: services.delete_section(second),
                   lambda: services.delete_survey(survey),
                   lambda: services.update_survey(survey, title="U", description="", audience="accounts",
                                                 phase_id=None, ask_demographics=False, status="open")):
        with pytest.raises(DomainError):
            action()
    assert queries.is_locked(survey)
    assert len(survey.questions()) == 2 and db.session.get(Survey, survey.id).audience == "anonymous"


def test_even_an_unfinished_response_locks_the_structure(ctx):
    _process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    question = services.save_question(survey, section, None, spec("short_text"))
    make_response(survey.id, {question.id: Value(text="halb")}, status="draft")
    assert queries.is_locked(survey)
    with pytest.raises(DomainError):
        services.delete_question(question)


def test_copy_makes_a_new_draft_version_with_conditions_repointed(answered):
    survey, *_ = answered
    copy = services.copy_survey(survey)
    assert copy.id != survey.id and copy.status == "draft" and "(Kopie)" in copy.title
    assert not queries.is_locked(copy)
    originals, copies = survey.questions(), copy.questions()
    assert [q.text for q in copies] == [q.text for q in originals]
    assert copies[1].condition_question_id == copies[0].id != originals[0].id
    assert copies[0].choices == originals[0].choices


def test_delete_survey_without_answers(ctx):
    _process, survey = ctx
    services.save_section(survey, None, title="Eins")
    services.delete_survey(survey)
    assert db.session.scalar(select(Survey.id)) is None


def test_question_topic_must_belong_to_the_process(ctx):
    process, survey = ctx
    section = services.save_section(survey, None, title="Eins")
    question = services.save_question(survey, section, None, spec("long_text", topic_id=process.topics[0].id))
    assert question.topic.title == process.topics[0].title
    foreign = db.session.scalar(select(Process).where(Process.id != process.id)) or make_process()
    with pytest.raises(DomainError) as error:
        services.save_question(survey, section, None, spec("long_text", topic_id=foreign.topics[0].id))
    assert error.value.field == "topic_id"


def test_delete_a_survey_with_conditional_questions(ctx):
    from tests.surveys.factories import make_conditional_survey

    process, _survey = ctx
    ids = make_conditional_survey(process, status="draft")
    services.delete_survey(db.session.get(Survey, ids["survey"]))
    assert db.session.get(Survey, ids["survey"]) is None
    assert db.session.scalar(select(SurveyQuestion.id).where(SurveyQuestion.survey_id == ids["survey"])) is None

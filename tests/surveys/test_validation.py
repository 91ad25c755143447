"""Each question kind's parsing and checks, and the shared visibility rules (display = validation)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import DomainError
from app.surveys.models import Survey, SurveyQuestion, SurveySection
from app.surveys.validation import (
    InvalidSubmission,
    Value,
    build_steps,
    check_fields,
    missing_required,
    parse_answer,
    parse_step,
    reachable_index,
    to_form,
    visible_question_ids,
)


def question(kind, qid=1, choices=(), rows=(), settings=None, required=False, condition=None, section_id=1):
    keyed = [{"key": str(n) if kind == "likert" else f"c{n}", "label": label}
             for n, label in enumerate(choices, start=1)]
    q = SurveyQuestion(id=qid, kind=kind, text=f"Frage {qid}", choices=keyed, required=required,
                       rows=[{"key": f"r{n}", "label": label} for n, label in enumerate(rows, start=1)],
                       settings=settings or {}, section_id=section_id,
                       condition_question_id=condition[0] if condition else None,
                       condition_value=condition[1] if condition else None)
    return q


def parse(q, **form):
    return parse_answer(q, {key.replace("_", "-"): value if isinstance(value, list) else [value]
                            for key, value in form.items()})


@pytest.fixture(autouse=True)
def _context(app):
    with app.test_request_context():
        yield


def test_single_choice():
    q = question("single_choice", choices=["Ja", "Nein"], settings={"allow_other": True})
    assert parse(q) is None and parse(q, q1="") is None
    assert parse(q, q1="c2") == Value(text="c2")
    assert parse(q, q1="other", q1_other="Vielleicht") == Value(text="other", other="Vielleicht")
    for bad in ({"q1": "c3"}, {"q1": ["c1", "c2"]}, {"q1": "other"}, {"q1": "other", "q1_other": "x" * 201}):
        with pytest.raises(ValueError):
            parse(q, **bad)
    assert parse(q, q1="c1", q1_other="ignoriert") == Value(text="c1")


def test_single_choice_without_other_refuses_other():
    with pytest.raises(ValueError):
        parse(question("single_choice", choices=["Ja", "Nein"]), q1="other", q1_other="x")


def test_multiple_choice_bounds_and_order():
    q = question("multiple_choice", choices=["A", "B", "C", "D"], settings={"min_choices": 2, "max_choices": 3})
    assert parse(q, q1=["c3", "c1", "c3"]) == Value(data=["c1", "c3"])  # deduplicated, in list order
    with pytest.raises(ValueError, match="mindestens 2"):
        parse(q, q1=["c1"])
    with pytest.raises(ValueError, match="höchstens 3"):
        parse(q, q1=["c1", "c2", "c3", "c4"])
    with pytest.raises(ValueError):
        parse(q, q1=["c1", "zz"])


def test_likert_and_scale():
    likert = question("likert", choices=["a", "b", "c", "d", "e"])
    assert parse(likert, q1="5") == Value(number=5.0)
    scale = question("scale")
    assert parse(scale, q1="0") == Value(number=0.0) and parse(scale, q1="10") == Value(number=10.0)
    for q, raw in ((likert, "6"), (likert, "0"), (scale, "11"), (scale, "-1"), (scale, "5.5"), (scale, "fünf")):
        with pytest.raises(ValueError):
            parse(q, q1=raw)


def test_ranking_needs_distinct_complete_ranks():
    q = question("ranking", choices=["A", "B", "C"])
    assert parse(q, q1_c1="3", q1_c2="1", q1_c3="2") == Value(data=["c2", "c3", "c1"])
    assert parse(q) is None
    for bad in ({"q1_c1": "1", "q1_c2": "1", "q1_c3": "2"}, {"q1_c1": "1"}, {"q1_c1": "4", "q1_c2": "1", "q1_c3": "2"},
                {"q1_c1": "x", "q1_c2": "1", "q1_c3": "2"}):
        with pytest.raises(ValueError):
            parse(q, **bad)


def test_texts():
    short, long = question("short_text"), question("long_text")
    assert parse(short, q1="  Hallo  ") == Value(text="Hallo")
    assert parse(long, q1="Zeile 1\r\nZeile 2") == Value(text="Zeile 1\nZeile 2")
    assert parse(short, q1="   ") is None
    with pytest.raises(ValueError):
        parse(short, q1="x" * 201)
    with pytest.raises(ValueError):
        parse(long, q1="x" * 5001)


@pytest.mark.parametrize(("raw", "expected"), [("42", 42.0), ("3,5", 3.5), ("-2.25", -2.25), ("1 000", 1000.0)])
def test_number_formats(raw, expected):
    assert parse(question("number"), q1=raw) == Value(number=expected)


@pytest.mark.parametrize("raw", ["abc", "1e3", "nan", "inf", "1,2,3", "0x10", "12345678901234"])
def test_number_rejects_non_numbers(raw):
    with pytest.raises(ValueError):
        parse(question("number"), q1=raw)


def test_number_bounds():
    q = question("number", settings={"min_value": 1, "max_value": 5})
    assert parse(q, q1="1") and parse(q, q1="5")
    for raw in ("0.99", "5,01"):
        with pytest.raises(ValueError, match="von 1 bis 5"):
            parse(q, q1=raw)
    with pytest.raises(ValueError, match="ab 1"):
        parse(question("number", settings={"min_value": 1}), q1="0")
    with pytest.raises(ValueError, match="bis 5"):
        parse(question("number", settings={"max_value": 5}), q1="6")


def test_dates():
    q = question("date")
    assert parse(q, q1="2026-06-24") == Value(text="2026-06-24")
    assert parse(q, q1="24.6.2026") == Value(text="2026-06-24")
    for raw in ("2026-02-30", "31.02.2026", "morgen", "1800-01-01", "24/06/2026"):
        with pytest.raises(ValueError):
            parse(q, q1=raw)


def test_matrix():
    q = question("matrix", choices=["gut", "schlecht"], rows=["Bus", "Bahn"])
    assert parse(q, q1_r1="c1", q1_r2="c2") == Value(data={"r1": "c1", "r2": "c2"})
    assert parse(q, q1_r2="c2") == Value(data={"r2": "c2"})
    with pytest.raises(ValueError):
        parse(q, q1_r1="c3")


@pytest.mark.parametrize("q", [
    question("single_choice", choices=["A", "B"], settings={"allow_other": True}),
    question("multiple_choice", choices=["A", "B"], settings={"allow_other": True}),
    question("likert", choices=list("abcde")), question("scale"), question("ranking", choices=["A", "B", "C"]),
    question("short_text"), question("long_text"), question("number"), question("date"),
    question("matrix", choices=["x", "y"], rows=["a", "b"]),
])
def test_to_form_is_the_inverse_of_parsing(q):
    values = {
        "single_choice": Value(text="other", other="Eigenes"),
        "multiple_choice": Value(data=["c1", "other"], other="X"),
        "likert": Value(number=3.0), "scale": Value(number=7.0), "ranking": Value(data=["c3", "c1", "c2"]),
        "short_text": Value(text="kurz"), "long_text": Value(text="lang\nund mehr"), "number": Value(number=2.5),
        "date": Value(text="2026-01-31"), "matrix": Value(data={"r1": "c2", "r2": "c1"}),
    }
    assert parse_answer(q, to_form(q, values[q.kind])) == values[q.kind]


# --- visibility: one set of rules for display and for validation -----------------------------------

def _survey():
    survey = Survey(id=1, title="S", audience="anonymous", status="open", ask_demographics=False)
    one, two, three = (SurveySection(id=n, title=f"Teil {n}", position=n) for n in (1, 2, 3))
    survey.sections = [one, two, three]
    gate = question("single_choice", 1, choices=["Ja", "Nein"], required=True, section_id=1)
    multi = question("multiple_choice", 2, choices=["A", "B"], section_id=1)
    yes = question("short_text", 3, required=True, condition=(1, "c1"), section_id=2)
    chained = question("short_text", 4, condition=(3, None), section_id=3)
    likes_b = question("likert", 5, choices=list("abcde"), condition=(2, "c2"), section_id=3)
    always = question("number", 6, section_id=3)
    one.questions, two.questions, three.questions = [gate, multi], [yes], [chained, likes_b, always]
    return survey


def test_visibility_follows_answers_and_chains():
    survey = _survey()
    questions = survey.questions()
    assert visible_question_ids(questions, {}) == {1, 2, 6}
    assert visible_question_ids(questions, {1: Value(text="c1")}) == {1, 2, 3, 6}
    assert visible_question_ids(questions, {1: Value(text="c2"), 2: Value(data=["c1", "c2"])}) == {1, 2, 5, 6}
    assert 4 not in visible_question_ids(questions, {1: Value(text="c2"), 3: Value(text="x")})  # parent hidden


def test_steps_skip_empty_sections_and_progress_is_bounded():
    survey = _survey()
    assert [step.key for step in build_steps(survey, {})] == ["s1", "s3"]
    steps = build_steps(survey, {1: Value(text="c1")})
    assert [step.key for step in steps] == ["s1", "s2", "s3"]
    assert reachable_index(survey, steps, "s2") == 1
    assert reachable_index(survey, build_steps(survey, {}), "s2") == 0  # s2 hidden: s3 lies beyond it
    survey.ask_demographics = True
    assert build_steps(survey, {})[-1].key == "demographics"


def test_missing_required_only_counts_visible_questions():
    survey = _survey()
    assert [q.id for q in missing_required(survey, {})] == [1]
    assert [q.id for q in missing_required(survey, {1: Value(text="c1")})] == [3]
    assert missing_required(survey, {1: Value(text="c2")}) == []


def test_check_fields_rejects_hidden_foreign_and_unknown_fields():
    survey = _survey()
    answers = {1: Value(text="c2"), 2: Value(data=["c2"])}
    step = build_steps(survey, answers)[-1]  # section 3 without question 4
    assert [q.id for q in step.questions] == [5, 6]
    check_fields(survey, step, {"q6": ["1"], "q5": ["1"], "csrf_token": ["x"]}, answers)
    for form in ({"q4": ["x"]}, {"q1": ["c1"]}, {"q77": ["x"]}, {"q6-x": ["1"]}, {"demo_gender": ["male"]}):
        with pytest.raises(InvalidSubmission):
            check_fields(survey, step, form, answers)


def test_parse_step_enforces_required_only_when_asked():
    survey = _survey()
    step = build_steps(survey, {})[0]
    assert parse_step(survey, step, {}, {}, enforce_required=False).errors == []
    errors = parse_step(survey, step, {}, {}, enforce_required=True).errors
    assert [error.anchor for error in errors] == ["q1-c1"]


ANSWERS = st.fixed_dictionaries({}, optional={
    1: st.sampled_from([Value(text="c1"), Value(text="c2")]),
    2: st.lists(st.sampled_from(["c1", "c2"]), min_size=1, max_size=2, unique=True).map(lambda d: Value(data=d)),
    3: st.just(Value(text="x")),
})


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=ANSWERS)
def test_display_and_validation_agree(answers):
    """Every question the form shows is accepted; every question it hides is refused."""
    survey = _survey()
    steps = build_steps(survey, answers)
    shown = {q.id for step in steps for q in step.questions}
    assert shown == visible_question_ids(survey.questions(), answers)
    for step in steps:
        for q in step.questions:
            check_fields(survey, step, {f"q{q.id}": ["1"]}, answers)
        for hidden in set(range(1, 7)) - shown:
            with pytest.raises(DomainError):
                check_fields(survey, step, {f"q{hidden}": ["1"]}, answers)

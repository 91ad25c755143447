"""Bad input never gives a 500 and nothing invisible is stored (issue 12, items 1, 2, 3, 5 and 6).

Ids go through one URL converter and `app.core.numbers`; text through `app.core.text` (every request value
is cleaned by `app.core.requests.CleanRequest`). The fuzz test (test_fuzz.py) sends every value class to
every route; the tests here pin the reported cases.
"""
from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from app.auth.models import User
from app.comments.models import Comment
from app.core.numbers import parse_float, parse_id, parse_int
from app.core.text import clean_text
from app.core.urls import IdConverter
from app.extensions import db
from app.processes.models import Process, Topic
from app.report.models import ReportDraft
from app.surveys.models import SurveyQuestion, SurveyResponse
from tests.processes.factories import make_process
from tests.surveys.conftest import opinion_answers, post_step

BIG_IDS = ["2147483648", "9223372036854775808", "99999999999999999999"]


# Item 1: ids beyond the database's integers ------------------------------------------------------------------

def test_parse_id_takes_ascii_digits_in_the_database_range():
    assert parse_id("1") == 1 and parse_id(" 42 ") == 42 and parse_id(2**31 - 1) == 2**31 - 1
    for raw in ("0", "-1", "2147483648", "9" * 20, "9" * 5000, "²", "٣", "1.0", "", None, "abc", True):
        assert parse_id(raw) is None, raw


def test_every_route_takes_ids_through_the_id_converter(app):
    converters = [(rule.rule, name, type(converter)) for rule in app.url_map.iter_rules()
                  for name, converter in rule._converters.items()]
    assert not [c for c in converters if issubclass(c[2], IntegerConverter)]
    assert ("/proposals/<id:proposal_id>", "proposal_id", IdConverter) in converters


def test_ids_beyond_the_database_range_are_not_found(client, citizen_login, process, proposal):
    for big in BIG_IDS:
        assert client.get(f"/proposals/{big}").status_code == 404
        assert client.get(f"/processes/{process}/surveys/{big}/results").status_code == 404
    citizen_login()
    for big in BIG_IDS:
        for action in ("vote", "comments", "follow", "withdraw", "edit"):
            assert client.post(f"/proposals/{big}/{action}", data={"value": "agree"}).status_code == 404, action
        assert client.post(f"/comments/{big}/vote", data={"value": "1"}).status_code == 404


def test_a_reply_to_a_parent_beyond_the_range_is_refused(app, client, citizen_login, proposal, db_rows):
    citizen_login()
    for big in (*BIG_IDS, "²", "9" * 5000):
        response = client.post(f"/proposals/{proposal}/comments",
                               data={"body": "Eine Antwort mit Inhalt", "alignment": "neutral", "parent_id": big})
        assert response.status_code in (400, 404), big
    assert db_rows(Comment) == 0


def test_huge_page_numbers_and_filters_on_staff_lists(client, auth, users, process):
    auth.login_as("admin")
    for path in ("/admin/users/", "/notifications/", "/moderation/", "/moderation/audit",
                 f"/admin/processes/{process}/analysis/"):
        for page in ("99999999999999999999", "9" * 5000, "²"):
            assert client.get(f"{path}?page={page}&process={page}&actor={page}").status_code == 200, (path, page)


# Item 2: NUL, controls, BiDi overrides, zero-width characters ---------------------------------------------------

def test_clean_text_removes_invisible_and_control_characters():
    assert clean_text("A\x00n\u202ena\u200b \x85Berg\ufeff\u2066") == "Anna Berg"
    assert clean_text("Zeile 1\r\nZeile\t2\x0b") == "Zeile 1\nZeile\t2"
    assert clean_text("Zeile 1\nZeile\t2", single_line=True) == "Zeile 1 Zeile 2"
    assert clean_text("Cafe\u0301") == "Café"  # NFC
    assert clean_text("\u200b\u200b") == ""


def test_control_characters_in_url_segments_are_not_found(client):
    for segment in ("%00", "a%00b", "%1b", "%E2%80%AE", "%FF"):
        assert client.get(f"/processes/{segment}/").status_code == 404, segment
        assert client.get(f"/auth/confirm/{segment}").status_code in (200, 302, 400, 404), segment


def test_registration_cleans_the_display_name_and_refuses_an_invisible_one(app, client, db_rows):
    data = {"email": "neu@example.org", "password": "Ein-langes-Passwort-2026",
            "password_confirm": "Ein-langes-Passwort-2026", "accept_privacy": "y"}
    response = client.post("/auth/register", data={**data, "display_name": "\u200b\u200b"})
    assert response.status_code == 200 and "Bitte füllen Sie dieses Feld aus." in response.get_data(as_text=True)
    assert db_rows(User, User.email == "neu@example.org") == 0
    response = client.post("/auth/register", data={**data, "display_name": "An\x00na\u202e B\u200berg\x07"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.display_name).where(User.email == "neu@example.org")) == "Anna Berg"


def test_nul_bytes_in_login_search_and_admin_texts(app, client, auth, users, process):
    assert client.post("/auth/login", data={"email": "citizen@example.org\x00", "password": "x\x00"}).status_code == 200
    auth.login_as("admin")
    assert client.get("/admin/users/?q=a%00b%E2%80%AE").status_code == 200
    assert client.get(f"/processes/{process}/proposals/?q=%00%FF").status_code == 200
    response = client.post(f"/admin/processes/{process}/", data={
        "title": "Kiel\x00 hilft\u202e", "slug": process, "reference_prefix": "ENG",
        "summary": "Kurz\x00", "description": "Lang\x01\u200b"})
    assert response.status_code == 302
    response = client.post(f"/admin/processes/{process}/topics", data={"title": "\u202e\u200b"})
    assert response.status_code == 400 and "Bitte füllen Sie dieses Feld aus." in response.get_data(as_text=True)
    client.post(f"/admin/processes/{process}/report", data={
        "kind": "mitteilung", "betreff": "Betreff\x00\x1b", "antrag": "Antrag\u202e", "committee_0": "Rat\x00",
        "date_0": "", "role_0": "Kenntnisnahme"})
    with app.app_context():
        saved = db.session.scalar(select(Process).where(Process.slug == process))
        assert (saved.title, saved.summary, saved.description) == ("Kiel hilft", "Kurz", "Lang")
        assert "\u202e" not in " ".join(db.session.scalars(select(Topic.title)))
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.betreff, draft.antrag) == ("Betreff", "Antrag")


# Item 3: Unicode digits and numbers over 4,300 digits -----------------------------------------------------------

def test_parse_int_is_ascii_and_length_bounded():
    assert parse_int("7", minimum=1, maximum=10) == 7 and parse_int("-3", signed=True) == -3
    for raw in ("²", "٣", "9" * 5000, "11", "-3", "1e3", " "):
        assert parse_int(raw, minimum=1, maximum=10) is None, raw


def test_ranking_with_unicode_digits_gets_a_translated_error(client, anon_survey):
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 302
    post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": "c1"})
    answers = {**opinion_answers(anon_survey), f"q{anon_survey['ranking']}-c1": "²"}
    response = post_step(client, anon_survey, 4, answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Rang aus der Liste." in page and "invalid literal" not in page


def test_survey_field_names_with_huge_numbers_are_refused(app, client, anon_survey):
    for name in (f"q{'9' * 5000}", f"q{'9' * 5000}-c1", "q2147483648"):
        response = post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1", name: "x"})
        assert response.status_code == 400, name[:12]
    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.id)) is None


def test_demographics_with_unicode_digits_are_refused(app, client, anon_survey_with_demographics):
    ids = anon_survey_with_demographics
    assert post_step(client, ids, 1, {f"q{ids['engaged']}": "c1"}).status_code == 302
    post_step(client, ids, 2, {f"q{ids['fields']}": "c1"})
    post_step(client, ids, 4, opinion_answers(ids))
    for value in ("²", "9" * 5000, "2147483648"):
        response = post_step(client, ids, "demographics", {"demo_district": value}, action="submit")
        assert response.status_code == 400, value
    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.status)) == "draft"


def _survey(app, slug: str, **options) -> dict:
    from tests.surveys.factories import make_conditional_survey

    with app.app_context():
        ids = make_conditional_survey(db.session.scalar(select(Process).where(Process.slug == slug)),
                                      audience="anonymous", **options)
    ids["url"] = f"/processes/{slug}/surveys/{ids['survey']}"
    return ids


@pytest.fixture
def anon_survey(app, process):
    return _survey(app, process)


@pytest.fixture
def anon_survey_with_demographics(app, process):
    return _survey(app, process, ask_demographics=True)


def test_staff_forms_with_unicode_and_huge_numbers(app, client, auth, users, process, proposal, anon_survey):
    auth.login_as("admin")
    for value in ("²", "9" * 5000):
        response = client.post(f"/moderation/proposals/{proposal}/merge", data={"target": value, "reason": "x"})
        assert response.status_code in (400, 404), value
        response = client.post("/moderation/bulk", data={"action": "hide", "item_ids": [f"proposal:{value}"],
                                                         "reason": "spam"})
        assert response.status_code in (302, 400, 404), value
        response = client.post(f"/admin/processes/{process}/analysis/", data={"k": value, "min_votes": value})
        assert response.status_code == 400, value
    builder = f"/admin/processes/{process}/surveys/{anon_survey['survey']}"
    later = anon_survey["sections"][-1]
    for condition in ("²:c1", "9" * 5000 + ":c1"):
        response = client.post(f"{builder}/questions/new?section={later}&kind=long_text",
                               data={"text": "Warum?", "condition": condition})
        assert response.status_code == 400, condition
    response = client.post(f"{builder}/questions/new?section={later}&kind=multiple_choice",
                           data={"text": "Welche?", "choices": "A\nB", "min_choices": "9" * 5000})
    assert response.status_code == 400


# Item 5: reports with stored control characters ------------------------------------------------------------------

def test_docx_export_survives_control_characters_stored_earlier(app, client, auth, users, process):
    app.config["REPORT_CHART_IMAGES"] = False
    with app.app_context():  # stored before input was cleaned (or directly in the database)
        saved = db.session.scalar(select(Process).where(Process.slug == process))
        saved.title = "Kiel\x01 hilft\x0b"
        saved.topics[0].title = "Ehrenamt\x1b"
        db.session.add(ReportDraft(process_id=saved.id, kind="mitteilung", betreff="Betreff\x02\x1f",
                                   antrag="Antrag\x0c", beratungsfolge=[]))
        db.session.commit()
    auth.login_as("admin")
    formats = ("docx", "pdf", "html", "md", "oparl")
    started = client.post(f"/admin/processes/{process}/report/exports", data=dict.fromkeys(formats, "y"))
    status = client.get(started.headers["Location"]).get_data(as_text=True)
    links = re.findall(r'href="(/admin/processes/[^"]+/report/exports/\d+/[^"]+)"', status)
    assert len(links) == len(formats), status
    for link in links:
        assert client.get(link).status_code == 200, link


# Item 6: non-finite numbers ---------------------------------------------------------------------------------------

def test_parse_float_refuses_non_finite_numbers():
    assert parse_float("3,5") == 3.5 and parse_float("-2") == -2.0 and parse_float("1.5e3") == 1500.0
    for raw in ("nan", "NaN", "inf", "-Infinity", "1e309", "-1e309", "²", "1" * 100, "", "1,2,3", float("nan")):
        assert parse_float(raw) is None, raw


def test_number_questions_refuse_non_finite_bounds(app, client, auth, users, process, anon_survey):
    auth.login_as("admin")
    builder = f"/admin/processes/{process}/surveys/{anon_survey['survey']}"
    section = anon_survey["sections"][0]
    for bounds in ({"min_value": "nan"}, {"max_value": "inf"}, {"min_value": "1e309"}, {"max_value": "-Infinity"}):
        response = client.post(f"{builder}/questions/new?section={section}&kind=number",
                               data={"text": "Wie viele?", **bounds})
        assert response.status_code == 400, bounds
    with app.app_context():
        settings = [question.settings for question in db.session.scalars(select(SurveyQuestion))]
        assert not any(isinstance(value, float) and not math.isfinite(value)
                       for setting in settings for value in (setting or {}).values())


def test_number_question_bounds_are_checked_by_the_service_too(app):
    from app.core.errors import DomainError
    from app.surveys import services
    from app.surveys.questions import QuestionSpec

    with app.app_context():
        survey = services.create_survey(make_process(), title="Umfrage", audience="anonymous")
        section = services.save_section(survey, None, title="Teil")
        with pytest.raises(DomainError) as refused:
            services.save_question(survey, section, None, QuestionSpec(kind="number", text="Wie viele?",
                                                                       min_value=float("nan")))
        assert refused.value.field == "min_value"


def test_non_finite_answers_and_reference_shares_are_refused(client, auth, users, process, anon_survey):
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 302
    for value in ("nan", "inf", "1e309"):
        response = post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": "c1",
                                                      f"q{anon_survey['hours']}": value})
        assert response.status_code == 400, value
    auth.login_as("admin")
    response = client.post(f"/admin/processes/{process}/dashboard/reference/age_group",
                           data={"age_group-source": "Statistik", "age_group-share_0": "nan"})
    assert response.status_code == 400

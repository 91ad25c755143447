"""Answering through the web: the conditional walk, anonymity, one response per browser/account,
save-and-resume, and every kind of bad input (clear message or 4xx, nothing stored, never a 500)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.surveys.models import SurveyAnswer, SurveyResponse
from app.surveys.routes import COOKIE_NAME
from tests.surveys.conftest import opinion_answers, post_step, section_key, stored, walk_engaged


def test_first_section_is_shown_with_intro_and_progress(client, anon_survey):
    page = client.get(anon_survey["url"]).get_data(as_text=True)
    assert "Eine <strong>Einleitung</strong>." in page
    # sections 2 and 3 depend on the first answer: counted as possible, marked as depending on the answers
    assert "Abschnitt 1 von bis zu 4" in page and page.count("je nach Ihren Antworten") == 2
    assert f'name="q{anon_survey["engaged"]}"' in page
    assert f'q{anon_survey["fields"]}' not in page


def test_volunteer_walk_shows_section_two_and_skips_three(client, app, anon_survey):
    response = post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    assert response.status_code == 302
    assert f"step={section_key(anon_survey, 2)}" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Abschnitt 2 von 3" in page and "In welchen Bereichen?" in page
    response = post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": ["c1", "other"],
                                                  f"q{anon_survey['fields']}-other": "Feuerwehr"})
    assert f"step={section_key(anon_survey, 4)}" in response.headers["Location"]
    response = post_step(client, anon_survey, 4, opinion_answers(anon_survey), action="submit")
    assert response.status_code == 302
    page = client.get(anon_survey["url"]).get_data(as_text=True)
    assert "Vielen Dank für Ihre Teilnahme!" in page
    with app.app_context():
        saved = db.session.scalar(select(SurveyResponse))
        assert saved.status == "complete" and saved.user_id is None and saved.browser_hash
        values = {answer.question_id: answer for answer in saved.answers}
        assert values[anon_survey["fields"]].value_json == ["c1", "other"]
        assert values[anon_survey["fields"]].other_text == "Feuerwehr"
        assert values[anon_survey["ranking"]].value_json == ["c3", "c1", "c2"]
        assert values[anon_survey["matrix"]].value_json == {"r1": "c1", "r2": "c3"}
        assert values[anon_survey["likert"]].value_number == 4
        assert anon_survey["barriers"] not in values


def test_non_volunteer_walk_shows_section_three_instead(client, app, anon_survey):
    response = post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c2"})
    assert f"step={section_key(anon_survey, 3)}" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Was hindert Sie am meisten?" in page and "In welchen Bereichen?" not in page
    response = post_step(client, anon_survey, 3, {f"q{anon_survey['barriers']}": "c1"})
    assert f"step={section_key(anon_survey, 4)}" in response.headers["Location"]


def test_changing_an_earlier_answer_drops_answers_that_became_hidden(client, app, anon_survey):
    walk_engaged(client, anon_survey, final_action="save")  # anonymous may "save" too: the draft stays
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c2"}).status_code == 302
    with app.app_context():
        answered = set(db.session.scalars(select(SurveyAnswer.question_id)))
    assert anon_survey["fields"] not in answered and anon_survey["hours"] not in answered
    assert anon_survey["likert"] in answered


def test_submitting_with_a_required_question_now_unanswered_goes_back_to_it(client, app, anon_survey):
    walk_engaged(client, anon_survey, final_action="save")
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c2"})  # section 3 appears, unanswered
    response = post_step(client, anon_survey, 4, opinion_answers(anon_survey), action="submit")
    assert response.status_code == 302 and f"step={section_key(anon_survey, 3)}" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.status)) == "draft"


def test_back_keeps_answers_and_shows_previous_section(client, anon_survey):
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    response = post_step(client, anon_survey, 2, {f"q{anon_survey['hours']}": "5"}, action="back")
    assert f"step={section_key(anon_survey, 1)}" in response.headers["Location"]
    page = client.get(f"{anon_survey['url']}?step={section_key(anon_survey, 2)}").get_data(as_text=True)
    assert 'value="5"' in page


# --- bad input: a clear message or 4xx, nothing stored, never a 500 ---------------------------------

def test_missing_required_answer_is_reported_and_nothing_stored(client, app, anon_survey):
    response = post_step(client, anon_survey, 1, {})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte korrigieren Sie Folgendes" in page and "Bitte beantworten Sie diese Frage." in page
    assert f'href="#q{anon_survey["engaged"]}-c1"' in page  # summary links to the first radio
    assert f'aria-describedby="q{anon_survey["engaged"]}-error"' in page
    assert stored(app) == (0, 0)


def test_choice_not_in_the_list_is_rejected(client, app, anon_survey):
    response = post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c9"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine der angebotenen Antworten." in response.get_data(as_text=True)
    assert stored(app) == (0, 0)


def test_number_out_of_bounds_and_not_a_number_are_rejected(client, app, anon_survey):
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    before = stored(app)
    for raw, message in (("301", "Bitte geben Sie eine Zahl von 0 bis 300 ein."),
                         ("-1", "Bitte geben Sie eine Zahl von 0 bis 300 ein."),
                         ("zwölf", "Bitte geben Sie eine Zahl ein"), ("1e5", "Bitte geben Sie eine Zahl ein")):
        response = post_step(client, anon_survey, 2,
                             {f"q{anon_survey['fields']}": "c1", f"q{anon_survey['hours']}": raw})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert f'value="{raw}"' in response.get_data(as_text=True)  # what was typed is shown again
    assert stored(app) == before


def test_too_many_choices_and_other_without_text_are_rejected(client, app, anon_survey):
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    before = stored(app)
    response = post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": ["c1", "c2", "c3", "c4"]})
    assert response.status_code == 400 and "höchstens 3 Antworten" in response.get_data(as_text=True)
    response = post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": ["other"]})
    assert response.status_code == 400 and "Sonstiges" in response.get_data(as_text=True)
    assert stored(app) == before


def test_answer_to_a_hidden_question_is_rejected(client, app, anon_survey):
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})  # volunteers: section 3 hidden
    before = stored(app)
    response = post_step(client, anon_survey, 2, {f"q{anon_survey['fields']}": "c1",
                                                  f"q{anon_survey['barriers']}": "c1"})
    assert response.status_code == 400
    assert "nach Ihren bisherigen Antworten nicht gestellt" in response.get_data(as_text=True)
    assert stored(app) == before


def test_hidden_section_cannot_be_posted_directly(client, app, anon_survey):
    post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    before = stored(app)
    response = post_step(client, anon_survey, 3, {f"q{anon_survey['barriers']}": "c1"})
    assert response.status_code == 400
    assert stored(app) == before


def test_forged_question_ids_and_fields_are_rejected(client, app, anon_survey):
    for data in ({f"q{anon_survey['engaged']}": "c1", "q99999": "x"},
                 {f"q{anon_survey['engaged']}": "c1", f"q{anon_survey['engaged']}-bogus": "x"},
                 {f"q{anon_survey['engaged']}": "c1", f"q{anon_survey['likert']}": "3"},  # from a later section
                 {f"q{anon_survey['engaged']}": "c1", "demo_gender": "female"}):
        response = post_step(client, anon_survey, 1, data)
        assert response.status_code == 400, data
        assert "Es wurde nichts gespeichert" in response.get_data(as_text=True)
    assert stored(app) == (0, 0)


def test_skipping_ahead_and_unknown_steps_and_actions_are_rejected(client, app, anon_survey):
    assert post_step(client, anon_survey, 4, opinion_answers(anon_survey)).status_code == 400
    assert post_step(client, anon_survey, "s99999", {}).status_code == 400
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}, action="explode").status_code == 400
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}, action="submit").status_code == 400
    assert stored(app) == (0, 0)


def test_double_submission_is_refused(client, app, anon_survey):
    assert walk_engaged(client, anon_survey).status_code == 302
    before = stored(app)
    response = post_step(client, anon_survey, 4, opinion_answers(anon_survey), action="submit")
    assert response.status_code == 409
    assert "bereits teilgenommen" in response.get_data(as_text=True)
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c2"}).status_code == 409
    assert stored(app) == before


def test_closed_survey_refuses_answers(client, app, anon_survey):
    from app.surveys.models import Survey

    with app.app_context():
        db.session.get(Survey, anon_survey["survey"]).status = "closed"
        db.session.commit()
    page = client.get(anon_survey["url"]).get_data(as_text=True)
    assert "nimmt derzeit keine Antworten an" in page and 'name="action"' not in page
    response = post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    assert response.status_code == 409 and "keine Antworten" in response.get_data(as_text=True)
    assert stored(app) == (0, 0)


def test_survey_outside_its_phase_refuses_answers(app, client, anon_survey):
    from app.processes.models import Phase
    from app.surveys.models import Survey

    with app.app_context():
        survey = db.session.get(Survey, anon_survey["survey"])
        survey.phase_id = db.session.scalar(select(Phase.id).where(Phase.process_id == survey.process_id,
                                                                   Phase.kind == "evaluation"))
        db.session.commit()
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 409
    assert stored(app) == (0, 0)


def test_draft_survey_is_not_public(client, app, anon_survey, users, login):
    from app.surveys.models import Survey

    with app.app_context():
        db.session.get(Survey, anon_survey["survey"]).status = "draft"
        db.session.commit()
    assert client.get(anon_survey["url"]).status_code == 404
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 404
    login("admin")
    assert client.get(anon_survey["url"]).status_code == 200  # admins may look at drafts


def test_survey_of_another_process_is_not_found(client, app, anon_survey):
    from tests.processes.factories import make_process

    with app.app_context():
        other = make_process().slug
    assert client.get(f"/processes/{other}/surveys/{anon_survey['survey']}").status_code == 404


# --- anonymous: one response per browser, nothing personal stored -----------------------------------

def test_anonymous_one_response_per_browser_but_a_new_browser_may_answer(app, anon_survey):
    first = app.test_client()
    assert walk_engaged(first, anon_survey).status_code == 302
    assert first.get_cookie(COOKIE_NAME) is not None
    assert post_step(first, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 409
    second = app.test_client()  # another browser (or cleared cookies): a new token
    assert walk_engaged(second, anon_survey).status_code == 302
    with app.app_context():
        hashes = list(db.session.scalars(select(SurveyResponse.browser_hash)))
    assert len(hashes) == 2 and len(set(hashes)) == 2


def test_tampered_cookie_is_ignored(app, anon_survey):
    client = app.test_client()
    walk_engaged(client, anon_survey)
    client.set_cookie(COOKIE_NAME, "forged-value")
    assert post_step(client, anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 302  # a new draft


def test_anonymous_response_stores_no_account_and_only_the_day(app, client, anon_survey, users, login):
    login("citizen")
    walk_engaged(client, anon_survey)
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert response.user_id is None
        assert len(response.browser_hash) == 64
        stamp = response.submitted_at
        assert (stamp.hour, stamp.minute, stamp.second, stamp.microsecond) == (0, 0, 0, 0)
        columns = set(SurveyResponse.__table__.columns.keys())
    assert not columns & {"ip", "ip_address", "user_agent", "remote_addr"}


def test_browser_hash_differs_per_survey(app):
    from app.surveys.queries import browser_hash

    token = "x" * 43
    assert browser_hash(1, token) != browser_hash(2, token)
    assert token not in browser_hash(1, token)


def test_anonymous_new_responses_are_rate_limited(app, anon_survey):
    app.config["RATELIMIT_SURVEY"] = "2 per hour"
    for _number in range(2):
        assert post_step(app.test_client(), anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"}).status_code == 302
    response = post_step(app.test_client(), anon_survey, 1, {f"q{anon_survey['engaged']}": "c1"})
    assert response.status_code == 429
    assert stored(app)[0] == 2


def test_moving_through_sections_does_not_count_against_the_response_limit(app, client, anon_survey):
    app.config["RATELIMIT_SURVEY"] = "2 per hour"
    assert walk_engaged(client, anon_survey).status_code == 302  # 3 posts: one start, one completion


# --- account surveys: one response per person, save and resume -------------------------------------

def test_account_survey_asks_anonymous_visitors_to_log_in(client, account_survey):
    page = client.get(account_survey["url"]).get_data(as_text=True)
    assert "Anmelden" in page and 'name="action"' not in page
    response = post_step(client, account_survey, 1, {f"q{account_survey['engaged']}": "c1"})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_unconfirmed_accounts_cannot_answer(app, client, account_survey, login):
    login("unconfirmed")
    assert "bestätigen Sie zuerst" in client.get(account_survey["url"]).get_data(as_text=True)
    assert post_step(client, account_survey, 1, {f"q{account_survey['engaged']}": "c1"}).status_code == 403
    assert stored(app) == (0, 0)


def test_save_and_resume_in_another_session(app, account_survey, login, client):
    login("citizen")
    post_step(client, account_survey, 1, {f"q{account_survey['engaged']}": "c1"})
    response = post_step(client, account_survey, 2, {f"q{account_survey['hours']}": "7"}, action="save")
    assert response.status_code == 302
    assert "gespeichert" in client.get(response.headers["Location"]).get_data(as_text=True)
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": "citizen@example.org", "password": "Kieler-Woche-2026"})
    page = other_device.get(account_survey["url"]).get_data(as_text=True)
    assert "Abschnitt 2 von 4" in page and 'value="7"' in page  # resumed where they saved


def test_account_survey_one_response_per_user(app, client, account_survey, login):
    from app.auth.models import User
    from tests.surveys.factories import make_response

    login("citizen")
    walk_engaged(client, account_survey, final_action="next")
    response = post_step(client, account_survey, "demographics",
                         {"demo_age_group": "30-44", "demo_gender": "na", "demo_district": "na"}, action="submit")
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(SurveyResponse))
        assert saved.status == "complete" and saved.age_group == "30-44" and saved.gender is None
        user = db.session.scalar(select(User).where(User.email == "citizen@example.org"))
        assert saved.user_id == user.id
    assert post_step(client, account_survey, 1, {f"q{account_survey['engaged']}": "c1"}).status_code == 409
    with app.app_context():  # the database itself refuses a second response for the same person
        import pytest
        from sqlalchemy.exc import IntegrityError

        user = db.session.scalar(select(User).where(User.email == "citizen@example.org"))
        with pytest.raises(IntegrityError):
            make_response(account_survey["survey"], {}, user=user)
        db.session.rollback()



def test_a_response_started_at_the_same_moment_elsewhere_is_a_conflict(app, account_survey, monkeypatch):
    """Two windows start the same person's response at once: the later one hits the UNIQUE constraint,
    gets a Conflict and stores nothing; the session stays usable."""
    import pytest

    from app.auth.models import User
    from app.core.clock import today
    from app.core.errors import Conflict
    from app.surveys import services
    from app.surveys.queries import Respondent, get_survey
    from tests.surveys.factories import make_response

    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == "citizen@example.org"))
        make_response(account_survey["survey"], {}, status="draft", user=user)  # the other window's draft
        monkeypatch.setattr(services, "find_response", lambda *args, **kwargs: None)  # read before it existed
        with pytest.raises(Conflict):
            services.save_step(get_survey(account_survey["survey"]), Respondent(user=user),
                               section_key(account_survey, 1), {f"q{account_survey['engaged']}": ["c1"]}, "next",
                               today())
        assert db.session.scalar(select(SurveyResponse.status)) == "draft"
    assert stored(app) == (1, 0)

def test_demographics_are_optional_but_must_be_from_the_list(app, client, account_survey, login):
    login("citizen")
    walk_engaged(client, account_survey, final_action="next")
    page = client.get(f"{account_survey['url']}?step=demographics").get_data(as_text=True)
    assert "freiwillig" in page and "Möchte ich nicht sagen" in page and "Gaarden-Ost" in page
    response = post_step(client, account_survey, "demographics",
                         {"demo_age_group": "200-300", "demo_district": "999999"}, action="submit")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'href="#demo_age_group-u18"' in page and 'href="#demo_district"' in page
    response = post_step(client, account_survey, "demographics", {}, action="submit")  # nothing chosen at all
    assert response.status_code == 302


@pytest.mark.slow  # 40 generated requests: 1–3 s
def test_garbage_never_causes_a_server_error(app, anon_survey):
    """Random field names, values and steps: always a page or a 4xx, never a 500."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ids = anon_survey
    app.config.update(RATELIMIT_SURVEY="100000 per hour", RATELIMIT_SURVEY_POST="100000 per minute")
    question_ids = [ids[name] for name in ("engaged", "fields", "hours", "barriers", "likert", "ranking", "matrix")]
    keys = st.one_of(st.sampled_from([f"q{qid}" for qid in question_ids] + [f"q{ids['fields']}-other",
                                      f"q{ids['ranking']}-c1", f"q{ids['matrix']}-r1", "demo_gender", "q0", "q-1"]),
                     st.text(max_size=12))
    values = st.one_of(st.sampled_from(["c1", "c2", "other", "5", "-1", "1e309", "", "NaN", "2026-02-30",
                                        "\x00", "Nul\x00l", "x" * 6000]), st.text(max_size=30))
    steps = st.sampled_from([f"s{section}" for section in ids["sections"]] + ["demographics", "", "s", "x" * 300])

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(form=st.dictionaries(keys, st.lists(values, min_size=1, max_size=3), max_size=6), step=steps,
           action=st.sampled_from(["next", "back", "save", "submit", "nonsense"]))
    def post(form, step, action):
        client = app.test_client()
        client.post(ids["url"], data={"step": section_key(ids, 1), f"q{ids['engaged']}": "c1"})
        response = client.post(ids["url"], data={**form, "step": step, "action": action})
        assert response.status_code < 500 and response.status_code != 429

    post()


def test_control_characters_are_removed_before_storing(app, client, anon_survey):
    ids = anon_survey
    response = walk_engaged(client, ids,
                            extra={f"q{ids['idea']}": "Ein\x00e Idee\r\nmit Zeilen", f"q{ids['short']}": "\x07"})
    assert response.status_code == 302
    with app.app_context():
        answers = {a.question_id: a.value_text for a in db.session.scalars(select(SurveyAnswer))}
    assert answers[ids["idea"]] == "Eine Idee\nmit Zeilen"
    assert ids["short"] not in answers  # only a control character: nothing was answered


@pytest.fixture
def last_section_conditional(app, process):
    """Two sections; the second (the last) only for volunteers; no demographics page after it."""
    from app.processes.models import Process
    from tests.surveys.factories import add_question, add_section, make_survey

    with app.app_context():
        survey = make_survey(db.session.scalar(select(Process).where(Process.slug == process)),
                             audience="anonymous", title="Kurzumfrage")
        first = add_section(survey, "Ihr Engagement")
        engaged = add_question(first, "single_choice", "Engagieren Sie sich?", required=True, choices=["Ja", "Nein"])
        second = add_section(survey, "Wo Sie sich engagieren")
        where = add_question(second, "short_text", "Wo genau?", condition=(engaged, "c1"))
        return {"survey": survey.id, "engaged": engaged.id, "where": where.id, "sections": [first.id, second.id],
                "url": f"/processes/{process}/surveys/{survey.id}"}


def test_a_conditional_last_section_is_counted_and_asked(client, app, last_section_conditional):
    ids = last_section_conditional
    page = client.get(ids["url"]).get_data(as_text=True)
    assert "Abschnitt 1 von bis zu 2" in page and "je nach Ihren Antworten" in page
    assert 'value="next"' in page and "Antworten absenden" not in page
    assert post_step(client, ids, 1, {f"q{ids['engaged']}": "c1"}, action="submit").status_code == 400
    response = post_step(client, ids, 1, {f"q{ids['engaged']}": "c1"})
    assert response.status_code == 302 and f"step={section_key(ids, 2)}" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Abschnitt 2 von 2" in page and "Wo genau?" in page and "Antworten absenden" in page
    assert post_step(client, ids, 2, {f"q{ids['where']}": "Sportverein"}, action="submit").status_code == 302
    with app.app_context():
        saved = db.session.scalar(select(SurveyResponse))
        assert saved.status == "complete" and {a.question_id for a in saved.answers} == {ids["engaged"], ids["where"]}


def test_weiter_completes_when_the_answers_leave_no_further_section(client, app, last_section_conditional):
    ids = last_section_conditional
    response = post_step(client, ids, 1, {f"q{ids['engaged']}": "c2"})
    assert response.status_code == 302
    assert "Vielen Dank für Ihre Teilnahme!" in client.get(ids["url"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.status)) == "complete"

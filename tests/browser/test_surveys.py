"""Surveys in a real browser (CSRF on, no JavaScript needed to answer): a conditional walk end to end,
the error summary, the admin builder, preview and results, and the public results page with its
plotly chart under the strict CSP; axe on every survey page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.processes.models import Process
from app.surveys.models import SurveyAnswer, SurveyResponse
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.surveys.factories import make_conditional_survey, make_response


@pytest.fixture
def survey_ids(app, process):
    with app.app_context():
        ids = make_conditional_survey(db.session.scalar(select(Process).where(Process.slug == process)),
                                      ask_demographics=True)
    ids["url"] = f"/processes/{process}/surveys/{ids['survey']}"
    return ids


@pytest.fixture
def console_errors(page):
    """Script errors and CSP violations (a form answered with 400 on purpose is not an error here)."""
    errors = []

    def on_console(message):
        if message.type == "error" and "the server responded with a status of 400" not in message.text:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_answer_a_conditional_survey_end_to_end(app, live_server, page, check_axe, survey_ids, console_errors):
    page.goto(live_server + survey_ids["url"])
    # 1, 4 and the personal page, and 2 and 3 (each depends on the first answer)
    assert page.get_by_role("heading", name="Abschnitt 1 von bis zu 5").is_visible()
    check_axe(page, "survey: section 1")

    page.get_by_role("button", name="Weiter", exact=True).click()  # nothing chosen: the error summary appears
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Bitte beantworten Sie diese Frage.").is_visible()
    check_axe(page, "survey: section 1 with errors")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == f"q{survey_ids['engaged']}-c1"

    page.get_by_role("group", name=re.compile("Engagieren Sie sich ehrenamtlich")).get_by_label("Ja").check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert page.get_by_role("heading", name="Wo Sie sich engagieren").is_visible()  # shown because of "Ja"
    assert page.get_by_role("heading", name="Abschnitt 2 von 4").is_visible()
    assert page.get_by_text("Was hindert Sie am meisten?").count() == 0
    page.get_by_label("Sport").check()
    page.get_by_label("Sonstiges", exact=True).check()
    page.get_by_label("Sonstiges, und zwar:").fill("Seenotrettung")
    page.get_by_label("Wie viele Stunden im Monat?").fill("400")
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert page.get_by_role("alert").get_by_text("Bitte geben Sie eine Zahl von 0 bis 300 ein.").is_visible()
    check_axe(page, "survey: section 2 with errors")
    page.get_by_label("Wie viele Stunden im Monat?").fill("12,5")
    page.get_by_role("button", name="Weiter", exact=True).click()

    assert page.get_by_role("heading", name="Ihre Meinung").is_visible()  # "Was Sie hindert" was skipped
    page.get_by_label("Stimme eher zu").check()
    page.get_by_role("group", name=re.compile("empfehlen")).get_by_label("8", exact=True).check()
    page.get_by_label("Räume").select_option(label="Rang 2")
    page.get_by_label("Geld").select_option(label="Rang 3")
    page.get_by_label("Anerkennung").select_option(label="Rang 1")
    page.get_by_role("group", name="Beratung").get_by_label("zufrieden", exact=True).check()
    page.get_by_label("Seit wann engagieren Sie sich?").fill("2019-05-01")
    page.get_by_label("Ihre Idee für Kiel").fill("Ein Ehrenamtsfest an der Kiellinie")
    check_axe(page, "survey: section 4")
    page.get_by_role("button", name="Weiter", exact=True).click()

    assert page.get_by_role("heading", name="Angaben zur Person").is_visible()
    check_axe(page, "survey: demographics")
    page.get_by_role("group", name=re.compile("Altersgruppe")).get_by_label("30 bis 44").check()
    page.get_by_label(re.compile("Stadtteil")).select_option(label="Gaarden-Ost")
    page.get_by_role("button", name="Antworten absenden").click()

    assert page.get_by_role("heading", name="Vielen Dank für Ihre Teilnahme!").is_visible()
    check_axe(page, "survey: thank you")
    page.goto(live_server + survey_ids["url"])
    assert page.get_by_text("Vielen Dank für Ihre Teilnahme!").is_visible()  # one response per browser
    page.goto(live_server + survey_ids["url"] + "/results")
    assert page.get_by_text("sobald der Beteiligungsprozess in seiner Ergebnisphase ist").is_visible()
    check_axe(page, "survey: results not yet public")
    page.get_by_role("link", name="Umfragen").click()
    check_axe(page, "survey list of a process")
    assert console_errors == []

    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert response.status == "complete" and response.user_id is None and response.age_group == "30-44"
        answers = {answer.question_id: answer for answer in db.session.scalars(select(SurveyAnswer))}
    assert answers[survey_ids["fields"]].value_json == ["c1", "other"]
    assert answers[survey_ids["fields"]].other_text == "Seenotrettung"
    assert answers[survey_ids["hours"]].value_number == 12.5
    assert answers[survey_ids["ranking"]].value_json == ["c3", "c1", "c2"]
    assert survey_ids["barriers"] not in answers


def _login_admin(page, live_server):
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS["admin"])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_admin_builder_preview_and_results(app, live_server, page, check_axe, users, survey_ids, process,
                                           console_errors):
    with app.app_context():
        for n in range(6):
            make_response(survey_ids["survey"], {survey_ids["engaged"]: Value(text="c1" if n % 3 else "c2"),
                                                 survey_ids["likert"]: Value(number=float(n % 5 + 1)),
                                                 survey_ids["matrix"]: Value(data={"r1": "c1"}),
                                                 survey_ids["idea"]: Value(text=f"Idee {n}")})
    _login_admin(page, live_server)
    page.goto(f"{live_server}/admin/processes/{process}/surveys/")
    check_axe(page, "admin: surveys of a process")
    page.get_by_role("link", name="Umfrage: Engagement").first.click()
    assert page.get_by_text("Der Aufbau dieser Umfrage ist gesperrt.").is_visible()
    check_axe(page, "admin: builder (locked)")
    page.get_by_role("link", name=re.compile("^Bearbeiten.*Was ist am wichtigsten")).click()
    check_axe(page, "admin: question form")
    page.get_by_role("link", name="Vorschau").click()
    assert page.get_by_text("Nur sichtbar, wenn").first.is_visible()
    check_axe(page, "admin: preview")
    page.get_by_role("link", name="Ergebnisse", exact=True).click()
    page.wait_for_selector(".survey-chart.drawn svg")
    check_axe(page, "admin: results")

    page.goto(f"{live_server}/admin/processes/{process}/surveys/")  # build a new one through the forms
    page.get_by_role("textbox", name="Titel (Pflichtfeld)", exact=True).fill("Kurzumfrage")
    page.get_by_role("group", name=re.compile("Wer kann teilnehmen")).get_by_label(re.compile("^Anonym")).check()
    page.get_by_role("button", name="Umfrage anlegen").click()
    page.get_by_role("textbox", name="Titel des Abschnitts (Pflichtfeld)", exact=True).fill("Teil 1")
    page.get_by_role("button", name="Abschnitt hinzufügen").click()
    page.get_by_label("Fragetyp").select_option(label="Mehrfachauswahl")
    page.get_by_role("button", name="Weiter zur Frage").click()
    page.get_by_role("textbox", name=re.compile(r"^Frage \(Pflichtfeld\)")).fill("Was wünschen Sie sich?")
    page.get_by_label("Antwortmöglichkeiten (eine pro Zeile)").fill("Räume\nGeld\nZeit")
    page.get_by_role("button", name="Frage speichern").click()
    assert page.get_by_text("Die Frage wurde gespeichert.").is_visible()
    check_axe(page, "admin: builder (draft)")
    assert console_errors == []


def test_public_results_with_chart_under_csp(app, live_server, page, check_axe, console_errors):
    with app.app_context():
        process = make_process(current="results")
        ids = make_conditional_survey(process, status="closed", ask_demographics=True)
        for n in range(12):
            make_response(ids["survey"], {ids["engaged"]: Value(text="c1" if n < 9 else "c2"),
                                          ids["likert"]: Value(number=float(n % 5 + 1)),
                                          ids["ranking"]: Value(data=["c2", "c1", "c3"]),
                                          ids["matrix"]: Value(data={"r1": "c1", "r2": "c2"})},
                          age_group="30-44" if n < 8 else "u18")  # 8 and 4
        url = f"{live_server}/processes/{process.slug}/surveys/{ids['survey']}/results"
    page.goto(url)
    page.wait_for_selector(".survey-chart.drawn svg")
    assert page.get_by_text("12 Personen haben teilgenommen.").is_visible()
    assert page.get_by_text("weniger als 5").first.is_visible()
    check_axe(page, "public results")
    page.get_by_label("Ergebnisse anzeigen für").select_option(label="unter 18")
    page.get_by_role("button", name="Anzeigen").click()
    assert page.get_by_text("weniger als 5 Antworten vor").is_visible()
    check_axe(page, "public results (small group)")
    assert console_errors == []


def test_account_survey_save_and_resume(app, live_server, page, check_axe, users, process, console_errors):
    with app.app_context():
        ids = make_conditional_survey(db.session.scalar(select(Process).where(Process.slug == process)),
                                      audience="accounts")
    url = f"{live_server}/processes/{process}/surveys/{ids['survey']}"
    page.goto(url)
    assert page.get_by_text("An dieser Umfrage nehmen Sie mit Ihrem Konto teil").is_visible()
    check_axe(page, "account survey: please log in")
    page.get_by_role("link", name="Anmelden").last.click()
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS["citizen"])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(url)
    page.get_by_label("Nein").check()
    page.get_by_role("button", name="Speichern und später weitermachen").click()
    assert page.get_by_text("Ihre Antworten sind gespeichert.").is_visible()
    check_axe(page, "account survey: saved")
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert page.get_by_role("heading", name="Was Sie hindert").is_visible()
    page.goto(live_server + "/")
    page.goto(url)  # resumes where the person left off
    assert page.get_by_role("heading", name="Was Sie hindert").is_visible()
    assert console_errors == []

"""The dashboard and the public results page in a real browser: charts drawn under the strict CSP,
filters without JavaScript tricks, and axe on every page (it must find nothing)."""
from __future__ import annotations

import re

import pytest

from app.analysis_runs.services import run_analysis_sync
from app.extensions import db
from app.figures.models import ReferenceShare
from tests.analysis_runs.factories import make_analysable_process
from tests.auth import factories
from tests.figures.factories import make_dashboard_data
from tests.processes.factories import make_process

AGE_REFERENCE = {"u18": 15, "18-29": 20, "30-44": 20, "45-59": 20, "60-74": 15, "75+": 10}


@pytest.fixture
def console_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def seed(slug: str) -> dict:
    """The hand-built figures, themed proposals with two voting camps, a finished analysis run and a reference."""
    ids = make_analysable_process(slug, voters=12)
    make_dashboard_data(slug)
    run = run_analysis_sync(ids["process_id"])
    assert run.status == "finished", run.error
    db.session.add_all(ReferenceShare(process_id=ids["process_id"], dimension="age_group", category=key,
                                      share=value, source="Illustrative Zahlen für den Test")
                       for key, value in AGE_REFERENCE.items())
    db.session.commit()
    return ids


def login_admin(page, live_server):
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS["admin"])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_dashboard_with_data_passes_axe(app, live_server, page, check_axe, users, process, console_errors):
    with app.app_context():
        ids = seed(process)
    login_admin(page, live_server)
    page.goto(f"{live_server}/admin/processes/{process}/")
    page.get_by_role("link", name=re.compile("^Dashboard: Beteiligung, Themen")).click()
    page.wait_for_selector("#plot-timeline.drawn svg")
    page.wait_for_selector("#plot-theme-map.drawn")
    for heading in ("Beteiligung im Zeitverlauf nach Kanal", "Themenkarte", "Meinungsgruppen und Konsens",
                    "Repräsentativität", "Moderation"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.get_by_role("table", name="Beteiligung insgesamt").is_visible()
    assert page.get_by_role("table", name="Altersgruppe: Beteiligte und Bevölkerung").is_visible()
    assert page.locator("[data-chart][aria-hidden='true']").count() >= 8
    check_axe(page, "dashboard")

    page.get_by_label("Säule", exact=True).select_option(str(ids["topics"]["rad"]))
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_selector("#plot-timeline.drawn svg")
    assert "topic=" in page.url
    check_axe(page, "dashboard filtered by pillar")

    page.goto(f"{live_server}/admin/processes/{process}/dashboard?district=999999")
    assert page.get_by_role("alert").get_by_text("Diesen Stadtteil gibt es in diesem Prozess nicht.").is_visible()
    check_axe(page, "dashboard with a filter error")

    page.goto(f"{live_server}/admin/processes/{process}/dashboard/reference")
    page.locator("#age_group-share_0").fill("50")
    page.get_by_role("button", name="Speichern").first.click()
    assert page.get_by_role("alert").get_by_text("sie müssen 100 % ergeben").is_visible()
    check_axe(page, "reference form with errors")
    assert [error for error in console_errors if "status of 400" not in error] == []


def test_public_results_page_passes_axe(app, live_server, page, check_axe, users, console_errors):
    with app.app_context():
        slug = make_process(current="results").slug
        seed(slug)
    page.goto(f"{live_server}/processes/{slug}/")
    page.get_by_role("link", name="Ergebnisse der Beteiligung: Zahlen, Themen, Stellungnahmen und Umfragen").click()
    page.wait_for_selector("#plot-timeline.drawn svg")
    assert page.get_by_role("heading", name="Ergebnisse nach Säulen").is_visible()
    assert page.get_by_role("table", name="Beteiligung insgesamt").is_visible()
    assert page.get_by_text("Autorin Geheim").count() == 0
    check_axe(page, "public results")
    assert console_errors == []


def test_results_notice_before_the_results_phase_passes_axe(app, live_server, page, check_axe, process):
    page.goto(f"{live_server}/processes/{process}/results")
    assert page.get_by_text("sobald der Beteiligungsprozess in seiner Ergebnisphase ist").is_visible()
    check_axe(page, "results not yet public")

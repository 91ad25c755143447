"""Accessibility details found by hand (issue 12, item 26): scroll regions reachable by keyboard, admin
pages that fit a 320 px screen, and focus on the error summary after a failed submit."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from app.surveys.validation import Value
from tests.auth import factories
from tests.figures.factories import make_dashboard_data
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_conditional_survey, make_response, make_survey


def login(page, live_server, role: str = "admin"):
    page.goto(live_server + "/auth/login")
    page.get_by_label("E-Mail-Adresse").fill(factories.EMAILS[role])
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"^(?!.*/auth/login).*$"))


def test_a_wide_results_matrix_is_a_keyboard_reachable_region(app, live_server, page, check_axe):
    with app.app_context():
        process = make_process(current="results")
        survey = make_survey(process, status="closed", title="Breite Matrix")
        matrix = add_question(add_section(survey), "matrix", "Wie zufrieden sind Sie mit den Angeboten?",
                              rows=["Beratung im Stadtteilbüro", "Räume für Vereine und Initiativen"],
                              choices=["sehr zufrieden", "eher zufrieden", "teils, teils", "eher unzufrieden",
                                       "sehr unzufrieden", "kann ich nicht beurteilen"])
        for n in range(6):
            make_response(survey.id, {matrix.id: Value(data={"r1": "c1", "r2": f"c{n % 6 + 1}"})},
                          browser_hash=f"matrix-{n}")
        url = f"{live_server}/processes/{process.slug}/surveys/{survey.id}/results"
    page.set_viewport_size({"width": 520, "height": 800})  # above the narrow layout, where cells wrap anywhere
    page.goto(url)
    region = page.get_by_role("region", name=re.compile("^Tabelle.*Wie zufrieden sind Sie mit den Angeboten"))
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")  # it really scrolls
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
    check_axe(page, "survey results with a scrolling matrix (520 px)")


def test_admin_pages_fit_a_320_px_screen(app, live_server, page, users, process):
    with app.app_context():
        make_dashboard_data(process)
        survey = make_conditional_survey(fp.process_by_slug(process), status="open")
    login(page, live_server)
    page.set_viewport_size({"width": 320, "height": 700})
    paths = ["/admin/", f"/admin/processes/{process}/", "/admin/users/", "/moderation/", "/moderation/?state=hidden",
             "/moderation/audit", f"/admin/processes/{process}/dashboard", f"/admin/processes/{process}/report",
             f"/admin/processes/{process}/surveys/", f"/admin/processes/{process}/analysis/",
             f"/admin/processes/{process}/surveys/{survey['survey']}/", "/admin/surveys/"]
    too_wide = {}
    for path in paths:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    assert too_wide == {}


def test_a_failed_submit_moves_focus_to_the_error_summary(app, live_server, page, check_axe, users, process):
    login(page, live_server, "citizen")
    page.goto(f"{live_server}/processes/{process}/proposals/new")
    page.get_by_role("button", name="Vorschlag einreichen").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte korrigieren Sie Folgendes")
    assert summary.is_visible()
    expect(summary).to_be_focused()  # autofocus is applied after load: expect waits for it
    # Without JavaScript too: the summary is a skip-link target.
    assert page.locator('a.skip-link[href="#error-summary"]').count() == 1
    check_axe(page, "new proposal with errors")


def test_a_failed_survey_step_moves_focus_to_the_error_summary(app, live_server, page, process):
    with app.app_context():
        ids = make_conditional_survey(fp.process_by_slug(process))
    page.goto(f"{live_server}/processes/{process}/surveys/{ids['survey']}")
    page.get_by_role("button", name="Weiter", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # autofocus is applied after load: expect waits for it
    assert summary.get_attribute("id") == "error-summary"


def test_the_delete_confirmation_page_is_accessible_and_works_by_keyboard(app, live_server, page, check_axe, users,
                                                                           process):
    with app.app_context():
        proc = fp.process_by_slug(process)
        topic, other = proc.topics[0], proc.topics[1]
        fp.make_proposal(proc, title="Radweg am Hafen", topic=topic)
        topic_id, other_title = topic.id, other.title
    login(page, live_server)
    page.goto(f"{live_server}/admin/processes/{process}/topics/{topic_id}/delete")
    check_axe(page, "delete confirmation")
    page.get_by_label("Die Vorschläge wechseln zum Thema").select_option(label=other_title)
    page.get_by_role("button", name="Endgültig löschen").press("Enter")
    assert page.get_by_text("wurde gelöscht").is_visible()

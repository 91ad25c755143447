"""The admin dashboard and the public results page: access, filters, suppression, phases, query counts."""
from __future__ import annotations

import json
import re
from datetime import UTC
from html import unescape

import pytest

from app.extensions import db
from tests.auth import factories
from tests.figures.factories import add_more_data, make_dashboard_data
from tests.processes.factories import make_process
from tests.proposals import factories as fp


@pytest.fixture
def data(app, process):
    with app.app_context():
        return make_dashboard_data(process)


def url(slug: str, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/admin/processes/{slug}/dashboard" + (f"?{query}" if query else "")


def table(html: str, caption: str) -> str:
    """The HTML of the table with this caption."""
    match = re.search(r"<table[^>]*>\s*<caption>" + re.escape(caption) + r"</caption>.*?</table>", html, re.S)
    assert match, f"no table captioned {caption!r}"
    return match.group(0)


def row(html: str, header: str) -> list[str]:
    """The cells of the table row whose row header is `header`."""
    match = re.search(r'<tr><th scope="row">' + re.escape(header) + r"</th>(.*?)</tr>", html, re.S)
    assert match, f"no row {header!r}"
    return [unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", match.group(1))]


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_dashboard_is_for_admins_only(client, auth, users, process, role):
    assert client.get(url(process)).status_code == 302  # anonymous: to the login page
    auth.login_as(role)
    assert client.get(url(process)).status_code == 403
    assert client.get(url(process) + "/reference").status_code == 403


def test_dashboard_shows_every_section_with_tables(client, auth, users, process, data):
    auth.login_as("admin")
    response = client.get(url(process))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for heading in ("Beteiligung im Zeitverlauf nach Kanal", "Teilnehmende und Beiträge nach Stadtteil und Säule",
                    "Stimmen und Vorschläge mit der meisten Zustimmung", "Themenkarte", "Meinungsgruppen und Konsens",
                    "Umfrageergebnisse", "Repräsentativität", "Moderation"):
        assert f">{heading}</h2>" in html
    totals = table(html, "Beteiligung insgesamt")
    assert row(totals, "Teilnehmende") == ["9"] and row(totals, "Stimmen") == ["7"]
    assert row(totals, "Vorschläge") == ["< 5"]  # 3 proposals: a count of what people did, suppressed
    # Breakdowns: cells under 5 show "< 5"; if only one cell of a column is hidden, the next smallest
    # one is hidden too ("x"), so that it cannot be computed from the total.
    pillars = table(html, "Beteiligung nach Säule")
    assert [row(pillars, name) for name in ("Thema 1", "Thema 2", "Thema 3")] == [
        ["x", "< 5", "< 5"], ["< 5", "< 5", "0"], ["0", "0", "0"]]
    # Districts (issue 14): residents (2, 1, 0 and 6 without a district) and proposals located there (1, 1, 0, 1).
    districts = table(html, "Beteiligung nach Stadtteil")
    assert [row(districts, name) for name in ("Altstadt", "Gaarden-Ost", "Mettenhof", "ohne Stadtteil")] == [
        ["< 5", "< 5"], ["< 5", "< 5"], ["0", "0"], ["6", "< 5"]]
    assert "Geheime Person" not in html and "Moderatorin Geheim" not in html
    assert 'id="participants-definition"' in html
    # The chart is decoration for sighted users; its data is valid JSON; the table says the same.
    assert re.search(r'<div class="dashboard-plot" id="plot-timeline" data-chart="plot-data-timeline" '
                     r'aria-hidden="true"></div>', html)
    figure = json.loads(re.search(r'<script type="application/json" id="plot-data-timeline">(.*?)</script>',
                                  html, re.S).group(1))
    assert figure["data"] and "width" not in figure["layout"]
    assert "/static/vendor/plotly/plotly-basic.min.js?v=" in html and "js/charts.js" in html
    # No analysis yet: a note that links to the analysis page.
    assert "Es gibt noch keine abgeschlossene Analyse." in html
    assert f"/admin/processes/{process}/analysis/" in html
    # Surveys: the question with three answers is not evaluated (fewer than five people).
    assert "Die Frage „Engagieren Sie sich?“ wurde von weniger als 5 Personen beantwortet" in html
    moderation = table(html, "Moderation")
    assert "Spam oder Werbung" in moderation
    assert "Meldungen wurden im Median nach 4,0 Stunden entschieden." in html
    for tag in re.findall(r"<th\b[^>]*>", html):
        assert "scope=" in tag


def test_filters_narrow_the_figures(client, auth, users, process, data):
    auth.login_as("admin")
    html = client.get(url(process, topic=data["topics"][0])).get_data(as_text=True)
    assert row(table(html, "Beteiligung insgesamt"), "Stimmen") == ["6"]
    assert "Angezeigt: Thema 1 · alle Stadtteile" in " ".join(html.split())
    assert f'<option value="{data["topics"][0]}" selected>' in html
    html = client.get(url(process, district=data["districts"][0])).get_data(as_text=True)
    assert row(table(html, "Beteiligung insgesamt"), "Teilnehmende") == ["6"]
    assert row(table(html, "Beteiligung insgesamt"), "Stimmen") == ["< 5"]


@pytest.mark.parametrize("args", [{"topic": "999999"}, {"district": "abc"}, {"topic": "-1"},
                                  {"district": "99999999999999999999"}])
def test_unknown_filter_values_get_a_message(client, auth, users, process, data, args):
    auth.login_as("admin")
    response = client.get(url(process, **args))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'class="error-summary" role="alert"' in html
    assert ("Diese Säule gibt es in diesem Prozess nicht." in html) or \
        ("Diesen Stadtteil gibt es in diesem Prozess nicht." in html)
    assert row(table(html, "Beteiligung insgesamt"), "Teilnehmende") == ["9"]  # shown without the filter


def test_filter_of_another_process_is_refused(app, client, auth, users, process, data):
    with app.app_context():
        other = make_process()
        foreign_topic = other.topics[0].id
    auth.login_as("admin")
    response = client.get(url(process, topic=foreign_topic))
    assert response.status_code == 400


def test_dashboard_with_an_analysis_run(app, client, auth, users, process, monkeypatch, count_queries):
    from sqlalchemy import select

    from app.analysis_runs.models import AnalysisTheme
    from app.analysis_runs.queries.results import theme_points
    from app.analysis_runs.services import rename_theme, run_analysis_sync
    from app.dashboard import run_charts
    from tests.analysis_runs.factories import make_analysable_process

    monkeypatch.setattr(run_charts, "MAP_POINTS_PER_THEME", 2)  # the map is thinned, the table is not
    with app.app_context():
        ids = make_analysable_process(process, voters=12)
        run = run_analysis_sync(ids["process_id"])
        assert run.status == "finished", run.error
        points = len(theme_points(run))
    auth.login_as("admin")
    html = client.get(url(process)).get_data(as_text=True)
    assert "Es gibt noch keine abgeschlossene Analyse." not in html
    assert 'id="plot-theme-map"' in html
    themes = table(html, "Thema")
    sizes = [int(cells[0]) for cells in re.findall(r"</th><td>(\d+)</td>", themes)]
    assert len(sizes) >= 2 and sum(sizes) == points
    drawn = json.loads(re.search(r'id="plot-data-theme-map">(.*?)</script>', html, re.S).group(1))
    assert sum(len(trace["x"]) for trace in drawn["data"]) <= 2 * len(sizes) < points
    assert "Autorin Geheim" not in html and "rad.fan@example.org" not in html
    assert 'id="plot-opinions"' in html or "keine Meinungsgruppen" in html
    filtered = client.get(url(process, topic=ids["topics"]["rad"])).get_data(as_text=True)
    assert table(filtered, "Thema").count('<th scope="row">') < themes.count('<th scope="row">')
    # The map is kept between requests, until a theme is renamed (audited): then it is drawn anew.
    with count_queries() as counter:
        client.get(url(process))
    assert not any("analysis_items.x" in statement for statement in counter.statements)
    with app.app_context():
        admin = fp.user_by_email(factories.EMAILS["admin"])
        proc = fp.process_by_slug(process)
        theme = db.session.scalar(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id).limit(1))
        rename_theme(admin, proc, db.session.merge(run), theme.id, "Umbenanntes Thema Kiellinie")
    with count_queries() as counter:
        assert "Umbenanntes Thema Kiellinie" in client.get(url(process)).get_data(as_text=True)
    assert any("analysis_items.x" in statement for statement in counter.statements)


def test_dashboard_query_count_does_not_grow_with_data(app, client, auth, users, process, data, count_queries):
    auth.login_as("admin")
    client.get(url(process))  # warm up (login, caches)

    def page_queries() -> int:
        with count_queries() as counter:
            assert client.get(url(process, topic=data["topics"][0])).status_code == 200
        return counter.count

    before = page_queries()
    with app.app_context():
        add_more_data(process, n=8)
    assert page_queries() == before


# --- public results page ---------------------------------------------------------------------------------

def results_url(slug: str) -> str:
    return f"/processes/{slug}/results"


def test_results_wait_for_the_results_phase(client, process, data):
    response = client.get(results_url(process))  # the fixture process is in its participation phase
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Die Ergebnisse werden veröffentlicht, sobald der Beteiligungsprozess in seiner Ergebnisphase ist." in html
    assert "Beteiligung insgesamt" not in html


def test_results_of_unpublished_processes_are_not_found(app, client):
    with app.app_context():
        slug = make_process(published=False, current="results").slug
    assert client.get(results_url(slug)).status_code == 404


@pytest.fixture
def finished_slug(app):
    """A published process in its results phase, with the hand-built data."""
    with app.app_context():
        slug = make_process(current="results").slug
        make_dashboard_data(slug)
        return slug


def test_results_page_shows_non_personal_figures(client, finished_slug):
    response = client.get(results_url(finished_slug))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert row(table(html, "Beteiligung insgesamt"), "Teilnehmende") == ["9"]
    assert "Ergebnisse nach Säulen" in html and "Für diese Säule liegen noch keine Themen vor." in html
    assert "Spielplatz in Gaarden" in html and "Die Verwaltung setzt das 2027 um." in html
    assert "Ausgeblendet" not in html and "Zurückgezogen" not in html  # hidden and withdrawn proposals
    assert "Geheime Person" not in html and "Moderatorin Geheim" not in html
    assert "Meldungen nach Grund" not in html and ">Moderation</h2>" not in html
    assert "Umfrage Engagement" in html


def test_results_page_after_the_process_ended(app, client, finished_slug):
    from datetime import datetime, timedelta

    app.config["FROZEN_NOW"] = datetime.now(UTC) + timedelta(days=400)
    try:
        assert "Beteiligung insgesamt" in client.get(results_url(finished_slug)).get_data(as_text=True)
    finally:
        app.config["FROZEN_NOW"] = None


def test_process_page_links_to_results_only_in_the_results_phase(client, process, finished_slug):
    assert f'href="/processes/{finished_slug}/results"' in client.get(f"/processes/{finished_slug}/").get_data(
        as_text=True)
    assert f'href="/processes/{process}/results"' not in client.get(f"/processes/{process}/").get_data(as_text=True)


def test_process_edit_page_links_to_the_dashboard(client, auth, users, process):
    auth.login_as("admin")
    html = client.get(f"/admin/processes/{process}/").get_data(as_text=True)
    assert f'href="/admin/processes/{process}/dashboard"' in html


def test_top_candidates_keep_the_libraries_choice():
    import random

    from analysis.dashboards import most_agreed
    from analysis.report_data import ProposalRow
    from app.figures.pillars import rankable, top_candidates

    rng = random.Random(7)
    rows = [ProposalRow(f"R-{n:04d}", "T", agree=rng.randint(0, 20), disagree=rng.randint(0, 20),
                        pass_=rng.randint(0, 3), merged_into="R-0000" if n % 50 == 7 else "") for n in range(500)]
    for n in (1, 5, 10, 600):  # rankable: at least one agree vote and not merged (issue 14)
        chosen = most_agreed(top_candidates(rows, n), n)
        assert chosen == most_agreed(rankable(rows), n)
        assert all(row.agree > 0 and not row.merged_into for row in chosen)


def test_results_page_shows_themes_per_pillar_without_contacts(app, client):
    from app.analysis_runs.services import run_analysis_sync
    from tests.analysis_runs.factories import make_analysable_process

    with app.app_context():
        slug = make_process(current="results").slug
        ids = make_analysable_process(slug, voters=12)
        assert run_analysis_sync(ids["process_id"]).status == "finished"
    html = client.get(results_url(slug)).get_data(as_text=True)
    assert "<caption>Themen der Säule „Thema 1“</caption>" in html
    assert "Für diese Säule liegen noch keine Themen vor." not in html.split("Thema 1")[1].split("</section>")[0]
    assert "rad.fan@example.org" not in html and "0431 1234567" not in html
    assert "Autorin Geheim" not in html and "Wählerin" not in html


def test_results_page_query_count_does_not_grow_with_data(app, client, finished_slug, count_queries):
    client.get(results_url(finished_slug))

    def page_queries() -> int:
        with count_queries() as counter:
            assert client.get(results_url(finished_slug)).status_code == 200
        return counter.count

    before = page_queries()
    with app.app_context():
        add_more_data(finished_slug, n=7)
    assert page_queries() == before


def test_dashboard_in_english(client, auth, users, process, data):
    auth.login_as("admin")
    client.post("/language", data={"locale": "en", "next": "/"})
    response = client.get(url(process))
    assert response.status_code == 200
    assert '<html lang="en">' in response.get_data(as_text=True)


def test_themes_without_a_pillar_get_their_own_block(app, process, monkeypatch):
    from types import SimpleNamespace

    from analysis.report_data import Quote, Theme
    from app.dashboard import pages
    from app.figures import pillars
    from app.figures import services as figures
    from app.figures.labels import report_labels

    with app.test_request_context():
        proc = fp.process_by_slug(process)
        themes = {proc.topics[0].id: [Theme("Radwege", 7, [Quote("TST-1", "Mail an a@b.de bitte")])],
                  None: [Theme("Ehrenamt allgemein", 5)]}
        monkeypatch.setattr(pillars, "themes_by_pillar", lambda run: themes)
        blocks = pages.pillar_blocks(figures.pillar_results(proc, [], SimpleNamespace()), report_labels())
    assert [block.title for block in blocks] == ["Thema 1", "Thema 2", "Thema 3", "Übergreifende Themen"]
    assert blocks[0].themes.table.rows == [["Radwege", "7", "TST-1"]]
    assert blocks[0].quotes == ["„Mail an […] bitte“ (TST-1)"]
    assert blocks[1].themes is None and blocks[3].themes.table.rows == [["Ehrenamt allgemein", "5", ""]]


def test_number_question_shows_its_answers_and_mean_not_no_data(app, client, auth, users, process):
    """A number question has no answer options: its table names the answers and the mean ("Keine Daten" before)."""
    from app.surveys.validation import Value
    from tests.surveys.factories import add_question, add_section, make_response, make_survey

    with app.app_context():
        survey = make_survey(fp.process_by_slug(process), title="Zahlenumfrage")
        hours = add_question(add_section(survey), "number", "Wie viele Stunden im Monat?")
        for index in range(49):
            make_response(survey.id, {hours.id: Value(number=float(index % 10))}, browser_hash=f"b{index}")
    auth.login_as("admin")
    html = client.get(url(process)).get_data(as_text=True)
    question = table(html, "Wie viele Stunden im Monat?")  # a histogram (issue 14): one row per value 0–9
    assert row(question, "4") == ["5", "10 %"] and row(question, "9") == ["< 5", "–"]
    assert "Mittelwert: 4,4" in html
    assert "Wie viele Stunden im Monat?: Keine Daten." not in html


def test_dashboard_shows_the_moderation_counts_the_public_summary_shows(client, auth, users, process, data):
    """One rule for both: moderation counts are counts of actions, not of people, and are shown exactly."""
    auth.login_as("admin")
    moderation = table(client.get(url(process)).get_data(as_text=True), "Moderation")
    dashboard = {unescape(name): unescape(count)
                 for name, count in re.findall(r"<td>([^<]*)</td><td>([^<]*)</td></tr>", moderation)}
    summary = client.get(f"/moderation/processes/{process}/summary").get_data(as_text=True)
    public = {unescape(name): count
              for name, count in re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>', summary)}
    assert dashboard["Spam oder Werbung"] == public["Spam oder Werbung"] == "2"
    assert dashboard["Meldungen verworfen"] == "2" and dashboard["Ausgeblendet"] == "1"
    assert {name: dashboard[name] for name in public if name in dashboard} == \
        {name: count for name, count in public.items() if name in dashboard}
    assert "< 5" not in dashboard.values() and "x" not in dashboard.values()

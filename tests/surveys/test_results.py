"""Aggregates, small-number suppression, and who sees results where."""
from __future__ import annotations

import json
import re

import pytest

from app.core.assets import asset_version
from app.extensions import db
from app.surveys.models import Survey
from app.surveys.queries.results import parse_group, survey_results
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.surveys.factories import make_conditional_survey, make_response


def _fill(ids, count_yes=6, count_no=3):
    """`count_yes` volunteers and `count_no` others, with predictable answers."""
    for n in range(count_yes):
        make_response(ids["survey"], {
            ids["engaged"]: Value(text="c1"),
            ids["fields"]: Value(data=["c1", "c3"] if n % 2 else ["c1"]),
            ids["hours"]: Value(number=float(n + 1)),
            ids["likert"]: Value(number=4.0 if n < 4 else 2.0),
            ids["scale"]: Value(number=float(n)),
            ids["ranking"]: Value(data=["c3", "c1", "c2"]),
            ids["matrix"]: Value(data={"r1": "c1", "r2": "c2"}),
            ids["idea"]: Value(text=f"Idee {n}"),
        }, age_group="30-44" if n < 5 else "60-74", gender="female")
    for _n in range(count_no):
        make_response(ids["survey"], {ids["engaged"]: Value(text="c2"), ids["barriers"]: Value(text="c1"),
                                      ids["likert"]: Value(number=5.0)}, age_group="u18")
    make_response(ids["survey"], {ids["engaged"]: Value(text="c1")}, status="draft")  # drafts never count


@pytest.fixture
def filled(app):
    with app.app_context():
        process = make_process(current="results")
        ids = make_conditional_survey(process, status="closed", ask_demographics=True)
        _fill(ids)
        ids["url"] = f"/processes/{process.slug}/surveys/{ids['survey']}/results"
        ids["admin_url"] = f"/admin/processes/{process.slug}/surveys/{ids['survey']}/results"
    return ids


def by_id(results):
    return {result.question.id: result for result in results.questions}


def test_admin_aggregates_are_exact(app, filled):
    ids = filled
    with app.app_context():
        results = survey_results(db.session.get(Survey, ids["survey"]), public=False)
        assert results.respondents == 9
        q = by_id(results)
        assert [(c.label, c.count, c.percent) for c in q[ids["engaged"]].cells] == [("Ja", 6, 66.7), ("Nein", 3, 33.3)]
        assert [(c.key, c.count) for c in q[ids["fields"]].cells] == [("c1", 6), ("c2", 0), ("c3", 3), ("c4", 0),
                                                                      ("other", 0)]
        assert [c.count for c in q[ids["likert"]].cells] == [0, 2, 0, 4, 3]
        assert q[ids["hours"]].stats == {"mean": "3,5", "median": "3,5", "min": "1", "max": "6"}
        assert q[ids["scale"]].stats["median"] == "2,5"
        assert [c.label for c in q[ids["ranking"]].cells] == ["Anerkennung", "Räume", "Geld"]
        assert q[ids["ranking"]].stats["average_rank"] == {"Anerkennung": "1", "Räume": "2", "Geld": "3"}
        matrix = dict(q[ids["matrix"]].matrix)
        assert [c.count for c in matrix["Beratung"]] == [6, 0, 0]
        assert sorted(q[ids["idea"]].texts) == [f"Idee {n}" for n in range(6)]
        assert q[ids["short"]].respondents == 0
        ages = {cell.key: cell.count for cell in results.demographics["age_group"]}
        assert ages["30-44"] == 5 and ages["60-74"] == 1 and ages["u18"] == 3


def test_public_results_suppress_small_numbers(app, filled):
    ids = filled
    with app.app_context():
        results = survey_results(db.session.get(Survey, ids["survey"]), public=True)
        q = by_id(results)
        assert [(c.count, c.percent) for c in q[ids["engaged"]].cells] == [(6, 66.7), (None, None)]  # 3 → "< 5"
        assert q[ids["barriers"]].suppressed  # only 3 answered it
        assert q[ids["fields"]].cells[0].count == 6 and q[ids["fields"]].cells[1].count == 0  # zero is not hidden
        assert "min" not in q[ids["hours"]].stats and q[ids["hours"]].stats["mean"] == "3,5"
        assert q[ids["idea"]].texts == []  # free texts are never public
        ages = {cell.key: cell.count for cell in results.demographics["age_group"]}
        assert ages == {"u18": None, "18-29": 0, "30-44": 5, "45-59": 0, "60-74": None, "75+": 0, "": 0}


def test_groups_under_five_are_suppressed_publicly(app, filled):
    ids = filled
    with app.app_context():
        survey = db.session.get(Survey, ids["survey"])
        small = survey_results(survey, public=True, group=parse_group(survey, "age_group:u18"))
        assert small.respondents == 3 and small.suppressed and small.questions == []
        big = survey_results(survey, public=True, group=parse_group(survey, "age_group:30-44"))
        assert big.respondents == 5 and not big.suppressed
        assert by_id(big)[ids["engaged"]].cells[0].count == 5
        admin = survey_results(survey, public=False, group=parse_group(survey, "age_group:u18"))
        assert not admin.suppressed and by_id(admin)[ids["engaged"]].cells[1].count == 3
        assert parse_group(survey, "age_group:999") is None and parse_group(survey, "salary:high") is None


def test_fewer_than_five_respondents_in_total_shows_nothing_publicly(app):
    with app.app_context():
        process = make_process(current="results")
        ids = make_conditional_survey(process, status="closed")
        for _n in range(4):
            make_response(ids["survey"], {ids["engaged"]: Value(text="c1")})
        results = survey_results(db.session.get(Survey, ids["survey"]), public=True)
    assert results.suppressed and results.questions == []


def test_public_results_page_waits_for_the_results_phase(app, client):
    with app.app_context():
        process = make_process(current="evaluation")
        ids = make_conditional_survey(process, status="closed")
        for _n in range(6):
            make_response(ids["survey"], {ids["engaged"]: Value(text="c1")})
        url = f"/processes/{process.slug}/surveys/{ids['survey']}/results"
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sobald der Beteiligungsprozess in seiner Ergebnisphase ist" in page
    assert "<table" not in page and "chart-data" not in page


def test_public_results_page_in_the_results_phase(client, filled):
    response = client.get(filled["url"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "9 Personen haben teilgenommen." in page
    assert "weniger als 5" in page
    assert "Idee 1" not in page  # no free text in public
    assert 'type="application/json"' in page and "/static/vendor/plotly/plotly-basic.min.js?v=" in page
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in page
    assert "<script>" not in page and " style=" not in page  # CSP: no inline code, no inline styles
    figure = json.loads(re.search(rf'id="chart-data-{filled["engaged"]}">(.*?)</script>', page, re.S).group(1))
    assert figure["data"][0]["x"] == [6] and figure["data"][0]["y"] == ["Ja"]  # the suppressed bar is left out
    small = client.get(filled["url"] + "?group=age_group:u18").get_data(as_text=True)
    assert "weniger als 5 Antworten vor" in small


def test_admin_results_page_shows_everything(client, filled, users):
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    page = client.get(filled["admin_url"]).get_data(as_text=True)
    assert "Idee 1" in page and "weniger als 5" not in page
    assert page.count('class="survey-chart"') >= 6


def test_plotly_is_served_locally_with_long_caching(client):
    with client.application.app_context():
        version = asset_version("vendor/plotly/plotly-basic.min.js")
    response = client.get(f"/static/vendor/plotly/plotly-basic.min.js?v={version}")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert b"plotly" in response.get_data()[:2000].lower()
    response.close()
    css = client.get("/static/vendor/plotly.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert ".js-plotly-plot .plotly .main-svg{" in css.get_data(as_text=True)  # plotly's own rules, no inline CSS
    charts = client.get("/static/js/charts.js")
    assert charts.status_code == 200 and b"Plotly.newPlot" in charts.get_data()
    charts.close()

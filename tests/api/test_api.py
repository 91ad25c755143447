"""The read API /api/v1/: visibility, counts, pagination, filters, ETag, CORS, errors, constant queries."""
from __future__ import annotations

import json

import pytest
from markupsafe import escape

from app.api import cursors, schemas
from app.api.openapi import ENDPOINTS, PREFIX
from app.extensions import db
from app.proposals.models import Proposal
from tests.api.factories import DRAFT_SURVEY_TITLE, SECRET_TITLE, make_api_data
from tests.auth import factories
from tests.exports.factories import NAMES, TYPED_CONTACT, TYPED_PHONE
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.querycount import page_queries

API = PREFIX


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_api_data()


def get_json(client, url: str, status: int = 200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


def walk(client, url: str) -> list[dict]:
    """Every item of a paginated list, following the `next` links."""
    items, seen = [], set()
    while url:
        assert url not in seen
        seen.add(url)
        page = get_json(client, url)
        items.extend(page["data"])
        url = page["links"]["next"]
    return items


def all_responses(client, data) -> str:
    """The text of every answer of the API about the data set."""
    slug = data["slug"]
    p1 = data["proposals"]["p1"][1]
    survey = data["survey"]["survey"]
    urls = [f"{API}/", f"{API}/processes", f"{API}/processes/{slug}", f"{API}/processes/{slug}/proposals?limit=100",
            f"{API}/processes/{slug}/proposals/{p1}", f"{API}/processes/{slug}/proposals/{p1}/comments",
            f"{API}/processes/{slug}/surveys", f"{API}/processes/{slug}/surveys/{survey}",
            f"{API}/processes/{slug}/surveys/{survey}/results", f"{API}/processes/{slug}/analysis",
            f"{API}/processes/{slug}/moderation"]
    return "\n".join(json.dumps(get_json(client, url), ensure_ascii=False) for url in urls)


def test_hidden_withdrawn_merged_and_unpublished_never_appear(client, data):
    slug, refs = data["slug"], {name: ref for name, (_, ref) in data["proposals"].items()}
    listed = walk(client, f"{API}/processes/{slug}/proposals?limit=2")
    assert sorted(item["reference"] for item in listed) == sorted([refs["p1"], refs["p2"]])
    for name in ("p3", "p4"):  # hidden, withdrawn: not there at all
        body = get_json(client, f"{API}/processes/{slug}/proposals/{refs[name]}", 404)
        assert body["error"]["code"] == 404 and body["error"]["message"]
        get_json(client, f"{API}/processes/{slug}/proposals/{refs[name]}/comments", 404)
    # merged: redirects to its target, as the site's page does; the target lists it
    response = client.get(f"{API}/processes/{slug}/proposals/{refs['p5']}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"{API}/processes/{slug}/proposals/{refs['p1']}")
    assert get_json(client, f"{API}/processes/{slug}/proposals/{refs['p1']}")["merged_from"] == [refs["p5"]]
    response = client.get(f"{API}/processes/{slug}/proposals/{refs['p5']}/comments")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/{refs['p1']}/comments")
    comments = walk(client, f"{API}/processes/{slug}/proposals/{refs['p1']}/comments?limit=1")
    assert [c["id"] for c in comments] == [data["comments"]["c1"], data["comments"]["c2"]]
    assert comments[1]["parent_id"] == data["comments"]["c1"] and comments[1]["depth"] == 1
    text = all_responses(client, data)
    for hidden in ("Versteckter Vorschlag", "Beleidigender Text", "Zurückgezogener Vorschlag",
                   "Doppelte Ehrenamtskarte", "Beleidigung", "Kommentar zum versteckten Vorschlag", SECRET_TITLE,
                   DRAFT_SURVEY_TITLE, "Geheime Frage", "Geheimer Kommentar", refs["p3"], refs["p4"]):
        assert hidden not in text, hidden
    # the unpublished process is invisible everywhere
    assert data["hidden_slug"] not in text
    hidden = data["hidden_slug"]
    for url in (f"/processes/{hidden}", f"/processes/{hidden}/proposals", f"/processes/{hidden}/surveys",
                f"/processes/{hidden}/proposals/{data['secret_reference']}",
                f"/processes/{hidden}/surveys/{data['hidden_survey']}", f"/processes/{hidden}/analysis",
                f"/processes/{hidden}/moderation", f"/processes/{slug}/surveys/{data['draft_survey']}",
                f"/processes/{slug}/surveys/{data['hidden_survey']}"):
        get_json(client, API + url, 404)


def test_no_personal_data(client, data):
    text = all_responses(client, data)
    for name in NAMES:
        assert name not in text
    for email in factories.EMAILS.values():
        assert email not in text
    assert TYPED_CONTACT not in text and TYPED_PHONE not in text and "amt@kiel.de" not in text
    assert "author" not in text and "user" not in text.lower().replace("users", "")


def test_opinion_groups_and_themes_of_the_published_run(client, data):
    analysis = get_json(client, f"{API}/processes/{data['slug']}/analysis")["data"]
    p1 = data["proposals"]["p1"][1]
    assert analysis["version"] == data["run"]["version"]
    assert [(theme["label"], theme["size"]) for theme in analysis["themes"]] == [("Thema 0", 6)]
    assert [group["id"] for group in analysis["groups"]] == ["A"]  # B has fewer than 5 people
    assert [s["reference"] for s in analysis["groups"][0]["representative"]] == [p1]  # not the hidden P3
    assert [s["reference"] for s in analysis["consensus"]] == [p1]


def test_analysis_and_results_wait_for_the_results_phase(app, client, users):
    with app.app_context():
        process = make_process(current="participation")
        from tests.analysis_runs.factories import make_finished_run
        from tests.surveys.factories import make_survey

        make_finished_run(process.id)
        survey = make_survey(process).id
        slug = process.slug
    assert get_json(client, f"{API}/processes/{slug}/analysis") == {"data": None}
    assert get_json(client, f"{API}/processes/{slug}/surveys/{survey}")["results_public"] is False
    get_json(client, f"{API}/processes/{slug}/surveys/{survey}/results", 404)


def test_counts_equal_the_sites(app, client, data):
    from app.figures.services import proposal_rows

    listed = {item["reference"]: item for item in walk(client, f"{API}/processes/{data['slug']}/proposals")}
    with app.app_context():
        process = fp.process_by_slug(data["slug"])
        for row in proposal_rows(process):
            if row.ref in listed:
                counts = listed[row.ref]["counts"]
                assert (counts["agree"], counts["disagree"], counts["pass"], counts["comments"]) == (
                    row.agree, row.disagree, row.pass_, row.comments)
        for proposal in db.session.scalars(db.select(Proposal).where(Proposal.process_id == process.id,
                                                                Proposal.reference.in_(listed))):
            counts = listed[proposal.reference]["counts"]
            assert counts == {"agree": proposal.agree_count, "disagree": proposal.disagree_count,
                              "pass": proposal.pass_count, "comments": proposal.comment_count}
    p1 = listed[data["proposals"]["p1"][1]]
    assert p1["counts"]["agree"] == 2 and p1["counts"]["disagree"] == 1  # votes of three other accounts
    assert p1["status"] == "accepted" and p1["official_answer"].startswith("Wird umgesetzt.")
    page = client.get(f"/processes/{data['slug']}/proposals/").get_data(as_text=True)
    assert f"{p1['counts']['comments']} Kommentare" in page
    survey = get_json(client, f"{API}/processes/{data['slug']}/surveys/{data['survey']['survey']}/results")
    assert survey["respondents"] == 8 and not survey["suppressed"]
    for question in survey["questions"]:
        for cell in question["cells"]:
            assert cell["count"] is None or cell["count"] == 0 or cell["count"] >= 5


def test_moderation_summary_is_counts_only(client, data):
    summary = get_json(client, f"{API}/processes/{data['slug']}/moderation")
    assert summary["actions"]["merge"] == 1 and summary["actions"]["answer"] == 1
    assert set(summary) == {"total_reports", "reports_by_reason", "actions"}


def test_filters_sorts_and_keyset_pages(app, client, users):
    with app.app_context():
        process = make_process()
        fp.fill_process(process.slug, proposals=23, comments_per_thread=2, voters=4)
        slug, topic, district = process.slug, process.topics[1].id, process.districts[1].id
        total = len(process.topics)
    base = f"{API}/processes/{slug}/proposals"
    everything = walk(client, f"{base}?limit=5")
    assert len(everything) == 23 and len({item["reference"] for item in everything}) == 23
    for sort, key in (("agreed", "agree"), ("discussed", "comments")):
        ordered = walk(client, f"{base}?limit=4&sort={sort}")
        assert len(ordered) == 23
        assert [item["counts"][key] for item in ordered] == sorted((i["counts"][key] for i in ordered), reverse=True)
    by_topic = walk(client, f"{base}?topic={topic}&limit=3")
    assert by_topic and all(item["pillar"]["id"] == topic for item in by_topic)
    by_district = walk(client, f"{base}?district={district}&limit=100")
    assert by_district and all(item["district"]["id"] == district for item in by_district)
    reference = everything[3]["reference"]
    assert [item["reference"] for item in walk(client, f"{base}?q={reference}")] == [reference]
    assert walk(client, f"{base}?status=accepted") == []
    assert total == 3
    first = get_json(client, f"{base}?limit=5&topic={topic}")
    assert f"topic={topic}" in first["links"]["next"] and "limit=5" in first["links"]["next"]


def test_constant_queries_per_page(app, client, users):
    with app.app_context():
        small, large = make_process(), make_process()
        fp.fill_process(small.slug, proposals=3, comments_per_thread=1, voters=2)
        first = fp.fill_process(large.slug, proposals=60, comments_per_thread=20, voters=6)
        reference = db.session.get(Proposal, first).reference
        slugs = small.slug, large.slug
    counts = [page_queries(client, f"{API}/processes/{slug}/proposals?limit=100") for slug in slugs]
    assert counts[0] == counts[1] <= 6
    assert page_queries(client, f"{API}/processes/{slugs[1]}/proposals?limit=20&sort=agreed") == counts[0]
    assert page_queries(client, f"{API}/processes/{slugs[1]}/proposals/{reference}/comments?limit=100") <= 6


def test_etag_and_cors(client, data):
    url = f"{API}/processes/{data['slug']}/proposals"
    response = client.get(url)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    preflight = client.options(url, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("query", [
    "limit=0", "limit=101", "limit=abc", "limit=-1", "limit=99999999999999999999", "topic=abc",
    "topic=99999999999999999999", "district=%C2%B2", "status=nonsense", "sort=random", "cursor=%00abc",
    "cursor=bm9wZQ", "cursor=" + cursors.encode("agreed", 1, 1), "cursor=" + "A" * 300, "q=" + "x" * 300,
])
def test_bad_parameters_are_json_400(client, process, query):
    body = get_json(client, f"{API}/processes/{process}/proposals?{query}", 400)
    assert body["error"]["code"] == 400 and body["error"]["message"]


@pytest.mark.parametrize("path", [
    "/processes/%00", "/processes/nope", "/processes/{slug}/proposals/12345678901234567890",
    "/processes/{slug}/proposals/TST-2026-%00", "/processes/{slug}/surveys/99999999999999999999",
    "/processes/{slug}/surveys/abc", "/processes/{slug}/surveys/-1/results", "/nowhere", "/processes/{slug}/x/y",
    "/processes/{slug}/proposals/%C3%B6%0A%0E%07/comments",
])
def test_garbage_ids_are_json_404(client, process, path):
    body = get_json(client, API + path.format(slug=process), 404)
    assert body["error"]["code"] == 404


def test_site_pages_still_answer_html_404(client):
    response = client.get("/nowhere/%0A%0E")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_nul_bytes_in_queries_are_cleaned(client, data):
    found = get_json(client, f"{API}/processes/{data['slug']}/proposals?q=Ehrenamt%00skarte")["data"]
    assert [item["reference"] for item in found] == [data["proposals"]["p1"][1]]  # the NUL byte is dropped


def test_document_lists_every_route_and_validates(app, client):
    document = get_json(client, f"{API}/openapi.json")
    assert document["openapi"] == "3.1.0"
    routes = {rule.rule[len(API):] or "/" for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              and rule.endpoint != "api.unknown"}
    documented = {endpoint.path for endpoint in ENDPOINTS}
    assert {route.replace("<", "{").replace(">", "}") for route in routes} == documented
    assert set(document["paths"]) == documented
    assert "Proposal" in document["components"]["schemas"]
    assert document["components"]["schemas"]["Counts"]["properties"].keys() >= {"pass", "agree"}


def test_documentation_page_needs_no_script_or_external_asset(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<script" not in page.split("</header>", 1)[1].split("<footer", 1)[0]
    assert "https://cdn" not in page and "unpkg" not in page
    for endpoint in ENDPOINTS:
        assert endpoint.path in page and str(escape(endpoint.example)) in page
    assert "<caption>" in page and 'scope="row"' in page


def test_responses_match_their_models(client, data):
    """Every JSON answer validates against the model the document names for it (also done before sending)."""
    slug = data["slug"]
    p1 = data["proposals"]["p1"][1]
    checks = {f"{API}/processes/{slug}": schemas.Process, f"{API}/processes/{slug}/proposals": schemas.ProposalPage,
              f"{API}/processes/{slug}/proposals/{p1}/comments": schemas.CommentPage,
              f"{API}/processes/{slug}/surveys/{data['survey']['survey']}": schemas.Survey,
              f"{API}/processes/{slug}/analysis": schemas.AnalysisResponse}
    for url, model in checks.items():
        model.model_validate(get_json(client, url))


def test_error_messages_follow_the_request_language(client):
    german = get_json(client, f"{API}/processes/nope", 404)["error"]["message"]
    english = get_json(client, f"{API}/processes/nope", 404, **{"Accept-Language": "en"})["error"]["message"]
    assert german == "Diesen Beteiligungsprozess gibt es nicht." and english != german

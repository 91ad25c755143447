"""Open data of a process: public page and CSV/JSON files without personal data, streamed, constant queries."""
from __future__ import annotations

import csv
import io
import json

import pytest

from app.core.csvfiles import spreadsheet_safe as csv_safe
from app.surveys.validation import Value
from tests.auth import factories
from tests.exports.factories import (
    FORMULA_TITLE,
    FREE_TEXT,
    NAMES,
    OTHER_TEXT,
    TYPED_CONTACT,
    TYPED_PHONE,
    make_export_process,
)
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.surveys.factories import make_response

DATASETS = ["proposals", "comments", "survey-results"]


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_export_process()


def fetch(client, slug: str, dataset: str, fmt: str):
    response = client.get(f"/processes/{slug}/opendata/{dataset}.{fmt}")
    assert response.status_code == 200, (dataset, fmt, response.status_code)
    return response


def csv_rows(client, slug: str, dataset: str) -> list[dict]:
    raw = fetch(client, slug, dataset, "csv").get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def json_rows(client, slug: str, dataset: str) -> list[dict]:
    return json.loads(fetch(client, slug, dataset, "json").get_data(as_text=True))


def test_page_lists_files_licence_and_columns(client, data):
    response = client.get(f"/processes/{data['slug']}/opendata/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in page
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            assert f"/processes/{data['slug']}/opendata/{dataset}.{fmt}" in page
    assert "<code>official_answer</code>" in page and "<code>partly_accepted</code>" in page
    assert "<caption>" in page and 'scope="row"' in page


def test_process_page_links_to_open_data(client, data):
    page = client.get(f"/processes/{data['slug']}/").get_data(as_text=True)
    assert f"/processes/{data['slug']}/opendata/" in page


def test_unpublished_process_has_no_open_data(app, client, auth, users):
    with app.app_context():
        slug = make_process(published=False).slug
    auth.login_as("admin")
    assert client.get(f"/processes/{slug}/opendata/").status_code == 404
    for dataset in DATASETS:
        assert client.get(f"/processes/{slug}/opendata/{dataset}.csv").status_code == 404
    assert client.get("/processes/gibt-es-nicht/opendata/proposals.json").status_code == 404
    assert client.get(f"/processes/{slug}/opendata/users.csv").status_code == 404


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_files_are_streamed_public_and_cacheable(client, data, dataset, fmt):
    response = fetch(client, data["slug"], dataset, fmt)
    assert response.is_streamed
    assert response.mimetype == {"csv": "text/csv", "json": "application/json"}[fmt]
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "dl-de/zero-2-0" in response.headers["Link"]
    assert f"{data['slug']}-{dataset}.{fmt}" in response.headers["Content-Disposition"]


def test_proposals_only_readable_ones_with_contacts_removed(client, data):
    rows = csv_rows(client, data["slug"], "proposals")
    refs = {name: ref for name, (_id, ref) in data["proposals"].items()}
    assert [row["reference"] for row in rows] == [refs["p1"], refs["p2"], refs["p5"]]  # not hidden, not withdrawn
    assert list(rows[0]) == ["reference", "url", "title", "body", "pillar", "district", "status", "created",
                             "answered", "agree", "disagree", "pass", "comments", "official_answer", "merged_into"]
    p1 = rows[0]
    assert (p1["title"], p1["pillar"], p1["district"], p1["status"]) == ("Ehrenamtskarte für Kiel", "Thema 1",
                                                                          "Altstadt", "accepted")
    assert (p1["agree"], p1["disagree"], p1["pass"], p1["comments"]) == ("2", "1", "0", "2")  # 2 published comments
    assert TYPED_CONTACT not in p1["body"] and TYPED_PHONE not in p1["body"] and "[…]" in p1["body"]
    assert p1["body"].endswith("\n- Punkt eins")  # line breaks survive the redaction
    assert p1["official_answer"] == "Wird umgesetzt. Rückfragen: […]"
    assert len(p1["created"]) == 10 and p1["created"] == p1["answered"]  # days only
    assert p1["url"].endswith(f"/proposals/{data['proposals']['p1'][0]}")
    assert rows[1]["title"] == "'" + FORMULA_TITLE  # formula neutralised in CSV
    assert (rows[2]["status"], rows[2]["merged_into"]) == ("merged", refs["p1"])


def test_comments_exclude_hidden_deleted_and_those_on_hidden_proposals(client, data):
    rows = csv_rows(client, data["slug"], "comments")
    ids = data["comments"]
    assert [int(row["id"]) for row in rows] == [ids["c1"], ids["c2"]]
    assert list(rows[0]) == ["proposal", "id", "parent_id", "depth", "alignment", "body", "created"]
    assert (rows[0]["alignment"], rows[0]["body"], rows[0]["parent_id"]) == ("pro", "Gute Idee!", "")
    assert (rows[1]["parent_id"], rows[1]["depth"], rows[1]["body"]) == (str(ids["c1"]), "1", "'-Danke, sehr gern.")


def test_survey_results_are_aggregated_and_small_counts_suppressed(client, data):
    rows = csv_rows(client, data["slug"], "survey-results")
    text = json.dumps(rows, ensure_ascii=False)
    assert FREE_TEXT not in text and OTHER_TEXT not in text  # no free-text answers
    engaged = {row["option"]: row for row in rows if row["question"] == "Engagieren Sie sich ehrenamtlich?"}
    assert (engaged["Ja"]["value"], engaged["Ja"]["percent"], engaged["Ja"]["respondents"]) == ("6", "75.0", "8")
    assert (engaged["Nein"]["value"], engaged["Nein"]["percent"]) == ("< 5", "")
    barriers = [row for row in rows if row["question"] == "Was hindert Sie am meisten?"]
    assert [(row["measure"], row["respondents"], row["value"]) for row in barriers] == [("suppressed", "< 5", "")]
    scale = {row["measure"]: row["value"] for row in rows if row["kind"] == "scale"}
    assert (scale["mean"], scale["median"], scale["count"]) == ("6", "6", "0")
    ages = {row["option"]: row["value"] for row in rows if row["question"] == "Altersgruppe"}
    assert ages["30 bis 44"] == "6" and ages["75 und älter"] == "< 5"
    assert not [row for row in rows if row["kind"] in ("long_text", "short_text", "date")]


def test_survey_results_wait_for_the_results_phase(app, client, users):
    with app.app_context():
        slug = make_export_process(current="participation")["slug"]
    assert csv_rows(client, slug, "survey-results") == []
    assert json_rows(client, slug, "survey-results") == []


@pytest.mark.parametrize("dataset", DATASETS)
def test_json_equals_csv_and_holds_no_personal_data(client, data, dataset):
    from_csv, from_json = csv_rows(client, data["slug"], dataset), json_rows(client, data["slug"], dataset)
    assert from_json and len(from_json) == len(from_csv)
    for csv_row, json_row in zip(from_csv, from_json):
        assert list(json_row) == list(csv_row)
        assert {key: str(csv_safe(value)) for key, value in json_row.items()} == csv_row
    everything = json.dumps(from_json, ensure_ascii=False)
    for secret in (*factories.EMAILS.values(), *NAMES, "author", "user", "@"):
        assert secret not in everything


def test_json_keeps_numbers_nulls_and_original_text(client, data):
    proposals = json_rows(client, data["slug"], "proposals")
    assert proposals[1]["title"] == FORMULA_TITLE and proposals[1]["district"] is None
    assert isinstance(proposals[0]["agree"], int) and proposals[0]["merged_into"] is None


def _grow(app, data: dict, count: int) -> None:
    with app.app_context():
        process = fp.process_by_slug(data["slug"])
        author = fp.user_by_email(factories.EMAILS["citizen"])
        for number in range(count):
            proposal = fp.make_proposal(process, author, district=process.districts[number % 2], follow=False)
            fp.make_comment(proposal, author, parent=fp.make_comment(proposal, author))
            survey = data["survey"]
            make_response(survey["survey"], {survey["engaged"]: Value(text="c2"), survey["likert"]: Value(number=3.0)})


def test_constant_query_count(app, client, data, count_queries):
    def measure() -> dict:
        counts = {}
        for dataset in DATASETS:
            for fmt in ("csv", "json"):
                with count_queries() as counter:
                    fetch(client, data["slug"], dataset, fmt).get_data()
                counts[(dataset, fmt)] = counter.count
        with count_queries() as counter:
            client.get(f"/processes/{data['slug']}/opendata/")
        counts["page"] = counter.count
        return counts

    before = measure()
    _grow(app, data, 12)
    after = measure()
    assert after == before
    assert max(before[(dataset, fmt)] for dataset in ("proposals", "comments") for fmt in ("csv", "json")) <= 4


def test_files_stream_in_chunks_of_rows(app, data, monkeypatch):
    from app.exports import opendata

    monkeypatch.setattr(opendata, "CHUNK_ROWS", 1)
    with app.test_request_context():
        csv_chunks = list(opendata.open_file("comments", "csv", data["process_id"]))
        json_chunks = list(opendata.open_file("comments", "json", data["process_id"]))
    assert len(csv_chunks) == 3 and len(json_chunks) == 3  # one per row, then the rest
    assert json.loads(b"".join(json_chunks)) and b"".join(csv_chunks).count(b"\r\n") == 3


def test_redaction_keeps_lines_and_removes_contacts():
    from app.exports.opendata import redact

    assert (redact("Hallo\nMail: a.b@example.org, Tel. +49 431 123456\n\n- Punkt")
            == "Hallo\nMail: […], Tel. […]\n\n- Punkt")
    assert redact(None) == ""


def test_replies_to_hidden_comments_do_not_name_their_parent(app, client, data):
    """A visible reply to a hidden comment carries no parent id: the hidden comment's id stays unknown."""
    from app.comments.models import Comment
    from app.extensions import db
    from app.proposals.models import Proposal

    with app.app_context():
        hidden, deleted = (db.session.get(Comment, data["comments"][name]) for name in ("c3", "c4"))
        p1 = db.session.get(Proposal, hidden.proposal_id)
        reply_id = fp.make_comment(p1, parent=hidden, body="Antwort auf einen ausgeblendeten Kommentar").id
        deleted_reply_id = fp.make_comment(p1, parent=deleted, body="Antwort auf einen gelöschten Kommentar").id
    for rows in (csv_rows(client, data["slug"], "comments"), json_rows(client, data["slug"], "comments")):
        by_id = {int(row["id"]): row for row in rows}
        assert by_id[reply_id]["parent_id"] in ("", None) and str(by_id[reply_id]["depth"]) == "1"
        assert str(data["comments"]["c3"]) not in {str(row["parent_id"]) for row in rows}
        # a deleted comment stays visible as a placeholder in the thread, so its number is no secret
        assert str(by_id[deleted_reply_id]["parent_id"]) == str(data["comments"]["c4"])

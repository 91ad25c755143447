"""Download my data: the ZIP is complete against the database and holds nobody else's personal data."""
from __future__ import annotations

import csv
import io
import json
import zipfile

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from tests.account.support import KINDS, OTHERS, OWN_ANSWER, OWN_FLAG_DETAILS, expected_counts
from tests.auth import factories


def download(client) -> zipfile.ZipFile:
    response = client.post("/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=ratschlag-meine-daten-")
    return zipfile.ZipFile(io.BytesIO(response.get_data()))



def test_the_page_explains_and_offers_the_download(citizen_client):
    page = citizen_client.get("/account/data").get_data(as_text=True)
    assert "ZIP" in page and 'action="/account/data"' in page


def test_zip_is_complete_against_the_database(app, citizen_client, data):
    archive = download(citizen_client)
    names = set(archive.namelist())
    assert {"data.json", "index.html", "LIESMICH.txt"} | {f"{kind}.csv" for kind in KINDS} == names
    document = json.loads(archive.read("data.json"))
    counts = expected_counts(app, data["users"]["citizen"])
    assert all(counts[kind] > 0 for kind in KINDS), counts  # the fixture has something of every kind
    assert {kind: len(document[kind]) for kind in KINDS} == counts
    for kind in KINDS:
        rows = list(csv.reader(io.StringIO(archive.read(f"{kind}.csv").decode("utf-8-sig"))))
        assert len(rows) - 1 == counts[kind]
        assert rows[0] == list(document[kind][0].keys())
    account = document["account"][0]
    assert (account["email"], account["display_name"]) == (factories.EMAILS["citizen"], "Clara Citizen")
    assert {p["reference"] for p in document["proposals"]} == {data["proposals"]["p1"][1], data["proposals"]["p3"][1]}
    reply = document["comments"][0]
    assert (reply["id"], reply["parent_comment_id"], reply["body"]) == (
        data["comments"]["c2"], data["comments"]["c1"], "-Danke, sehr gern.")
    assert document["votes"] == [{"proposal": data["proposals"]["p2"][1], "vote": "pass",
                                  "created_at": document["votes"][0]["created_at"],
                                  "updated_at": document["votes"][0]["updated_at"]}]
    assert document["reports_filed"][0]["details"] == OWN_FLAG_DETAILS
    assert OWN_ANSWER in {answer["text"] for answer in document["survey_answers"]}
    html = archive.read("index.html").decode("utf-8")
    assert "Ehrenamtskarte für Kiel" in html and OWN_FLAG_DETAILS in html and "<table>" in html


def test_zip_holds_no_personal_data_of_others(citizen_client, data):
    archive = download(citizen_client)
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8")
        for other in OTHERS:
            assert other not in text, (name, other)


def test_another_person_gets_only_their_own_data(app, client, auth, data):
    auth.login_as("other_citizen")
    document = json.loads(download(client).read("data.json"))
    assert document["account"][0]["email"] == factories.EMAILS["other_citizen"]
    assert {kind: len(document[kind]) for kind in KINDS} == expected_counts(app, data["users"]["other"])
    assert "Clara Citizen" not in json.dumps(document, ensure_ascii=False)


def test_download_is_audited_without_the_data(app, citizen_client, data):
    download(citizen_client)
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "data_export")).all()
        assert [(entry.actor_id, entry.details) for entry in entries] == [(data["users"]["citizen"], None)]


def test_the_export_runs_a_constant_number_of_queries(app, citizen_client, data, count_queries):
    with count_queries() as counter:
        download(citizen_client)
    first = counter.count
    with app.app_context():
        from app.proposals.models import Proposal as P
        from tests.proposals import factories as fp

        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        for _ in range(5):
            proposal = fp.make_proposal(db.session.get(P, data["proposals"]["p1"][0]).process, citizen)
            fp.make_comment(proposal, citizen, body="Noch einer")
    with count_queries() as counter:
        download(citizen_client)
    assert counter.count == first

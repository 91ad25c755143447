"""The administration's XLSX of a process: sheets, content against the database, privacy, formulas, access, CLI."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.exports.pseudonyms import author_key
from app.extensions import db
from tests.auth import factories
from tests.exports.factories import FORMULA_BODY, FORMULA_TITLE, NAMES, TYPED_CONTACT, make_export_process
from tests.processes.factories import make_process
from tests.proposals import factories as fp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROPOSAL_HEADERS = ["Referenz", "Titel", "Text", "Säule", "Stadtteil", "Status", "Eingereicht am", "Zustimmung",
                    "Ablehnung", "Enthaltung", "Kommentare", "Offizielle Antwort", "Beantwortet am", "Ausgeblendet",
                    "Zurückgezogen", "Zusammengeführt in", "Autor-Schlüssel"]
COMMENT_HEADERS = ["Kommentar-Nr.", "Vorschlag", "Antwort auf", "Ebene", "Haltung", "Text", "Datum", "Hilfreich",
                   "Nicht hilfreich", "Ausgeblendet", "Gelöscht", "Autor-Schlüssel"]


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_export_process()


@pytest.fixture
def admin_client(client, auth, users):
    assert auth.login_as("admin").status_code == 302
    return client


def download(client, slug: str) -> bytes:
    response = client.get(f"/admin/processes/{slug}/export.xlsx")
    assert response.status_code == 200, response.status_code
    return response.get_data()


def sheet_rows(book, title: str) -> list[tuple]:
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


def by_first(rows: list[tuple]) -> dict:
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def test_download_is_a_streamed_attachment(admin_client, data):
    response = admin_client.get(f"/admin/processes/{data['slug']}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == f"attachment; filename={data['slug']}.xlsx"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body)
    assert zipfile.is_zipfile(io.BytesIO(body))


def test_workbook_response_passes_the_file_through(app):
    from werkzeug.wsgi import FileWrapper

    from app.core.xlsx import workbook_response

    with app.test_request_context():
        response = workbook_response(lambda handle: handle.write(b"PK-data"), "x.xlsx")
        assert response.direct_passthrough and response.is_streamed
        assert isinstance(response.response, FileWrapper)
        handle = response.response.file
        assert b"".join(response.response) == b"PK-data" and response.content_length == 7
        response.close()
        assert handle.closed  # the anonymous temporary file is gone with it


def test_sheets_headers_and_rows_match_the_database(app, admin_client, data):
    book = openpyxl.load_workbook(io.BytesIO(download(admin_client, data["slug"])))
    survey_sheet = book.sheetnames[-1]
    assert book.sheetnames[:4] == ["Info", "Vorschläge", "Kommentare", "Stimmen"]
    assert survey_sheet.startswith(f"Umfrage {data['survey']['survey']} – ") and len(survey_sheet) <= 31

    proposals = sheet_rows(book, "Vorschläge")
    assert list(proposals[0]) == PROPOSAL_HEADERS
    assert len(proposals) - 1 == 5  # every proposal, hidden/withdrawn/merged ones too
    refs = {name: ref for name, (_id, ref) in data["proposals"].items()}
    rows = by_first(proposals)
    p1 = rows[refs["p1"]]
    assert (p1["Titel"], p1["Säule"], p1["Stadtteil"], p1["Status"]) == ("Ehrenamtskarte für Kiel", "Thema 1",
                                                                          "Altstadt", "Angenommen")
    assert TYPED_CONTACT in p1["Text"]  # raw data for the administration: texts are not redacted
    assert (p1["Zustimmung"], p1["Ablehnung"], p1["Enthaltung"], p1["Kommentare"]) == (2, 1, 0, 4)
    assert p1["Offizielle Antwort"].startswith("Wird umgesetzt")
    assert p1["Eingereicht am"].year >= 2020 and p1["Beantwortet am"] is not None
    assert (p1["Ausgeblendet"], p1["Zurückgezogen"], p1["Zusammengeführt in"]) == (False, False, None)
    assert rows[refs["p3"]]["Ausgeblendet"] is True and rows[refs["p3"]]["Zurückgezogen"] is False
    assert rows[refs["p4"]]["Zurückgezogen"] is True
    assert (rows[refs["p5"]]["Zusammengeführt in"], rows[refs["p5"]]["Status"]) == (refs["p1"], "Zusammengeführt")

    comments = sheet_rows(book, "Kommentare")
    assert list(comments[0]) == COMMENT_HEADERS
    assert len(comments) - 1 == 5
    crow = by_first(comments)
    ids = data["comments"]
    c2 = crow[ids["c2"]]
    assert (c2["Vorschlag"], c2["Antwort auf"], c2["Ebene"]) == (refs["p1"], ids["c1"], 1)
    assert c2["Haltung"] == "Neutral / Frage"
    assert crow[ids["c1"]]["Hilfreich"] == 1 and crow[ids["c1"]]["Haltung"] == "Dafür"
    assert crow[ids["c3"]]["Ausgeblendet"] is True and crow[ids["c3"]]["Gelöscht"] is False
    assert crow[ids["c4"]]["Gelöscht"] is True
    assert crow[ids["c5"]]["Vorschlag"] == refs["p3"]

    votes = sheet_rows(book, "Stimmen")
    assert list(votes[0]) == ["Referenz", "Zustimmung", "Ablehnung", "Enthaltung", "Gesamt"]
    totals = {row[0]: row[1:] for row in votes[1:]}
    assert totals[refs["p1"]] == (2, 1, 0, 3) and totals[refs["p2"]] == (0, 0, 1, 1)
    assert totals[refs["p4"]] == (0, 0, 0, 0) and len(totals) == 5

    answers = sheet_rows(book, survey_sheet)
    assert answers[0][:2] == ("Antwort-Nr.", "Abgeschickt am") and len(answers) - 1 == 8

    info = "\n".join(" ".join(str(cell) for cell in row if cell is not None) for row in sheet_rows(book, "Info"))
    with app.app_context():
        title = fp.process_by_slug(data["slug"]).title
    assert title in info and "HMAC" in info and "Autor-Schlüssel" in info and "Bedeutung" in info


def _all_text(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_no_names_emails_or_account_ids(app, admin_client, data):
    xlsx = download(admin_client, data["slug"])
    text = _all_text(xlsx)
    for email in factories.EMAILS.values():
        assert email not in text
    for name in NAMES:
        assert name not in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    keys = {row[-1] for row in sheet_rows(book, "Vorschläge")[1:]}
    assert str(data["users"]["citizen"]) not in keys and len(keys) == 2  # two authors, as pseudonyms


def test_pseudonym_is_stable_within_and_different_across_processes(app, admin_client, data):
    first = openpyxl.load_workbook(io.BytesIO(download(admin_client, data["slug"])))
    again = openpyxl.load_workbook(io.BytesIO(download(admin_client, data["slug"])))
    refs = {name: ref for name, (_id, ref) in data["proposals"].items()}
    proposals, comments = by_first(sheet_rows(first, "Vorschläge")), by_first(sheet_rows(first, "Kommentare"))
    citizen_key = proposals[refs["p1"]]["Autor-Schlüssel"]
    other_key = proposals[refs["p2"]]["Autor-Schlüssel"]
    assert len(citizen_key) == 12 and citizen_key != other_key
    assert proposals[refs["p3"]]["Autor-Schlüssel"] == citizen_key  # same person, two proposals
    assert comments[data["comments"]["c2"]]["Autor-Schlüssel"] == citizen_key  # … and a comment
    assert comments[data["comments"]["c1"]]["Autor-Schlüssel"] == other_key
    assert sheet_rows(again, "Vorschläge") == sheet_rows(first, "Vorschläge")
    with app.app_context():
        assert author_key(data["process_id"], data["users"]["citizen"]) == citizen_key
        elsewhere = make_process()
        fp.make_proposal(elsewhere, fp.user_by_email(factories.EMAILS["citizen"]))
        slug = elsewhere.slug
    second = openpyxl.load_workbook(io.BytesIO(download(admin_client, slug)))
    assert sheet_rows(second, "Vorschläge")[1][-1] not in (citizen_key, other_key)


def test_formulas_are_written_as_text(admin_client, data):
    xlsx = download(admin_client, data["slug"])
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    row = next(row for row in book["Vorschläge"].iter_rows() if row[0].value == data["proposals"]["p2"][1])
    assert (row[1].value, row[1].data_type) == (FORMULA_TITLE, "s")
    assert (row[2].value, row[2].data_type) == (FORMULA_BODY, "s")


def test_download_is_logged(app, admin_client, data):
    download(admin_client, data["slug"])
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_process"))
        assert entry.process_id == data["process_id"] and entry.actor_name == "Ada Admin"


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_only_admins_may_download(client, auth, data, role):
    assert client.get(f"/admin/processes/{data['slug']}/export.xlsx").status_code == 302  # to the login page
    auth.login_as(role)
    assert client.get(f"/admin/processes/{data['slug']}/export.xlsx").status_code == 403


def test_unpublished_process_is_exported_for_admins_and_unknown_is_404(app, admin_client, users):
    with app.app_context():
        slug = make_process(published=False).slug
    assert admin_client.get(f"/admin/processes/{slug}/export.xlsx").status_code == 200
    assert admin_client.get("/admin/processes/gibt-es-nicht/export.xlsx").status_code == 404


def test_too_many_rows_is_a_clear_error(admin_client, data, monkeypatch):
    monkeypatch.setattr("app.exports.workbook.MAX_ROWS", 3)
    response = admin_client.get(f"/admin/processes/{data['slug']}/export.xlsx")
    assert response.status_code == 400
    assert "CSV" in response.get_data(as_text=True)


def test_cli_writes_the_workbook(app, runner, data, tmp_path):
    target = tmp_path / "prozess.xlsx"
    result = runner.invoke(args=["export", "process", "--process", data["slug"], "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert "5 proposals, 5 comments" in result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:4] == ["Info", "Vorschläge", "Kommentare", "Stimmen"]
    assert len(sheet_rows(book, "Vorschläge")) == 6
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.actor_name).where(AuditEntry.action == "export_process")) == "System"
    result = runner.invoke(args=["export", "process", "--process", "unbekannt", "--out", str(target)])
    assert result.exit_code != 0 and "Beteiligungsprozess" in result.output


def test_admin_process_page_links_to_the_workbook(admin_client, data):
    page = admin_client.get(f"/admin/processes/{data['slug']}/").get_data(as_text=True)
    assert f"/admin/processes/{data['slug']}/export.xlsx" in page


def test_sheet_titles_are_valid_and_unique():
    from app.core.xlsx import sheet_title

    taken: set[str] = set()
    first = sheet_title("Umfrage 1 – Wie [geht]: es/dir? " + "x" * 40, taken)
    second = sheet_title("Umfrage 1 – Wie [geht]: es/dir? " + "x" * 40, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)

"""CSV and XLSX exports (content, streaming), the CLI command, and free text for the analysis package."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest

from app.extensions import db
from app.surveys.models import Survey
from app.surveys.queries import free_text_submissions
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.surveys.factories import make_conditional_survey, make_response

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet as rows of strings (inline or shared strings, numbers as written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")) for item in root.findall("m:si", NS)]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        cells = {}
        for cell in row.findall("m:c", NS):
            column = re.match(r"[A-Z]+", cell.get("r")).group(0)
            index = 0
            for char in column:
                index = index * 26 + ord(char) - 64
            if cell.get("t") == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
            elif cell.get("t") == "s":
                value = shared[int(cell.find("m:v", NS).text)]
            else:
                value = cell.find("m:v", NS).text
            cells[index - 1] = value
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


@pytest.fixture
def exported(app):
    with app.app_context():
        process = make_process()
        ids = make_conditional_survey(process, ask_demographics=True)
        make_response(ids["survey"], {
            ids["engaged"]: Value(text="c1"), ids["fields"]: Value(data=["c2", "other"], other="=HYPERLINK(\"x\")"),
            ids["hours"]: Value(number=12.5), ids["likert"]: Value(number=4.0), ids["scale"]: Value(number=9.0),
            ids["ranking"]: Value(data=["c2", "c3", "c1"]), ids["matrix"]: Value(data={"r2": "c3"}),
            ids["date"]: Value(text="2019-05-01"), ids["idea"]: Value(text="Mehr Räume,\n\"bitte\""),
        }, age_group="30-44", gender="diverse", district_id=process.districts[1].id)
        make_response(ids["survey"], {ids["engaged"]: Value(text="c2"), ids["barriers"]: Value(text="other",
                                                                                                other="Pflege")})
        make_response(ids["survey"], {ids["engaged"]: Value(text="c1")}, status="draft")
        ids["slug"] = process.slug
    return ids


def header_index(header, prefix):
    return next(i for i, name in enumerate(header) if name.startswith(prefix))


def check_rows(rows, ids):
    header = rows[0]
    assert header[:2] == ["Antwort-Nr.", "Abgeschickt am"]
    assert len(rows) == 3  # header + two completed responses; the draft is left out
    assert header[-3:] == ["Altersgruppe", "Geschlecht", "Stadtteil"]
    first, second = rows[1], rows[2]
    cell = lambda row, prefix: str(row[header_index(header, prefix)])  # noqa: E731
    assert cell(first, "F1: Engagieren") == "Ja" and cell(second, "F1: Engagieren") == "Nein"
    assert [cell(first, f"F2: In welchen Bereichen? – {label}") for label in ("Sport", "Kultur", "Soziales")] \
        == ["0", "1", "0"]
    assert cell(first, "F2: In welchen Bereichen? – Sonstiges (Text)").endswith('=HYPERLINK("x")')
    assert cell(second, "F2: In welchen Bereichen? – Sport") == ""  # not asked: empty, not 0
    assert cell(first, "F3:") == "12.5"
    assert cell(second, "F4: Was hindert") == "Sonstiges"
    assert cell(second, "F4: Was hindert Sie am meisten? – Sonstiges (Text)") == "Pflege"
    assert cell(first, "F5:") == "Stimme eher zu" and cell(first, "F6:") == "9"
    assert [cell(first, f"F7: Was ist am wichtigsten? – {label}") for label in ("Räume", "Geld", "Anerkennung")] \
        == ["3", "1", "2"]
    assert cell(first, "F8: Wie zufrieden sind Sie mit … – Beratung") == ""
    assert cell(first, "F8: Wie zufrieden sind Sie mit … – Räumen") == "unzufrieden"
    assert cell(first, "F9:") == "2019-05-01"
    assert cell(first, "F10:") == 'Mehr Räume,\n"bitte"'
    assert first[-3:] == ["30 bis 44", "divers", "Gaarden-Ost"]
    assert first[1] == "2026-05-04"
    return header


def test_csv_export(app, client, users, exported):
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    response = client.get(f"/admin/processes/{exported['slug']}/surveys/{exported['survey']}/export.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert 'filename="umfrage-' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    check_rows(rows, exported)
    header = rows[0]
    # typed-in text that a spreadsheet would run as a formula is defused in CSV
    assert rows[1][header_index(header, "F2: In welchen Bereichen? – Sonstiges (Text)")] == "'=HYPERLINK(\"x\")"


def test_xlsx_export(app, client, users, exported):
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    response = client.get(f"/admin/processes/{exported['slug']}/surveys/{exported['survey']}/export.xlsx")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = read_xlsx(response.get_data())
    header = check_rows(rows, exported)
    # in XLSX the text is stored as a string, never as a formula
    assert rows[1][header_index(header, "F2: In welchen Bereichen? – Sonstiges (Text)")] == '=HYPERLINK("x")'
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(response.get_data())).read("xl/worksheets/sheet1.xml")


def test_export_of_an_empty_survey_has_just_the_header(app):
    from app.surveys.export import iter_csv

    with app.test_request_context():
        process = make_process()
        ids = make_conditional_survey(process)
        rows = list(csv.reader(io.StringIO("".join(iter_csv(db.session.get(Survey, ids["survey"]))))))
    assert len(rows) == 1 and rows[0][0] == "Antwort-Nr."


def test_csv_streams_in_chunks(app, monkeypatch):
    from app.surveys import export

    monkeypatch.setattr(export, "BATCH", 2)
    with app.test_request_context():
        process = make_process()
        ids = make_conditional_survey(process)
        for n in range(5):
            make_response(ids["survey"], {ids["engaged"]: Value(text="c1"), ids["hours"]: Value(number=n)})
        chunks = list(export.iter_csv(db.session.get(Survey, ids["survey"])))
    assert len(chunks) >= 3
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:]) and len(rows) == 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_export(app, runner, exported, tmp_path, fmt):
    out = tmp_path / f"umfrage.{fmt}"
    result = runner.invoke(args=["export", "survey", "--id", str(exported["survey"]), "--format", fmt,
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 responses written" in result.output
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    else:
        rows = read_xlsx(out.read_bytes())
    check_rows(rows, exported)


def test_cli_export_unknown_survey(runner, app, tmp_path):
    result = runner.invoke(args=["export", "survey", "--id", "999", "--format", "csv", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "gibt es nicht" in result.output


def test_free_text_submissions_for_the_analysis_package(app, exported):
    with app.app_context():
        process_id = db.session.get(Survey, exported["survey"]).process_id
        topic = db.session.get(Survey, exported["survey"]).process.topics[0].title
        submissions = free_text_submissions(process_id)
    by_id = {item["id"]: item for item in submissions}
    assert set(by_id) == {f"survey-1-{exported['fields']}", f"survey-1-{exported['idea']}",
                          f"survey-2-{exported['barriers']}"}
    assert by_id[f"survey-1-{exported['idea']}"] == {"id": f"survey-1-{exported['idea']}", "source": "survey",
                                                      "text": 'Mehr Räume,\n"bitte"', "topic": topic}
    assert by_id[f"survey-2-{exported['barriers']}"]["text"] == "Pflege"
    assert by_id[f"survey-2-{exported['barriers']}"]["topic"] is None

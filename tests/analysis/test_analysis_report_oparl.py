"""The OParl 1.1 export: a Paper with File and Consultation objects, valid against the schema."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from report_fixture import EMAIL, kiel_report_data

from analysis.report_builder import build_report
from analysis.report_render.oparl import attachment_csv, oparl_validator, render_oparl, slugify

BASE = "https://beteiligung.kiel.de/oparl"


@pytest.fixture(scope="module")
def report():
    return build_report(kiel_report_data())


@pytest.fixture(scope="module")
def paper(report):
    return render_oparl(report, BASE, main_file=b"%PDF-1.4 report bytes",
                        modified=datetime(2026, 6, 15, 9, 30, tzinfo=UTC))


@pytest.fixture
def validator(data_dir):
    schema_dir = data_dir / "oparl-1.1" / "schema"
    if not schema_dir.is_dir():
        pytest.skip(f"OParl 1.1 schemas not found at {schema_dir}")
    return oparl_validator(schema_dir)


def test_paper_is_valid_against_the_oparl_schema(paper, validator):
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(paper)]
    assert errors == []


def test_validator_checks_embedded_files_and_consultations(paper, validator):
    broken = json.loads(json.dumps(paper))
    del broken["auxiliaryFile"][0]["accessUrl"]
    broken["consultation"][0]["type"] = "https://schema.oparl.org/1.1/Meeting"
    messages = {e.message for e in validator.iter_errors(broken)}
    assert "'accessUrl' is a required property" in messages and len(messages) == 2


def test_validator_accepts_the_official_example(data_dir, validator):
    example = json.loads((data_dir / "oparl-1.1" / "schema" / "examples" / "Paper-01.json").read_text())
    assert list(validator.iter_errors(example)) == []


def test_paper_carries_the_report(paper, report):
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert paper["name"] == report.betreff and paper["paperType"] == "Beschlussvorlage"
    assert paper["reference"] == "0123/2026" and paper["date"] == "2026-06-15"
    assert paper["mainFile"]["size"] == len(b"%PDF-1.4 report bytes")
    assert "## Sachverhalt/Begründung" in paper["mainFile"]["text"]
    assert "Anlage 1" not in paper["mainFile"]["text"]
    roles = [(c["keyword"][0], c["role"], c["authoritative"]) for c in paper["consultation"]]
    assert roles[-1] == ("Ratsversammlung", "Entscheidung", True) and len(roles) == 7
    assert paper["modified"] == "2026-06-15T09:30:00+00:00"
    assert EMAIL not in json.dumps(paper, ensure_ascii=False)


def test_attachment_files_describe_the_csv_bytes(paper, report):
    files = paper["auxiliaryFile"]
    assert [f["name"] for f in files] == [a.title for a in report.attachments]
    content = attachment_csv(report.attachments[0])
    assert files[0]["size"] == len(content)
    assert files[0]["sha512Checksum"] == hashlib.sha512(content).hexdigest()
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Nr.;Titel;Säule") and len(lines) == 1 + 30
    assert files[0]["mimeType"] == "text/csv" and files[0]["accessUrl"].startswith(BASE)


def test_slugify_transliterates_german():
    assert slugify("Ausschuss für Soziales, Wohnen und Gesundheit") == "ausschuss-fuer-soziales-wohnen-und-gesundheit"

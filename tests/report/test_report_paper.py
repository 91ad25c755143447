"""Issue 14, "the paper itself": the generated report of a fixture process, read as the council would.

Each test pins one defect the issue found, so that it stays fixed: the kind against the Antrag, district rows
against their definition, "most agreed" without agreement, merged proposals in rankings, placeholder and
citizen-facing text, and references cited in the body that no Anlage contains.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

from analysis.report_labels import GERMAN_LABELS as L
from analysis.report_render import render_markdown
from analysis.report_render.anlagen import export_anlagen
from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.core.clock import now
from app.extensions import db
from app.report.data import collect_report_data
from app.report.drafts import get_or_default_draft
from app.report.rendering import build_process_report
from app.report.services import save_draft
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_response, make_survey

CITIZEN_TEXT = "Ihre Ideen sind gefragt"
TOPIC_TEXT = "Hier geht es um das große Ganze."
REF = re.compile(r"\b(TST-\d{4}-\d{4}(?:/K\d+)?|U\d+-\d+)\b")


@pytest.fixture
def paper(app):
    """A process in participation: a merged proposal with the most votes, one without agreement, proposals
    with and without district, an account that gave a district, an anonymous response, a number question,
    an official answer and an analysis run quoting a proposal, a comment and a survey answer."""
    with app.app_context():
        process = make_process()
        process.summary = CITIZEN_TEXT
        process.topics[0].description = TOPIC_TEXT
        t1 = process.topics[0]
        altstadt = process.districts[0]
        people = [factories.make_user() for _ in range(6)]
        target = fp.make_proposal(process, people[0], title="Räume für Vereine", topic=t1, district=altstadt)
        merged = fp.make_proposal(process, people[1], title="Vereinsräume", topic=t1)
        unloved = fp.make_proposal(process, people[2], title="Ohne Zustimmung", topic=t1)
        hidden = fp.make_proposal(process, people[2], title="Beleidigung", topic=t1, hidden_at=now())
        withdrawn = fp.make_proposal(process, people[2], title="Zurückgezogen", topic=t1, withdrawn_at=now())
        for voter in people:
            fp.make_vote(merged, voter, "agree")
        fp.make_vote(target, people[3], "agree")
        fp.make_vote(unloved, people[4], "disagree")
        merged.merged_into_id, merged.status = target.id, "merged"
        merged.official_answer = f"Zusammengeführt mit {target.reference}."
        target.status, target.official_answer = "accepted", "Die Verwaltung stellt Räume bereit."
        comment = fp.make_comment(target, people[5], body="Das wäre ein wichtiges Signal für die Vereine.")
        survey = make_survey(process, audience="accounts", ask_demographics=True, title="Umfrage")
        hours = add_question(add_section(survey), "number", "Wie viele Stunden?",
                             settings={"min_value": 0, "max_value": 100, "unit": "Stunden im Monat"})
        for person, value in zip(people, (2, 4, 4, 8, 10, 20)):
            make_response(survey.id, {hours.id: Value(number=float(value))}, user=person,
                          district_id=altstadt.id if person is people[0] else None)
        open_survey = make_survey(process, ask_demographics=True, title="Offene Umfrage")
        question = add_question(add_section(open_survey), "single_choice", "Frage?", choices=["Ja", "Nein"])
        make_response(open_survey.id, {question.id: Value(text="c1")}, district_id=altstadt.id)
        db.session.commit()
        _analysis_run(process, t1, [(target.reference, "proposal", "Räume für Vereine – bezahlbar und nah."),
                                    (f"{target.reference}/K{comment.id}", "comment", comment.body),
                                    ("U1-1", "survey", "Mehr Anerkennung für junge Engagierte.")])
        refs = {"target": target.reference, "merged": merged.reference, "unloved": unloved.reference,
                "comment": f"{target.reference}/K{comment.id}", "hidden": hidden.reference,
                "withdrawn": withdrawn.reference}
        return process.slug, refs


def _analysis_run(process, topic, items) -> None:
    run = AnalysisRun(process_id=process.id, version=1, status="finished", progress=100, stage="done",
                      created_at=now(), heartbeat_at=now(), finished_at=now())
    db.session.add(run)
    db.session.flush()
    for position, (ref, kind, text) in enumerate(items):
        theme = AnalysisTheme(run_id=run.id, key=str(position), label=f"Thema {kind}", original_label=kind,
                              terms=[], position=position)
        db.session.add(theme)
        db.session.flush()
        db.session.add(AnalysisItem(run_id=run.id, kind=kind, reference=ref, excerpt=text, theme_id=theme.id,
                                    topic_id=topic.id, representative=True))
    db.session.commit()


def _draft(slug, admin_data: dict) -> None:
    admin = factories.make_user(role="admin")
    save_draft(fp.process_by_slug(slug), admin, admin_data)


def _markdown(slug) -> tuple[object, str]:
    report = build_process_report(fp.process_by_slug(slug))
    return report, render_markdown(report)


MITTEILUNG = {"kind": "mitteilung", "reference": "0123/2026", "antrag": "Die Ratsversammlung beschließt …",
              "beratungsfolge": [{"committee": "Hauptausschuss", "date": None, "role": "Entscheidung"},
                                 {"committee": "Ratsversammlung", "date": "2027-02-04", "role": "Entscheidung"}]}


def test_a_mitteilung_only_informs_and_a_beschlussvorlage_lets_the_council_decide(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        _draft(slug, MITTEILUNG)
        report, text = _markdown(slug)
        assert report.antrag == "" and f"## {L['antrag']}" not in text and "beschließt" not in text
        assert {step.role for step in report.beratungsfolge} == {"Kenntnisnahme"}
        assert "Entscheidung" not in text
        _draft(slug, {**MITTEILUNG, "kind": "beschlussvorlage"})
        report, text = _markdown(slug)
        assert f"## {L['antrag_beschlussvorlage']}" in text and "Die Ratsversammlung beschließt" in text
        assert [(s.committee, s.role) for s in report.beratungsfolge] == [
            ("Hauptausschuss", "Vorberatung"), ("Ratsversammlung", "Entscheidung")]


def test_bezug_federfuehrung_signature_and_interim_notice(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        _draft(slug, {"kind": "beschlussvorlage", "federfuehrung": "Amt für Bürgerbeteiligung",
                      "signature_name": "Dr. Ulf Kämpfer", "signature_role": "Oberbürgermeister",
                      "related_papers": "0698/2017 | 20.07.2017 | Konzept zur Anerkennung\n0925/2021 | Strategie",
                      "anlass": "Mit Beschluss vom 20.07.2017 (Drs. 0698/2017) …"})
        report, text = _markdown(slug)
    assert "Drucksache 0698/2017 vom 20.07.2017: Konzept zur Anerkennung" in text
    assert "Drucksache 0925/2021: Strategie" in text
    assert "*Federführung: Amt für Bürgerbeteiligung*" in text
    assert "Dr. Ulf Kämpfer\n\nOberbürgermeister" in text
    assert "*Stand der Daten: " in text and "Zwischenstand: Die Beteiligung läuft noch bis zum" in text
    assert "### Anlass und Auftrag" in text


def test_bad_bezug_lines_are_refused_with_the_line_number(app, paper):
    from app.core.errors import DomainError

    slug, _refs = paper
    with app.test_request_context():
        with pytest.raises(DomainError, match="Zeile 2"):
            _draft(slug, {"related_papers": "0698/2017 | 20.07.2017 | Konzept\n0925/2021 | 31.02.2021 | X"})
        assert get_or_default_draft(fp.process_by_slug(slug)).id is None  # nothing stored


def test_no_placeholder_and_no_citizen_text_in_the_paper(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        _report, text = _markdown(slug)
    for placeholder in ("noch keine Stellungnahme", ": offen", "| offen |", "TODO", "None", "{"):
        assert placeholder not in text, placeholder
    assert CITIZEN_TEXT not in text and TOPIC_TEXT not in text


def test_district_rows_follow_their_definition(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        process = fp.process_by_slug(slug)
        data = collect_report_data(process, get_or_default_draft(process), None)
        _report, text = _markdown(slug)
    part = data.participation
    rows = {d.district: (d.participants, d.proposals) for d in part.by_district}
    # Residents: account 0 and the anonymous response gave Altstadt; the five other accounts gave none.
    assert rows["Altstadt"] == (2, 1) and rows["ohne Stadtteil"] == (5, 1)
    assert sum(people for people, _ in rows.values()) == part.participants == 7
    assert sum(proposals for _, proposals in rows.values()) == part.proposals == 2  # the merged one is apart
    assert (part.accounts, part.anonymous_responses, part.merged_proposals) == (6, 1, 1)
    assert "| ohne Stadtteil |" in text and L["residents"] in text
    assert "Personen: 6 Personen mit Konto" in text and "anonyme Umfrageantworten" in text


def test_rankings_have_no_merged_proposal_and_no_proposal_without_agreement(app, paper):
    slug, refs = paper
    with app.test_request_context():
        report, text = _markdown(slug)
    pillars = next(s for s in report.sections if s.title == L["sec_pillars"])
    top = [row[0] for section in pillars.subsections for figure in section.figures for row in figure.table.rows]
    assert top == [refs["target"]]
    summary = next(s for s in report.sections if s.title == L["sec_summary"])
    assert refs["merged"] not in " ".join(summary.paragraphs)
    assert "Vorschläge, die mit einem anderen Vorschlag zusammengeführt wurden" in text


def test_official_answers_come_from_the_proposals(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        _report, text = _markdown(slug)
    # Of the three visible proposals (the merged one included: the statuses count it) two have an answer.
    assert "2 von 3 Vorschlägen haben eine Stellungnahme der Verwaltung." in text
    assert "| Zusammengeführt | 1 |" in text and "| Angenommen | 1 |" in text
    assert "| Status/offizielle Antwort gesetzt | 2 |" in text


def test_number_question_is_a_histogram_with_median_unit_and_n(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        report, text = _markdown(slug)
    assert "Wie viele Stunden?: Median 6,0 Stunden im Monat (n = 6; Mittelwert 8,0 Stunden im Monat)." in text
    surveys = next(s for s in report.sections if s.title == L["sec_surveys"])
    chart = next(f for s in surveys.subsections for f in s.figures if f.caption == "Wie viele Stunden?")
    assert [row[0] for row in chart.table.rows] == ["2", "4", "8", "10", "20"]


def test_every_cited_reference_is_in_an_anlage_file(app, paper, tmp_path):
    slug, refs = paper
    with app.test_request_context():
        report, text = _markdown(slug)
        files = export_anlagen(report, tmp_path)
    body = text.split(f"## {L['anlagen']}")[0]
    cited = set(REF.findall(body))
    assert {refs["target"], refs["comment"], "U1-1"} <= cited
    csv = "".join(path.read_text(encoding="utf-8-sig") for path in files if path.suffix == ".csv")
    assert all(ref in csv for ref in cited), cited - {ref for ref in cited if ref in csv}
    assert [path.name for path in files] == [f"{slug}-anlage-{n}.{ext}" for n in (1, 2, 3) for ext in ("xlsx", "csv")]
    for path in files:
        assert path.name in text, "the Anlagenverzeichnis lists every file"
    merged_row = next(line for line in csv.splitlines() if line.startswith(refs["merged"] + ";"))
    assert f";{refs['target']};" in merged_row, "the merged proposal names its target"
    # Every reference of the process is in Anlage 1; hidden and withdrawn ones without their text.
    hidden_row = next(line for line in csv.splitlines() if line.startswith(refs["hidden"] + ";"))
    withdrawn_row = next(line for line in csv.splitlines() if line.startswith(refs["withdrawn"] + ";"))
    assert "ausgeblendet (Moderation)" in hidden_row and "Beleidigung" not in csv
    assert "zurückgezogen" in withdrawn_row and "Zurückgezogen;" not in withdrawn_row
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / f"{slug}-anlage-1.xlsx").active
    assert [cell.value for cell in sheet[1]][:2] == [L["ref"], L["title"]]
    assert sheet.max_row == 6  # header + five proposals (two of them hidden/withdrawn), references whole


def test_dates_of_the_paper(app, paper):
    slug, _refs = paper
    with app.test_request_context():
        _draft(slug, {"report_date": date(2026, 6, 15)})
        report, _text = _markdown(slug)
    assert report.date == date(2026, 6, 15) and report.data_as_of is not None


def test_the_kiel_demo_paper_is_a_beschlussvorlage_with_its_history(app):
    """The demo's Antrag asks the council to commission the strategy, so it is a Beschlussvorlage; its Bezug
    is the seed paper's history (Drs. 0698/2017 of 20.07.2017, GM 0925/2021); no citizen-facing text."""
    from app.core.clock import today
    from app.demo import kiel
    from app.demo.seed import seed_kiel

    with app.test_request_context():
        seed_kiel(today())
        report, text = _markdown(kiel.PROCESS_SLUG)
    assert report.kind == "Beschlussvorlage" and report.beratungsfolge[-1].role == "Entscheidung"
    assert "## Beschlussvorschlag" in text
    assert "Drucksache 0698/2017 vom 20.07.2017: " in text and "Drucksache 0925/2021: " in text
    assert "Dr. Ulf Kämpfer" in text and "*Federführung: " in text
    assert "Zwischenstand: Die Beteiligung läuft noch bis zum" in text  # the demo is in its participation phase
    for citizen_text in ("Ihre Ideen", "Hier geht es um das große Ganze", "gebeten, in einem breit angelegten"):
        assert citizen_text not in text
    assert "Mit Beschluss vom 20.07.2017 (Drs. 0698/2017)" in text

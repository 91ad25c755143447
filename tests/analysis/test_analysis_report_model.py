"""Privacy rules, the report model and the builder (no rendering)."""

import json

import pytest
from report_fixture import EMAIL, PHONE, kiel_report_data

from analysis.errors import InputFileError
from analysis.privacy import redact_contacts, suppress_partition, suppress_small
from analysis.report_builder import build_report
from analysis.report_data import report_data_from_dict, report_data_to_dict
from analysis.report_labels import ENGLISH_LABELS, format_int, format_share
from analysis.report_model import default_beratungsfolge, walk_sections


@pytest.mark.parametrize("n, shown", [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (1234, 1234), (None, None)])
def test_suppress_small_hides_one_to_four(n, shown):
    assert suppress_small(n) == shown


def test_suppress_small_minimum_is_configurable():
    assert suppress_small(9, minimum=10) == "< 10"
    assert suppress_small(10, minimum=10) == 10


def test_suppress_partition_also_hides_a_neighbour_when_one_cell_is_small():
    assert suppress_partition([250, 3, 95, 120]) == [250, "< 5", "x", 120]
    assert suppress_partition([250, 3, 2, 120]) == [250, "< 5", "< 5", 120]
    assert suppress_partition([250, 0, 95]) == [250, 0, 95]


def test_redact_contacts_removes_mail_and_phone_but_keeps_references():
    text = f"Mail {EMAIL} oder {PHONE}, siehe Drs. 0925/2021 und ENG-2026-0042."
    cleaned = redact_contacts(text)
    assert EMAIL not in cleaned and "901-2345" not in cleaned
    assert "0925/2021" in cleaned and "ENG-2026-0042" in cleaned


def test_default_beratungsfolge_follows_the_seed_paper_and_ends_with_the_council():
    steps = default_beratungsfolge()
    assert [s.committee for s in steps] == [
        "Innen- und Umweltausschuss", "Kulturausschuss", "Ausschuss für Schule und Sport",
        "Ausschuss für Soziales, Wohnen und Gesundheit", "Jugendhilfeausschuss", "Hauptausschuss",
        "Ratsversammlung"]
    assert steps[-1].role == "Entscheidung" and {s.role for s in steps[:-1]} == {"Vorberatung"}
    informing = default_beratungsfolge(kind="Geschäftliche Mitteilung")
    assert [s.committee for s in informing] == [s.committee for s in steps]
    assert {s.role for s in informing} == {"Kenntnisnahme"}


@pytest.fixture(scope="module")
def report():
    return build_report(kiel_report_data())


def test_sections_come_in_the_order_of_the_issue(report):
    assert [s.title for s in report.sections] == [
        "Zusammenfassung", "Anlass und Auftrag", "Beteiligung in Zahlen", "Ergebnisse nach Säulen",
        "Meinungsgruppen und Konsens", "Ergebnisse der Umfragen", "Repräsentativität und ihre Grenzen", "Moderation"]
    pillars = report.sections[3].subsections
    assert len(pillars) == 5 and pillars[0].title == "Engagement in öffentlichen Strukturen verankern"
    assert [a.title for a in report.attachments] == ["Anlage 1: Alle Vorschläge mit Stimmen und Status",
                                                      "Anlage 2: Themen mit allen zitierten Beiträgen",
                                                      "Anlage 3: Tabellen der Umfragen"]


def _all_cells(report):
    for _, section in walk_sections(report.sections + report.attachments):
        for table in section.tables + [f.table for f in section.figures]:
            yield table.caption
            yield from (str(c) for row in table.rows for c in row)
        yield from section.paragraphs


def test_small_groups_are_suppressed(report):
    district = next(f.table for f in report.sections[2].figures if f.caption == "Beteiligung nach Stadtteil")
    assert ["Holtenau", "< 5", "< 5"] in district.rows
    cells = list(_all_cells(report))
    assert not any("Geheime Kleingruppen-Aussage" in c for c in cells)  # group of 3 left out
    survey = report.sections[5].subsections[0]
    first = survey.figures[0].table
    assert ["Keine Angabe", "< 5", "–"] in first.rows
    assert any("Sehr seltene Zusatzfrage" in p and "weniger als 5" in p for p in survey.paragraphs)
    assert not any(f.caption == "Sehr seltene Zusatzfrage" for f in survey.figures)


def test_no_contact_data_reaches_the_report(report):
    text = " ".join(_all_cells(report))
    assert EMAIL not in text and "901-2345" not in text and "@" not in text


def test_top_proposals_come_from_the_pillar_with_their_answers(report):
    data = kiel_report_data()
    pillar = report.sections[3].subsections[0]
    expected = sorted((p for p in data.proposals if p.pillar == pillar.title), key=lambda p: -p.agree)[:5]
    votes = pillar.figures[0].table
    assert [row[0] for row in votes.rows] == [p.ref for p in expected]
    assert votes.rows[0][2] == format_int(expected[0].agree)
    answers = pillar.tables[-1]  # only the proposals that have an answer: no "no answer yet" placeholder
    assert [row[0] for row in answers.rows] == [p.ref for p in expected if p.answer]
    assert all("Die Verwaltung prüft" in row[2] for row in answers.rows)


def test_totals_and_shares_are_formatted_in_german(report):
    totals = report.sections[2].tables[0]
    assert ["Teilnehmende", "1.234"] in totals.rows and ["Stimmen", "7.890"] in totals.rows
    assert format_share(0.423) == "42 %"


def test_labels_from_the_app_replace_the_defaults():
    report = build_report(kiel_report_data(), ENGLISH_LABELS)
    assert report.label("betreff") == "Subject" and report.language == "en"
    assert report.sections[2].title == "Participation in figures"


def test_default_betreff_and_antrag_name_the_process(report):
    assert "Engagement-Strategie Kiel" in report.betreff and "Ratsversammlung" in report.antrag
    assert report.kind == "Beschlussvorlage" and report.reference == "0123/2026"


def test_report_data_json_round_trip_and_errors():
    data = kiel_report_data()
    as_json = json.loads(json.dumps(report_data_to_dict(data)))
    assert as_json["proposals"][0]["pass"] == data.proposals[0].pass_
    assert report_data_from_dict(as_json) == data
    as_json["process"]["author_email"] = EMAIL
    with pytest.raises(InputFileError, match="ProcessInfo has no field"):
        report_data_from_dict(as_json)
    with pytest.raises(InputFileError, match="ReportData must be a JSON object"):
        report_data_from_dict([])


def test_builder_is_reachable_from_the_model_module_and_the_package():
    import analysis
    from analysis import report_model

    assert report_model.build_report is build_report is analysis.build_report
    assert report_model.ReportData is analysis.ReportData


def test_the_results_per_pillar_say_how_many_contributions_were_left_out_of_the_themes_and_why():
    data = kiel_report_data()
    data.theme_exclusions = {"short": 1234, "stock_reply": 56, "no_words": 0}
    report = build_report(data)
    pillars = next(section for _, section in walk_sections(report.sections)
                   if section.title == "Ergebnisse nach Säulen")
    text = " ".join(pillars.paragraphs)
    assert "1.290 Beiträge sind nicht in die Themen eingeflossen" in text
    assert "1.234 kurze Reaktionen" in text and "56 wiederkehrende Standardantworten" in text
    assert "ohne aussagekräftige Wörter" not in text  # a reason with no contribution is not named
    data.theme_exclusions = {}
    pillars = next(section for _, section in walk_sections(build_report(data).sections)
                   if section.title == "Ergebnisse nach Säulen")
    assert not any("eingeflossen" in paragraph for paragraph in pillars.paragraphs)


def test_theme_exclusions_round_trip_through_json_and_reject_a_wrong_shape():
    data = kiel_report_data()
    data.theme_exclusions = {"short": 3}
    loaded = report_data_from_dict(json.loads(json.dumps(report_data_to_dict(data))))
    assert loaded.theme_exclusions == {"short": 3}
    raw = report_data_to_dict(data)
    raw["theme_exclusions"] = [3]
    with pytest.raises(InputFileError):
        report_data_from_dict(raw)

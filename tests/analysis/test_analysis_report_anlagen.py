"""The Anlagen as separate files, the Anlagenverzeichnis and the parts the kind of the paper decides."""

from dataclasses import replace
from datetime import date

from openpyxl import load_workbook
from report_fixture import kiel_report_data

from analysis.report_builder import build_report
from analysis.report_data import ProposalRow
from analysis.report_model import Consultation, kind_beratungsfolge
from analysis.report_render import render_markdown
from analysis.report_render.anlagen import anlage_file, export_anlagen

TODAY = date(2026, 6, 15)


def test_every_anlage_is_written_as_xlsx_and_csv_with_references_whole(tmp_path):
    data = kiel_report_data()
    data.proposals.append(ProposalRow("ENG-2026-0031", "=HYPERLINK(\"http://x\")", data.proposals[0].pillar,
                                      agree=12345, merged_into="ENG-2026-0001"))
    report = build_report(data, today=TODAY)
    files = export_anlagen(report, tmp_path / "anlagen")
    assert [f.name for f in files] == [f"engagement-strategie-anlage-{n}.{ext}" for n in (1, 2, 3)
                                       for ext in ("xlsx", "csv")]
    sheet = load_workbook(files[0]).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr.", "Titel", "Säule") and len(rows) == 1 + 31
    last = rows[-1]
    assert last[0] == "ENG-2026-0031" and last[4] == 12345  # counts are numbers, references whole
    assert last[1] == "=HYPERLINK(\"http://x\")" and sheet.cell(len(rows), 2).data_type == "s"  # never a formula
    assert last[9] == "ENG-2026-0001"  # the merged proposal names its target
    csv = files[1].read_text(encoding="utf-8-sig")
    assert all(f"\nENG-2026-{n:04d};" in csv for n in range(1, 32))
    quotes = files[3].read_text(encoding="utf-8-sig")
    assert "ENG-2026-0010;Vereine brauchen bezahlbare Räume." in quotes
    single = anlage_file(report, 3, "csv", tmp_path)
    assert single.read_bytes() == files[5].read_bytes()


def test_the_paper_lists_the_anlagen_instead_of_printing_them():
    report = build_report(kiel_report_data(), today=TODAY)
    text = render_markdown(report)
    anlagen = text.split("## Anlagen")[1]
    assert "| 1 | Alle Vorschläge mit Stimmen und Status | 30 | engagement-strategie-anlage-1.xlsx, " in anlagen
    assert "ENG-2026-0017" not in anlagen  # no proposal table in the paper itself
    for ref in ("ENG-2026-0005", "ENG-2026-0010"):  # quoted in the body …
        assert f"({ref})" in text.split("## Anlagen")[0]
    assert len(text.split("## Anlagen")[0].splitlines()) < 400


def test_the_kind_decides_antrag_and_roles():
    data = kiel_report_data()
    steps = [Consultation("Hauptausschuss", None, "Entscheidung"), Consultation("Ratsversammlung", None,
                                                                                  "Kenntnisnahme")]
    mitteilung = build_report(replace(data, process=replace(data.process, kind="Geschäftliche Mitteilung",
                                                            antrag="Die Ratsversammlung beschließt …",
                                                            beratungsfolge=steps)), today=TODAY)
    assert mitteilung.antrag == "" and {s.role for s in mitteilung.beratungsfolge} == {"Kenntnisnahme"}
    assert "## Antrag" not in render_markdown(mitteilung)
    vorlage = build_report(replace(data, process=replace(data.process, beratungsfolge=steps)), today=TODAY)
    assert [s.role for s in vorlage.beratungsfolge] == ["Vorberatung", "Entscheidung"]
    assert "## Beschlussvorschlag" in render_markdown(vorlage)
    assert kind_beratungsfolge([Consultation("Hauptausschuss")], True)[-1] == Consultation(
        "Ratsversammlung", None, "Entscheidung")  # the council decides even when it was left out


def test_interim_notice_only_while_participation_is_open():
    data = kiel_report_data()
    open_data = replace(data, process=replace(data.process, participation_end=date(2026, 7, 1)))
    assert "läuft noch bis zum 01.07.2026" in build_report(open_data, today=TODAY).interim_notice
    assert build_report(data, today=TODAY).interim_notice == ""  # ended 31.05.2026


def test_most_agreed_needs_agreement_and_skips_merged_proposals():
    data = kiel_report_data()
    pillar = data.proposals[0].pillar
    rows = [ProposalRow("ENG-2026-0100", "Zusammengeführt", pillar, agree=999, merged_into="ENG-2026-0001"),
            ProposalRow("ENG-2026-0101", "Ohne Zustimmung", pillar, agree=0, disagree=5)]
    only = replace(data, proposals=rows, pillars=[replace(p, top_proposals=[]) for p in data.pillars])
    report = build_report(only, today=TODAY)
    text = render_markdown(report)
    assert "ENG-2026-0100" not in text.split("## Anlagen")[0] and "ENG-2026-0101" not in text.split("## Anlagen")[0]
    assert "In dieser Säule hat bisher kein Vorschlag Zustimmung erhalten." in text

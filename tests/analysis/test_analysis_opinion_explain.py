"""Opinion groups in plain German: numbers that add up, statements with their votes, reasons."""

from report_fixture import kiel_report_data

from analysis.opinion_explain import explain_opinions, head_counts
from analysis.report_data import OpinionGroup, Opinions, Statement
from analysis.report_labels import merged_labels
from analysis.report_sections import opinions_section


def _opinions(**changes) -> Opinions:
    values = dict(
        participants=5058, clustered=4992, min_votes=7,
        groups=[OpinionGroup("A", 2600, [
                    Statement("Feste Ansprechpersonen", "ENG-2026-0012", "agree", 0.91, 1400, 0.35, 1100),
                    Statement("Ehrungen abschaffen", "ENG-2026-0013", "disagree", 0.12, 1300, 0.55, 1000)]),
                OpinionGroup("B", 2389, [
                    Statement("Mehr Geld für Vereine", "ENG-2026-0014", "agree", 0.8, 900, 0.3, 1200)]),
                OpinionGroup("C", 3, [Statement("Geheime Kleingruppen-Aussage", "ENG-2026-0029", "agree", 1.0, 3)])],
        consensus=[Statement("Bezahlbare Räume", "ENG-2026-0010", "agree", 0.87, 3000, None, None,
                             [1500, 1497, 3], [0.9, 0.84, 1.0])])
    values.update(changes)
    return Opinions(**values)


def _text(section) -> str:
    parts = [section.title, *section.paragraphs]
    for table in section.tables + [figure.table for figure in section.figures]:
        parts += [table.caption, *table.notes] + [" | ".join(map(str, row)) for row in table.rows]
    for sub in section.subsections:
        parts.append(_text(sub))
    return "\n".join(parts)


def test_head_counts_add_up():
    counts = head_counts(_opinions())
    assert counts == {"considered": 5058, "placed": 4989, "unplaced": 66, "hidden_people": 3, "shown": 2,
                      "hidden_groups": 1}
    assert counts["placed"] + counts["unplaced"] + counts["hidden_people"] == counts["considered"]


def test_summary_says_each_part_and_groups_are_described_from_their_numbers():
    explanation = explain_opinions(_opinions())
    summary = " ".join(explanation.summary)
    assert "Von 5.058 Personen, die über Vorschläge abgestimmt haben, sind 4.989 einer von 2 Meinungsgruppen" in summary
    assert "66 Personen haben über weniger als 7 Vorschläge abgestimmt" in summary
    assert "Zu 1 Gruppe(n) mit weniger als 5 Personen gehören < 5 Personen" in summary
    first = explanation.groups[0]
    assert first.description == (
        "Gruppe A umfasst 2.600 Personen. Am deutlichsten hebt sie sich von den übrigen Abstimmenden durch "
        "Zustimmung zu „Feste Ansprechpersonen“ (ENG-2026-0012) ab (91 % Zustimmung in der Gruppe, 35 % außerhalb; "
        "1.400 Stimmen in der Gruppe). Deutlich häufiger als die übrigen lehnt sie „Ehrungen abschaffen“ "
        "(ENG-2026-0013) ab (12 % Zustimmung in der Gruppe, 55 % außerhalb; 1.300 Stimmen in der Gruppe).")
    assert [g.name for g in explanation.groups] == ["Gruppe A", "Gruppe B"]
    assert "mindestens 10 Personen" in explanation.consensus_rule and "5 %" in explanation.consensus_rule


def test_report_section_shows_votes_and_never_the_small_group():
    data = kiel_report_data()
    data.opinions = _opinions()
    text = _text(opinions_section(data, merged_labels(None)))
    assert "Geheime Kleingruppen-Aussage" not in text and "Gruppe C" not in text
    assert "Feste Ansprechpersonen | ENG-2026-0012 | 91 % | 35 % | 1.400" in text
    assert "Bezahlbare Räume | ENG-2026-0010 | Zustimmung | 87 % | 3.000 | 3" in text
    assert "0 Gruppen" not in text


def test_no_groups_give_one_sentence_with_the_reason():
    data = kiel_report_data()
    labels = merged_labels(None)
    cases = {
        "few_voters": "weil weniger als vier Personen über genug Vorschläge abgestimmt haben",
        "identical_votes": "weil alle Abstimmenden gleich abgestimmt haben",
        "no_votes": "Es gibt noch keine Stimmen zu Vorschlägen",
    }
    for reason, sentence in cases.items():
        data.opinions = Opinions(participants=6, reason=reason)
        section = opinions_section(data, labels)
        assert len(section.paragraphs) == 1 and sentence in section.paragraphs[0]
        assert not section.figures and not section.subsections
    data.opinions = None
    assert "noch keine abgeschlossene Analyse" in opinions_section(data, labels).paragraphs[0]


def test_only_small_groups_are_not_followed_by_zero_groups():
    data = kiel_report_data()
    data.opinions = Opinions(participants=9, clustered=9, groups=[OpinionGroup("A", 4), OpinionGroup("B", 3)])
    section = opinions_section(data, merged_labels(None))
    assert section.paragraphs == ["Es ergaben sich nur Gruppen mit weniger als 5 Personen; sie werden zum Schutz "
                                  "der Beteiligten nicht gezeigt."]


def test_report_data_json_keeps_the_vote_counts_and_the_reason():
    from analysis.report_data import report_data_from_dict, report_data_to_dict

    data = kiel_report_data()
    data.opinions = _opinions(reason="", method="polis", stability_seeds=0.97, stability_subsamples=0.95)
    again = report_data_from_dict(report_data_to_dict(data))
    assert again.opinions == data.opinions
    assert again.opinions.consensus[0].group_n_votes == [1500, 1497, 3]
    data.opinions = Opinions(participants=6, reason="few_voters")
    assert report_data_from_dict(report_data_to_dict(data)).opinions.reason == "few_voters"

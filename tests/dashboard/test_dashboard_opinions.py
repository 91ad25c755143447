"""The dashboard's opinion section uses the plain-language explanation (analysis.opinion_explain)."""
from types import SimpleNamespace

from app.dashboard.run_charts import opinions_chart
from app.figures.labels import report_labels


def _statement(ref, direction, share, votes, rest_share, rest_votes):
    return {"ref": ref, "title": f"Vorschlag {ref}", "direction": direction, "agree_ratio": share,
            "n_votes": votes, "rest_agree_ratio": rest_share, "rest_n_votes": rest_votes}


def test_groups_are_explained_with_votes_and_counts_that_add_up(app):
    stored = {"participants": 120, "clustered": 110, "min_votes": 7, "method": "polis",
              "stability": {"seeds": 0.97, "subsamples": 0.95},
              "groups": [{"id": "A", "size": 70, "representative": [_statement("ENG-1", "agree", 0.9, 60, 0.2, 35)]},
                         {"id": "B", "size": 37, "representative": [_statement("ENG-2", "disagree", 0.1, 30, 0.7, 60)]},
                         {"id": "C", "size": 3, "representative": [_statement("ENG-3", "agree", 1.0, 3, 0.1, 100)]}],
              "consensus": []}
    with app.test_request_context():
        labels = report_labels()
        chart, explanation = opinions_chart(SimpleNamespace(results={"opinions": stored, "notes": {}}), labels)
    summary = " ".join(explanation.summary)
    assert "Von 120 Personen" in summary and "sind 107 einer von 2 Meinungsgruppen" in summary
    assert "10 Personen haben über weniger als 7 Vorschläge abgestimmt" in summary
    assert "gehören < 5 Personen" in summary
    assert [g.name for g in explanation.groups] == ["Gruppe A", "Gruppe B"]
    evidence = "90 % Zustimmung in der Gruppe, 20 % außerhalb; 60 Stimmen in der Gruppe"
    assert evidence in explanation.groups[0].description
    rows = chart.table.rows
    assert ["Gruppe A", "70", "Vorschlag ENG-1", "ENG-1", "Zustimmung", "90 %", "20 %", "60"] in rows
    assert not any("ENG-3" in row for row in rows)


def test_a_run_without_groups_says_why(app):
    with app.test_request_context():
        labels = report_labels()
        chart, explanation = opinions_chart(
            SimpleNamespace(results={"opinions": None, "notes": {"opinions": "few_voters"}}), labels)
        assert chart is None and "weniger als vier Personen" in explanation.reason
        assert opinions_chart(None, labels) == (None, None)

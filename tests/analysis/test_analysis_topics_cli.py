"""CLI of the themes: pillar columns, evaluation with automatic and true k, the built-in corpus."""

import json

import pytest
from conftest import themed_records
from test_analysis_cli import write_csv

from analysis.__main__ import main
from analysis.corpora import load_corpus, wz2008_sections
from analysis.errors import InputFileError


def test_topics_with_pillar_and_prior_columns(tmp_path):
    rows = [{**record, "pillar": record["theme"], "survey": ""} for record in themed_records()]
    rows.append({"id": "u1", "title": "", "text": "Sichere Radwege und Fahrradbügel für Radfahrer am Bahnhof.",
                 "theme": "", "pillar": "ehrenamt", "survey": "true"})
    source = write_csv(tmp_path / "in.csv", rows)
    assert main(["topics", "--input", str(source), "--out", str(tmp_path / "out.json"), "--title-column", "title",
                 "--group-column", "pillar", "--group-prior-column", "survey"]) == 0
    result = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert result["groups"]["u1"] == "rad"
    assert {cluster["group"] for cluster in result["clusters"]} <= {"rad", "spiel", "ehrenamt", None}
    assert result["excluded"] == {} and set(result["parameters"]["n_excluded"]) == {"no_words", "short",
                                                                                    "stock_reply"}


def test_topics_with_a_missing_pillar_column_exits_2(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", themed_records())
    assert main(["topics", "--input", str(source), "--out", str(tmp_path / "o.json"),
                 "--group-column", "pillar"]) == 2
    assert "pillar" in capsys.readouterr().err


def test_evaluate_topics_reports_automatic_and_true_k(tmp_path, capsys):
    source = write_csv(tmp_path / "in.csv", themed_records())
    assert main(["evaluate", "topics", "--input", str(source), "--label-column", "theme",
                 "--title-column", "title"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ours"]["k"] == 3 and result["ours"]["k_ratio"] == 1.0
    assert result["ours_true_k"]["k"] == 3 and result["ours_true_k"]["ari"] > 0.9
    assert result["baseline"]["k"] == 3 and "ari_true_k" in result["ratio"]


def test_evaluate_topics_needs_input_or_corpus(capsys):
    assert main(["evaluate", "topics", "--label-column", "theme"]) == 2
    assert "--corpus" in capsys.readouterr().err


def test_wz2008_sections_from_the_package_data_layout():
    data = {"A": {"l": 1, "t": "Land", "p": None}, "01": {"l": 2, "t": "Landwirtschaft", "p": "A"},
            "01.1": {"l": 3, "t": "Anbau", "p": "01"}}
    data.update({f"01.1{i}": {"l": 4, "t": f"Anbau von Frucht {i}", "p": "01.1"} for i in range(8)})
    data.update({"B": {"l": 1, "t": "Bergbau", "p": None}, "05": {"l": 2, "t": "Kohle", "p": "B"},
                 "05.1": {"l": 3, "t": "Steinkohle", "p": "05"}, "05.10": {"l": 4, "t": "Steinkohle", "p": "05.1"}})
    frame = wz2008_sections(data)
    assert list(frame.columns) == ["id", "text", "label"]
    assert set(frame["label"]) == {"A"} and len(frame) == 8  # section B has fewer than 8 classes


def test_unknown_corpus_is_an_input_error():
    with pytest.raises(InputFileError):
        load_corpus("nope")

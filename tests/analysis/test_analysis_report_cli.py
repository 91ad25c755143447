"""``python -m analysis report``: re-render a report from a ReportData JSON without the app."""

import json

from report_fixture import kiel_report_data
from test_analysis_cli import run_cli

from analysis.__main__ import main
from analysis.report_data import report_data_to_dict


def write_input(tmp_path):
    path = tmp_path / "report-data.json"
    path.write_text(json.dumps(report_data_to_dict(kiel_report_data()), ensure_ascii=False), encoding="utf-8")
    return path


def test_report_cli_in_subprocess_writes_markdown(tmp_path):
    out = tmp_path / "bericht.md"
    result = run_cli("report", "--input", write_input(tmp_path), "--format", "md", "--out", out,
                     "--anlagen", tmp_path / "anlagen")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Beschlussvorlage 0123/2026") and "## Anlagen" in text
    written = sorted(path.name for path in (tmp_path / "anlagen").iterdir())
    assert written == sorted(f"engagement-strategie-anlage-{n}.{ext}" for n in (1, 2, 3) for ext in ("xlsx", "csv"))
    assert all(name in text for name in written)


def test_report_cli_oparl_and_docx_with_labels(tmp_path):
    source = write_input(tmp_path)
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"betreff": "Subject"}), encoding="utf-8")
    assert main(["report", "--input", str(source), "--format", "oparl", "--out", str(tmp_path / "p.json"),
                 "--base-url", "https://kiel.example/oparl"]) == 0
    paper = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert paper["id"] == "https://kiel.example/oparl/paper/engagement-strategie"
    assert main(["report", "--input", str(source), "--format", "docx", "--out", str(tmp_path / "b.docx"),
                 "--labels", str(labels), "--no-chart-images"]) == 0
    assert (tmp_path / "b.docx").stat().st_size > 10_000


def test_report_cli_bad_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"process": {"title": "x", "names": ["Anna"]}}), encoding="utf-8")
    assert main(["report", "--input", str(bad), "--format", "md", "--out", str(tmp_path / "x.md")]) == 2
    assert "ProcessInfo has no field(s) names" in capsys.readouterr().err
    assert main(["report", "--input", str(tmp_path / "missing.json"), "--format", "md",
                 "--out", str(tmp_path / "x.md")]) == 2

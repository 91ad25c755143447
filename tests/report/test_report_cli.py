"""`flask report export`: usage errors exit with code 2 and write nothing."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("args", "message"), [
    (["--process", "gibt-es-nicht", "--format", "md"], "no process with the slug 'gibt-es-nicht'"),
    (["--process", "{process}", "--format", "odt"], "'odt' is not one of"),
    (["--process", "{process}", "--format", "oparl", "--base-url", "ftp://x"], "must start with https://"),
    (["--format", "md"], "Missing option '--process'"),
])
def test_usage_errors_exit_2(runner, process, tmp_path, args, message):
    out = tmp_path / "bericht.out"
    args = [arg.format(process=process) for arg in args]
    result = runner.invoke(args=["report", "export", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists() and not (tmp_path / "bericht.out.part").exists()


def test_help_names_every_format(runner):
    result = runner.invoke(args=["report", "export", "--help"])
    assert result.exit_code == 0
    for fmt in ("docx", "pdf", "html", "md", "oparl"):
        assert fmt in result.output
    assert "--no-chart-images" in result.output and "--base-url" in result.output


def test_export_writes_the_file_and_logs_it(runner, app, process, tmp_path):
    from sqlalchemy import select

    from app.audit.models import AuditEntry
    from app.extensions import db

    out = tmp_path / "bericht.md"
    result = runner.invoke(args=["report", "export", "--process", process, "--format", "md", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Geschäftliche Mitteilung (Entwurf)\n")
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.details, entry.actor_id) == ("export_report", "cli:md", None)


def test_oparl_base_url_option_and_config(runner, app, process, tmp_path):
    import json

    out = tmp_path / "paper.json"
    args = ["report", "export", "--process", process, "--format", "oparl", "--out", str(out)]
    with_option = runner.invoke(args=args + ["--base-url", "https://ris.example/oparl"])
    assert with_option.exit_code == 0 and "Warning" not in with_option.output
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == f"https://ris.example/oparl/paper/{process}"
    unset = runner.invoke(args=args)
    assert unset.exit_code == 0 and "Warning: neither --base-url nor OPARL_BASE_URL is set" in unset.output
    app.config["OPARL_BASE_URL"] = "https://beteiligung.example"
    configured = runner.invoke(args=args)
    assert configured.exit_code == 0 and "Warning" not in configured.output
    paper = json.loads(out.read_text(encoding="utf-8"))
    assert paper["id"] == f"https://beteiligung.example/processes/{process}/oparl/paper/{process}"

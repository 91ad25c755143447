"""The Pol.is votes.csv export: CLI and administration download; pseudonymous voter ids."""
from __future__ import annotations

import csv
import io

import pytest

from app.core.clock import now
from app.extensions import db
from tests.auth import factories
from tests.proposals import factories as fp


@pytest.fixture
def voted(app, users, process):
    """Three proposals; three voters with agree/disagree/pass; the third proposal is hidden."""
    with app.app_context():
        process_row = fp.process_by_slug(process)
        proposals = [fp.make_proposal(process_row) for _ in range(3)]
        voters = [fp.user_by_email(factories.EMAILS[name]) for name in ("citizen", "other_citizen", "moderator")]
        fp.make_vote(proposals[0], voters[0], "agree")
        fp.make_vote(proposals[0], voters[1], "disagree")
        fp.make_vote(proposals[1], voters[1], "pass")
        fp.make_vote(proposals[1], voters[2], "agree")
        fp.make_vote(proposals[2], voters[2], "disagree")
        proposals[2].hidden_at = now()
        db.session.commit()
        return [p.number for p in proposals]


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_cli_exports_polis_votes_csv(app, runner, process, voted):
    result = runner.invoke(args=["export", "votes", "--process", process])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "timestamp,datetime,comment-id,voter-id,vote"
    exported = rows(result.output)
    assert [(r["comment-id"], r["voter-id"], r["vote"]) for r in exported] == [
        (str(voted[0]), "0", "1"), (str(voted[0]), "1", "-1"), (str(voted[1]), "1", "0"), (str(voted[1]), "2", "1")]
    assert all(r["timestamp"].isdigit() and len(r["timestamp"]) == 13 for r in exported)  # milliseconds
    for email in factories.EMAILS.values():
        assert email not in result.output
    assert "Clara" not in result.output and "Otto" not in result.output


def test_cli_writes_a_file_and_refuses_unknown_processes(app, runner, process, voted, tmp_path):
    target = tmp_path / "votes.csv"
    result = runner.invoke(args=["export", "votes", "--process", process, "--out", str(target)])
    assert result.exit_code == 0
    assert len(rows(target.read_text(encoding="utf-8"))) == 4
    result = runner.invoke(args=["export", "votes", "--process", "unbekannt"])
    assert result.exit_code != 0 and "unbekannt" in result.output


def test_admin_downloads_the_export(client, citizen_login, process, voted):
    citizen_login("admin")
    response = client.get(f"/admin/processes/{process}/votes.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(rows(response.get_data(as_text=True))) == 4
    assert f"/admin/processes/{process}/votes.csv" in client.get(f"/admin/processes/{process}/").get_data(as_text=True)
    assert client.get("/admin/processes/unbekannt/votes.csv").status_code == 404


def test_analysis_reads_the_export(app, runner, process, voted):
    votes = pytest.importorskip("analysis.votes")
    result = runner.invoke(args=["export", "votes", "--process", process])
    matrix = votes.VoteMatrix.from_frame(rows(result.output))
    assert matrix.shape == (3, 2)


def test_empty_export_has_the_header(app, runner, users, process):
    result = runner.invoke(args=["export", "votes", "--process", process])
    assert result.output == "timestamp,datetime,comment-id,voter-id,vote\n"

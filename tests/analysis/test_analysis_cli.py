import csv
import json
import subprocess
import sys

import pytest
from conftest import REPO_ROOT, themed_records, two_camp_votes

from analysis.__main__ import main


def write_csv(path, rows, fieldnames=None):
    fieldnames = fieldnames or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)


def test_importing_analysis_loads_neither_flask_nor_app():
    code = ("import sys, analysis; bad = [m for m in ('flask', 'app', 'sklearn', 'pandas') if m in sys.modules];"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.slow  # a fresh interpreter importing scikit-learn: ~2 s
def test_topics_cli_in_subprocess(tmp_path):
    source = write_csv(tmp_path / "in.csv", themed_records())
    out = tmp_path / "topics.json"
    result = run_cli("topics", "--input", source, "--out", out, "--title-column", "title", "--k", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["clusters"]) == 3 and len(data["assignments"]) == 18
    assert data["parameters"]["k_requested"] == 3


def test_duplicates_and_opinions_via_main(tmp_path):
    rows = themed_records()
    rows.append(dict(rows[0], id="copy"))
    source = write_csv(tmp_path / "in.csv", rows)
    assert main(["duplicates", "--input", str(source), "--out", str(tmp_path / "d.json"), "--threshold", "0.9"]) == 0
    pairs = json.loads((tmp_path / "d.json").read_text())["pairs"]
    assert [{pair["a"], pair["b"]} for pair in pairs] == [{"rad0", "copy"}]

    votes = write_csv(tmp_path / "votes.csv", two_camp_votes())
    assert main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json")]) == 0
    opinions = json.loads((tmp_path / "o.json").read_text())
    assert set(opinions) >= {"participants", "groups", "consensus", "projection"}
    assert len(opinions["groups"]) == 2


def test_evaluate_topics_prints_ours_and_baseline(tmp_path, capsys):
    rows = [dict(record, label=record["theme"]) for record in themed_records()]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "eval.json"
    code = main(["evaluate", "topics", "--input", str(source), "--label-column", "label",
                 "--title-column", "title", "--out", str(out)])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(out.read_text())
    assert printed["ours"]["ari"] > 0.7 and "ari" in printed["baseline"] and "ari" in printed["ratio"]


@pytest.mark.parametrize(
    "content, arguments, message",
    [
        (b"", ["topics"], "is empty"),
        (b"id,text\n", ["topics"], "no rows"),
        (b"id,body\n1,Hallo Welt\n", ["topics"], "no column 'text'"),
        ("id,text\n1,Stra\u00dfe\n".encode("latin-1"), ["topics"], "not valid UTF-8"),
        (b"id,text\n1,und der die\n", ["topics"], "content words"),
        (b"voter-id,comment-id,vote\n1,1,1\n2,1,-1\n", ["opinions"], "at least 4"),
        (b"voter-id,comment-id,vote\n1,1,maybe\n", ["opinions"], "Row 2"),
        (b"id,text\n1,Hallo\n", ["duplicates", "--threshold", "3"], "between 0 and 1"),
    ],
)
def test_bad_input_exits_2_with_a_sentence(tmp_path, capsys, content, arguments, message):
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    command, *rest = arguments
    input_flag = "--votes" if command == "opinions" else "--input"
    code = main([command, input_flag, str(source), "--out", str(tmp_path / "out.json"), *rest])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


def test_bad_input_in_subprocess_has_no_traceback(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_bytes("id,text\n1,Stra\u00dfe\n".encode("latin-1"))
    result = run_cli("topics", "--input", source, "--out", tmp_path / "out.json")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and "not valid UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_via_main(tmp_path, capsys):
    assert main(["topics", "--input", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("k", ["10", "18", "50"])
def test_topics_refuses_more_themes_than_the_texts_allow(tmp_path, capsys, k):
    """18 texts give at most 9 themes (a theme needs two texts); more used to end with exit 0 and no themes."""
    source = write_csv(tmp_path / "in.csv", themed_records())
    code = main(["topics", "--input", str(source), "--out", str(tmp_path / "t.json"), "--title-column", "title",
                 "--k", k])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and "at most 9 themes" in error and "Traceback" not in error
    assert not (tmp_path / "t.json").exists()


@pytest.mark.parametrize("value", ["-5", "0", "1" + "0" * 30, "abc"])
def test_opinions_refuses_a_negative_or_huge_min_votes(tmp_path, capsys, value):
    votes = write_csv(tmp_path / "votes.csv", two_camp_votes())
    with pytest.raises(SystemExit) as exit_info:
        main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json"), f"--min-votes={value}"])
    assert exit_info.value.code == 2
    assert "--min-votes must be a whole number from 1 to 1000" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("comment-id,comment-body\n1,Hallo\n", "no column 'moderated'"),
    ("comment-id,moderated\n1,ja\n", "Row 2: moderated must be -1, 0 or 1"),
    ("comment-id,moderated\n1,-1,überzählig,noch eins\n", "more fields than its header"),
    ("comment-id,moderated\n,-1\n", "Row 2: the comment-id is empty"),
])
def test_opinions_refuses_a_malformed_comments_file_with_a_sentence(tmp_path, capsys, content, message):
    votes = write_csv(tmp_path / "votes.csv", two_camp_votes())
    comments = tmp_path / "comments.csv"
    comments.write_text(content, encoding="utf-8")
    code = main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json"), "--comments", str(comments)])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and message in error
    assert not (tmp_path / "o.json").exists()


def test_opinions_method_option(tmp_path, capsys):
    from conftest import two_camp_votes

    votes = tmp_path / "votes.csv"
    votes.write_text("voter-id,comment-id,vote\n" + "".join(
        f"{row['voter-id']},{row['comment-id']},{row['vote']}\n" for row in two_camp_votes(n_per_group=12)))
    for method in ("polis", "kmeans"):
        assert main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json"), "--method", method]) == 0
        result = json.loads((tmp_path / "o.json").read_text())
        assert result["parameters"]["method"] == method and len(result["groups"]) == 2
        assert set(result["parameters"]["stability"]) == {"seeds", "subsamples", "runs", "subsample_share"}
    with pytest.raises(SystemExit) as exit_info:
        main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json"), "--method", "magic"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'magic'" in capsys.readouterr().err


def test_evaluate_opinions_reports_both_methods(tmp_path, capsys):
    from conftest import two_camp_votes

    rows = two_camp_votes(n_per_group=12)
    header = "participant,group-id,n-votes," + ",".join(str(s) for s in range(10))
    lines = [header]
    for voter in sorted({row["voter-id"] for row in rows}):
        votes = {row["comment-id"]: row["vote"] for row in rows if row["voter-id"] == voter}
        lines.append(f"{voter},{voter[1]},10," + ",".join(str(votes[str(s)]) for s in range(10)))
    groups = tmp_path / "participants-votes.csv"
    groups.write_text("\n".join(lines) + "\n")
    assert main(["evaluate", "opinions", "--groups", str(groups), "--out", str(tmp_path / "e.json")]) == 0
    result = json.loads((tmp_path / "e.json").read_text())
    assert set(result["methods"]) == {"polis", "kmeans"}
    for method, scores in result["methods"].items():
        assert scores["method"] == method and scores["ours"]["ari"] == 1.0 and scores["n_reference_groups"] == 2
        assert scores["representative_overlap_jaccard"] == 1.0

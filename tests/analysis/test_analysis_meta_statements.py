import pytest

from analysis.__main__ import main
from analysis.errors import InputFileError
from analysis.meta_statements import looks_like_meta, meta_statements, parse_meta_option
from analysis.opinions import find_opinion_groups


@pytest.mark.parametrize("text", [
    "I am between 20 and 25 years old.", "I identify as female.", "My ethnicity is Black, Black British.",
    "English is my first language.", "I live in a rural area", "I had at least one encounter with the police.",
    "Ich bin zwischen 30 und 40 Jahre alt.", "Ich wohne in Gaarden.", "Meine Muttersprache ist Deutsch.",
])
def test_self_descriptions_are_meta(text):
    assert looks_like_meta(text)


@pytest.mark.parametrize("text", [
    "I am worried that the city should spend more on youth clubs.", "I think buses must be free.",
    "Ich bin dafür, dass die Stadt mehr Sportplätze baut.", "Ich finde, Ehrenamt braucht mehr Anerkennung.",
    "Public transport should be free for everybody.", "", "I am " + "very " * 20 + "old.",
])
def test_opinions_and_long_texts_are_not_meta(text):
    assert not looks_like_meta(text)


def _write(path, header, rows):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_only_the_owners_self_descriptions_are_recognised(tmp_path):
    comments = _write(tmp_path / "comments.csv", "timestamp,comment-id,author-id,moderated,comment-body", [
        "100,0,7,1,We need more bike lanes.",
        "101,1,7,1,I am under 30 years of age",
        "102,2,7,1,I live in a city",
        "200,3,12,1,I am a nurse",  # a participant's own statement is never meta
        "300,4,7,1,I am sure the council should act now",
    ])
    assert meta_statements(comments) == ["1", "2"]


def test_an_explicit_is_meta_column_wins(tmp_path):
    comments = _write(tmp_path / "comments.csv", "comment-id,author-id,moderated,is-meta,comment-body", [
        "0,7,1,false,I am under 30 years of age", "1,7,1,true,Parking is too expensive",
    ])
    assert meta_statements(comments) == ["1"]
    bare = _write(tmp_path / "bare.csv", "comment-id,moderated", ["0,1", "1,1"])
    assert meta_statements(bare) == []


def test_meta_option_parsing(tmp_path):
    assert parse_meta_option("none", None) == []
    assert parse_meta_option("auto", None) == []
    assert parse_meta_option(" 4, 5 ", None) == ["4", "5"]
    with pytest.raises(InputFileError, match="--meta"):
        parse_meta_option("4,,5", None)


def _camps_crossed_by_gender():
    """Two opinion camps; ten demographic statements split everybody by gender across the camps."""
    rows = []
    for camp in (0, 1):
        for i in range(12):
            voter, female = f"c{camp}-{i}", i % 2 == 0
            for statement in range(4):
                rows.append({"voter-id": voter, "comment-id": f"op{statement}", "vote": 1 if camp == 0 else -1})
            for statement in range(10):
                rows.append({"voter-id": voter, "comment-id": f"meta{statement}", "vote": 1 if female else -1})
    return rows


def test_meta_statements_count_as_passes_so_demographics_do_not_form_the_groups():
    rows, meta = _camps_crossed_by_gender(), [f"meta{i}" for i in range(10)]
    plain = find_opinion_groups(rows, seed=0, stability=False)["participants"]
    assert {plain["c0-0"], plain["c1-0"]} == {plain["c0-0"]}, "without the flag the groups follow gender"
    result = find_opinion_groups(rows, seed=0, stability=False, meta_statements=meta)
    groups = result["participants"]
    assert len({groups[f"c0-{i}"] for i in range(12)}) == 1 and len({groups[f"c1-{i}"] for i in range(12)}) == 1
    assert groups["c0-0"] != groups["c1-0"]
    assert result["parameters"]["n_meta_statements"] == 10
    reported = {s["statement"] for g in result["groups"] for s in g["representative"]}
    assert reported and not reported & set(meta)


def test_cli_reports_a_bad_meta_option_with_exit_code_2(tmp_path, capsys):
    votes = _write(tmp_path / "votes.csv", "voter-id,comment-id,vote",
                   [f"{v},{s},{1 if v < 3 else -1}" for v in range(6) for s in range(8)])
    status = main(["opinions", "--votes", str(votes), "--out", str(tmp_path / "o.json"), "--meta", "1,,2"])
    assert status == 2
    assert "--meta" in capsys.readouterr().err

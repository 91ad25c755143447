import pytest

from analysis.duplicates import SimilarityIndex, find_duplicates
from analysis.errors import AnalysisError


def test_near_duplicates_are_found_sorted_and_thresholded(records):
    copy = dict(records[0], id="copy", text=records[0]["text"] + " Bitte!")
    same = dict(records[7], id="same")
    result = find_duplicates(records + [copy, same], title_column="title", threshold=0.8)
    pairs = {frozenset((pair["a"], pair["b"])) for pair in result["pairs"]}
    assert pairs == {frozenset(("copy", "rad0")), frozenset(("same", "spiel1"))}
    scores = [pair["score"] for pair in result["pairs"]]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0
    assert result["parameters"]["threshold"] == 0.8
    assert find_duplicates(records, title_column="title", threshold=0.95)["pairs"] == []


def test_similarity_index_query(records):
    index = SimilarityIndex.build((r["id"], r["title"], r["text"]) for r in records)
    assert len(index) == 18
    hits = index.query("Der Spielplatz braucht neue Schaukeln für die Kinder", limit=3)
    assert len(hits) == 3
    assert all(hit["id"].startswith("spiel") for hit in hits)
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    assert index.query("Spielplatz", exclude_id=hits[0]["id"], limit=20, min_score=0.0)[0]["id"] != hits[0]["id"]
    assert index.query("und oder") == []
    assert index.query("Ehrenamtskoordination", min_score=0.99) == []


def test_duplicates_bad_input():
    with pytest.raises(AnalysisError):
        SimilarityIndex.build([])
    with pytest.raises(AnalysisError):
        find_duplicates([{"id": 1, "text": "a"}], threshold=1.5)
    with pytest.raises(AnalysisError):
        find_duplicates([{"id": 1}])

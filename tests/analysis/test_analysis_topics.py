import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.errors import AnalysisError, MissingColumnError, NotEnoughDataError
from analysis.topics import find_topics


def test_finds_the_three_themes_with_readable_labels(records):
    result = find_topics(records, title_column="title", seed=0)
    assert result["parameters"]["k"] == 3
    truth = [record["theme"] for record in records]
    predicted = [result["assignments"][record["id"]] for record in records]
    assert predicted.count(None) <= 1  # "Lastenräder … Marktplatz" is ambiguous
    kept = [i for i, cluster in enumerate(predicted) if cluster is not None]
    assert adjusted_rand_score([truth[i] for i in kept], [predicted[i] for i in kept]) == 1.0
    labels = " ".join(cluster["label"] for cluster in result["clusters"])
    assert "Spielplatz" in labels and "Radfahrer" in labels
    for cluster in result["clusters"]:
        assert set(cluster) >= {"id", "label", "terms", "size", "members", "representatives"}
        assert cluster["size"] == len(cluster["members"]) >= 5
        assert set(cluster["representatives"]) <= set(cluster["members"])
        assert all(term == term.strip() and term for term in cluster["terms"])


def test_is_deterministic_for_a_seed_and_accepts_dataframes(records):
    first = find_topics(pd.DataFrame(records), title_column="title", seed=3)
    second = find_topics(records, title_column="title", seed=3)
    assert first == second


def test_fixed_k_and_outliers(records):
    extra = records + [{"id": "odd", "title": "", "text": "Quantenphysik Teleskop Sternwarte Galaxie"}]
    result = find_topics(extra, title_column="title", k=3, seed=0)
    assert len(result["clusters"]) == 3
    assert result["assignments"]["odd"] is None
    assert 1 <= result["parameters"]["n_outliers"] <= 2
    assert result["parameters"]["n_outliers"] == sum(v is None for v in result["assignments"].values())


def test_text_without_words_is_an_outlier(records):
    result = find_topics(records + [{"id": "x", "title": "", "text": "und oder 123"}], title_column="title")
    assert result["assignments"]["x"] is None


def test_one_text_and_identical_texts_give_one_theme():
    single = find_topics([{"id": 1, "text": "Mehr Bäume pflanzen"}])
    assert single["assignments"] == {"1": 0}
    assert single["clusters"][0]["label"] == "Baum"  # the noun in its base form
    same = find_topics([{"id": i, "text": "Mehr Bäume pflanzen"} for i in range(3)])
    assert len(same["clusters"]) == 1 and same["clusters"][0]["size"] == 3


@pytest.mark.parametrize(
    "records, error",
    [
        ([], NotEnoughDataError),
        ([{"id": 1, "text": "und der die"}], NotEnoughDataError),
        ([{"id": 1, "body": "Bäume"}], MissingColumnError),
        ([{"id": 1, "text": "Bäume"}, {"id": 1, "text": "Wiese"}], NotEnoughDataError),
    ],
)
def test_bad_input_raises_analysis_errors(records, error):
    with pytest.raises(error) as raised:
        find_topics(records if records else pd.DataFrame(columns=["id", "text"]))
    assert isinstance(raised.value, AnalysisError)
    assert str(raised.value).endswith(".")

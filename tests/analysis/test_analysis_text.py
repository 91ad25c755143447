import numpy as np

from analysis.text import STOP_WORDS, TextVectorizer, normalize_text, stem, tokenize


def test_normalisation_is_nfkc_and_case_folds_before_stemming():
    assert normalize_text("ﬁ Straße https://example.org") .strip() == "fi Straße"
    folded = [folded for folded, _ in tokenize("STRASSE Straße")]
    assert folded == ["strasse", "strasse"]
    assert stem("fahrräder") == stem("fahrrad")
    assert stem("radwege") == stem("radweg")


def test_stop_words_include_german_and_participation_fillers():
    for word in ("und", "der", "bitte", "sollte", "könnte", "kiel", "stadt"):
        assert word in STOP_WORDS
    assert [surface for _, surface in tokenize("Bitte mehr Bäume in der Stadt")] == ["Bäume"]


def test_compounds_share_character_features():
    vectorizer = TextVectorizer()
    features = vectorizer.fit_transform(
        [None] * 3, ["Ehrenamtskoordination einrichten", "Ehrenamt fördern", "Parkplätze bauen"]
    )
    similarity = (features @ features.T).toarray()
    assert similarity[0, 1] > 0.1
    assert similarity[0, 1] > 5 * similarity[0, 2]


def test_transform_matches_fit_and_titles_weigh_more():
    vectorizer = TextVectorizer()
    titles = ["Radweg", "Spielplatz"]
    texts = ["Radweg Spielplatz", "Radweg Spielplatz"]
    fitted = vectorizer.fit_transform(titles, texts)
    again = vectorizer.transform(titles, texts)
    assert np.allclose(fitted.toarray(), again.toarray())
    query = vectorizer.transform(None, ["Radweg"])
    scores = (fitted @ query.T).toarray().ravel()
    assert scores[0] > scores[1]


def test_readable_label_maps_stem_to_surface():
    vectorizer = TextVectorizer()
    vectorizer.fit_transform(None, ["Radwege bauen", "Radwege sanieren", "Radweg"])
    assert vectorizer.readable(stem("radwege")) == "Radwege"

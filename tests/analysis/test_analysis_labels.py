"""Theme labels: German noun phrases in base form, distinct, free of stop/filler words; the label check."""

import json

import pytest
from conftest import REPO_ROOT

from analysis.__main__ import main
from analysis.evaluate_labels import contains_key, evaluate_true_themes, label_check_for_clusters
from analysis.labels import FALLBACK_LABEL, forbidden_label_tokens, label_problems, label_themes
from analysis.lemmas import lemma_key, noun_lemma

DATA = REPO_ROOT / "analysis" / "data"

KARTE = [
    "Ehrenamtskarte mit Vergünstigungen\nEine Ehrenamtskarte mit Vergünstigungen in Bädern und Museen wäre gut.",
    "Ehrenamtskarte für alle\nIch schlage eine Ehrenamtskarte mit Vergünstigungen für Engagierte vor.",
    "Vergünstigungen\nMit der Ehrenamtskarte könnten Engagierte günstiger in die Bäder.",
    "Karte für Ehrenamtliche\nDie Ehrenamtskarte mit Vergünstigungen beim Nahverkehr würde helfen.",
]
SERVICE = [
    "Servicestelle im Rathaus\nEine Servicestelle im Rathaus sollte Vereine bei Anträgen beraten.",
    "Beratung für Vereine\nDie Servicestelle im Rathaus hilft kleinen Vereinen mit Formularen.",
    "Anlaufstelle\nWir brauchen eine Servicestelle im Rathaus für alle Fragen zum Ehrenamt.",
    "Servicestelle\nDie Servicestelle im Rathaus könnte auch abends öffnen.",
]
SCHULEN = [
    "Schulen und Bäder sanieren\nDie Schulen und Bädern in Gaarden müssen saniert werden, der Bus fährt zu selten.",
    "Marode Schulen\nViele Schulen haben kaputte Toiletten, auch die Bäder sind marode.",
    "Schulen zuerst\nBevor neue Bäder gebaut werden, sollten die Schulen saniert werden.",
    "Sanierung\nDie Sanierung der Schulen hat Vorrang vor allem anderen.",
]
REPLIES = ["Da stimme ich zu.", "Genau das meine ich.", "Danke für den Hinweis, daran hatte ich nicht gedacht.",
           "Gute Frage – das sollte die Verwaltung beantworten.", "Da stimme ich zu!", "Genau."]


def test_labels_are_noun_phrases_in_base_form_one_per_theme_in_order():
    labels = label_themes([KARTE, SERVICE, SCHULEN], background=KARTE + SERVICE + SCHULEN)
    assert [label.label for label in labels] == [
        "Ehrenamtskarte mit Vergünstigungen", "Servicestelle im Rathaus", "Schule"]
    for label in labels:
        assert label_problems(label.label) == []
        assert 0 < len(label.terms) <= 8
    assert "Bad" in labels[2].terms  # "Bädern"/"Bäder" in base form, not the inflected fragment
    assert not {"Bädern", "Schulen"} & set(labels[2].terms)


def test_sibling_themes_never_share_a_label():
    twin = [text.replace("Vergünstigungen", "Rabatten") for text in KARTE]
    labels = label_themes([KARTE, twin, SERVICE])
    names = [label.label.casefold() for label in labels]
    assert len(set(names)) == 3
    assert all(label_problems(name) == [] for name in [label.label for label in labels])


def test_stock_replies_give_no_filler_label_and_empty_themes_a_neutral_one():
    labels = label_themes([REPLIES, ["123 456", "!!!"], KARTE])
    forbidden = forbidden_label_tokens()
    for label in labels:
        assert label_problems(label.label) == []
        assert not {word.casefold() for word in label.label.split()} & forbidden
    assert labels[1].label.startswith(FALLBACK_LABEL)
    assert labels[0].label != labels[1].label


def test_labels_are_deterministic_and_sample_large_themes():
    big = (KARTE * 300)[:1000]
    first = label_themes([big, SERVICE * 200])
    assert first == label_themes([big, SERVICE * 200])
    assert first[0].label == "Ehrenamtskarte mit Vergünstigungen"


def test_lower_case_nouns_and_hyphenated_compounds():
    texts = ["die ehrenamtskarte ist gut und die Ehrenamtskarte hilft",
             "ehrenamtskarte bitte für Engagement-Lotsinnen", "Engagement-Lotsinnen und die Ehrenamtskarte"]
    labels = label_themes([texts, SERVICE])
    assert "Ehrenamtskarte" in labels[0].label
    assert "Engagement-Lotsin" in labels[0].terms


def test_forbidden_tokens_come_from_the_stop_list_plus_fillers_but_not_connectors():
    forbidden = forbidden_label_tokens()
    assert {"stimme", "genau", "gedacht", "daran", "bitte", "sollte", "kiel", "und", "die"} - {"und"} <= forbidden
    assert not {"mit", "im", "durch", "und", "der"} & forbidden


@pytest.mark.parametrize("label, expected", [
    ("Ehrenamtskarte mit Vergünstigungen", []),
    ("Freistellung durch Arbeitgeber", []),
    ("Servicestelle im Rathaus", []),
    ("Schulen, Bädern, Bus", ["inflected"]),
    ("Engagierten Kiellinie, jährliches Fest, Fest Engagierten", ["inflected", "duplicated"]),
    ("daran gedacht, Genau", ["stop or filler"]),
    ("stimme", ["stop or filler"]),
    ("Radweg Radweg", ["duplicated"]),
    ("mit Radweg", ["edge"]),
    ("Radweg und", ["edge"]),
    ("", ["empty"]),
])
def test_label_problems_name_todays_bad_examples(label, expected):
    problems = " ".join(label_problems(label))
    for word in expected:
        assert word in problems
    if not expected:
        assert problems == ""


@pytest.mark.parametrize("word, lemma", [
    ("Bädern", "Bad"), ("Vergünstigungen", "Vergünstigung"), ("Lesepaten", "Lesepate"),
    ("Zuschüsse", "Zuschuss"), ("Engagement-Lotsinnen", "Engagement-Lotsin"), ("Radwege", "Radweg"),
    ("Verwaltungsvorgänge", "Verwaltungsvorgang"), ("Engagierten", "Engagierte"), ("Fahrrädern", "Fahrrad"),
])
def test_noun_lemmas(word, lemma):
    assert noun_lemma(word) == lemma


def test_contains_key_compares_lemmas_and_compounds():
    assert contains_key("Radwege an der Kiellinie", ["Radweg"])
    assert contains_key("Anwohnerparkplatz", ["Parkplatz"])
    assert contains_key("Radweg", ["Rad"])
    assert contains_key("Corporate-Volunteering-Tag der Kieler Wirtschaft", ["Corporate-Volunteering-Tag"])
    assert not contains_key("Servicestelle im Rathaus", ["Ehrenamtskarte"])
    assert lemma_key("Bädern") == lemma_key("Bad")


def test_label_check_on_the_kiel_demo_set_names_most_key_nouns():
    result = evaluate_true_themes(DATA / "kiel-demo-label-set.csv", DATA / "kiel-demo-label-set.keys.json")
    assert result["n_themes"] == 60
    assert result["share_with_key_noun"] >= 0.8
    assert result["n_with_problems"] == 0
    assert result["n_distinct_labels"] == 60


def test_label_check_of_found_clusters_uses_the_majority_theme():
    texts = KARTE + SERVICE + SCHULEN
    truth = ["karte"] * 4 + ["service"] * 4 + [{"schule"}] * 3 + [None]
    clusters = [0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, None]
    keys = {"karte": ["Ehrenamtskarte"], "service": ["Servicestelle"], "schule": ["Schule"], "bad": ["Bad"]}
    result = label_check_for_clusters(texts, truth, clusters, keys)
    assert [row["majority_theme"] for row in result["themes"]] == ["karte", "service", "schule"]
    assert result["themes"][1]["majority_share"] == 0.8
    assert result["share_with_key_noun"] == 1.0
    given = label_check_for_clusters(texts, truth, clusters, keys, labels=["Ehrenamtskarte", "Rathaus", "Schulen"])
    assert [row["contains_key"] for row in given["themes"]] == [True, False, True]


def test_evaluate_labels_cli(tmp_path, capsys):
    out = tmp_path / "labels.json"
    code = main(["evaluate", "labels", "--input", str(DATA / "kiel-demo-label-set.csv"),
                 "--keys", str(DATA / "kiel-demo-label-set.keys.json"), "--out", str(out)])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["data_sets"][0]["share_with_key_noun"] >= 0.8
    assert json.loads(out.read_text(encoding="utf-8")) == printed


def test_evaluate_labels_cli_bad_input(tmp_path, capsys):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"keys": {"a": []}, "grouping": {"label_column": "theme"}}), encoding="utf-8")
    assert main(["evaluate", "labels", "--input", str(DATA / "kiel-demo-label-set.csv"), "--keys", str(keys)]) == 2
    assert "non-empty list" in capsys.readouterr().err
    assert main(["evaluate", "labels", "--input", "a.csv", "--input", "b.csv", "--keys", str(keys)]) == 2
    assert "one --keys file" in capsys.readouterr().err


def test_names_of_adjective_and_noun_and_nominalised_verbs():
    texts = ["In der Holländischen Reihe wird zu schnell gefahren, die Holländische Reihe braucht Tempo 30.",
             "Die Holländische Reihe ist gefährlich für Kinder.",
             "Holländische Reihe: bitte Poller aufstellen, die Holländische Reihe ist zu eng."]
    parking = ["Das Parken auf dem Gehweg muss aufhören.", "Zum Parken fehlt der Platz, das Parken stört.",
               "Beim Parken werden Radwege blockiert."]
    labels = label_themes([texts, parking, SERVICE])
    assert labels[0].label == "Holländische Reihe"
    assert labels[1].label.startswith("Parken")  # the nominalised verb, not "Park"


def test_check_labels_reports_bad_and_repeated_labels_only():
    from analysis.labels import check_labels

    problems = check_labels(["Servicestelle im Rathaus", "stimme", "Radweg", "radweg"])
    assert set(problems) == {"stimme", "Radweg", "radweg"}
    assert "same label as a sibling theme" in problems["Radweg"]
    assert check_labels(["Parken"], nominalised={"Parken"}) == {}


def test_edge_cases_of_theme_input():
    assert label_themes([]) == []
    labels = label_themes([[], [""], ["Radweg an der Kiellinie"], ["x" * 5000 + " Radweg"]])
    assert [label.label for label in labels] == [
        FALLBACK_LABEL, f"{FALLBACK_LABEL} (2)", "Radweg an Kiellinie", f"{FALLBACK_LABEL} (3)"]
    assert all(len(term) <= 40 for label in labels for term in label.terms)


def test_adjective_and_noun_in_the_strong_nominative_of_the_nouns_gender():
    ticket = ["Kostenloses Busticket für Ehrenamtliche", "Ein kostenloses Busticket wäre ein Dank.",
              "Das Busticket sollte kostenlos sein, ein kostenloses Busticket hilft.", "Kostenloses Busticket!"]
    space = ["Der öffentliche Raum gehört allen, mehr öffentlichen Raum bitte.", "Den öffentlichen Raum beleben.",
             "Im öffentlichen Raum fehlen Bänke, der öffentliche Raum ist grau."]
    labels = label_themes([ticket, space, SERVICE])
    assert labels[0].label == "Kostenloses Busticket"
    assert labels[1].label == "Öffentlicher Raum"


def test_nominalised_verbs_are_found_in_the_texts():
    from analysis.labels import check_labels, nominalised_verbs

    verbs = nominalised_verbs(["Das Parken auf Gehwegen nervt.", "Die Schulen sind alt.", "Beim Radfahren"])
    assert verbs == {"Parken", "Radfahren"}
    assert check_labels(["Parken"], nominalised=verbs) == {}
    assert check_labels(["Schulen"], nominalised=verbs)


def test_a_phrase_whose_ending_varies_is_not_the_label():
    fields = ["Sport", "Kultur", "Umweltschutz", "Jugendarbeit", "Tafelarbeit", "Hospizarbeit"]
    texts = [f"Zuschüsse für {field} schneller bewilligen\nDer Zuschuss für {field} kommt zu spät."
             for field in fields] + ["Zuschüsse für Sport\nZuschüsse für Sport sind wichtig."]
    labels = label_themes([texts, SERVICE])
    assert labels[0].label == "Zuschuss"


def test_label_checks_refuse_data_without_themes(tmp_path):
    from analysis.errors import NotEnoughDataError

    with pytest.raises(NotEnoughDataError):
        label_check_for_clusters(["a", "b"], ["x", "y"], [None, -1], {"x": ["Rad"]})
    table = tmp_path / "one.csv"
    table.write_text("title,text,theme\nA,Radweg bauen,a\nB,Radweg breiter,a\nC,Bus fahren,b\n", encoding="utf-8")
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"title_column": "title", "grouping": {"label_column": "theme"},
                                "keys": {"a": ["Radweg"], "b": ["Bus"]}}), encoding="utf-8")
    with pytest.raises(NotEnoughDataError):
        evaluate_true_themes(table, keys)  # theme "b" has a single text

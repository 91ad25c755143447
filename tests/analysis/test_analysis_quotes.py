"""Quotes: representative and diverse, no (near-)duplicates, minimum substance; Markdown to plain text."""

import numpy as np
import pytest

from analysis.quotes import content_words, plain_text, select_quotes


def unit(*values):
    vector = np.array(values, dtype=float)
    return vector / np.linalg.norm(vector)


LONG_A = ("Die Ehrenamtskarte sollte Vergünstigungen bei Bädern, Museen, Theatern und im Nahverkehr "
          "für engagierte Menschen jeden Alters bieten.")
LONG_B = ("Eine Servicestelle im Rathaus könnte Vereine bei Anträgen, Abrechnungen, Versicherungen "
          "und Förderungen beraten.")
LONG_C = ("Kostenlose Fortbildungen an der Volkshochschule würden ehrenamtliche Vorstände in kleinen "
          "Vereinen spürbar entlasten.")
LONG_A2 = ("Mit einer Ehrenamtskarte bekämen Engagierte Rabatte im Schwimmbad, im Museum und "
           "beim Busticket für ihren Einsatz.")
LONG_A3 = ("Rabatte für Ehrenamtliche in Bädern und Museen wären eine schöne Anerkennung, "
           "etwa über eine landesweite Karte.")


def test_most_representative_first_and_short_texts_never_quoted():
    texts = ["Sportverein", LONG_A, LONG_B, "Da stimme ich zu."]
    embedding = np.array([unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0.6, 0.8, 0), unit(1, 0, 0)])
    assert select_quotes(texts, embedding, np.array([1.0, 0, 0])) == [1, 2]


def test_duplicates_and_near_duplicates_are_skipped():
    variant = LONG_A.replace("Theatern", "Theatern, Zoos")  # almost the same words: near-duplicate
    texts = [LONG_A, LONG_A.upper(), "**" + LONG_A + "**", variant, LONG_B]
    embedding = np.array([unit(1, 0, 0), unit(1, 0.05, 0), unit(1, 0, 0.05), unit(0.5, 0.5, 0.7), unit(0.7, 0.7, 0)])
    assert select_quotes(texts, embedding, np.array([1.0, 0, 0]), limit=3) == [0, 4]


def test_quotes_are_diverse_not_the_three_most_central():
    texts = [LONG_A, LONG_A2, LONG_A3, LONG_B, LONG_C]
    # three texts of one direction closest to the centre, two others a bit further away
    embedding = np.array([unit(1, 0.2, 0), unit(1, 0.22, 0), unit(1, 0.24, 0), unit(1, -0.6, 0.2), unit(1, 0, -0.7)])
    quotes = select_quotes(texts, embedding, np.array([1.0, 0, 0]), limit=3)
    assert quotes[0] == 0
    assert set(quotes[1:]) == {3, 4}


def test_fewer_or_no_quotes_when_not_enough_texts_qualify():
    texts = ["Ja.", "Gute Idee!", LONG_C]
    embedding = np.eye(3)
    assert select_quotes(texts, embedding, np.ones(3), limit=3) == [2]
    assert select_quotes(texts[:2], embedding[:2, :2], np.ones(2)) == []
    assert select_quotes([], np.zeros((0, 3)), np.ones(3)) == []
    assert select_quotes(texts, embedding, np.ones(3), min_content_words=1, limit=0) == []
    assert sorted(select_quotes(texts, embedding, np.ones(3), min_content_words=1)) == [1, 2]  # "Ja." has none


def test_min_content_words_counts_words_that_are_no_stop_words():
    assert len(content_words(LONG_A)) >= 8
    assert content_words("Da stimme ich zu, das sollte man so machen.") == ["stimme"]
    texts = ["Radweg Kiellinie sanieren Beleuchtung", LONG_B]
    embedding = np.array([unit(1, 0), unit(0, 1)])
    assert select_quotes(texts, embedding, np.array([1.0, 0]), min_content_words=4) == [0, 1]
    assert select_quotes(texts, embedding, np.array([1.0, 0])) == [1]


def test_rows_and_texts_must_match():
    with pytest.raises(ValueError):
        select_quotes(["a", "b"], np.eye(3), np.ones(3))


def test_plain_text_keeps_lists_and_drops_markup():
    markdown = (
        "## Mein Vorschlag\n\nIch schlage **eine Ehrenamtskarte** vor, siehe [die Seite](https://example.org).\n"
        "Mehr <b>hier</b> und `hier`.\n\n**Konkret:**\n\n- erster *Punkt*\n- zweiter Punkt\n  - darunter\n\n"
        "1. eins\n2. zwei\n\n> ein Zitat\n\n![Bild vom Platz](platz.png)\n"
    )
    assert plain_text(markdown) == (
        "Mein Vorschlag\n\nIch schlage eine Ehrenamtskarte vor, siehe die Seite.\nMehr hier und hier.\n\n"
        "Konkret:\n\n- erster Punkt\n- zweiter Punkt\n  - darunter\n- eins\n- zwei\n\nein Zitat\n\nBild vom Platz"
    )


def test_plain_text_of_plain_and_empty_input():
    assert plain_text("") == ""
    assert plain_text(None) == ""
    assert plain_text("Ein Satz. 3 * 4 = 12, a_b_c") == "Ein Satz. 3 * 4 = 12, a_b_c"
    assert plain_text("<script>alert(1)</script>\n\nText") == "alert(1)\n\nText"

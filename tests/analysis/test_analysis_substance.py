"""The substance rule: no words, too short, stock replies learnt from the data."""

import pytest

from analysis.errors import NotEnoughDataError
from analysis.substance import REASONS, assess_substance, count_reasons
from analysis.topics import find_topics

PILLARS = ["rad", "spiel", "ehrenamt"]
STOCK = ["Gute Frage, das sollte die Verwaltung beantworten.", "Dem kann ich mich voll anschließen, klare Sache."]


def stock_records(records, repeats=6):
    """The themed records plus stock replies recurring under every pillar and one-word answers."""
    extra = []
    for number in range(repeats):
        for position, text in enumerate(STOCK):
            extra.append({"id": f"s{position}-{number}", "title": "", "text": text, "theme": PILLARS[number % 3]})
    extra += [{"id": "w1", "title": "", "text": "Sportverein", "theme": "rad"},
              {"id": "w2", "title": "", "text": "Ja!!! 123", "theme": "spiel"}]
    return records + extra


def test_reasons_per_text():
    texts = ["", "und oder 123", "Sportverein", "Mehr Bäume im Park pflanzen"] + STOCK * 3
    contexts = [None] * 4 + ["a", "b", "c", "a", "b", "c"]
    reasons = assess_substance([None] * len(texts), texts, contexts)
    assert reasons[:4] == ["no_words", "no_words", "short", None]
    # three verbatim repeats are fewer than STOCK_MIN_REPEATS: still content
    assert reasons[4:] == [None] * 6
    reasons = assess_substance([None] * 14, STOCK * 7, list("abcabcabcabcab"))
    assert reasons == ["stock_reply"] * 14
    assert count_reasons(reasons) == {"no_words": 0, "short": 0, "stock_reply": 14}
    assert set(count_reasons([None])) == set(REASONS)


def test_stock_reply_needs_several_contexts_and_catches_slot_variants():
    texts = ["In Gaarden klappt das bereits ganz gut, man könnte dort anknüpfen."] * 4
    texts += [f"In {place} klappt das bereits ganz gut, man könnte dort anknüpfen."
              for place in ("Mettenhof", "Wik", "Elmschenhagen")]
    assert assess_substance([None] * 7, texts, ["a"] * 7) == [None] * 7  # one context: may be a real topic
    assert assess_substance([None] * 7, texts, list("abcabca")) == ["stock_reply"] * 7


def test_long_recurring_texts_are_never_stock_replies():
    text = ("Die Radwege entlang der Förde sollten breiter werden, mit eigener Spur für Lastenräder, "
            "besserer Beleuchtung, Winterdienst, Abstellanlagen an Haltestellen und klaren Markierungen.")
    assert assess_substance([None] * 10, [text] * 10, list("ababababab")) == [None] * 10


def test_find_topics_keeps_stock_replies_out_of_themes(records):
    result = find_topics(stock_records(records), title_column="title", group_column="theme", seed=0)
    excluded = result["excluded"]
    assert {key for key in excluded if key.startswith("s")} == {f"s{p}-{n}" for p in range(2) for n in range(6)}
    assert excluded["w1"] == "short" and excluded["w2"] == "no_words"
    assert result["parameters"]["n_excluded"] == {"no_words": 1, "short": 1, "stock_reply": 12}
    assert all(result["assignments"][key] is None for key in excluded)
    members = {member for cluster in result["clusters"] for member in cluster["members"]}
    assert not members & set(excluded)
    assert set(result["groups"]) == {record["id"] for record in records}


def test_everything_excluded_is_a_clear_not_enough_data_error():
    records = [{"id": i, "text": STOCK[i % 2], "pillar": "abc"[i % 3]} for i in range(12)]
    records.append({"id": 99, "text": "Top"})
    with pytest.raises(NotEnoughDataError) as raised:
        find_topics(records, group_column="pillar")
    assert str(raised.value) == ("No contribution carries a theme: 1 are too short to carry a theme, "
                                 "12 are recurring stock replies.")

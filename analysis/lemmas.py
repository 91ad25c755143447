"""German lemmas and coarse parts of speech, offline, for readable theme labels.

Backed by HanTa (Hannover Tagger, LGPL-3.0-or-later, model ``morphmodel_ger.pgz``
shipped in its wheel): a word-level morphological analysis, cached per distinct
word. The sentence tagger of HanTa (Viterbi over the whole sentence) is about
0.3 ms per token – too slow for 20,000-text themes – so words are analysed
without context and the context that matters in German is added here:

* a capitalised word that is not the first of its sentence is a noun (or a
  name) whatever the model prefers;
* a lower-case word whose capitalised form is a known noun is taken as that
  noun when the caller says the capitalised form is common in the corpus
  (real contributions write "ehrenamtskarte").

Simplemma (MIT, dictionary lemmas) gives a second opinion on noun lemmas:
HanTa guesses "Lesepat" for "Lesepaten" and "Park" for "Parken"; when the two
disagree the form actually written in the corpus wins (see :func:`noun_lemma`).
"""

from __future__ import annotations

from functools import lru_cache

NOUN, ADJECTIVE, VERB, NAME, OTHER = "NOUN", "ADJ", "VERB", "NAME", "OTHER"

_COARSE = {
    "NN": NOUN, "NNA": NOUN, "NE": NAME,
    "ADJ(A)": ADJECTIVE, "ADJ(D)": ADJECTIVE,
}


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def _coarse(tag: str) -> str:
    if tag in _COARSE:
        return _COARSE[tag]
    if tag.startswith(("VV", "VA", "VM")):
        return VERB
    return OTHER


@lru_cache(maxsize=300_000)
def analyze(word: str) -> tuple[str, str, str]:
    """``(lemma, coarse part of speech, STTS tag)`` of one word without context.

    Coarse parts of speech: ``NOUN`` (common nouns and nominalised adjectives
    such as "Engagierte"), ``NAME``, ``ADJ``, ``VERB``, ``OTHER``. Nouns keep
    their capital letter ("Radwege" → "Radweg"); other lemmas are lower case.
    """
    if not word:
        return "", OTHER, ""
    lemma, tag = _tagger().analyze(word)
    coarse = _coarse(tag)
    if coarse in (NOUN, NAME):
        lemma = lemma[:1].upper() + lemma[1:]
    elif coarse != OTHER or not word[:1].isupper():
        lemma = lemma.lower()
    return lemma, coarse, tag


@lru_cache(maxsize=300_000)
def _dictionary_lemma(word: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang="de")


def noun_lemma(word: str, seen=None) -> str:
    """Base form (nominative singular) of a noun as written, e.g. "Bädern" → "Bad".

    The dictionary of simplemma answers for the words it knows (fast); new
    compounds take the lemma of their longest known last part
    ("Verwaltungsvorgänge" → "Verwaltungsvorgang"); HanTa guesses the rest.
    ``seen`` (optional) is a collection of word forms occurring in the corpus:
    when dictionary and HanTa disagree, a lemma written in the corpus wins.
    Hyphenated words keep their first parts as written
    ("Engagement-Lotsinnen" → "Engagement-Lotsin"); female plurals in
    "-innen" become "-in"; an "ß" HanTa restores from old spelling becomes
    "ss" when the word is written with "ss" ("Zuschüsse" → "Zuschuss").
    """
    word = word[:1].upper() + word[1:]
    if "-" in word.strip("-"):
        head, _, last = word.rpartition("-")
        if len(last) >= 3:
            return head + "-" + noun_lemma(last, seen)
    return _noun_lemma(word, frozenset() if seen is None else seen)


def _noun_lemma(word: str, seen) -> str:
    if word.endswith("innen") and len(word) > 7:
        return word[:-3]
    dictionary = _dictionary_lemma(word)
    if dictionary[:1].islower():  # a nominalised adjective or verb ("Engagierte", "Parken")
        lemma, coarse, _ = analyze(word)
        return _new_spelling(lemma, word) if coarse == NOUN else word
    if _known(word) and dictionary:
        if dictionary != word and word in seen and dictionary not in seen and analyze(word)[0] == word:
            return word
        if dictionary == word + "r" and word.endswith("e"):  # "Berufstätige", not "Berufstätiger"
            return word
        return _new_spelling(dictionary, word)
    compound = _compound_lemma(word)
    if compound:
        return compound
    guess = _new_spelling(analyze(word)[0], word)
    if dictionary and dictionary != word and dictionary != guess:
        if dictionary == guess + "e":  # weak masculine nouns: "Lesepaten" → "Lesepate", not "Lesepat"
            return dictionary
        if dictionary in seen and guess not in seen:
            return dictionary
    return guess


MIN_PART = 4  # shortest last part of a compound looked up on its own


def _compound_lemma(word: str) -> str | None:
    """Lemma of an unknown compound from its longest known last part ("Stadtteilvereine" → "Stadtteilverein").

    Fast (dictionary look-ups only); None when no last part of at least
    :data:`MIN_PART` letters is a known noun form.
    """
    for start in range(3, len(word) - MIN_PART + 1):
        part = word[start].upper() + word[start + 1:]
        if _known(part):
            lemma = _dictionary_lemma(part)
            if not lemma[:1].isupper():  # also an adjective or verb ("-bügeln"): let HanTa decide
                return None
            compound = _new_spelling(word[:start] + lemma.lower(), word)
            if compound == word + "r" and word.endswith("e"):  # "Engagementbeauftragte", not "-beauftragter"
                return word
            if compound == word and word.endswith(("eln", "ern")):  # "-bügeln": dative plural? HanTa decides
                return None
            return compound
    return None


def _new_spelling(lemma: str, word: str) -> str:
    """Undo an old-spelling "ß" of a lemma when the word is written with "ss" ("Zuschüsse")."""
    if "ß" in lemma and "ß" not in word and "ss" in word:
        return lemma.replace("ß", "ss")
    return lemma


@lru_cache(maxsize=300_000)
def _known(word: str) -> bool:
    import simplemma

    return simplemma.is_known(word, lang="de")


@lru_cache(maxsize=300_000)
def dictionary_lemma(word: str) -> str:
    """Lemma from the simplemma dictionary (nouns capitalised, other words lower case); fast."""
    return _dictionary_lemma(word)


def is_known(word: str) -> bool:
    """True when the simplemma dictionary knows the word form."""
    return _known(word)


def lemma_key(word: str) -> str:
    """Case-folded lemma used to compare words (a label's words with a key noun)."""
    lemma, coarse, _ = analyze(word[:1].upper() + word[1:] if word[:1].islower() else word)
    if coarse in (NOUN, NAME):
        lemma = noun_lemma(word)
    return lemma.casefold()

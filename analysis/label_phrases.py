"""Reading German texts for theme labels: words, parts of speech, candidate phrases.

Used by :mod:`analysis.labels`. :class:`Reader` turns a text into the label
candidates it contains – nouns in base form, "noun + preposition + noun"
phrases, names (capitalised adjective + noun) and adjective + noun pairs –
using :mod:`analysis.lemmas` and German capitalisation; it caches its
decision per word form. :func:`read_corpus` counts what the decisions need
(how often each form is written, and where) and returns a reader.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.lemmas import ADJECTIVE, NAME, NOUN, analyze, dictionary_lemma, is_known, noun_lemma
from analysis.text import STOP_WORDS, normalize_text

MAX_CHARS = 1_500
MAX_WORD_LENGTH = 40  # longer "words" are noise (pasted links, keyboard mashing)
RARE_WORD_COUNT, RARE_WORDS_FROM = 2, 50  # see Reader

# Prepositions (and contracted forms) that may join two nouns in a label; they
# are stop words, so they are allowed only *between* the nouns of a label.
PREPOSITIONS = frozenset("""
mit für im am an auf in zur zum durch von vom ohne bei beim über gegen nach aus unter zwischen vor hinter
""".split())
GENITIVE_ARTICLES = frozenset(["der", "des"])
CONNECTORS = PREPOSITIONS | GENITIVE_ARTICLES | {"und"}
NEUTER_ARTICLES = frozenset("das zum beim vom ins ans übers fürs".split())  # before a nominalised verb
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())

# Words that are no theme even though they are nouns or content words: reply
# phrases, meta and opinion words of participation ("Da stimme ich zu", "Gute Frage",
# "daran gedacht", "Genau das meine ich", "Klingt gut", "Das sehe ich anders").
LABEL_FILLERS = """
genau stimme stimmen zustimmen zustimmung gedacht denken daran darauf frage fragen antwort antworten
meine meinen meint meinung sache sachen ding dinge punkt punkte thema themen beitrag beiträge kommentar
kommentare problem probleme grund gründe fall fälle art weise teil teile jahr jahre tag tage zeit
möglichkeit möglichkeiten ansicht recht richtig falsch klar toll super prima interessant
verwaltung herr frau liebe lieber hallo grüße gruß
klingt klingen sehe sehen glaube glauben hoffe hoffen fürchte fürchten
""".split()

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:\n•]+")
_CHUNK_BREAK = re.compile(r"[,;()\"„“”»«–—/]| - ")


@lru_cache(maxsize=1)
def forbidden_label_tokens() -> frozenset[str]:
    """Case-folded words that must never appear as a word of a label.

    The stop list of :mod:`analysis.text` (German stop words + participation
    fillers) plus :data:`LABEL_FILLERS`, minus the connecting words
    (prepositions, "der"/"des", "und") that labels use *between* nouns – those
    are checked by position in :func:`analysis.labels.label_problems`.
    """
    words = {word.casefold() for word in STOP_WORDS} | {word.casefold() for word in LABEL_FILLERS}
    return frozenset(words - CONNECTORS)



@dataclass(frozen=True)
class Token:
    """One word as read in its sentence."""

    surface: str
    key: str        # case-folded lemma ("" for words that are no content)
    display: str    # base form as shown in a label
    pos: str        # NOUN, ADJ or OTHER
    adjectival: bool  # may be an adjective when a noun follows


def chunks(text: str):
    """Yield (is_sentence_start, words) for the comma-free pieces of ``text``."""
    for sentence in _SENTENCE_END.split(normalize_text(text)[:MAX_CHARS]):
        for index, chunk in enumerate(_CHUNK_BREAK.split(sentence)):
            words = WORD.findall(chunk)
            if words:
                yield index == 0, words


class Reader:
    """Turns texts into per-document candidate sets; caches word decisions."""

    def __init__(self, surface_counts: Counter, inside_counts: Counter, infinitive_counts: Counter, n_texts: int):
        self.surface_counts = surface_counts
        self.inside_counts = inside_counts  # capitalised words seen inside a sentence
        self.infinitive_counts = infinitive_counts  # capitalised words after "das", "zum", "beim", …
        self.nominalised: set[str] = set()  # verbs used as nouns, e.g. "Parken"
        self.gender_votes: dict[str, Counter] = defaultdict(Counter)  # noun key → votes from articles
        # In larger collections a word form written only once cannot become a label (a label needs
        # two texts): it is read from the dictionary alone, without the slower HanTa analysis.
        self.rare_below = RARE_WORD_COUNT if n_texts >= RARE_WORDS_FROM else 0
        self.seen = {word for word in surface_counts if word[:1].isupper()}
        self.forbidden = forbidden_label_tokens()
        self.cache: dict[tuple[str, bool], Token] = {}

    def token(self, word: str, first: bool) -> Token:
        cached = self.cache.get((word, first))
        if cached is None:
            cached = self.cache[(word, first)] = self._token(word, first)
        return cached

    def _token(self, word: str, first: bool) -> Token:
        folded = word.casefold()
        if folded in self.forbidden or folded in CONNECTORS or not 3 <= len(word) <= MAX_WORD_LENGTH:
            return Token(word, "", word, "OTHER", False)
        capital = word[:1].upper() + word[1:]
        dictionary = dictionary_lemma(word)
        if self.surface_counts[word] < self.rare_below:
            return self._rare_token(word, first, dictionary)
        if word[:1].isupper():
            if first:  # sentence start: the capital letter says nothing ("Konkret:", "Klingt gut", "Gute Frage")
                lower = word.lower()
                if self.inside_counts[word]:  # also capitalised inside sentences: a noun
                    pos = NOUN
                elif is_known(lower) and dictionary_lemma(lower)[:1].islower():
                    pos = ADJECTIVE
                elif is_known(word):
                    pos = NOUN if dictionary[:1].isupper() else ADJECTIVE
                else:
                    pos = NOUN if analyze(word)[1] in (NOUN, NAME) else ADJECTIVE
            else:
                pos = NOUN
            adjectival = True  # decided in context by _adjectival()
        else:
            pos, adjectival = ADJECTIVE, True
            if self.inside_counts[capital] >= max(1, self.surface_counts[word]) and \
                    (dictionary_lemma(capital)[:1].isupper() or analyze(capital)[1] == NOUN):
                pos, adjectival = NOUN, False  # lower-case noun: "ehrenamtskarte"
        if pos == NOUN:
            display = noun_lemma(capital, self.seen)
            if self.infinitive_counts[capital] and capital.endswith("en") and dictionary_lemma(folded) == folded:
                display = capital  # "das Parken", "zum Parken": the nominalised verb, not "Park"
                self.nominalised.add(capital)
            if word.isupper() and len(word) <= 5:  # acronyms: ÖPNV, KiTa stay as written
                display = word
        else:
            display = dictionary.lower()
        key = display.casefold()
        if key in self.forbidden or len(key) < 3:
            return Token(word, "", word, "OTHER", False)
        return Token(word, key, display, pos, adjectival)

    def _rare_token(self, word: str, first: bool, dictionary: str) -> Token:
        """A word written once: part of speech from its capital letter, lemma from the dictionary."""
        if word[:1].isupper() and (not first or dictionary[:1].isupper()) and not dictionary[:1].islower():
            display = noun_lemma(word, self.seen) if is_known(word) else word
            return Token(word, display.casefold(), display, NOUN, False)
        if word[:1].islower() and dictionary[:1].islower():
            return Token(word, dictionary.casefold(), dictionary, ADJECTIVE, True)
        return Token(word, "", word, "OTHER", False)

    def candidates(self, text: str) -> dict[tuple, str]:
        """Candidate key → display form for one text (nouns, noun phrases, other content words)."""
        found: dict[tuple, str] = {}
        for first, words in chunks(text):
            tokens = [self.token(word, first and i == 0) for i, word in enumerate(words)]
            for i, token in enumerate(tokens):  # a capitalised adjective before a noun is no noun
                if token.pos == NOUN and token.adjectival and i + 1 < len(tokens) and tokens[i + 1].pos == NOUN \
                        and self._adjectival(token.surface):
                    tokens[i] = Token(token.surface, token.key, token.display, ADJECTIVE, True)
                    name = self._name(token, tokens[i + 1]) if not (first and i == 0) else None
                    if name:
                        found.setdefault(*name)
            for i, token in enumerate(tokens):
                if not token.key:
                    continue
                if token.pos == NOUN:
                    found.setdefault(("N", token.key), token.display)
                    described = self._described(tokens, i)
                    if described:
                        found.setdefault(*described)
                    phrase = self._phrase(tokens, i)
                    if phrase:
                        found.setdefault(phrase[0], phrase[1])
                else:
                    found.setdefault(("W", token.key), token.display)
        return found

    def _described(self, tokens: list[Token], j: int):
        """Adjective + noun ("kostenloses Busticket"); records the gender the article before them shows."""
        noun = tokens[j]
        k = j - 1
        adjective = tokens[k] if k >= 0 and tokens[k].pos == ADJECTIVE else None
        if adjective is not None:
            k -= 1
        if k >= 0 and noun.surface == noun.display:
            vote = _ARTICLE_GENDER.get(tokens[k].surface.casefold())
            if vote and not (vote == "f" and tokens[k].surface.casefold() == "die" and noun.display.endswith(
                    ("en", "er", "el"))):
                self.gender_votes[noun.key][vote] += 1
        if adjective is None or not adjective.key:
            return None
        surface = adjective.surface.lower()  # "Kostenloses Busticket" at the start of a title
        base = dictionary_lemma(surface)
        if base in self.forbidden or surface == base or not _inflected_form_of(surface, base):
            return None  # "fehlen Radwege", "bessere" (→ "gut"): no attributive adjective of its own
        return ("J", base, noun.key), f"{base} {noun.display}"

    def adjective_label(self, base: str, noun_key: str, noun: str) -> str | None:
        """ "Kostenloses Busticket": the adjective in the strong nominative singular of the noun's gender."""
        gender = _gender(noun, self.gender_votes.get(noun_key, Counter()))
        if gender is None:
            return None
        ending = {"m": "er", "f": "e", "n": "es"}[gender]
        if base.endswith("e"):
            form = base + ending[1:]
        elif base.endswith("el") or base.endswith(("auer", "euer")):
            form = base[:-2] + base[-1] + ending  # dunkel → dunkler, teuer → teurer
        else:
            form = base + ending
        return f"{form[:1].upper()}{form[1:]} {noun}"

    @staticmethod
    def _name(adjective: Token, noun: Token):
        """A name of adjective + noun, capitalised inside a sentence ("Holländische Reihe", "Kieler Woche").

        Only written forms in the base form count ("in der Holländischen Reihe" does not).
        """
        base_like = adjective.surface.endswith(("e", "er", "es")) and not adjective.surface.endswith("en")
        if not base_like or noun.surface != noun.display or not adjective.key:
            return None
        return ("A", adjective.surface.casefold(), noun.key), f"{adjective.surface} {noun.surface}"

    @staticmethod
    @lru_cache(maxsize=100_000)
    def _adjectival(word: str) -> bool:
        """A capitalised word that is an adjective before a noun ("Gemeinsamer Terminkalender", "Kieler Woche")."""
        if dictionary_lemma(word)[:1].islower():
            return True
        _, coarse, tag = analyze(word)
        return coarse == ADJECTIVE or tag == "NNA" or (word.endswith("er") and analyze(word.lower())[1] == ADJECTIVE)

    @staticmethod
    def _phrase(tokens: list[Token], i: int):
        """Noun + preposition (or genitive article) + [article] [adjectives] + noun, from position i."""
        if i + 2 >= len(tokens) or tokens[i].pos != NOUN:
            return None
        connector = tokens[i + 1].surface.casefold()
        if connector not in PREPOSITIONS and connector not in GENITIVE_ARTICLES:
            return None
        j, middle, article = i + 2, [], False
        if connector in PREPOSITIONS and j < len(tokens) and tokens[j].surface.casefold() in _ARTICLES:
            article, j = True, j + 1
        while j < len(tokens) and tokens[j].pos == ADJECTIVE and len(middle) < 2:
            middle.append(tokens[j].surface)
            j += 1
        if j >= len(tokens) or tokens[j].pos != NOUN or tokens[j].key == tokens[i].key:
            return None
        if article:  # "mit dem öffentlichen Nahverkehr" must not become "mit öffentlichen Nahverkehr";
            # place adjectives do not inflect and stay: "bei der Kieler Woche" → "bei Kieler Woche"
            middle = [word for word in middle if word[:1].isupper() and word.endswith("er")]
        words = [tokens[i].display, connector, *middle, tokens[j].surface]
        return ("P", tokens[i].key, connector, tokens[j].key), " ".join(words)


_ARTICLE_GENDER = {"das": "n", "eine": "f", "einer": "f", "die": "f", "einen": "m", "den": "m"}
_FEMININE = ("ung", "heit", "keit", "schaft", "ion", "tät", "ik", "ei", "ur")
_NEUTER = ("chen", "lein", "ment", "tum", "um")
_MASCULINE = ("ismus", "ling")


def _gender(noun: str, votes: Counter) -> str | None:
    """Grammatical gender of a noun from its ending or, failing that, the articles written before it."""
    folded = noun.casefold()
    if folded.endswith(_FEMININE):
        return "f"
    if folded.endswith(_NEUTER) and not folded.endswith("aum"):  # "Zentrum", but "der Raum", "der Baum"
        return "n"
    if folded.endswith(_MASCULINE):
        return "m"
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    if rest and rest[0][1] * 2 > count:  # no clear majority
        return None
    if best == "m" and noun.endswith("n"):  # "den" may be a dative plural
        return None
    return best


def _inflected_form_of(surface: str, base: str) -> bool:
    """True when ``surface`` is ``base`` with an adjective ending ("sichere" of "sicher", "dunkle" of "dunkel")."""
    for ending in ("e", "er", "es", "en", "em"):
        if surface == base + ending or (base.endswith("e") and surface == base + ending[1:]):
            return True
        if (base.endswith("el") or base.endswith(("auer", "euer"))) and surface == base[:-2] + base[-1] + ending:
            return True
    return False



def read_corpus(texts: Iterable[str]) -> Reader:
    """A :class:`Reader` for ``texts`` (each distinct text counted once)."""
    surface_counts: Counter = Counter()
    inside_counts: Counter = Counter()
    infinitive_counts: Counter = Counter()
    distinct = dict.fromkeys(texts)
    for text in distinct:
        for first, words in chunks(text):
            surface_counts.update(words)
            inside_counts.update(word for word in words[1 if first else 0:] if word[:1].isupper())
            infinitive_counts.update(word for before, word in zip(words, words[1:])
                                     if before.casefold() in NEUTER_ARTICLES and word[:1].isupper())
    return Reader(surface_counts, inside_counts, infinitive_counts, len(distinct))

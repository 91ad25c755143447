"""German theme labels a person would write: short noun phrases in base form.

:func:`label_themes` reads the texts of each theme, finds nouns and noun
phrases with lemmas and parts of speech (:mod:`analysis.lemmas`, HanTa +
simplemma, offline) and picks for each theme the phrase that is most typical
of it *in contrast* to the other themes and the background texts:

* candidates are nouns in base form ("Bädern" → "Bad") and phrases "noun +
  preposition + noun" ("Ehrenamtskarte mit Vergünstigungen", "Servicestelle im
  Rathaus", "Freistellung durch Arbeitgeber"): the head noun in base form, the
  rest as most often written (the preposition fixes its case), articles left out;
* stop words and participation fillers (:func:`forbidden_label_tokens`) are
  never a candidate; capitalised words inside a sentence are nouns, lower-case
  nouns ("ehrenamtskarte") are recognised when the capitalised form is known;
* score = p · log(p / q), p the share of the theme's texts containing the
  candidate and q its share in the other themes and the background;
* a phrase replaces its noun (as head or as the noun after the preposition)
  when at least a fifth of the texts with that noun use it; sibling themes never get the same label (the next best
  candidate, or "A und B" with the theme's next noun, is taken instead).

A theme without any usable noun is labelled with its most typical verb as a
nominalised infinitive ("Parken", "Beantworten"); without that, with
:data:`FALLBACK_LABEL` ("Sonstige Anliegen", numbered if several themes need
it). Large themes are sampled deterministically (:data:`MAX_TEXTS_PER_THEME`
evenly spaced texts, each cut after
:data:`MAX_CHARS` characters).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.lemmas import ADJECTIVE, NAME, NOUN, analyze, dictionary_lemma, is_known, noun_lemma
from analysis.text import STOP_WORDS, normalize_text

MAX_TEXTS_PER_THEME = 400
MAX_BACKGROUND_TEXTS = 2_000
MAX_CHARS = 1_500
MAX_WORD_LENGTH = 40  # longer "words" are noise (pasted links, keyboard mashing)
RARE_WORD_COUNT, RARE_WORDS_FROM = 2, 50  # see _Reader
PHRASE_SHARE = 0.2  # a phrase replaces its head noun from this share of the noun's texts on
FALLBACK_LABEL = "Sonstige Anliegen"  # German default; only when a theme has no content word at all

# Prepositions (and contracted forms) that may join two nouns in a label; they
# are stop words, so they are allowed only *between* the nouns of a label.
PREPOSITIONS = frozenset("""
mit für im am an auf in zur zum durch von vom ohne bei beim über gegen nach aus unter zwischen vor hinter
""".split())
GENITIVE_ARTICLES = frozenset(["der", "des"])
CONNECTORS = PREPOSITIONS | GENITIVE_ARTICLES | {"und"}
_NEUTER_ARTICLES = frozenset("das zum beim vom ins ans übers fürs".split())  # before a nominalised verb
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())

# Words that are no theme even though they are nouns or content words: reply
# phrases and meta words of participation ("Da stimme ich zu", "Gute Frage",
# "daran gedacht", "Genau das meine ich").
LABEL_FILLERS = """
genau stimme stimmen zustimmen zustimmung gedacht denken daran darauf frage fragen antwort antworten
meine meinen meint meinung sache sachen ding dinge punkt punkte thema themen beitrag beiträge kommentar
kommentare problem probleme grund gründe fall fälle art weise teil teile jahr jahre tag tage zeit
möglichkeit möglichkeiten ansicht recht richtig falsch klar toll super prima interessant
verwaltung herr frau liebe lieber hallo grüße gruß
""".split()

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:\n•]+")
_CHUNK_BREAK = re.compile(r"[,;()\"„“”»«–—/]| - ")


@dataclass(frozen=True)
class ThemeLabel:
    """Label of one theme: a short German noun phrase and its key terms (base forms)."""

    label: str
    terms: list[str]


@lru_cache(maxsize=1)
def forbidden_label_tokens() -> frozenset[str]:
    """Case-folded words that must never appear as a word of a label.

    The stop list of :mod:`analysis.text` (German stop words + participation
    fillers) plus :data:`LABEL_FILLERS`, minus the connecting words
    (prepositions, "der"/"des", "und") that labels use *between* nouns – those
    are checked by position in :func:`label_problems`.
    """
    words = {word.casefold() for word in STOP_WORDS} | {word.casefold() for word in LABEL_FILLERS}
    return frozenset(words - CONNECTORS)


def label_problems(label: str, *, nominalised: Collection[str] = ()) -> list[str]:
    """Reasons why ``label`` is not an acceptable theme label (empty list: fine).

    Checks: not empty; no forbidden token (:func:`forbidden_label_tokens`);
    connecting words only between two other words; no word twice; the first
    word is a noun in its base form, no inflected fragment such as "Schulen"
    or "Engagierten Kiellinie". Out of context "Parken" looks like the plural
    of "Park": ``nominalised`` lists verbs the corpus uses as nouns ("das
    Parken"), which :func:`label_themes` passes for its own labels.
    """
    words = [word.strip(".,;:!?\"'()") for word in label.split()]
    words = [word for word in words if word]
    if not words:
        return ["empty label"]
    problems = []
    forbidden = forbidden_label_tokens()
    folded = [word.casefold() for word in words]
    for position, word in enumerate(folded):
        if word in CONNECTORS:
            if position in (0, len(words) - 1):
                problems.append(f"connecting word at the edge: {words[position]!r}")
        elif word in forbidden:
            problems.append(f"stop or filler word: {words[position]!r}")
    repeated = sorted({word for word in folded if folded.count(word) > 1 and word not in CONNECTORS})
    problems += [f"duplicated word: {word!r}" for word in repeated]
    head = words[0]
    if head.casefold() not in CONNECTORS and head.casefold() not in forbidden:
        lemma, coarse, _ = analyze(head)
        if coarse == NOUN and noun_lemma(head) != head and lemma != head and head not in nominalised:
            problems.append(f"inflected first word: {head!r} (base form {noun_lemma(head)!r})")
        elif not head[:1].isupper():
            problems.append(f"first word is no noun: {head!r}")
    return problems


def check_labels(labels: Sequence[str], *, nominalised: Collection[str] = ()) -> dict[str, list[str]]:
    """Problems of a run's labels (e.g. the themes of the large demo run): label → reasons, only bad ones.

    Adds "same label as a sibling theme" to :func:`label_problems` for
    labels that occur more than once (compared case-insensitively).
    """
    folded = [label.casefold() for label in labels]
    problems: dict[str, list[str]] = {}
    for label, key in zip(labels, folded):
        found = label_problems(label, nominalised=nominalised)
        if folded.count(key) > 1:
            found.append("same label as a sibling theme")
        if found:
            problems[label] = found
    return problems


def nominalised_verbs(texts: Sequence[str]) -> set[str]:
    """Verbs the texts use as nouns ("das Parken", "zum Parken"): pass to :func:`check_labels`."""
    found = set()
    for text in _sample(list(texts), MAX_BACKGROUND_TEXTS):
        for _, words in _chunks(text):
            for before, word in zip(words, words[1:]):
                folded = word.casefold()
                if before.casefold() in _NEUTER_ARTICLES and word[:1].isupper() and word.endswith("en") \
                        and dictionary_lemma(folded) == folded:
                    found.add(word)
    return found


# -- reading texts -------------------------------------------------------------

@dataclass(frozen=True)
class _Token:
    surface: str
    key: str        # case-folded lemma ("" for words that are no content)
    display: str    # base form as shown in a label
    pos: str        # NOUN, ADJ or OTHER
    adjectival: bool  # may be an adjective when a noun follows


def _chunks(text: str):
    """Yield (is_sentence_start, words) for the comma-free pieces of ``text``."""
    for sentence in _SENTENCE_END.split(normalize_text(text)[:MAX_CHARS]):
        for index, chunk in enumerate(_CHUNK_BREAK.split(sentence)):
            words = _WORD.findall(chunk)
            if words:
                yield index == 0, words


class _Reader:
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
        self.cache: dict[tuple[str, bool], _Token] = {}

    def token(self, word: str, first: bool) -> _Token:
        cached = self.cache.get((word, first))
        if cached is None:
            cached = self.cache[(word, first)] = self._token(word, first)
        return cached

    def _token(self, word: str, first: bool) -> _Token:
        folded = word.casefold()
        if folded in self.forbidden or folded in CONNECTORS or not 3 <= len(word) <= MAX_WORD_LENGTH:
            return _Token(word, "", word, "OTHER", False)
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
            return _Token(word, "", word, "OTHER", False)
        return _Token(word, key, display, pos, adjectival)

    def _rare_token(self, word: str, first: bool, dictionary: str) -> _Token:
        """A word written once: part of speech from its capital letter, lemma from the dictionary."""
        if word[:1].isupper() and (not first or dictionary[:1].isupper()) and not dictionary[:1].islower():
            display = noun_lemma(word, self.seen) if is_known(word) else word
            return _Token(word, display.casefold(), display, NOUN, False)
        if word[:1].islower() and dictionary[:1].islower():
            return _Token(word, dictionary.casefold(), dictionary, ADJECTIVE, True)
        return _Token(word, "", word, "OTHER", False)

    def candidates(self, text: str) -> dict[tuple, str]:
        """Candidate key → display form for one text (nouns, noun phrases, other content words)."""
        found: dict[tuple, str] = {}
        for first, words in _chunks(text):
            tokens = [self.token(word, first and i == 0) for i, word in enumerate(words)]
            for i, token in enumerate(tokens):  # a capitalised adjective before a noun is no noun
                if token.pos == NOUN and token.adjectival and i + 1 < len(tokens) and tokens[i + 1].pos == NOUN \
                        and self._adjectival(token.surface):
                    tokens[i] = _Token(token.surface, token.key, token.display, ADJECTIVE, True)
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

    def _described(self, tokens: list[_Token], j: int):
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
    def _name(adjective: _Token, noun: _Token):
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
    def _phrase(tokens: list[_Token], i: int):
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


# -- scoring -------------------------------------------------------------------

def _sample(texts: Sequence[str], limit: int) -> list[str]:
    """Up to ``limit`` texts, evenly spaced (deterministic)."""
    if len(texts) <= limit:
        return list(texts)
    step = len(texts) / limit
    return [texts[int(i * step)] for i in range(limit)]


def _document_candidates(reader: _Reader, texts: list[str]):
    counts: Counter = Counter()
    displays: dict[tuple, Counter] = defaultdict(Counter)
    for text in texts:
        for key, display in reader.candidates(text).items():
            counts[key] += 1
            displays[key][display] += 1
    return counts, displays


def _score(df_theme: int, n_theme: int, df_rest: int, n_rest: int) -> float:
    p = df_theme / max(n_theme, 1)
    q = (df_rest + 0.5) / (n_rest + 1)
    return p * math.log(p / q) if p > q else 0.0


def _ranked(counts, rest_counts, n_theme, n_rest, min_df):
    scores = {}
    for key, df in counts.items():
        if df >= min_df:
            score = _score(df, n_theme, rest_counts.get(key, 0), n_rest)
            if score > 0:
                scores[key] = score
    return sorted(scores, key=lambda key: (-scores[key], key)), scores


def _options(counts, ranked, display, nominalised) -> list[str]:
    """Label options of one theme, best first."""
    nouns = [key for key in ranked if key[0] == "N"]
    phrases = [key for key in ranked if key[0] in ("P", "A", "J")]
    options: list[str] = []
    for noun in nouns[:6]:
        needed = max(min(2, counts[noun]), PHRASE_SHARE * counts[noun])
        with_noun = [p for p in phrases if noun[1] in (p[1], p[-1]) and counts[p] >= needed and display(p)]
        if with_noun:
            options.append(display(with_noun[0]))
        options.append(display(noun))
    for index, noun in enumerate(nouns[:4]):  # "A und B" to tell siblings apart
        for other in nouns[index + 1:5]:
            a, b = display(noun), display(other)
            if a.casefold() not in b.casefold() and b.casefold() not in a.casefold():
                options.append(f"{a} und {b}")
    if not options:  # no noun: the most typical verb, as a nominalised infinitive ("Parken")
        verbs = [display(key) for key in ranked if key[0] == "W" and _is_infinitive(display(key))]
        options += [verb[:1].upper() + verb[1:] for verb in verbs[:3]]
    return [option for option in dict.fromkeys(options) if not label_problems(option, nominalised=nominalised)]


def _is_infinitive(word: str) -> bool:
    return len(word) > 4 and word.endswith(("en", "ern", "eln")) and word.islower() and dictionary_lemma(word) == word


def _terms(ranked, display, limit: int) -> list[str]:
    """Readable key terms: phrases and nouns first, no term already covered by a chosen one."""
    terms: list[str] = []
    covered: set[str] = set()
    verbs = [key for key in ranked if key[0] == "W" and _is_infinitive(key[1])]  # no stray adjectives
    ordered = [key for key in ranked if key[0] != "W"] + verbs
    for key in ordered:
        parts = {part for part in key[1:] if part not in CONNECTORS}
        if parts <= covered or not display(key):
            continue
        terms.append(display(key))
        covered |= parts
        if len(terms) == limit:
            break
    return terms


def label_themes(
    themes: Sequence[Sequence[str]], *, background: Sequence[str] = (), n_terms: int = 8
) -> list[ThemeLabel]:
    """One German label (noun phrase in base form) and key terms per theme, in the order of ``themes``.

    ``themes[i]`` holds the texts of theme i (title and body joined with a
    newline); ``background`` are further texts to contrast with (e.g. all
    contributions). Labels of different themes always differ. Deterministic.
    """
    samples = [_sample(list(texts), MAX_TEXTS_PER_THEME) for texts in themes]
    background_sample = _sample(list(background), MAX_BACKGROUND_TEXTS)
    surface_counts: Counter = Counter()
    inside_counts: Counter = Counter()
    infinitive_counts: Counter = Counter()
    distinct = dict.fromkeys(text for sample in [*samples, background_sample] for text in sample)
    for text in distinct:  # the background usually repeats the themes' texts: count each text once
        for first, words in _chunks(text):
            surface_counts.update(words)
            inside_counts.update(word for word in words[1 if first else 0:] if word[:1].isupper())
            infinitive_counts.update(word for before, word in zip(words, words[1:])
                                     if before.casefold() in _NEUTER_ARTICLES and word[:1].isupper())
    reader = _Reader(surface_counts, inside_counts, infinitive_counts, len(distinct))

    per_theme = [_document_candidates(reader, sample) for sample in samples]
    background_counts, background_displays = _document_candidates(reader, background_sample)
    total = Counter(background_counts)
    for counts, _ in per_theme:
        total.update(counts)
    n_total = len(background_sample) + sum(len(sample) for sample in samples)

    proposals = []
    for index, ((counts, displays), sample) in enumerate(zip(per_theme, samples)):
        rest = {key: total[key] - counts[key] for key in counts}
        n_rest = n_total - len(sample)
        min_df = 2 if len(sample) >= 10 else 1
        ranked, scores = _ranked(counts, rest, len(sample), n_rest, min_df)

        def display(key, displays=displays):
            if key[0] == "J":  # adjective + noun: only with a known gender ("Kostenloses Busticket")
                return reader.adjective_label(key[1], key[2], display(("N", key[2])))
            return displays[key].most_common(1)[0][0] if key in displays else background_displays[key]

        options = _options(counts, ranked, display, reader.nominalised)
        best = scores[ranked[0]] if ranked else 0.0
        proposals.append((index, options, _terms(ranked, display, n_terms), best))

    labels: dict[int, ThemeLabel] = {}
    used: set[str] = set()
    for index, options, terms, _ in sorted(proposals, key=lambda item: (-item[3], item[0])):
        choice = next((option for option in options if option.casefold() not in used), None)
        if choice is None:
            base = options[0] if options else FALLBACK_LABEL
            number = 2
            while f"{base} ({number})".casefold() in used:
                number += 1
            choice = base if base.casefold() not in used else f"{base} ({number})"
        used.add(choice.casefold())
        labels[index] = ThemeLabel(label=choice, terms=terms)
    return [labels[index] for index in range(len(themes))]

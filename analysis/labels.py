"""German theme labels a person would write: short noun phrases in base form.

:func:`label_themes` reads the texts of each theme
(:mod:`analysis.label_phrases`: lemmas and parts of speech from
:mod:`analysis.lemmas`, offline) and picks for each theme the phrase that is
most typical of it *in contrast* to the other themes and the background texts:

* candidates are nouns in base form ("Bädern" → "Bad"), phrases "noun +
  preposition + noun" ("Ehrenamtskarte mit Vergünstigungen", "Servicestelle im
  Rathaus"), names ("Holländische Reihe") and adjective + noun in the
  nominative ("Kostenloses Busticket"); stop words and participation fillers
  (:func:`forbidden_label_tokens`) are never part of a candidate;
* score = p · log(p / q), p the share of the theme's texts containing the
  candidate and q its share in the other themes and the background;
* a phrase replaces its noun when at least a fifth of the texts with that
  noun use it and the words after the preposition do not vary (at least half
  of "Zuschuss für …" must be "Zuschuss für Vereine"); sibling themes never get the same label (the next best option,
  or "A und B" of the theme's two best nouns, is taken instead).

A theme without any usable noun is labelled with its most typical verb as a
nominalised infinitive ("Beantworten"); without that, with
:data:`FALLBACK_LABEL` ("Sonstige Anliegen", numbered if several themes need
it). Large themes are sampled deterministically (:data:`MAX_TEXTS_PER_THEME`
evenly spaced texts). :func:`label_problems` and :func:`check_labels` say
why a label is not acceptable (for tests of whole runs).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from analysis.label_phrases import (
    CONNECTORS,
    NEUTER_ARTICLES,
    Reader,
    chunks,
    forbidden_label_tokens,
    read_corpus,
)
from analysis.lemmas import NOUN, analyze, dictionary_lemma, noun_lemma

__all__ = ["FALLBACK_LABEL", "ThemeLabel", "check_labels", "forbidden_label_tokens", "label_problems",
           "label_themes", "nominalised_verbs"]

MAX_TEXTS_PER_THEME = 400
MAX_BACKGROUND_TEXTS = 2_000
PHRASE_SHARE = 0.2  # a phrase replaces its head noun from this share of the noun's texts on
SLOT_SHARE = 0.5  # … and when it has at least this share of the head's phrases with the same preposition
HEADLINE_WEIGHT = 1.0  # extra weight of a candidate found in every title of a theme (see _ranked)
FALLBACK_LABEL = "Sonstige Anliegen"  # German default; only when a theme has no content word at all



@dataclass(frozen=True)
class ThemeLabel:
    """Label of one theme: a short German noun phrase and its key terms (base forms)."""

    label: str
    terms: list[str]



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
        for _, words in chunks(text):
            for before, word in zip(words, words[1:]):
                folded = word.casefold()
                if before.casefold() in NEUTER_ARTICLES and word[:1].isupper() and word.endswith("en") \
                        and dictionary_lemma(folded) == folded:
                    found.add(word)
    return found



# -- scoring -------------------------------------------------------------------

def _sample(texts: Sequence[str], limit: int) -> list[str]:
    """Up to ``limit`` texts, evenly spaced (deterministic)."""
    if len(texts) <= limit:
        return list(texts)
    step = len(texts) / limit
    return [texts[int(i * step)] for i in range(limit)]


def _document_candidates(reader: Reader, texts: list[str], *, headlines: bool = False):
    """Per candidate: the number of texts containing it, its written forms, and (with ``headlines``) the
    number of texts whose first line – a proposal's title – contains it."""
    counts: Counter = Counter()
    heads: Counter = Counter()
    displays: dict[tuple, Counter] = defaultdict(Counter)
    for text in texts:
        for key, display in reader.candidates(text).items():
            counts[key] += 1
            displays[key][display] += 1
        if headlines and "\n" in text:
            heads.update(reader.candidates(text.split("\n", 1)[0]).keys())
    return counts, displays, heads


def _score(df_theme: int, n_theme: int, df_rest: int, n_rest: int) -> float:
    p = df_theme / max(n_theme, 1)
    q = (df_rest + 0.5) / (n_rest + 1)
    return p * math.log(p / q) if p > q else 0.0


def _ranked(counts, rest_counts, n_theme, n_rest, min_df, heads=None):
    """Candidates by contrast score, best first. A candidate in the first lines (titles) of the theme's texts
    weighs up to 1 + HEADLINE_WEIGHT times as much: a title names what a proposal is about ("Spielplatz"),
    the body the circumstances ("Kinder"). Ties: more texts, then the longer (more specific) word."""
    heads = heads or {}
    scores = {}
    for key, df in counts.items():
        if df >= min_df:
            score = _score(df, n_theme, rest_counts.get(key, 0), n_rest)
            if score > 0:
                scores[key] = score * (1 + HEADLINE_WEIGHT * heads.get(key, 0) / max(n_theme, 1))
    order = sorted(scores, key=lambda key: (-scores[key], -counts[key], -len(" ".join(key[1:])), key))
    return order, scores


def _options(counts, ranked, display, nominalised) -> list[str]:
    """Label options of one theme, best first."""
    nouns = [key for key in ranked if key[0] == "N"]
    phrases = [key for key in ranked if key[0] in ("P", "A", "J")]
    slots: Counter = Counter()  # texts per (head, preposition): "Zuschuss für …" with changing endings
    for key in phrases:
        if key[0] == "P":
            slots[key[1:3]] += counts[key]
    options: list[str] = []
    for noun in nouns[:6]:
        needed = max(min(2, counts[noun]), PHRASE_SHARE * counts[noun])
        with_noun = [p for p in phrases if noun[1] in (p[1], p[-1]) and counts[p] >= needed and display(p)
                     and (p[0] != "P" or counts[p] >= SLOT_SHARE * slots[p[1:3]])]
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
    # the background usually repeats the themes' texts: read_corpus counts each text once
    reader = read_corpus(text for sample in [*samples, background_sample] for text in sample)

    per_theme = [_document_candidates(reader, sample, headlines=True) for sample in samples]
    background_counts, background_displays, _ = _document_candidates(reader, background_sample)
    total = Counter(background_counts)
    for counts, _, _ in per_theme:
        total.update(counts)
    n_total = len(background_sample) + sum(len(sample) for sample in samples)

    proposals = []
    for index, ((counts, displays, heads), sample) in enumerate(zip(per_theme, samples)):
        rest = {key: total[key] - counts[key] for key in counts}
        n_rest = n_total - len(sample)
        min_df = 2 if len(sample) >= 10 else 1
        ranked, scores = _ranked(counts, rest, len(sample), n_rest, min_df, heads)

        def display(key, displays=displays):
            if key[0] == "J":  # adjective + noun: only with a known gender ("Kostenloses Busticket")
                return reader.adjective_label(key[1], key[2], display(("N", key[2])))
            return displays[key].most_common(1)[0][0] if key in displays else background_displays[key]

        options = _options(counts, ranked, display, reader.nominalised)
        nouns = [scores[key] for key in ranked if key[0] == "N"]
        # themes with a noun choose first: a verb fallback ("Kosten" of "kosten") must not take a sibling's noun
        best = (1, nouns[0]) if nouns else (0, scores[ranked[0]] if ranked else 0.0)
        proposals.append((index, options, _terms(ranked, display, n_terms), best))

    labels: dict[int, ThemeLabel] = {}
    used: set[str] = set()
    for index, options, terms, _ in sorted(proposals, key=lambda item: (-item[3][0], -item[3][1], item[0])):
        choice = next((option for option in options if option.casefold() not in used), None)
        if choice is None:  # nothing of its own left: the neutral label, numbered from the second on
            number = 2
            while f"{FALLBACK_LABEL} ({number})".casefold() in used:
                number += 1
            choice = FALLBACK_LABEL if FALLBACK_LABEL.casefold() not in used else f"{FALLBACK_LABEL} ({number})"
        used.add(choice.casefold())
        labels[index] = ThemeLabel(label=choice, terms=terms)
    return [labels[index] for index in range(len(themes))]

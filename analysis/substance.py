"""Which contributions carry content: a general rule, learnt from the data itself.

A contribution is kept out of themes (it still counts as engagement) with one
of these reasons:

* ``"no_words"`` – no content word at all (only stop words, numbers, symbols);
* ``"short"`` – fewer than :data:`MIN_CONTENT_WORDS` different content words
  ("Da stimme ich zu.", "Sportverein");
* ``"stock_reply"`` – a short text (at most :data:`STOCK_MAX_CONTENT_WORDS`
  content words) that recurs nearly verbatim: a set of word stems that occurs
  verbatim at least :data:`STOCK_MIN_VERBATIM` times, together with the texts
  overlapping it by at least :data:`STOCK_OVERLAP` (slot variants such as a
  different district), covers at least ``max(STOCK_MIN_REPEATS,
  STOCK_MIN_SHARE × n)`` texts, and – when contexts
  are known (the pillar, or the proposal a comment answers) – in at least
  two different contexts. Such patterns ("Gute Frage – das sollte die
  Verwaltung beantworten.") are generic replies, not topics.

No word list beyond the stop words of :mod:`analysis.text` is involved: the
stock patterns are found anew in every corpus.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from analysis.text import stem, tokenize

REASONS = ("no_words", "short", "stock_reply")
MIN_CONTENT_WORDS = 2
STOCK_MAX_CONTENT_WORDS = 12
STOCK_MIN_REPEATS = 5
STOCK_MIN_VERBATIM = 3
STOCK_MIN_SHARE = 0.002
STOCK_OVERLAP = 0.6


def content_stems(title: str | None, text: str | None) -> frozenset[str]:
    """The distinct stems of the content words of a title and a text."""
    return frozenset(stem(folded) for folded, _ in tokenize(title) + tokenize(text))


def assess_substance(titles: Sequence[str | None], texts: Sequence[str],
                     contexts: Sequence[str | None] | None = None) -> list[str | None]:
    """Reason per contribution why it carries no theme (see :data:`REASONS`), or ``None`` when it does.

    ``contexts`` (optional, one per text) are what a text answers or belongs to;
    a stock reply must then recur in at least two of them.
    """
    stems = [content_stems(title, text) for title, text in zip(titles, texts)]
    reasons: list[str | None] = [None] * len(stems)
    for index, words in enumerate(stems):
        if not words:
            reasons[index] = "no_words"
        elif len(words) < MIN_CONTENT_WORDS:
            reasons[index] = "short"
    for index in stock_replies(stems, contexts):
        if reasons[index] is None:
            reasons[index] = "stock_reply"
    return reasons


def stock_replies(stems: Sequence[frozenset[str]], contexts: Sequence[str | None] | None = None) -> list[int]:
    """Indices of the short texts that recur nearly verbatim (see the module docstring)."""
    candidates = [i for i, words in enumerate(stems) if 0 < len(words) <= STOCK_MAX_CONTENT_WORDS]
    min_repeats = max(STOCK_MIN_REPEATS, math.ceil(STOCK_MIN_SHARE * len(stems)))
    exact = Counter(stems[i] for i in candidates)
    seeds = [words for words, count in exact.items() if count >= STOCK_MIN_VERBATIM]
    # Set-similarity join with prefix filtering: two sets overlapping by at least STOCK_OVERLAP × the
    # larger size share one of the rarest (len − needed + 1) stems of each, so only those are indexed.
    frequency = Counter(word for words in exact for word in words)

    def prefix(words: frozenset[str]) -> list[str]:
        needed = math.ceil(STOCK_OVERLAP * len(words))
        return sorted(words, key=lambda word: (frequency[word], word))[: len(words) - needed + 1]

    by_stem: dict[str, list[int]] = defaultdict(list)
    for number, words in enumerate(seeds):
        for word in prefix(words):
            by_stem[word].append(number)
    matched: dict[int, list[frozenset[str]]] = defaultdict(list)
    for words in exact:
        matches = {number for word in prefix(words) for number in by_stem.get(word, ())}
        for number in matches:
            if len(words & seeds[number]) / max(len(words), len(seeds[number])) >= STOCK_OVERLAP:
                matched[number].append(words)
    rows_of: dict[frozenset[str], list[int]] = defaultdict(list)
    for index in candidates:
        rows_of[stems[index]].append(index)
    members = {number: [row for words in sets for row in rows_of[words]] for number, sets in matched.items()}
    found: set[int] = set()
    for rows in members.values():
        if len(rows) < min_repeats:
            continue
        if contexts is not None and len({contexts[i] for i in rows if contexts[i]}) < 2:
            continue
        found.update(rows)
    return sorted(found)


def count_reasons(reasons: Sequence[str | None]) -> dict[str, int]:
    """Number of contributions per exclusion reason, every reason listed (zero included)."""
    counts = Counter(reason for reason in reasons if reason is not None)
    return {reason: counts.get(reason, 0) for reason in REASONS}

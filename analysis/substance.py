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

import numpy as np
import scipy.sparse as sp

from analysis.text import STOP_WORDS, TOKEN_PATTERN, normalize_text, stem

REASONS = ("no_words", "short", "stock_reply")
MIN_CONTENT_WORDS = 2
STOCK_MAX_CONTENT_WORDS = 12
STOCK_MIN_REPEATS = 5
STOCK_MIN_VERBATIM = 3
STOCK_MIN_SHARE = 0.002
STOCK_OVERLAP = 0.6
JOIN_CHUNK = 2_000


def content_stems(title: str | None, text: str | None, limit: int | None = None) -> frozenset[str]:
    """The distinct stems of the content words of a title and a text.

    With ``limit``, reading stops once more than ``limit`` stems are found (enough to know a
    text is long; saves most of the time on long texts)."""
    found: set[str] = set()
    for part in (title, text):
        for match in TOKEN_PATTERN.finditer(normalize_text(part)):
            folded = match.group().casefold()
            if folded not in STOP_WORDS:
                found.add(stem(folded))
                if limit is not None and len(found) > limit:
                    return frozenset(found)
    return frozenset(found)


def assess_substance(titles: Sequence[str | None], texts: Sequence[str],
                     contexts: Sequence[str | None] | None = None) -> list[str | None]:
    """Reason per contribution why it carries no theme (see :data:`REASONS`), or ``None`` when it does.

    ``contexts`` (optional, one per text) are what a text answers or belongs to;
    a stock reply must then recur in at least two of them.
    """
    stems = [content_stems(title, text, STOCK_MAX_CONTENT_WORDS) for title, text in zip(titles, texts)]
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
    sets = list(exact)
    seeds = [number for number, words in enumerate(sets) if exact[words] >= STOCK_MIN_VERBATIM]
    rows_of: dict[frozenset[str], list[int]] = defaultdict(list)
    for index in candidates:
        rows_of[stems[index]].append(index)
    members: dict[int, list[int]] = {}
    if seeds:
        # Overlap of every distinct stem set with every verbatim core, as one sparse product.
        vocabulary: dict[str, int] = {}
        indptr, indices = [0], []
        for words in sets:
            indices.extend(vocabulary.setdefault(word, len(vocabulary)) for word in words)
            indptr.append(len(indices))
        incidence = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                                  shape=(len(sets), len(vocabulary)))
        sizes = np.diff(incidence.indptr).astype(np.float32)
        seed_rows = np.asarray(seeds)
        seed_matrix = incidence[seed_rows].T.tocsc()
        for start in range(0, len(sets), JOIN_CHUNK):  # bounded memory for the product
            overlap = (incidence[start:start + JOIN_CHUNK] @ seed_matrix).tocoo()
            larger = np.maximum(sizes[start + overlap.row], sizes[seed_rows[overlap.col]])
            close = overlap.data / larger >= STOCK_OVERLAP
            for set_number, seed_column in zip(overlap.row[close], overlap.col[close]):
                members.setdefault(int(seed_column), []).extend(rows_of[sets[start + set_number]])
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

"""Theme labels: class-based TF-IDF terms, mapped back to written words.

Interim version wrapping the labels ``find_topics`` produced so far (a
parallel piece of work replaces it with lemma- and noun-phrase-based labels;
the interface below stays).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.text import TextVectorizer, top_terms


@dataclass(frozen=True)
class ThemeLabel:
    """A theme's label and its readable key terms."""

    label: str
    terms: list[str]


def label_themes(themes: Sequence[Sequence[str]], *, background: Sequence[str] = (),
                 n_terms: int = 8) -> list[ThemeLabel]:
    """One :class:`ThemeLabel` per theme; ``themes[i]`` are the texts of theme i.

    Terms are class-based TF-IDF (Grootendorst 2022): frequent in the theme,
    rare across the other themes and the ``background`` texts. The label joins
    the first three terms; a theme without terms is called "Thema n".
    """
    if not themes:
        return []
    texts = [text for theme in themes for text in theme] + list(background)
    owner = np.array([index for index, theme in enumerate(themes) for _ in theme] + [-1] * len(background))
    vectorizer = TextVectorizer(min_df=1)
    counts = vectorizer.fit_word_counts(texts)
    per_theme = np.vstack([np.asarray(counts[owner == index].sum(axis=0)).ravel()
                           for index in range(len(themes))])
    background_counts = (np.asarray(counts[owner == -1].sum(axis=0)).ravel() if len(background)
                         else np.zeros(per_theme.shape[1]))
    totals = per_theme.sum(axis=0) + background_counts
    mean_words = max(per_theme.sum() / len(themes), 1.0)
    idf = np.log1p(mean_words / np.maximum(totals, 1))
    scores = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1) * idf
    names = vectorizer.word_feature_names
    labels = []
    for index in range(len(themes)):
        terms = _readable_terms(scores[index], names, vectorizer, n_terms)
        labels.append(ThemeLabel(label=", ".join(terms[:3]) if terms else f"Thema {index + 1}", terms=terms))
    return labels


def _readable_terms(scores, names, vectorizer, limit: int) -> list[str]:
    """Top terms as written words, skipping unigrams already contained in a chosen bigram."""
    chosen: list[str] = []  # stem n-grams
    for index in top_terms(scores, names, limit * 3):
        parts = names[index].split(" ")
        if any(set(parts) <= set(term.split(" ")) for term in chosen):
            continue
        chosen = [term for term in chosen if not set(term.split(" ")) <= set(parts)]
        chosen.append(names[index])
        if len(chosen) == limit:
            break
    terms: list[str] = []
    for term in chosen:
        readable = vectorizer.readable(term)
        if readable.casefold() not in (existing.casefold() for existing in terms):
            terms.append(readable)
    return terms




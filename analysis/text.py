"""German text pipeline: normalisation, tokens, stop words, stems, TF-IDF features.

The feature matrix combines two L2-normalised TF-IDF blocks:

* **word block** – Snowball stems as unigrams and bigrams ("radweg",
  "offentlich nahverkehr"), after removing German and participation stop words;
* **character block** – ``char_wb`` 3–5-grams of each (unstemmed) token, so that
  compounds share features with their parts ("Ehrenamtskoordination" and
  "Ehrenamt").

Character n-grams are computed once per *distinct* token and combined with a
sparse document × token matrix, which is much faster than running the
character analyser over every document. Titles are weighted by repeating their
tokens ``title_weight`` times.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize as l2_normalize
from stop_words import get_stop_words

# Words that carry no theme in citizen participation texts (requests, modal
# verbs, the city itself, politeness). Compared after normalisation.
PARTICIPATION_FILLER_WORDS = """
bitte danke dank gerne gern sollte sollten solle sollen könnte könnten kann können
müsste müssten muss müssen würde würden wäre wären hätte hätten wird werden wurde
wurden worden gibt geben gab mehr weniger viel viele vielen sehr ganz etwa etwas
einfach eigentlich immer schon noch mal einmal wirklich leider endlich vielleicht
wichtig gut besser schön finde finden fände meiner meinung sicht idee ideen
vorschlag vorschläge vorschlagen anregung anregungen hinweis wunsch wünsche
stadt städte kiel hamburg altona ottensen bereich bereiche beispiel z.b zb bzw
usw etc ca ggf evtl dass daß ja nein ok okay leute menschen man uns unsere unserer
innen str gr neue neuen neu mehrere gerade bereits sowie sowohl dabei dafür dazu damit davon
""".split()

STOP_WORDS = frozenset(
    unicodedata.normalize("NFKC", word).casefold()
    for word in list(get_stop_words("german")) + PARTICIPATION_FILLER_WORDS
)

TOKEN_PATTERN = re.compile(r"[^\W\d_]{2,}")
_URL_PATTERN = re.compile(r"https?://\S+|www\.\S+")
_STEMMER = snowballstemmer.stemmer("german")


def normalize_text(text: str | None) -> str:
    """Return ``text`` in Unicode NFKC form with URLs removed (case is kept)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return _URL_PATTERN.sub(" ", text)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball-stem one already lower-cased (case-folded) German token.

    Case folding happens first (so "Straße" and "STRASSE" agree); the German
    Snowball stemmer then removes umlauts, so "Fahrräder" and "Fahrrad" share
    the stem "fahrrad".
    """
    return _STEMMER.stemWord(token)


def tokenize(text: str | None) -> list[tuple[str, str]]:
    """Split text into ``(folded, surface)`` token pairs without stop words.

    ``folded`` is the NFKC + case-folded token used for features; ``surface``
    is the token as written, used to print readable labels.
    """
    pairs = []
    for surface in TOKEN_PATTERN.findall(normalize_text(text)):
        folded = surface.casefold()
        if folded not in STOP_WORDS:
            pairs.append((folded, surface))
    return pairs


def _identity(tokens):
    return tokens


def _word_features(folded_tokens: Sequence[str], ngram_max: int) -> list[str]:
    stems = [stem(token) for token in folded_tokens]
    features = list(stems)
    for n in range(2, ngram_max + 1):
        features.extend(" ".join(stems[i : i + n]) for i in range(len(stems) - n + 1))
    return features


class TextVectorizer:
    """Fit German TF-IDF features (word + character n-grams) and transform new texts.

    Parameters
    ----------
    title_weight:
        How many times title tokens are counted (text tokens count once).
    word_weight:
        Share of the word block in the cosine similarity (the character block
        gets ``1 - word_weight``).
    min_df:
        Minimum number of documents a feature must occur in; ``None`` chooses
        1 for small collections and 2 from 50 documents on.
    max_df:
        Maximum document share of a feature (applied from 100 documents on).
    """

    def __init__(
        self,
        *,
        title_weight: int = 2,
        word_weight: float = 0.5,
        word_ngrams: int = 2,
        char_ngrams: tuple[int, int] = (3, 5),
        min_df: int | None = None,
        max_df: float = 0.5,
    ):
        self.title_weight = title_weight
        self.word_weight = word_weight
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_df = max_df

    # -- tokens ---------------------------------------------------------------
    def _document_tokens(self, title: str | None, text: str | None, surfaces=None):
        title_pairs = tokenize(title)
        text_pairs = tokenize(text)
        if surfaces is not None:
            for folded, surface in title_pairs + text_pairs:
                surfaces[stem(folded)][surface] += 1
        title_tokens = [folded for folded, _ in title_pairs]
        text_tokens = [folded for folded, _ in text_pairs]
        tokens = title_tokens * self.title_weight + text_tokens
        words = _word_features(title_tokens, self.word_ngrams) * self.title_weight
        words += _word_features(text_tokens, self.word_ngrams)
        return tokens, words

    # -- fitting --------------------------------------------------------------
    def fit_transform(self, titles: Sequence[str | None], texts: Sequence[str],
                      progress: Callable[[float], None] | None = None) -> sp.csr_matrix:
        """Learn vocabulary and IDF from the documents and return their feature matrix.

        ``progress(fraction)`` (optional) is called while the documents are
        tokenised (the longest part), about every 5 %.
        """
        n_docs = len(texts)
        titles = list(titles) if titles is not None else [None] * n_docs
        surfaces: dict[str, Counter] = defaultdict(Counter)
        token_lists, word_lists = [], []
        step = max(1, n_docs // 20)
        for number, (title, text) in enumerate(zip(titles, texts)):
            tokens, words = self._document_tokens(title, text, surfaces)
            token_lists.append(tokens)
            word_lists.append(words)
            if progress and (number + 1) % step == 0:
                progress(0.9 * (number + 1) / n_docs)

        min_df = self.min_df if self.min_df is not None else (2 if n_docs >= 50 else 1)
        max_df = self.max_df if n_docs >= 100 else 1.0

        self._word_counter = CountVectorizer(
            analyzer=_identity, min_df=min_df, max_df=max_df, dtype=np.float32
        )
        try:
            word_counts = self._word_counter.fit_transform(word_lists)
        except ValueError:  # no feature survived pruning
            self._word_counter = CountVectorizer(analyzer=_identity, dtype=np.float32)
            word_counts = self._word_counter.fit_transform(word_lists + [["_leer_"]])[:-1]
        self.word_counts_ = word_counts.tocsr()

        char_counts = self._fit_char_counts(token_lists, min_df, max_df)

        self._word_tfidf = TfidfTransformer(sublinear_tf=True).fit(word_counts)
        self._char_tfidf = TfidfTransformer(sublinear_tf=True).fit(char_counts)
        self._surfaces = {s: counter.most_common(1)[0][0] for s, counter in surfaces.items()}
        return self._combine(word_counts, char_counts)

    def fit_word_counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Learn only the word block (stem n-gram counts, no IDF, no character n-grams) and return it.

        Enough for term statistics such as labels; :meth:`word_feature_names` and
        :meth:`readable` work afterwards, :meth:`transform` does not.
        """
        surfaces: dict[str, Counter] = defaultdict(Counter)
        word_lists = [self._document_tokens(None, text, surfaces)[1] for text in texts]
        self._word_counter = CountVectorizer(analyzer=_identity, min_df=self.min_df or 1, dtype=np.float32)
        try:
            counts = self._word_counter.fit_transform(word_lists)
        except ValueError:  # no word at all
            counts = self._word_counter.fit_transform(word_lists + [["_leer_"]])[:-1]
        self.word_counts_ = counts.tocsr()
        self._surfaces = {s: counter.most_common(1)[0][0] for s, counter in surfaces.items()}
        return self.word_counts_

    def _fit_char_counts(self, token_lists, min_df: int, max_df: float) -> sp.csr_matrix:
        token_counter = CountVectorizer(analyzer=_identity, dtype=np.float32)
        doc_tokens = token_counter.fit_transform(token_lists + [["_leer_"]])[:-1]
        distinct_tokens = token_counter.get_feature_names_out()
        char_analyzer = CountVectorizer(
            analyzer="char_wb", ngram_range=self.char_ngrams, lowercase=False, dtype=np.float32
        )
        token_chars = char_analyzer.fit_transform(distinct_tokens)
        char_counts = (doc_tokens @ token_chars).tocsr()
        doc_freq = np.diff(char_counts.tocsc().indptr)
        keep = (doc_freq >= min_df) & (doc_freq <= max_df * len(token_lists))
        if not keep.any():
            keep[:] = True
        names = char_analyzer.get_feature_names_out()[keep]
        self._char_counter = CountVectorizer(
            analyzer="char_wb",
            ngram_range=self.char_ngrams,
            lowercase=False,
            vocabulary={name: i for i, name in enumerate(names)},
            dtype=np.float32,
        )
        return char_counts[:, np.flatnonzero(keep)]

    def _combine(self, word_counts, char_counts) -> sp.csr_matrix:
        word_block = self._word_tfidf.transform(word_counts) * np.sqrt(self.word_weight)
        char_block = self._char_tfidf.transform(char_counts) * np.sqrt(1 - self.word_weight)
        combined = sp.hstack([word_block, char_block], format="csr", dtype=np.float32)
        return l2_normalize(combined)

    # -- using a fitted vectorizer ---------------------------------------------
    def transform(self, titles: Sequence[str | None] | None, texts: Sequence[str]) -> sp.csr_matrix:
        """Feature matrix of new documents in the fitted vocabulary."""
        titles = list(titles) if titles is not None else [None] * len(texts)
        token_lists, word_lists = [], []
        for title, text in zip(titles, texts):
            tokens, words = self._document_tokens(title, text)
            token_lists.append(tokens)
            word_lists.append(words)
        word_counts = self._word_counter.transform(word_lists)
        # For char_wb, analysing the space-joined tokens equals summing per-token n-grams.
        char_counts = self._char_counter.transform([" ".join(tokens) for tokens in token_lists])
        return self._combine(word_counts, char_counts)

    @property
    def word_feature_names(self) -> np.ndarray:
        """Stem n-grams of the word block, in column order of :attr:`word_counts_`."""
        return self._word_counter.get_feature_names_out()

    def readable(self, stem_ngram: str) -> str:
        """Map a stem n-gram back to its most frequent written form ("radweg" → "Radwege")."""
        return " ".join(self._surfaces.get(part, part) for part in stem_ngram.split(" "))


def top_terms(scores: np.ndarray, names: Sequence[str], limit: int) -> list[int]:
    """Indices of the ``limit`` largest positive ``scores`` (ties broken by name)."""
    order = sorted(np.flatnonzero(scores > 0), key=lambda i: (-scores[i], names[i]))
    return order[:limit]


def documents_without_words(titles: Iterable[str | None], texts: Iterable[str]) -> list[bool]:
    """True for each document that has no content word at all (only stop words, numbers…)."""
    return [not tokenize(title) and not tokenize(text) for title, text in zip(titles, texts)]

"""Near-duplicate detection and a fast similarity index for new contributions.

Similarity is the cosine of the German TF-IDF vectors from
:mod:`analysis.text` (word stems + character n-grams, titles weighted).
To stay fast for 100,000 texts, candidates are first found through
*distinctive* features only (those occurring in at most ``max(50, 1 %)`` of the
documents) with a sparse matrix product; only those candidates are then scored
exactly. No dense n × n matrix is ever built.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from analysis.errors import NotEnoughDataError
from analysis.io import require_columns, to_frame
from analysis.text import TextVectorizer

DEFAULT_THRESHOLD = 0.8


class SimilarityIndex:
    """Index contributions once, then find similar ones for a new text in milliseconds.

    >>> index = SimilarityIndex.build([("1", "Radweg", "Mehr Radwege bauen")])
    >>> index.query("Radwege bauen", limit=3)  # doctest: +SKIP
    [{'id': '1', 'score': 0.83}]
    """

    def __init__(self, ids: list[str], vectorizer: TextVectorizer, features: sp.csr_matrix):
        self.ids = ids
        self.vectorizer = vectorizer
        self.features = features.tocsr()
        n_docs = len(ids)
        doc_freq = np.bincount(self.features.indices, minlength=self.features.shape[1])
        self.distinctive = doc_freq <= max(50, 0.01 * n_docs)
        self._candidate_columns = np.flatnonzero(self.distinctive)
        # feature × document: a query only touches the rows of its own features
        self._candidates_t = self.features[:, self._candidate_columns].T.tocsr()

    @classmethod
    def build(cls, items: Iterable[tuple]) -> SimilarityIndex:
        """Build an index from ``(id, title, text)`` tuples (title may be ``None``)."""
        items = list(items)
        if not items:
            raise NotEnoughDataError("There are no contributions to index.")
        ids = [str(item[0]) for item in items]
        vectorizer = TextVectorizer(min_df=1, max_df=1.0)
        features = vectorizer.fit_transform([item[1] for item in items], [item[2] or "" for item in items])
        return cls(ids, vectorizer, features)

    def __len__(self) -> int:
        return len(self.ids)

    def query(
        self,
        text: str,
        title: str | None = None,
        limit: int = 5,
        min_score: float = 0.2,
        exclude_id: str | None = None,
    ) -> list[dict]:
        """Most similar indexed contributions: ``[{"id", "score"}]``, best first."""
        vector = self.vectorizer.transform([title], [text or ""])
        if vector.nnz == 0:
            return []
        approximate = (vector[:, self._candidate_columns] @ self._candidates_t).tocsr()
        rows = approximate.indices
        if len(rows) > 10 * limit + 50:
            rows = rows[np.argpartition(-approximate.data, 10 * limit + 50)[: 10 * limit + 50]]
        scores = np.asarray((self.features[rows] @ vector.T).todense()).ravel()
        order = np.lexsort((rows, -scores))
        results = []
        for position in order:
            doc_id = self.ids[rows[position]]
            if scores[position] < min_score or doc_id == exclude_id:
                continue
            results.append({"id": doc_id, "score": round(float(scores[position]), 4)})
            if len(results) == limit:
                break
        return results

    def pairs(self, threshold: float = DEFAULT_THRESHOLD, candidates_per_row: int = 50,
              chunk_size: int = 2000) -> list[dict]:
        """All pairs with cosine similarity ≥ ``threshold``, sorted by score (descending).

        A pair is found when one text is among the other's ``candidates_per_row``
        nearest neighbours by distinctive features; identical texts always are.
        """
        n_docs = len(self.ids)
        first, second = [], []
        candidates = self._candidates_t.T.tocsr()  # document × distinctive feature
        transposed = self._candidates_t.tocsc()
        for start in range(0, n_docs, chunk_size):
            block = (candidates[start : start + chunk_size] @ transposed).tocsr()
            for offset in range(block.shape[0]):
                row = start + offset
                lo, hi = block.indptr[offset], block.indptr[offset + 1]
                columns, values = block.indices[lo:hi], block.data[lo:hi]
                mask = columns != row
                columns, values = columns[mask], values[mask]
                if len(columns) > candidates_per_row:
                    columns = columns[np.argpartition(-values, candidates_per_row)[:candidates_per_row]]
                first.extend([row] * len(columns))
                second.extend(columns.tolist())
        if not first:
            return []
        pair_array = np.unique(np.sort(np.column_stack([first, second]), axis=1), axis=0)
        left, right = pair_array[:, 0], pair_array[:, 1]
        # Score in slices: row-wise products of 500k candidate pairs at once took ~5 GB.
        scores = np.empty(len(left))
        for start in range(0, len(left), 20_000):
            part = slice(start, start + 20_000)
            scores[part] = np.asarray(
                self.features[left[part]].multiply(self.features[right[part]]).sum(axis=1)).ravel()
        keep = scores >= threshold - 1e-6
        result = [
            {"a": self.ids[a], "b": self.ids[b], "score": round(float(min(s, 1.0)), 4)}
            for a, b, s in zip(left[keep], right[keep], scores[keep])
        ]
        result.sort(key=lambda pair: (-pair["score"], pair["a"], pair["b"]))
        return result


def find_duplicates(
    records,
    *,
    id_column: str = "id",
    text_column: str = "text",
    title_column: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict:
    """Near-duplicate pairs: ``{"pairs": [{"a", "b", "score"}], "parameters": {...}}``.

    ``records`` is a DataFrame or a list of dicts. Pairs are sorted by score,
    highest first. Raises :class:`NotEnoughDataError` for an empty input.
    """
    if not 0 < threshold <= 1:
        raise NotEnoughDataError(f"The threshold must lie between 0 and 1, not {threshold}.")
    frame = to_frame(records)
    require_columns(frame, [id_column, text_column, title_column], source="The input")
    if frame.empty:
        raise NotEnoughDataError("There are no contributions to compare.")
    titles = frame[title_column].fillna("").astype(str) if title_column else [None] * len(frame)
    items = zip(frame[id_column].astype(str), titles, frame[text_column].fillna("").astype(str))
    index = SimilarityIndex.build(items)
    pairs = index.pairs(threshold)
    return {
        "pairs": pairs,
        "parameters": {"threshold": threshold, "n_documents": len(index),
                       "similarity": "cosine, TF-IDF word+char n-grams"},
    }

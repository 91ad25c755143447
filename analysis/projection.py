"""A 2-D map of contributions for the theme map: similar texts lie close together.

Pipeline: German TF-IDF (:mod:`analysis.text`) → truncated SVD (latent semantic
analysis, up to 50 dimensions) → L2 → a linear map to two dimensions. When theme
assignments are given, the two axes are the principal axes of the *theme centres*
(the directions along which the themes differ most), so themes appear as separate
clouds; texts keep their own position around their centre because the map is linear
(the mean of a theme's points is its centre's point). Without themes (or with only
one), the axes are the ordinary principal components of all texts.
"""

from __future__ import annotations

import numpy as np

from analysis.errors import NotEnoughDataError
from analysis.io import require_columns, to_frame
from analysis.text import TextVectorizer, documents_without_words
from analysis.topics import lsa_embedding

MAX_COMPONENTS = 50


def project_texts(
    records,
    *,
    id_column: str = "id",
    text_column: str = "text",
    title_column: str | None = None,
    assignments: dict | None = None,
    seed: int = 0,
) -> dict[str, tuple[float, float] | None]:
    """2-D coordinates ``{id: (x, y)}`` for each record, scaled to about [-1, 1].

    ``assignments`` maps ids to a theme (``None`` = no theme), e.g. the
    ``assignments`` of :func:`analysis.topics.find_topics`. Records without any
    content word get ``None``. Deterministic for a seed. Raises
    :class:`NotEnoughDataError` when there are no records.
    """
    frame = to_frame(records)
    if frame.empty:
        raise NotEnoughDataError("There are no contributions to place on a map.")
    require_columns(frame, [id_column, text_column, title_column], source="The input")
    ids = [str(value) for value in frame[id_column]]
    texts = frame[text_column].fillna("").astype(str).tolist()
    titles = frame[title_column].fillna("").astype(str).tolist() if title_column else [None] * len(texts)
    used = np.flatnonzero(~np.array(documents_without_words(titles, texts), dtype=bool))
    result: dict[str, tuple[float, float] | None] = {doc_id: None for doc_id in ids}
    if len(used) == 0:
        return result
    embedding = _embedding([titles[i] for i in used], [texts[i] for i in used], seed)
    themes = [(assignments or {}).get(ids[i]) for i in used]
    points = _project(embedding, themes)
    scale = np.abs(points).max() or 1.0
    for row, index in enumerate(used):
        x, y = points[row] / scale
        result[ids[index]] = (round(float(x), 4), round(float(y), 4))
    return result


def _embedding(titles: list, texts: list, seed: int) -> np.ndarray:
    features = TextVectorizer().fit_transform(titles, texts)
    n_docs, n_features = features.shape
    return lsa_embedding(features, min(MAX_COMPONENTS, n_docs - 1, n_features - 1), seed)


def _project(embedding: np.ndarray, themes: list) -> np.ndarray:
    """Project rows onto two axes: principal axes of the theme centres, completed by those of all rows."""
    centre = embedding.mean(axis=0)
    axes = np.zeros((0, embedding.shape[1]))
    keys = sorted({theme for theme in themes if theme is not None}, key=str)
    if len(keys) >= 2:
        labels = np.array([keys.index(theme) if theme is not None else -1 for theme in themes])
        centres = np.stack([embedding[labels == k].mean(axis=0) for k in range(len(keys))])
        axes = _principal_axes(centres - centres.mean(axis=0), 2)
        centre = centres.mean(axis=0)
    if len(axes) < 2:
        rest = embedding - embedding.mean(axis=0)
        if len(axes):
            rest = rest - np.outer(rest @ axes[0], axes[0])
        axes = np.vstack([axes, _principal_axes(rest, 2 - len(axes))])
    points = (embedding - centre) @ axes.T
    if points.shape[1] < 2:
        points = np.column_stack([points, np.zeros((len(points), 2 - points.shape[1]))])
    return points


def _principal_axes(centred: np.ndarray, count: int) -> np.ndarray:
    """Up to ``count`` unit directions of largest variance (fewer when the data has lower rank).

    Signs are fixed (largest component positive) so the map does not flip between runs.
    """
    if centred.shape[0] == 0:
        return np.zeros((0, centred.shape[1]))
    _, singular, vectors = np.linalg.svd(centred, full_matrices=False)
    keep = [i for i in range(min(count, len(singular))) if singular[i] > 1e-9]
    axes = vectors[keep]
    for axis in axes:
        if axis[np.argmax(np.abs(axis))] < 0:
            axis *= -1
    return axes

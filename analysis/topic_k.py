"""k-means for themes and the automatic number of themes.

The automatic ``k`` maximises a *normalised stability* (Lange et al. 2004):
k-means is fitted on pairs of random subsamples; the agreement (ARI) of the two
fits on all rows measures how reproducible k themes are. Stability alone falls
with k and silhouette-like criteria grow with k, so the score is the stability
on the data *minus* the stability on a structureless reference (every
embedding column permuted independently; smoothed by a line in log k), which
removes what any k would get by chance. Ties go to the smaller k. Selection runs on a seeded sample of at most
:data:`SELECTION_SAMPLE` rows reduced to :data:`SELECTION_DIMENSIONS` leading
components, so its cost does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

LARGE_COLLECTION = 10_000  # from here on: mini-batch k-means
SELECTION_SAMPLE = 1_000
SUBSAMPLE_SHARE = 0.8
N_PAIRS = 3
SELECTION_MAX_ITER = 50
SELECTION_DIMENSIONS = 50
COARSE_KS = (12, 14, 16, 18, 20, 25, 30, 35, 40, 50, 60)


def kmeans(n_clusters: int, n_docs: int, seed: int, n_init: int = 4):
    """A seeded k-means (mini-batch for large collections)."""
    if n_docs >= LARGE_COLLECTION:
        return MiniBatchKMeans(n_clusters, random_state=seed, n_init=3, batch_size=4096)
    return KMeans(n_clusters, random_state=seed, n_init=n_init)


def candidate_ks(n_docs: int, low: int, high: int) -> list[int]:
    """The k values tried: ``low``…``high`` (every k up to 10, then the steps of :data:`COARSE_KS`),
    at most one theme per three texts (at least 2)."""
    upper = min(high, max(2, n_docs // 3))
    return [k for k in range(min(low, upper), upper + 1) if k <= 10 or k in COARSE_KS]


def stability(embedding: np.ndarray, k: int, rng: np.random.Generator) -> float:
    """Mean ARI between k-means fits on pairs of random subsamples, compared on all rows."""
    n_docs = len(embedding)
    size = max(k + 1, int(SUBSAMPLE_SHARE * n_docs))
    scores = []
    for _ in range(N_PAIRS):
        fits = []
        for _ in range(2):
            rows = rng.choice(n_docs, size, replace=False)
            model = KMeans(k, random_state=int(rng.integers(2**31)), n_init=2, max_iter=SELECTION_MAX_ITER)
            model.fit(embedding[rows])
            fits.append(model.predict(embedding))
        scores.append(adjusted_rand_score(*fits))
    return float(np.mean(scores))


def choose_k(embedding: np.ndarray, ks: list[int], seed: int,
             progress: Callable[[float], None] | None = None) -> tuple[int, dict[str, float]]:
    """The k of ``ks`` with the highest normalised stability, and the score of every candidate."""
    rng = np.random.default_rng(seed)
    if len(embedding) > SELECTION_SAMPLE:
        embedding = embedding[np.sort(rng.choice(len(embedding), SELECTION_SAMPLE, replace=False))]
    if embedding.shape[1] > SELECTION_DIMENSIONS and len(embedding) > SELECTION_DIMENSIONS:
        # k-means cost grows with the dimension; the leading components keep the cluster structure.
        embedding = TruncatedSVD(SELECTION_DIMENSIONS, random_state=seed).fit_transform(embedding)
    reference = np.column_stack([rng.permutation(embedding[:, j]) for j in range(embedding.shape[1])])
    observed, chance = [], []
    with threadpool_limits(limits=1):  # many small fits: one thread each beats a contended pool
        for step, k in enumerate(ks):
            observed.append(stability(embedding, k, rng))
            if progress:
                progress((step + 0.5) / len(ks))
            chance.append(stability(reference, k, rng))
            if progress:
                progress((step + 1) / len(ks))
    # The chance level falls smoothly with k; a line in log k removes the noise of single estimates.
    slope, intercept = np.polyfit(np.log(ks), chance, 1)
    scores = {k: value - (intercept + slope * np.log(k)) for k, value in zip(ks, observed)}
    chosen = max(scores, key=lambda k: (scores[k], -k))
    return chosen, {str(k): round(score, 4) for k, score in scores.items()}

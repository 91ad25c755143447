"""How stable a grouping is: mean pairwise adjusted Rand index across seeds and subsamples.

The projection stays fixed (it hardly depends on the seed); only the grouping
step is repeated, which keeps the check cheap enough for every run.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import numpy as np
from sklearn.metrics import adjusted_rand_score

RUNS = 5
SUBSAMPLE_SHARE = 0.9
MIN_POINTS = 10
MAX_POINTS = 2000  # larger groupings are judged on a seeded random sample of this many participants


def _mean_pairwise_ari(labelings: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """Mean ARI over all pairs; each labeling is (participant indices, labels), compared on shared indices."""
    scores = []
    for (index_a, labels_a), (index_b, labels_b) in combinations(labelings, 2):
        shared, in_a, in_b = np.intersect1d(index_a, index_b, return_indices=True)
        if len(shared) >= 2:
            scores.append(adjusted_rand_score(labels_a[in_a], labels_b[in_b]))
    return round(float(np.mean(scores)), 4) if scores else 1.0


def grouping_stability(projection: np.ndarray, cluster: Callable[[np.ndarray, int], np.ndarray],
                       seed: int = 0, runs: int = RUNS) -> dict | None:
    """``{"seeds", "subsamples", "runs", "subsample_share"}``: mean pairwise ARI of ``cluster``.

    ``cluster(points, seed)`` returns one label per point. "seeds" repeats it
    with seeds ``seed … seed + runs - 1`` on all points; "subsamples" on
    ``runs`` random 90 % subsamples (seeded). Above 2,000 points the check
    runs on a seeded sample of 2,000 (the grouping of the full data is not
    repeated, to keep it fast). Failed runs (too little data left) are
    skipped. Returns None when there are too few points to judge.
    """
    if len(projection) < MIN_POINTS:
        return None
    if len(projection) > MAX_POINTS:
        sample = np.random.default_rng(seed).choice(len(projection), MAX_POINTS, replace=False)
        projection = projection[np.sort(sample)]
    n = len(projection)
    everyone = np.arange(n)
    by_seed = []
    for offset in range(runs):
        try:
            by_seed.append((everyone, np.asarray(cluster(projection, seed + offset))))
        except Exception:  # noqa: BLE001 - a run that cannot group is simply not compared
            continue
    rng = np.random.default_rng(seed)
    by_subsample = []
    for _ in range(runs):
        chosen = np.sort(rng.choice(n, int(round(n * SUBSAMPLE_SHARE)), replace=False))
        try:
            by_subsample.append((chosen, np.asarray(cluster(projection[chosen], seed))))
        except Exception:  # noqa: BLE001
            continue
    return {"seeds": _mean_pairwise_ari(by_seed), "subsamples": _mean_pairwise_ari(by_subsample),
            "runs": runs, "subsample_share": SUBSAMPLE_SHARE}

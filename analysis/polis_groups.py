"""How Pol.is forms opinion groups, re-implemented from its published description.

Written after reading the ``polismath`` sources (conversation, clusters,
repness); no code is taken from them. The steps, applied to one snapshot of a
conversation:

1. **Inclusion** (:func:`polis_inclusion`): a participant takes part in the
   clustering when they voted on at least ``min(7, number of statements)``
   statements, moderated-out statements included. When that leaves fewer than
   15 people, the most active remaining voters are added until there are 15
   (Pol.is's "greedy" rule for young conversations).
2. **Base clusters** (:func:`base_clusters`): plain k-means with up to 100
   centres on the 2-D projection of the included participants; at most 100
   iterations, stopping when no centre moves by 0.01 or more. Empty clusters
   are dropped.
3. **Group clusters** (:func:`group_clusterings`): k-means on the base-cluster
   centres, each centre weighted by its number of members, for every
   k in 2 … ``min(5, 2 + base clusters // 12)``; at most 20 iterations
   (the limit Pol.is's k-means falls back to for this call).
4. **Choice of k** (:func:`silhouette`): the silhouette coefficient computed on
   the base-cluster centres (unweighted mean over base clusters; a base
   cluster alone in its group counts 0); the highest wins, ties go to the
   smaller k. Pol.is smooths k over successive updates (a new k is adopted
   only after it won four updates in a row); on the first update, which is
   what one snapshot is, the smoothed k *is* the best k, so the smoothing
   changes nothing here.

Remaining differences (documented in ``analysis/README.md``): Pol.is starts
every update from the previous update's clusters, so its groups carry the
conversation's history; one snapshot cannot (when the votes have time stamps,
:mod:`analysis.polis_history` replays those updates instead). Its first centres are the first
distinct points in an order we cannot observe; we draw them with the seed and
run a few k-means++ starts, keeping the one with the smallest weighted within-cluster
distance.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

BASE_K = 100
MAX_GROUPS = 5
GREEDY_PARTICIPANTS = 15
POLIS_MIN_VOTES = 7
BASE_ITERATIONS = 100
GROUP_ITERATIONS = 20
CENTRE_TOLERANCE = 0.01
BASE_STARTS = 1
GROUP_STARTS = 10


def polis_inclusion(votes_per_voter: np.ndarray, n_statements: int, min_votes: int = POLIS_MIN_VOTES,
                    greedy: int = GREEDY_PARTICIPANTS) -> np.ndarray:
    """Indices of participants Pol.is clusters ("in-conv"), in ascending order.

    ``votes_per_voter`` counts every vote (passes and moderated-out statements
    included). People below the threshold are added, most votes first (ties in
    input order), until ``greedy`` people are in; nobody without a vote is added.
    """
    counts = np.asarray(votes_per_voter)
    required = max(1, min(min_votes, n_statements))
    included = counts >= required
    missing = greedy - int(included.sum())
    if missing > 0:
        candidates = np.flatnonzero(~included & (counts > 0))
        order = candidates[np.argsort(-counts[candidates], kind="stable")]
        included[order[:missing]] = True
    return np.flatnonzero(included)


def _assign(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre for every point (a k-d tree for many points, else all distances)."""
    if len(points) * len(centres) > 20_000:
        return cKDTree(centres).query(points)[1]
    distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


def weighted_kmeans(points: np.ndarray, centres: np.ndarray, weights: np.ndarray | None = None,
                    max_iterations: int = BASE_ITERATIONS) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means from the given ``centres``; returns (labels, centres).

    Stops after ``max_iterations`` or when every centre moved by less than
    0.01. Centres that lose all their points are dropped (labels are then
    renumbered 0 … k-1), as Pol.is does.
    """
    weights = np.ones(len(points)) if weights is None else np.asarray(weights, float)
    centres = np.array(centres, float)
    for _ in range(max_iterations):
        labels = _assign(points, centres)
        used = np.unique(labels)
        totals = np.bincount(labels, weights=weights, minlength=len(centres))[used]
        sums = np.stack([np.bincount(labels, weights=weights * points[:, d], minlength=len(centres))[used]
                         for d in range(points.shape[1])], axis=1)
        new_centres = sums / totals[:, None]
        converged = len(used) == len(centres) and bool(
            (np.linalg.norm(new_centres - centres, axis=1) < CENTRE_TOLERANCE).all())
        centres = new_centres
        if converged:
            break
    labels = _assign(points, centres)
    used, labels = np.unique(labels, return_inverse=True)
    return labels, centres[used]


def _inertia(points, labels, centres, weights) -> float:
    return float((weights * ((points - centres[labels]) ** 2).sum(axis=1)).sum())


def _distinct_starts(points: np.ndarray, k: int, rng: np.random.Generator,
                     weights: np.ndarray | None = None) -> np.ndarray:
    """``k`` distinct starting centres, spread out by k-means++ seeding (weighted).

    Pol.is takes the first ``k`` distinct rows, an order that carries the
    conversation's history; without it a seeded k-means++ draw is the
    reproducible choice that least depends on luck.
    """
    distinct, inverse = np.unique(np.round(points, 9), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    mass = np.bincount(inverse, weights=np.ones(len(points)) if weights is None else weights,
                       minlength=len(distinct))
    k = min(k, len(distinct))
    chosen = [int(rng.choice(len(distinct), p=mass / mass.sum()))]
    nearest = ((distinct - distinct[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        score = mass * nearest
        total = score.sum()
        if total <= 0:
            break
        pick = int(rng.choice(len(distinct), p=score / total))
        chosen.append(pick)
        nearest = np.minimum(nearest, ((distinct - distinct[pick]) ** 2).sum(axis=1))
    return distinct[np.sort(chosen)]


def base_clusters(projection: np.ndarray, seed: int = 0, k: int = BASE_K,
                  starts: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``k`` base clusters of the projected participants: (labels, centres)."""
    rng = np.random.default_rng(seed)
    best = None
    weights = np.ones(len(projection))
    for _ in range(starts or BASE_STARTS):
        labels, centres = weighted_kmeans(projection, _distinct_starts(projection, k, rng))
        inertia = _inertia(projection, labels, centres, weights)
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels, centres)
    return best[1], best[2]


def max_groups_for(n_base: int, max_groups: int = MAX_GROUPS) -> int:
    """Pol.is's upper bound for the number of groups: ``min(max, 2 + n_base // 12)``."""
    return min(max_groups, 2 + n_base // 12)


def group_clusterings(centres: np.ndarray, weights: np.ndarray, seed: int = 0, max_groups: int = MAX_GROUPS,
                      starts: int | None = None) -> dict[int, np.ndarray]:
    """Weighted k-means of the base-cluster centres for every admissible k: {k: base-cluster labels}.

    Only clusterings that really have k non-empty groups are returned.
    """
    rng = np.random.default_rng(seed)
    distinct = len(np.unique(np.round(centres, 9), axis=0))
    result = {}
    for k in range(2, min(max_groups_for(len(centres), max_groups), distinct) + 1):
        best = None
        for _ in range(starts or GROUP_STARTS):
            labels, group_centres = weighted_kmeans(centres, _distinct_starts(centres, k, rng, weights), weights,
                                                    GROUP_ITERATIONS)
            inertia = _inertia(centres, labels, group_centres, weights)
            if best is None or inertia < best[0] - 1e-12:
                best = (inertia, labels)
        if len(np.unique(best[1])) == k:
            result[k] = best[1]
    return result


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over ``points`` (Euclidean); a point alone in its cluster scores 0."""
    distances = np.sqrt(np.maximum(
        (points * points).sum(1)[:, None] - 2 * points @ points.T + (points * points).sum(1)[None, :], 0))
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return 0.0
    scores = np.zeros(len(points))
    member = labels[:, None] == clusters[None, :]
    sums = distances @ member
    sizes = member.sum(axis=0)
    for i in range(len(points)):
        own = np.flatnonzero(clusters == labels[i])[0]
        if sizes[own] == 1:
            continue
        a = sums[i, own] / (sizes[own] - 1)
        others = [sums[i, c] / sizes[c] for c in range(len(clusters)) if c != own]
        b = min(others)
        scores[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(scores.mean())


def polis_cluster(projection: np.ndarray, seed: int = 0, max_groups: int = MAX_GROUPS):
    """Group the projected participants the Pol.is way.

    Returns ``(labels, silhouettes, n_base)``: a group number per participant,
    ``{k: silhouette}`` for every k tried and the number of base clusters.
    Raises ``ValueError`` when fewer than two groups can be formed.
    """
    base_labels, centres = base_clusters(projection, seed)
    weights = np.bincount(base_labels, minlength=len(centres)).astype(float)
    clusterings = group_clusterings(centres, weights, seed, max_groups)
    if not clusterings:
        raise ValueError("fewer than two distinct base clusters")
    scores = {k: silhouette(centres, labels) for k, labels in clusterings.items()}
    best_k = max(sorted(scores), key=lambda k: (scores[k], -k))
    return clusterings[best_k][base_labels], {str(k): round(s, 4) for k, s in scores.items()}, len(centres)

"""Pol.is's groups as its math worker forms them: update by update, each from the last.

Pol.is does not cluster a finished conversation once. Its worker recomputes
the math whenever new votes arrive, and every update starts from the previous
one: the base clusters are re-centred on their members' new positions (new
people join the nearest cluster, the most distant points split off until
there are up to 100), the groups for every k start from that k's previous
groups, and the number of groups changes only after another k has had the
best silhouette in four updates in a row. The groups of a Pol.is export are
the end of that path, which can differ from the best partition of the last
snapshot (see ``analysis/README.md``).

:func:`replay_groups` replays that path from the time stamps of ``votes.csv``
(written after reading ``polismath``'s ``conversation.clj`` and
``clusters.clj``; no code taken):

* **Updates**: a new update when at least :data:`UPDATE_WINDOW` (10 s) of
  votes have arrived since the last one began – the worker polls for new
  votes continuously. Long conversations are thinned to at most
  :data:`MAX_UPDATES` updates, evenly over the update sequence.
* **Restarts**: after a pause of more than :data:`RESTART_GAP` (1 hour)
  without votes (anywhere within an update's votes) the worker has dropped the
  conversation from memory; when it is loaded again only the base clusters
  survive (they are stored with the math), the per-k groups and the k memory
  start afresh.
* Per update as in Pol.is: statements moderated out or meta are passes for
  everybody; inclusion is "at least ``min(7, statements)`` votes, topped up to
  15 people", and once in, always in; PCA on everybody with the sparse-voter
  scaling; base clusters and groups warm-started as above (first start: the
  first distinct points, as Pol.is's ``init-clusters``).

Costly on big conversations (one PCA and two k-means per update), so
:func:`replay_groups` returns ``None`` above :data:`MAX_PARTICIPANTS` voters
and the caller uses the snapshot procedure of :mod:`analysis.polis_groups`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from analysis.polis_groups import (
    BASE_ITERATIONS,
    BASE_K,
    CENTRE_TOLERANCE,
    GREEDY_PARTICIPANTS,
    GROUP_ITERATIONS,
    MAX_GROUPS,
    max_groups_for,
    silhouette,
)

UPDATE_WINDOW = 10.0  # seconds of votes per update
RESTART_GAP = 3600.0  # seconds without votes after which the worker starts afresh
MAX_UPDATES = 1000
MAX_PARTICIPANTS = 2000
K_BUFFER = 4  # Pol.is's group-k-buffer


@dataclass(frozen=True)
class ReplayedGroups:
    """The last update of a replay: who is grouped, their groups and what the worker saw."""

    in_conv: np.ndarray  # voter indices (ascending) that Pol.is clusters
    labels: np.ndarray  # group per entry of ``in_conv``
    silhouettes: dict
    n_base: int
    updates: int
    restarts: int


@dataclass
class _Cluster:
    id: int
    centre: np.ndarray
    members: np.ndarray  # item keys (voter indices or base-cluster ids)


def replay_groups(history, n_voters: int, n_statements: int, zeroed: np.ndarray, *, min_votes: int = 7,
                  max_groups: int = MAX_GROUPS, time_unit: float | None = None) -> ReplayedGroups | None:
    """Replay Pol.is's updates over ``history`` (a :class:`~analysis.votes.VoteHistory`).

    ``zeroed`` marks statements that count as a pass for everybody (moderated
    out, meta). ``time_unit`` is the length of one time-stamp unit in seconds
    (``None``: milliseconds when the stamps look like Unix milliseconds, else
    seconds). Returns ``None`` when the conversation is too large to replay or
    never had four people to group.
    """
    from analysis.opinions import sparsity_aware_projection

    if n_voters > MAX_PARTICIPANTS or len(history.times) == 0:
        return None
    unit = time_unit or (0.001 if float(np.nanmax(history.times)) > 1e11 else 1.0)
    times = history.times * unit
    bounds = _update_bounds(times)
    votes = np.zeros((n_voters, n_statements), np.float32)
    seen = np.zeros((n_voters, n_statements), bool)
    counts = np.zeros(n_voters, np.int64)
    in_conv = np.zeros(n_voters, bool)
    base: list[_Cluster] = []
    groups: dict[int, list[_Cluster]] = {}
    smoother: dict = {}
    result, restarts, start = None, 0, 0
    for end in bounds:
        if start and np.diff(times[start - 1:end]).max() > RESTART_GAP:
            groups, smoother = {}, {}
            restarts += 1
        _apply(history, start, end, votes, seen, counts)
        start = end
        voters = np.flatnonzero(seen.any(axis=1))
        statements = np.flatnonzero(seen.any(axis=0))
        if len(statements) < 2:
            continue
        _include(in_conv, counts, min(min_votes, len(statements)))
        members = np.flatnonzero(in_conv)
        if len(members) < 4:
            continue
        sub_votes, sub_seen = votes[np.ix_(voters, statements)], seen[np.ix_(voters, statements)].copy()
        zero = zeroed[statements]
        sub_votes[:, zero], sub_seen[:, zero] = 0.0, True
        projection = sparsity_aware_projection(sp.csr_matrix(sub_votes), sp.csr_matrix(sub_seen.astype(np.float64)))
        points = projection[np.searchsorted(voters, members)]
        base = _kmeans(points, members, BASE_K, base, np.ones(len(points)), BASE_ITERATIONS)
        centres = np.array([cluster.centre for cluster in base])
        if len(np.unique(np.round(centres, 9), axis=0)) < 2:
            continue
        base_ids = np.array([cluster.id for cluster in base])
        weights = np.array([len(cluster.members) for cluster in base], float)
        groups = {k: _kmeans(centres, base_ids, k, groups.get(k, []), weights, GROUP_ITERATIONS)
                  for k in range(2, max_groups_for(len(base), max_groups) + 1)}
        groups = {k: clusters for k, clusters in groups.items() if len(clusters) > 1}
        if not groups:
            continue
        scores = {k: silhouette(centres, _labels_of(clusters, base_ids)) for k, clusters in groups.items()}
        smoother = _smooth(smoother, scores)
        k = smoother["smoothed"]
        group_of_base = dict(zip(base_ids, _labels_of(groups[k], base_ids)))
        label_of = {int(voter): group_of_base[cluster.id] for cluster in base for voter in cluster.members}
        result = (members, np.array([label_of[int(voter)] for voter in members]),
                  {str(key): round(float(value), 4) for key, value in scores.items()}, len(base))
    if result is None:
        return None
    members, labels, scores, n_base = result
    return ReplayedGroups(in_conv=members, labels=labels, silhouettes=scores, n_base=n_base,
                          updates=len(bounds), restarts=restarts)


def _update_bounds(times: np.ndarray) -> list[int]:
    """End index (exclusive) of each update's votes: a new update once UPDATE_WINDOW has passed."""
    bounds, window_start = [], times[0]
    for index in range(1, len(times)):
        if times[index] - window_start >= UPDATE_WINDOW:
            bounds.append(index)
            window_start = times[index]
    bounds.append(len(times))
    if len(bounds) > MAX_UPDATES:
        keep = np.unique(np.linspace(0, len(bounds) - 1, MAX_UPDATES).round().astype(int))
        bounds = [bounds[i] for i in keep]
    return bounds


def _apply(history, start: int, end: int, votes, seen, counts) -> None:
    """Enter the votes ``start:end`` (in time order, the last one per cell wins)."""
    rows, cols, values = history.rows[start:end], history.cols[start:end], history.values[start:end]
    keys = rows * votes.shape[1] + cols
    _, last_reversed = np.unique(keys[::-1], return_index=True)
    last = len(keys) - 1 - last_reversed
    rows, cols = rows[last], cols[last]
    new = ~seen[rows, cols]
    np.add.at(counts, rows[new], 1)
    seen[rows, cols] = True
    votes[rows, cols] = values[last]


def _include(in_conv: np.ndarray, counts: np.ndarray, required: int) -> None:
    """Pol.is's inclusion with memory: enough votes, topped up to 15 by the most active; never removed."""
    in_conv |= counts >= max(1, required)
    missing = GREEDY_PARTICIPANTS - int(in_conv.sum())
    if missing > 0:
        candidates = np.flatnonzero(~in_conv & (counts > 0))
        order = candidates[np.argsort(-counts[candidates], kind="stable")]
        in_conv[order[:missing]] = True


def _kmeans(points: np.ndarray, keys: np.ndarray, k: int, last: list[_Cluster], weights: np.ndarray,
            max_iterations: int) -> list[_Cluster]:
    """Pol.is's k-means: warm start from ``last`` (re-centred, split to k), else the first distinct points."""
    clusters = _clean_start(points, keys, last, k, weights) if last else []
    if not clusters:
        clusters = _first_distinct(points, k)
    for iteration in range(max_iterations + 1):
        new = _step(points, keys, clusters, weights)
        done = iteration == max_iterations or _same(clusters, new)
        clusters = new
        if done:
            break
    return sorted(clusters, key=lambda cluster: cluster.id)


def _first_distinct(points: np.ndarray, k: int) -> list[_Cluster]:
    seen, clusters = set(), []
    for point in points:
        key = tuple(np.round(point, 9))
        if key not in seen:
            seen.add(key)
            clusters.append(_Cluster(len(clusters), point.copy(), np.array([], np.int64)))
            if len(clusters) == k:
                break
    return clusters


def _step(points, keys, clusters: list[_Cluster], weights) -> list[_Cluster]:
    """Assign every point to the nearest centre, drop empty clusters, move centres to the weighted means."""
    centres = np.array([cluster.centre for cluster in clusters])
    nearest = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    result = []
    for index, cluster in enumerate(clusters):
        mask = nearest == index
        if mask.any():
            w = weights[mask]
            result.append(_Cluster(cluster.id, (points[mask] * w[:, None]).sum(axis=0) / w.sum(), keys[mask]))
    return result


def _same(old: list[_Cluster], new: list[_Cluster]) -> bool:
    if len(old) != len(new):
        return False
    before = sorted(tuple(cluster.centre) for cluster in old)
    after = sorted(tuple(cluster.centre) for cluster in new)
    return all(np.linalg.norm(np.subtract(a, b)) < CENTRE_TOLERANCE for a, b in zip(before, after))


def _clean_start(points, keys, last: list[_Cluster], k: int, weights) -> list[_Cluster]:
    """Re-centre the last clusters on their members' new positions, merge identical ones, split to k."""
    position = {int(key): i for i, key in enumerate(keys)}
    clusters = []
    for cluster in last:
        index = np.array([position[int(m)] for m in cluster.members if int(m) in position], np.int64)
        if len(index):
            clusters.append([cluster.id, _mean(points, weights, index), index])
    merged: list[list] = []
    for cluster in clusters:
        twin = next((other for other in merged if np.array_equal(other[1], cluster[1])), None)
        if twin is None:
            merged.append(cluster)
            continue
        if len(cluster[2]) > len(twin[2]):
            twin[0] = cluster[0]
        twin[1] = (twin[1] * len(twin[2]) + cluster[1] * len(cluster[2])) / (len(twin[2]) + len(cluster[2]))
        twin[2] = np.concatenate([twin[2], cluster[2]])
    clusters = merged
    possible = min(k, len(np.unique(np.round(points, 9), axis=0)))
    while clusters:
        for cluster in clusters:
            if len(cluster[2]):
                cluster[1] = _mean(points, weights, cluster[2])
        if len(clusters) >= possible:
            break
        centres = np.array([cluster[1] for cluster in clusters])
        distance = np.sqrt(((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
        outlier = int(distance.argmax())
        if distance[outlier] <= 0:
            break
        for cluster in clusters:
            cluster[2] = cluster[2][cluster[2] != outlier]
        clusters.append([max(cluster[0] for cluster in clusters) + 1, points[outlier].copy(),
                         np.array([outlier], np.int64)])
    return [_Cluster(cid, centre, keys[index]) for cid, centre, index in clusters]


def _mean(points, weights, index) -> np.ndarray:
    w = weights[index]
    return (points[index] * w[:, None]).sum(axis=0) / w.sum()


def _labels_of(clusters: list[_Cluster], keys: np.ndarray) -> np.ndarray:
    """Cluster number (position in ``clusters``) of every key."""
    label = {int(member): number for number, cluster in enumerate(clusters) for member in cluster.members}
    return np.array([label[int(key)] for key in keys])


def _smooth(state: dict, scores: dict) -> dict:
    """Pol.is's k smoother: a new k is taken only after it had the best silhouette K_BUFFER updates in a row."""
    best = max(sorted(scores), key=lambda k: (scores[k], k))  # Pol.is's max-key keeps the last (larger) k on ties
    count = state.get("count", 0) + 1 if state.get("last") == best else 1
    smoothed = best if count >= K_BUFFER or state.get("smoothed") is None else state["smoothed"]
    if smoothed not in scores:
        smoothed = min(max(smoothed, min(scores)), max(scores))
    return {"last": best, "count": count, "smoothed": smoothed}

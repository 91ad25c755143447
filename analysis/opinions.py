"""Pol.is-style opinion groups from a participant × statement vote matrix.

1. Participants who voted on at least ``min(min_votes, number of statements)``
   statements take part in the clustering (the PCA itself is fitted on all
   participants, as in Pol.is).
2. Each statement's votes are centred on its mean *over the people who voted
   on it*; a missing vote then contributes 0 (the same as imputing the mean).
   The centred matrix stays sparse and its columns have mean 0, so a truncated
   SVD of it is exactly a PCA.
3. Each participant's 2-D projection is multiplied by
   ``sqrt(n_statements / n_votes_of_participant)`` so that people who voted on
   few statements are not all pulled to the centre (Pol.is "sparsity-aware"
   projection).
4. Grouping, by ``method``:

   * ``"polis"`` (default): Pol.is's own procedure — its inclusion rule
     (≥ ``min(7, statements)`` votes, topped up to 15 people), ~100 base
     clusters, weighted k-means of the base clusters and k chosen by the
     silhouette of the base clusters (:mod:`analysis.polis_groups`);
   * ``"kmeans"``: k-means directly on the projections of everybody with
     enough votes, k in 2…5 chosen by the silhouette coefficient.
5. Representative and consensus statements: :mod:`analysis.repness`.
6. Stability: the grouping is repeated with other seeds and on 90 % subsamples
   of the grouped participants (same projection) and the mean pairwise
   adjusted Rand index is reported in ``parameters["stability"]``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.utils.extmath import randomized_svd, svd_flip

from analysis.errors import NotEnoughDataError, ParameterError
from analysis.opinion_stability import grouping_stability
from analysis.polis_groups import polis_cluster, polis_inclusion
from analysis.polis_history import replay_groups
from analysis.repness import consensus_statements, representative_statements
from analysis.votes import VoteMatrix

MIN_PARTICIPANTS = 4
SILHOUETTE_SAMPLE = 4000
METHODS = ("polis", "kmeans")


def find_opinion_groups(
    votes,
    *,
    min_votes: int = 7,
    seed: int = 0,
    max_groups: int = 5,
    moderated_out=(),
    meta_statements=(),
    method: str = "polis",
    stability: bool = True,
    history: bool = True,
) -> dict:
    """Cluster participants into opinion groups and describe each group.

    ``votes`` is a :class:`~analysis.votes.VoteMatrix` or a table with columns
    ``voter-id, comment-id, vote[, timestamp]``. Statements in
    ``moderated_out`` count as a pass by everybody (as in Pol.is) and are never
    reported as representative or consensus. ``meta_statements`` (statements
    that describe the voter, see :mod:`analysis.meta_statements`) are treated
    the same way, as Pol.is does. Returns the public JSON structure
    ``{"participants", "groups", "consensus", "projection", "parameters"}``.
    ``method`` is ``"polis"`` (Pol.is's procedure) or ``"kmeans"``; with
    ``stability`` the grouping is repeated (5 seeds, 5 subsamples of 90 %) to
    report its stability. With ``history`` and vote time stamps, the polis
    method replays Pol.is's successive updates (:mod:`analysis.polis_history`)
    instead of grouping the last snapshot once. Raises :class:`NotEnoughDataError` when fewer than
    four participants voted enough, or when all of them voted identically, and
    :class:`ParameterError` for an unknown method.
    """
    if method not in METHODS:
        raise ParameterError(f"method must be one of {', '.join(METHODS)}, not {method!r}.")
    if isinstance(min_votes, bool) or not isinstance(min_votes, (int, np.integer)) or min_votes < 1:
        raise ParameterError(f"min_votes must be a whole number of at least 1, not {min_votes!r}.")
    matrix = votes if isinstance(votes, VoteMatrix) else VoteMatrix.from_frame(votes)
    n_statements = len(matrix.statements)
    required_votes = max(1, min(min_votes, n_statements))
    meta = {str(statement) for statement in meta_statements}
    moderated = {str(statement) for statement in moderated_out} | meta
    kept = np.array([statement not in moderated for statement in matrix.statements])
    replayed = None
    if method == "polis" and history and matrix.history is not None:
        replayed = replay_groups(matrix.history, len(matrix.voters), n_statements, ~kept, min_votes=min_votes,
                                 max_groups=max_groups)
    if replayed is not None:
        active = replayed.in_conv
    elif method == "polis":
        active = polis_inclusion(matrix.votes_per_voter(), n_statements, min_votes)
    else:
        active = np.flatnonzero(matrix.votes_per_voter() >= required_votes)
    if len(active) < MIN_PARTICIPANTS:
        rule = "voted at all" if method == "polis" else f"voted on at least {required_votes} statement(s)"
        raise NotEnoughDataError(
            f"Only {len(active)} participant(s) {rule}; at least {MIN_PARTICIPANTS} are needed to form opinion groups."
        )
    seen_all = _fill_columns(matrix.indicator(), ~kept, 1.0)
    agree_all = _fill_columns(matrix.indicator(1), ~kept, 0.0)
    disagree_all = _fill_columns(matrix.indicator(-1), ~kept, 0.0)
    # As in Pol.is, the components are fitted on everybody's votes; only
    # participants with enough votes are projected and clustered.
    projection = sparsity_aware_projection(agree_all - disagree_all, seen_all, seed)[active]
    seen, agree, disagree = seen_all[active], agree_all[active], disagree_all[active]
    if np.unique(np.round(projection, 9), axis=0).shape[0] < 2:
        raise NotEnoughDataError(
            "All participants voted identically; no opinion groups can be told apart."
        )
    if replayed is not None:
        labels, silhouettes, n_base = _number_by_size(replayed.labels), replayed.silhouettes, replayed.n_base
    else:
        labels, silhouettes, n_base = _cluster(projection, method, seed, max_groups)

    membership = sp.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(labels.max() + 1, len(labels))
    )
    columns = np.flatnonzero(kept)
    counts = {
        name: np.asarray((membership @ indicator[:, columns]).todense())
        for name, indicator in (("agree", agree), ("disagree", disagree), ("seen", seen))
    }
    statements = [matrix.statements[j] for j in columns]
    representative = representative_statements(counts, statements)
    active_ids = [matrix.voters[i] for i in active]
    participants = {voter: None for voter in matrix.voters}
    participants.update({voter: int(label) for voter, label in zip(active_ids, labels)})
    return {
        "participants": participants,
        "groups": [
            {"id": g, "size": int((labels == g).sum()), "representative": representative[g]}
            for g in range(labels.max() + 1)
        ],
        "consensus": consensus_statements(counts, statements, n_participants=int(len(active))),
        "projection": {
            voter: [round(float(x), 5), round(float(y), 5)] for voter, (x, y) in zip(active_ids, projection)
        },
        "parameters": {
            "min_votes": min_votes,
            "required_votes": required_votes,
            "seed": seed,
            "n_participants": len(matrix.voters),
            "n_clustered": int(len(active)),
            "n_statements": n_statements,
            "n_moderated_out": int((~kept).sum()),
            "n_meta_statements": sum(1 for statement in matrix.statements if statement in meta),
            "method": method,
            "n_base_clusters": n_base,
            "k": int(labels.max() + 1),
            "silhouette": silhouettes,
            "history": {"updates": replayed.updates, "restarts": replayed.restarts} if replayed else None,
            "stability": grouping_stability(
                projection, lambda points, s: _cluster(points, method, s, max_groups, n_init=2)[0], seed
            ) if stability else None,
        },
    }


def _cluster(projection: np.ndarray, method: str, seed: int, max_groups: int, n_init: int = 10):
    """(labels numbered by size, {k: silhouette}, number of base clusters or None).

    ``n_init`` (kmeans only) is lowered for the repeated runs of the stability check."""
    if method == "polis":
        try:
            labels, scores, n_base = polis_cluster(projection, seed, max_groups)
        except ValueError:
            raise NotEnoughDataError(
                "The participants' votes are too similar to tell two opinion groups apart."
            ) from None
        return _number_by_size(labels), scores, n_base
    labels, scores = cluster_projection(projection, seed, max_groups, n_init)
    return labels, scores, None


def _fill_columns(matrix: sp.csr_matrix, columns: np.ndarray, value: float) -> sp.csr_matrix:
    """Copy of ``matrix`` with the boolean-selected ``columns`` set to ``value`` in every row."""
    if not columns.any():
        return matrix
    keep = sp.diags((~columns).astype(np.float64))
    result = matrix @ keep
    if value:
        fill = sp.csr_matrix(np.outer(np.full(matrix.shape[0], value), columns.astype(np.float64)))
        result = result + fill
    return result.tocsr()


def sparsity_aware_projection(votes: sp.csr_matrix, seen: sp.csr_matrix, seed: int = 0) -> np.ndarray:
    """2-D PCA projection of participants with Pol.is's scaling for sparse voters.

    ``votes`` holds +1/-1 (passes and missing are 0), ``seen`` marks every
    answered cell. Returns an array of shape (participants, 2).
    """
    votes = votes.tocsr().astype(np.float64)
    seen = seen.tocsr()
    n_seen_per_statement = np.asarray(seen.sum(axis=0)).ravel()
    means = np.divide(
        np.asarray(votes.sum(axis=0)).ravel(), n_seen_per_statement,
        out=np.zeros(votes.shape[1]), where=n_seen_per_statement > 0,
    )
    centred = _subtract_on_pattern(votes, seen, means)
    n_components = min(2, min(centred.shape) - 1) if min(centred.shape) > 2 else 1
    if min(centred.shape) <= 50:
        _, singular, components = np.linalg.svd(centred.toarray(), full_matrices=False)
        components = components[:n_components]
    else:
        _, singular, components = randomized_svd(centred, n_components, random_state=seed, n_iter=7)
    _, components = svd_flip(np.zeros((1, components.shape[0])), components, u_based_decision=False)
    projection = centred @ components.T
    if projection.shape[1] < 2:
        projection = np.column_stack([projection, np.zeros(len(projection))])
    n_votes = np.asarray(seen.sum(axis=1)).ravel()
    scale = np.sqrt(seen.shape[1] / np.maximum(n_votes, 1))
    return np.asarray(projection) * scale[:, None]


def _subtract_on_pattern(votes: sp.csr_matrix, seen: sp.csr_matrix, means: np.ndarray) -> sp.csr_matrix:
    """Sparse matrix with ``vote - mean`` at answered cells and 0 elsewhere."""
    seen = seen.tocoo()
    values = np.asarray(votes[seen.row, seen.col]).ravel() - means[seen.col]
    return sp.csr_matrix((values, (seen.row, seen.col)), shape=seen.shape)


def cluster_projection(projection: np.ndarray, seed: int, max_groups: int = 5, n_init: int = 10):
    """k-means on the projection with k in 2…max_groups chosen by silhouette.

    Groups are numbered by size (largest first). Returns (labels, {k: silhouette}).
    """
    n = len(projection)
    distinct = np.unique(np.round(projection, 9), axis=0).shape[0]
    sample = np.random.default_rng(seed).choice(n, min(n, SILHOUETTE_SAMPLE), replace=False)
    best_labels, best_score, scores = None, -np.inf, {}
    for k in range(2, min(max_groups, distinct, n - 1) + 1):
        labels = KMeans(k, random_state=seed, n_init=n_init).fit_predict(projection)
        if len(np.unique(labels[sample])) < 2:
            continue
        score = float(silhouette_score(projection[sample], labels[sample]))
        scores[str(k)] = round(score, 4)
        if score > best_score + 1e-9:
            best_labels, best_score = labels, score
    if best_labels is None:
        best_labels = KMeans(2, random_state=seed, n_init=n_init).fit_predict(projection)
    return _number_by_size(best_labels), scores


def _number_by_size(labels: np.ndarray) -> np.ndarray:
    sizes = np.bincount(labels)
    first_member = np.array([np.flatnonzero(labels == g)[0] for g in range(len(sizes))])
    order = sorted(range(len(sizes)), key=lambda g: (-sizes[g], first_member[g]))
    remap = np.empty(len(sizes), int)
    remap[order] = np.arange(len(sizes))
    return remap[labels]

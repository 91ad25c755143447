"""Representative and consensus statements (the Pol.is "repness" statistics).

For a group g and statement s, with ``n_agree``, ``n_disagree`` and ``n_seen``
(all answers including passes) counted inside the group and among everybody
else ("rest"):

* probability, Laplace-smoothed: ``p = (n_agree + 1) / (n_seen + 2)``;
* one-proportion z-test of that probability against 0.5 (with one pseudo-count);
* ``ratio = p_group / p_rest`` and a two-proportion z-test group vs rest.

A statement represents a group in one direction (agree or disagree) if both
tests pass at 90 % (z > 1.2816); such statements are ranked by
``ratio × ratio_z × p × p_z``. Consensus statements are those that *every*
group agrees (or disagrees) with; they are ranked by the product of the
groups' probabilities (Pol.is "group-aware consensus").

Consensus needs enough votes to rest on: a statement qualifies only when every
group cast at least ``MIN_CONSENSUS_GROUP_VOTES`` (10) votes on it *and* its
votes number at least ``MIN_CONSENSUS_SHARE`` (5 %) of the grouped
participants. Without this rule 25 votes out of ~5,000 people could be shown
as "100 % consensus".

Every reported statement carries its vote counts: ``n_seen`` (votes in the
group, passes included), ``agree_ratio``/``disagree_ratio`` in the group and
``rest_n_seen``/``rest_agree_ratio`` among all other grouped participants.
"""

from __future__ import annotations

import numpy as np

Z_90 = 1.2816  # one-sided 90 % critical value
MIN_CONSENSUS_GROUP_VOTES = 10
MIN_CONSENSUS_SHARE = 0.05


def proportion_z(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """z statistic of ``(successes + 1) / (trials + 1)`` against 0.5."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def two_proportion_z(succ_in, trials_in, succ_out, trials_out) -> np.ndarray:
    """Two-proportion z statistic (group vs rest), every count incremented by one."""
    succ_in, trials_in = succ_in + 1, trials_in + 1
    succ_out, trials_out = succ_out + 1, trials_out + 1
    pooled = (succ_in + succ_out) / (trials_in + trials_out)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / trials_in + 1 / trials_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (succ_in / trials_in - succ_out / trials_out) / spread
    return np.where(spread > 0, z, 0.0)


def smoothed(successes, trials):
    """Laplace-smoothed share ``(successes + 1) / (trials + 2)``."""
    return (successes + 1) / (trials + 2)


def representative_statements(counts: dict, statements: list[str], limit: int = 5) -> list[list[dict]]:
    """For each group, up to ``limit`` significant representative statements, best first.

    ``counts`` holds arrays of shape (groups, statements): ``agree``,
    ``disagree``, ``seen``.
    """
    seen = counts["seen"]
    rest_seen = seen.sum(axis=0) - seen
    per_group = []
    for g in range(seen.shape[0]):
        candidates = []
        for direction, key in (("agree", "agree"), ("disagree", "disagree")):
            hits = counts[key][g]
            rest_hits = counts[key].sum(axis=0) - hits
            probability = smoothed(hits, seen[g])
            probability_z = proportion_z(hits, seen[g])
            ratio = probability / smoothed(rest_hits, rest_seen[g])
            ratio_z = two_proportion_z(hits, seen[g], rest_hits, rest_seen[g])
            score = ratio * ratio_z * probability * probability_z
            significant = (probability_z > Z_90) & (ratio_z > Z_90)
            for s in np.flatnonzero(significant):
                candidates.append((score[s], direction, s))
        # One direction per statement: keep the stronger one.
        best: dict[int, tuple] = {}
        for candidate in candidates:
            if candidate[2] not in best or candidate[0] > best[candidate[2]][0]:
                best[candidate[2]] = candidate
        ranked = [(*c, True) for c in sorted(best.values(), key=lambda c: (-c[0], c[2]))[:limit]]
        if not ranked:
            ranked = _best_agreed_fallback(counts, rest_seen, g)
        per_group.append([
            {
                "statement": statements[s],
                "direction": direction,
                "agree_ratio": _ratio(counts["agree"][g, s], seen[g, s]),
                "disagree_ratio": _ratio(counts["disagree"][g, s], seen[g, s]),
                "n_seen": int(seen[g, s]),
                "rest_agree_ratio": _ratio(counts["agree"][:, s].sum() - counts["agree"][g, s], rest_seen[g, s]),
                "rest_n_seen": int(rest_seen[g, s]),
                "score": round(float(score), 4),
                "significant": significant,
            }
            for score, direction, s, significant in ranked
        ])
    return per_group


def _best_agreed_fallback(counts, rest_seen, g) -> list[tuple]:
    """The group's most distinctive statement it agrees with (p > 0.5), marked not significant.

    Used only when nothing passes the tests, so that every group can still be
    described; Pol.is shows such a "best agree" statement as well.
    """
    hits, seen = counts["agree"][g], counts["seen"][g]
    rest_hits = counts["agree"].sum(axis=0) - hits
    probability = smoothed(hits, seen)
    score = (probability / smoothed(rest_hits, rest_seen[g])) * two_proportion_z(hits, seen, rest_hits, rest_seen[g]) \
        * probability * proportion_z(hits, seen)
    candidates = np.flatnonzero(
        (probability > 0.5) & (seen > 0) & (two_proportion_z(hits, seen, rest_hits, rest_seen[g]) > 0)
    )
    if not len(candidates):
        return []
    best = max(candidates, key=lambda s: (score[s], -s))
    return [(score[best], "agree", best, False)]


def consensus_statements(counts: dict, statements: list[str], limit: int = 5,
                         min_probability: float = 0.6, n_participants: int | None = None) -> list[dict]:
    """Statements every group agrees (or disagrees) with, at most ``limit`` per direction.

    Each group's smoothed probability must reach ``min_probability``, the
    whole population's one-proportion test must pass at 90 %, and the
    statement must have enough votes (see the module's minimum;
    ``n_participants`` defaults to the largest number of votes on a statement).
    """
    seen = counts["seen"]
    total_seen = seen.sum(axis=0)
    if n_participants is None:
        n_participants = int(total_seen.max()) if total_seen.size else 0
    enough = (seen >= MIN_CONSENSUS_GROUP_VOTES).all(axis=0) & (total_seen >= MIN_CONSENSUS_SHARE * n_participants)
    result = []
    for direction in ("agree", "disagree"):
        hits = counts[direction]
        probability = smoothed(hits, seen)  # groups × statements
        everyone_z = proportion_z(hits.sum(axis=0), total_seen)
        qualifies = (probability >= min_probability).all(axis=0) & (everyone_z > Z_90) & enough
        score = probability.prod(axis=0)
        chosen = sorted(np.flatnonzero(qualifies), key=lambda s: (-score[s], s))[:limit]
        result.extend(
            {
                "statement": statements[s],
                "direction": direction,
                "agree_ratio": _ratio(counts["agree"][:, s].sum(), total_seen[s]),
                "disagree_ratio": _ratio(counts["disagree"][:, s].sum(), total_seen[s]),
                "n_seen": int(total_seen[s]),
                "group_n_seen": [int(n) for n in seen[:, s]],
                "group_agree_ratios": [_ratio(a, n) for a, n in zip(counts["agree"][:, s], seen[:, s])],
                "group_probabilities": [round(float(p), 4) for p in probability[:, s]],
                "score": round(float(score[s]), 4),
            }
            for s in chosen
        )
    return result


def _ratio(part, whole) -> float:
    return round(float(part) / float(whole), 4) if whole else 0.0

"""Pillars for themes: where a record is placed, and which pillar themes are really one cross-cutting theme.

* **Placement.** A record's pillar is fixed unless its prior flag is set (a
  survey answer: the question's pillar is only a prior). Such records go to
  the pillar whose centre (mean of the fixed records' embeddings) they are
  most similar to, unless their own pillar is within :data:`PRIOR_MARGIN`.
* **Cross-cutting themes.** A theme that is more similar to a theme of another
  pillar than to any theme of its own (centred centres, see
  :func:`cross_cutting_components`) is linked to it; every connected set of
  linked themes becomes one cross-cutting theme. Records
  without a pillar form their own cross-cutting themes.
"""

from __future__ import annotations

import numpy as np
from sklearn.preprocessing import normalize as l2_normalize

PRIOR_MARGIN = 0.05
CROSS_MIN_SIMILARITY = 0.3


def place_in_groups(embedding: np.ndarray, groups: list[str | None], prior: list[bool]) -> list[str | None]:
    """The pillar each row is placed in (see the module docstring)."""
    keys = list(dict.fromkeys(group for group in groups if group is not None))
    movable = [i for i, group in enumerate(groups) if group is not None and prior[i]]
    if len(keys) < 2 or not movable:
        return list(groups)
    centres = []
    for key in keys:
        rows = [i for i, group in enumerate(groups) if group == key and not prior[i]]
        rows = rows or [i for i, group in enumerate(groups) if group == key]
        centres.append(embedding[rows].mean(axis=0))
    similarity = embedding[movable] @ l2_normalize(np.array(centres)).T
    placed = list(groups)
    for row, scores in zip(movable, similarity):
        own = keys.index(groups[row])
        best = int(np.argmax(scores))
        if scores[best] > scores[own] + PRIOR_MARGIN:
            placed[row] = keys[best]
    return placed


def cross_cutting_components(centres: np.ndarray, groups: list[str]) -> list[list[int]]:
    """Sets (more than one pillar) of theme indices that form one cross-cutting theme.

    ``centres`` are the theme centres *minus the mean of all rows* (without
    centring, the vocabulary every text shares makes all themes look alike).
    Two themes of different pillars are linked when their cosine is at least
    :data:`CROSS_MIN_SIMILARITY` and higher than the cosine of either to any
    other theme of its own pillar: the theme has more in common with a theme
    elsewhere than with its neighbours at home.
    """
    n_themes = len(groups)
    if n_themes < 2:
        return []
    unit = l2_normalize(centres)
    similarity = unit @ unit.T
    same = np.equal.outer(np.array(groups, dtype=object), np.array(groups, dtype=object))
    home = np.where(same & ~np.eye(n_themes, dtype=bool), similarity, -np.inf).max(axis=1)
    parent = list(range(n_themes))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for a in range(n_themes):
        for b in range(a + 1, n_themes):
            value = similarity[a, b]
            if not same[a, b] and value >= CROSS_MIN_SIMILARITY and value > max(home[a], home[b]):
                parent[root(a)] = root(b)
    components: dict[int, list[int]] = {}
    for index in range(n_themes):
        components.setdefault(root(index), []).append(index)
    return [members for members in components.values()
            if len(members) > 1 and len({groups[i] for i in members}) > 1]

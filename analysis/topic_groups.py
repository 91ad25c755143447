"""Pillars for themes: where a record is placed, and which pillar themes are really one cross-cutting theme.

* **Placement.** A record's pillar is fixed unless its prior flag is set (a
  survey answer: the question's pillar is only a prior). Such records go to
  the pillar whose centre (mean of the fixed records' embeddings) they are
  most similar to, unless their own pillar is within :data:`PRIOR_MARGIN`.
* **Cross-cutting themes.** Themes of *different* pillars that merged would
  stay about as coherent as each alone (see :func:`cross_cutting_components`)
  are linked; every connected set of linked themes becomes one cross-cutting
  theme. Records
  without a pillar form their own cross-cutting themes.
"""

from __future__ import annotations

import numpy as np
from sklearn.preprocessing import normalize as l2_normalize

PRIOR_MARGIN = 0.05
CROSS_COHESION = 0.85


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


def cross_cutting_components(sums: np.ndarray, sizes: list[int], groups: list[str]) -> list[list[int]]:
    """Sets (more than one pillar) of theme indices that form one cross-cutting theme.

    ``sums[i]`` is the sum of the unit-length member rows of theme i and
    ``sizes[i]`` its number of members. The cohesion of a set of rows (mean
    cosine to its own centre) is ``‖sum‖ / size``; two themes of different
    pillars are linked when their union keeps at least :data:`CROSS_COHESION`
    of the smaller of their own cohesions, i.e. when merging them makes no
    less coherent theme.
    """
    n_themes = len(groups)
    sizes_array = np.asarray(sizes, dtype=float)
    cohesion = np.linalg.norm(sums, axis=1) / np.maximum(sizes_array, 1)
    parent = list(range(n_themes))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for a in range(n_themes):
        for b in range(a + 1, n_themes):
            if groups[a] == groups[b]:
                continue
            union = np.linalg.norm(sums[a] + sums[b]) / (sizes_array[a] + sizes_array[b])
            if union >= CROSS_COHESION * min(cohesion[a], cohesion[b]):
                parent[root(a)] = root(b)
    components: dict[int, list[int]] = {}
    for index in range(n_themes):
        components.setdefault(root(index), []).append(index)
    return [members for members in components.values()
            if len(members) > 1 and len({groups[i] for i in members}) > 1]

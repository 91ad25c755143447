"""Pol.is's grouping steps (analysis.polis_groups) one by one."""

import numpy as np
import pytest
from conftest import two_camp_votes

from analysis.opinions import find_opinion_groups
from analysis.polis_groups import (
    base_clusters,
    max_groups_for,
    polis_cluster,
    polis_inclusion,
    silhouette,
    weighted_kmeans,
)


def test_inclusion_needs_seven_votes_or_all_statements():
    counts = np.array([7] * 20 + [6, 3, 0])
    assert list(polis_inclusion(counts, n_statements=30)) == list(range(20))
    assert list(polis_inclusion(np.array([3] * 20 + [2]), n_statements=3)) == list(range(20))


def test_inclusion_tops_up_to_fifteen_with_the_most_active_voters_but_never_non_voters():
    counts = np.array([9, 9, 9, 1, 5, 5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
    included = polis_inclusion(counts, n_statements=40)
    # 3 qualify; the others with at least one vote are added, most votes first.
    assert list(included) == [0, 1, 2, 3, 4, 5, 6, 17]
    many = np.array([0, 1, 2, 3, 4, 5, 6] + [8] * 10)
    # 10 qualify; the 5 most active of the rest (6, 5, 4, 3, 2 votes) fill up to 15.
    assert list(polis_inclusion(many, n_statements=40)) == list(range(2, 17))


def test_weighted_kmeans_uses_weights_and_drops_empty_centres():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    labels, centres = weighted_kmeans(points[:2], np.array([[0.0, 0.0]]), weights=np.array([3.0, 1.0]))
    assert centres[0] == pytest.approx([0.25, 0.0])
    labels, centres = weighted_kmeans(points, np.array([[0.0, 0.0], [10.0, 0.0], [100.0, 100.0]]))
    assert len(centres) == 2 and list(labels) == [0, 0, 1]


def test_silhouette_counts_singletons_as_zero():
    points = np.array([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0]])
    labels = np.array([0, 0, 1])
    # Members of the pair: a = 1, b ≈ 10 → ≈ 0.9 each; the singleton scores 0.
    expected = (2 * (1 - 1 / np.mean([10.0, np.hypot(10, 1)])) + 0) / 3
    assert silhouette(points, labels) == pytest.approx(expected, rel=0.02)


def test_bounds_of_the_number_of_groups():
    assert max_groups_for(5) == 2
    assert max_groups_for(24) == 4
    assert max_groups_for(100) == 5


def test_base_clusters_are_at_most_one_hundred_and_cover_everyone():
    points = np.random.default_rng(1).normal(size=(500, 2))
    labels, centres = base_clusters(points, seed=0)
    assert len(centres) <= 100 and labels.max() == len(centres) - 1 and len(labels) == 500


def test_two_clouds_give_two_groups_whatever_the_seed():
    rng = np.random.default_rng(0)
    points = np.vstack([rng.normal((-5, 0), 0.5, (150, 2)), rng.normal((5, 0), 0.5, (100, 2))])
    for seed in range(3):
        labels, scores, n_base = polis_cluster(points, seed)
        assert n_base == 100 and max(scores, key=scores.get) == "2"
        assert len(set(labels[:150])) == 1 and len(set(labels[150:])) == 1 and labels[0] != labels[-1]


def test_same_input_and_seed_give_the_same_groups_and_stability_is_reported():
    first = find_opinion_groups(two_camp_votes(n_per_group=12), seed=3)
    second = find_opinion_groups(two_camp_votes(n_per_group=12), seed=3)
    assert first["participants"] == second["participants"]
    stability = first["parameters"]["stability"]
    assert stability == second["parameters"]["stability"]
    assert stability["seeds"] == 1.0 and stability["subsamples"] == 1.0
    assert stability["runs"] == 5 and stability["subsample_share"] == 0.9
    assert first["parameters"]["n_base_clusters"] >= 2


def test_stability_can_be_switched_off():
    result = find_opinion_groups(two_camp_votes(n_per_group=12), stability=False)
    assert result["parameters"]["stability"] is None

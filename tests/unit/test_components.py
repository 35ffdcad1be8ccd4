"""`graph.clustering.components`: the components of numbered tips joined as arrays are the sets a union-find
over the same links gives, each labelled by its smallest tip, in order of it."""

from __future__ import annotations

import random

import numpy as np

from graph.clustering.components import component_labels, components
from graph.clustering.unionfind import UnionFind


def _union_find_sets(count: int, links: list[tuple[int, int]]) -> list[list[int]]:
    forest = UnionFind(f"{tip:06d}" for tip in range(count))
    for a, b in links:
        forest.union(f"{a:06d}", f"{b:06d}")
    return [[int(tip) for tip in members] for members in forest.sets()]


def test_random_links_give_the_union_finds_sets() -> None:
    rng = random.Random(3)
    for count, link_count in ((1, 0), (50, 20), (400, 380), (2_000, 2_500)):
        links = [(rng.randrange(count), rng.randrange(count)) for _ in range(link_count)]
        first = np.array([a for a, _ in links], dtype=np.int64)
        second = np.array([b for _, b in links], dtype=np.int64)
        labels = component_labels(count, first, second)
        found = [members.tolist() for members in components(labels)]
        assert found == _union_find_sets(count, links)
        assert all(labels[members[0]] == members[0] for members in found)


def test_a_chain_hooked_from_its_far_end_is_one_component() -> None:
    # Each link's larger end's root is hooked onto the smaller: a chain listed from the far end needs the
    # pointer jumps to reach its smallest tip.
    count = 1_000
    first = np.arange(count - 1, 0, -1, dtype=np.int64)
    second = first - 1
    labels = component_labels(count, first, second)
    assert labels.tolist() == [0] * count
    assert [m.tolist() for m in components(labels)] == [list(range(count))]


def test_no_tips_no_components() -> None:
    nothing = np.zeros(0, dtype=np.int64)
    assert components(component_labels(0, nothing, nothing)) == []

"""Connected components of tips numbered 0..n-1 (in tip id order) joined by links given as two int arrays,
all at once with numpy: what a union-find over the tip ids gives when nothing is kept apart (no DIFFERENT
judgement refuses a union, so the order of the unions does not matter), without a Python call per link.

Each round hooks the root of every link's larger end onto the smaller end's root (`np.minimum.at`, so a root
hooked by several links takes the smallest), then jumps pointers until every tip points at its root. A root
is hooked only onto a smaller number, so each tree's root is its smallest tip: the component's label is its
smallest member, which is the order `UnionFind.sets` lists sets in.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


def component_labels(count: int, first: IntArray, second: IntArray) -> IntArray:
    """Per tip 0..count-1, the smallest tip of its component under the links (first[i], second[i])."""
    root = np.arange(count, dtype=np.int64)
    while True:
        root_first, root_second = root[first], root[second]
        apart = root_first != root_second
        if not apart.any():
            return root
        low = np.minimum(root_first[apart], root_second[apart])
        high = np.maximum(root_first[apart], root_second[apart])
        np.minimum.at(root, high, low)
        while True:
            jumped = root[root]
            if np.array_equal(jumped, root):
                break
            root = jumped


def components(labels: IntArray) -> list[IntArray]:
    """The tips of each component (ascending), components in order of their smallest tip."""
    order = np.argsort(labels, kind="stable")
    ordered = labels[order]
    starts = np.flatnonzero(np.diff(ordered)) + 1
    return np.split(order, starts) if len(order) else []

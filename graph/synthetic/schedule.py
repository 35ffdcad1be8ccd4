"""The order in which actors' tips arrive: a uniformly random interleaving of every actor's tips, drawn
one at a time (a Fenwick tree of the tips each actor has left), so the stream needs no list of all tips."""

from __future__ import annotations

import random
from array import array
from collections.abc import Sequence


class TipSchedule:
    """Draws the actor of the next tip with probability proportional to the tips the actor has left."""

    def __init__(self, counts: Sequence[int]) -> None:
        size = len(counts)
        tree = array("q", [0]) * (size + 1)
        for position in range(1, size + 1):
            tree[position] += counts[position - 1]
            parent = position + (position & -position)
            if parent <= size:
                tree[parent] += tree[position]
        self._tree = tree
        self._size = size
        self._top_bit = 1 << (size.bit_length() - 1) if size else 0
        self.remaining = sum(counts)

    def draw(self, rng: random.Random) -> int:
        """The index of the actor whose tip comes next; that actor then has one tip fewer."""
        if self.remaining <= 0:
            raise IndexError("every scheduled tip has been drawn")
        target = rng.randrange(self.remaining)
        tree, size = self._tree, self._size
        position = 0
        bit = self._top_bit
        while bit:
            candidate = position + bit
            if candidate <= size and tree[candidate] <= target:
                position = candidate
                target -= tree[candidate]
            bit >>= 1
        chosen = position
        position += 1
        while position <= size:
            tree[position] -= 1
            position += position & -position
        self.remaining -= 1
        return chosen

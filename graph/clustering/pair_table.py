"""A partition's candidate pairs as columns of numbers, weighed all at once (numpy).

`graph.clustering.pairs._link_graph` pairs the tips of every identifier that does not link its tips at once:
hundreds of thousands of pairs per 50,000 tips, most of a recompute's compute phase when each pair was a
dict entry with a dict of levels and a list of identifiers. Here each pair an identifier gives is one row
(tip a, tip b, evidence class, level rank, identifier), kept in columns; `PairTable.edges` takes, per pair
and class, the most telling level (the lowest rank), adds the classes' gains to the base weight in the
order the classes first reached the pair (the order `_Links.edges` adds them, so the float sums are the
same bits), and makes an `Edge` only for the pairs that reach the threshold, with the identifiers each
went through in uid order (identifiers are numbered in the order they are added, which is uid order).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial

import numpy as np
import numpy.typing as npt

from graph.clustering.edges import Edge, PairPositions
from graph.clustering.evidence import (
    CLASS_LEVELS,
    CLASSES,
    LEVEL_RANK,
    Comparison,
    EvidenceModel,
    probability_of,
)
from graph.clustering.occurrences import IdentifierGroup
from graph.kinds import IdentifierKind

IntArray = npt.NDArray[np.int64]
Via = tuple[tuple[str, ...], tuple[IdentifierKind, ...]]
CLASS_INDEX = {evidence: index for index, evidence in enumerate(CLASSES)}


@lru_cache(maxsize=256)
def _pair_positions(size: int) -> tuple[IntArray, IntArray]:
    """The positions of every pair of `size` sorted tips, in `itertools.combinations` order."""
    first, second = np.triu_indices(size, 1)
    return first.astype(np.int64), second.astype(np.int64)


class PairTable:
    """Rows of (tip a, tip b, class, rank, identifier) over a sorted list of tips (a < b as tip ids)."""

    def __init__(self, tips: Sequence[str]) -> None:
        self.tips = list(tips)
        self.index = {tip: position for position, tip in enumerate(self.tips)}
        # Identifier number -> (uid, kind); numbered in the order identifiers first add a row.
        self.through: list[tuple[str, IdentifierKind]] = []
        self._last_uid: str | None = None
        # Rows added one at a time, and chunks of rows added a group at once.
        self._rows: tuple[list[int], list[int], list[int], list[int], list[int]] = ([], [], [], [], [])
        self._chunks: list[tuple[IntArray, IntArray, IntArray, IntArray, IntArray]] = []
        # Groups of three tips or more at one rank, by size: (tip positions, class, rank, identifier),
        # paired all at once per size (`_uniform_columns`), not with a few arrays per group.
        self._uniform: dict[int, list[tuple[list[int], int, int, int]]] = {}

    def number(self, group: IdentifierGroup) -> int:
        """The identifier's number (added in uid order: a group's rows come together)."""
        if self._last_uid != group.uid:
            self.through.append((group.uid, group.kind))
            self._last_uid = group.uid
        return len(self.through) - 1

    def add_via(self, tip_a: str, tip_b: str, group: IdentifierGroup, found: Comparison) -> None:
        """One pair's row (`_Links.add_via`'s signature, for the rare paths that weigh pair by pair)."""
        a, b = self.index[tip_a], self.index[tip_b]
        evidence = found.evidence_class
        self._add_one(
            min(a, b), max(a, b), CLASS_INDEX[evidence], LEVEL_RANK[evidence][found.level], self.number(group)
        )

    def _add_one(self, a: int, b: int, evidence: int, rank: int, number: int) -> None:
        first, second, classes, ranks, numbers = self._rows
        first.append(a)
        second.append(b)
        classes.append(evidence)
        ranks.append(rank)
        numbers.append(number)

    def add_group(self, group: IdentifierGroup, evidence: str, ranks: int | Sequence[int]) -> None:
        """Every pair of the group's (sorted) tips, in `combinations` order, at one rank or one per pair."""
        positions = [self.index[tip] for tip in group.tips]
        number, evidence_index = self.number(group), CLASS_INDEX[evidence]
        if len(positions) == 2:
            rank = ranks if isinstance(ranks, int) else ranks[0]
            self._add_one(positions[0], positions[1], evidence_index, rank, number)
            return
        if isinstance(ranks, int):
            self._uniform.setdefault(len(positions), []).append((positions, evidence_index, ranks, number))
            return
        first, second = _pair_positions(len(positions))
        tips = np.asarray(positions, dtype=np.int64)
        count = len(first)
        self._chunks.append(
            (
                tips[first],
                tips[second],
                np.full(count, evidence_index, dtype=np.int64),
                np.asarray(ranks, dtype=np.int64),
                np.full(count, number, dtype=np.int64),
            )
        )

    def _columns(self) -> list[IntArray]:
        chunks = [
            tuple(np.asarray(column, dtype=np.int64) for column in self._rows),
            *self._chunks,
            *(_uniform_columns(size, groups) for size, groups in self._uniform.items()),
        ]
        return [np.concatenate([chunk[i] for chunk in chunks]) for i in range(5)]

    def edges(self, model: EvidenceModel, threshold: float) -> list[Edge]:
        """The pairs of match probability >= `threshold`, strongest first (then by tip ids)."""
        return self.strong_edges(model, threshold)[0]

    def strong_edges(self, model: EvidenceModel, threshold: float) -> tuple[list[Edge], PairPositions]:
        """`edges`, with the edges as numbers (`PairPositions`: to union them, and cut them per cluster)."""
        first, second, classes, ranks, numbers = self._columns()
        if not len(first):
            nothing = np.zeros(0, dtype=np.int64)
            return [], PairPositions(self.tips, nothing, nothing, nothing, np.zeros(0), [], nothing)
        width = max(len(self.tips), 1)
        # Rows by pair, then identifier number (uid order): each pair's identifiers in order, duplicates
        # kept as `_Links` keeps them; sorted once, and every later step works on runs of these rows.
        order = np.lexsort((numbers, first * width + second))
        key = first[order] * width + second[order]
        classes, ranks, numbers = classes[order], ranks[order], numbers[order]
        pair_starts = _starts((key,))
        pair_of_row = np.repeat(np.arange(len(pair_starts)), np.diff(np.append(pair_starts, len(key))))
        # Per (pair, class): the most telling rank and the first identifier that gave the class (a stable
        # sort keeps each class's rows in number order).
        by_class = np.argsort(pair_of_row * len(CLASSES) + classes, kind="stable")
        class_pair, class_of = pair_of_row[by_class], classes[by_class]
        class_starts = _starts((class_pair, class_of))
        rank_of = np.minimum.reduceat(ranks[by_class], class_starts)
        first_number = numbers[by_class][class_starts]
        class_pair, class_of = class_pair[class_starts], class_of[class_starts]
        # Classes in the order they first reached the pair: the order the weights are summed in.
        order = np.lexsort((first_number, class_pair))
        class_pair, class_of, rank_of = class_pair[order], class_of[order], rank_of[order]
        gains = _gain_table(model)[class_of, rank_of]
        starts = _starts((class_pair,))
        counts = np.diff(np.append(starts, len(class_pair)))
        place = np.arange(len(class_pair)) - np.repeat(starts, counts)
        weight = np.full(len(pair_starts), model.base_weight)
        for k in range(int(counts.max())):
            at = place == k
            weight[class_pair[at]] += gains[at]
        distinct, which = np.unique(weight, return_inverse=True)
        probabilities = np.array([probability_of(float(w)) for w in distinct])[which]
        strong = np.flatnonzero(probabilities >= threshold)
        pair_key, probability = key[pair_starts[strong]], probabilities[strong]
        tip_a, tip_b = pair_key // width, pair_key % width
        low = pair_starts[strong]
        high = np.append(pair_starts, len(key))[strong + 1]
        order = np.lexsort((tip_b, tip_a, -probability))
        tip_a, tip_b, probability = tip_a[order], tip_b[order], probability[order]
        edges, via, vias, via_rank = _make_edges(
            self.tips, self.through, (tip_a, tip_b, probability, low[order], high[order]), numbers
        )
        return edges, PairPositions(self.tips, tip_a, tip_b, via, probability, vias, via_rank)


def _uniform_columns(
    size: int, groups: Sequence[tuple[list[int], int, int, int]]
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """The rows of groups of `size` tips at one rank each: every pair of each group's tips."""
    first, second = _pair_positions(size)
    tips = np.array([positions for positions, _, _, _ in groups], dtype=np.int64)
    pairs = len(first)

    def per_pair(values: list[int]) -> IntArray:
        return np.repeat(np.asarray(values, dtype=np.int64), pairs)

    return (
        tips[:, first].ravel(),
        tips[:, second].ravel(),
        per_pair([evidence for _, evidence, _, _ in groups]),
        per_pair([rank for _, _, rank, _ in groups]),
        per_pair([number for _, _, _, number in groups]),
    )


def _starts(columns: Sequence[IntArray]) -> IntArray:
    """Where each run of equal rows (over the sorted `columns`) starts."""
    size = len(columns[0])
    new = np.zeros(size, dtype=bool)
    new[0] = True
    for column in columns:
        new[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(new)


def _gain_table(model: EvidenceModel) -> npt.NDArray[np.float64]:
    """Per class (row) and level rank (column), what the level adds to a pair's match weight."""
    width = max(len(levels) for levels in CLASS_LEVELS.values())
    table = np.zeros((len(CLASSES), width))
    for row, evidence in enumerate(CLASSES):
        for rank, level in enumerate(CLASS_LEVELS[evidence]):
            table[row, rank] = model.gain(evidence, level)
    return table


def _make_edges(
    tips: Sequence[str],
    through: Sequence[tuple[str, IdentifierKind]],
    columns: tuple[IntArray, IntArray, npt.NDArray[np.float64], IntArray, IntArray],
    numbers: IntArray,
) -> tuple[list[Edge], IntArray, list[Via], IntArray]:
    """The strong pairs as `Edge`s: (tip a, tip b, probability, first and past-last row of the pair's
    identifiers in `numbers`). Each `Edge` is made by `tuple.__new__` through `map` (no Python frame per
    edge: a recompute makes hundreds of thousands), its names and identifiers looked up in lists. With
    each pair's via number, the (uids, kinds) of each number: one per distinct set of identifiers
    (an identifier's own number when the pair went through one; numbers past those for sets of two or
    more, in the order the pairs first reach them), and each number's place by uids (`_via_ranks`)."""
    tip_a, tip_b, probability, low, high = columns
    vias: list[Via] = [((uid,), (kind,)) for uid, kind in through]
    via_number = numbers[low]
    multiple = np.flatnonzero(high - low > 1)
    set_starts = set_stops = np.zeros(0, dtype=np.int64)
    if len(multiple):
        # Most pairs of two identifiers or more share their set with other pairs (the tips of one file
        # share its three hashes; one person's tips his account, name and email): each set's tuples are
        # made once, from the first pair that has it.
        starts, stops = low[multiple], high[multiple]
        set_of, first = _identifier_sets(numbers, starts, stops)
        via_number[multiple] = len(vias) + set_of
        set_starts, set_stops = starts[first], stops[first]
        listed = numbers.tolist()
        for start, stop in zip(set_starts.tolist(), set_stops.tolist(), strict=True):
            named = [through[number] for number in listed[start:stop]]
            vias.append((tuple(u for u, _ in named), tuple(k for _, k in named)))
    via = list(map(vias.__getitem__, via_number.tolist()))
    name = tips.__getitem__
    make = partial(tuple.__new__, Edge)
    edges = list(
        map(
            make,
            zip(
                map(name, tip_a.tolist()),
                map(name, tip_b.tolist()),
                probability.tolist(),
                [uids for uids, _ in via],
                [kinds for _, kinds in via],
                strict=True,
            ),
        )
    )
    return edges, via_number, vias, _via_ranks(len(through), numbers, set_starts, set_stops)


def _via_ranks(singles: int, numbers: IntArray, starts: IntArray, stops: IntArray) -> IntArray:
    """Per via number (0..singles-1: one identifier each; then the sets `numbers[starts[j]:stops[j]]`),
    its place among them all by their uids as tuples. Identifiers are numbered in uid order, so that is
    the order of their numbers as tuples: by first number, then the rest, a run before any longer run it
    begins (a missing number, -1, sorts first). As arrays, without comparing strings."""
    lengths = stops - starts
    width = int(lengths.max()) if len(lengths) else 1
    table = np.full((singles + len(starts), width), -1, dtype=np.int64)
    table[:singles, 0] = np.arange(singles)
    for k in range(width):
        longer = np.flatnonzero(lengths > k)
        table[singles + longer, k] = numbers[starts[longer] + k]
    order = np.lexsort(table.T[::-1])
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _identifier_sets(numbers: IntArray, low: IntArray, high: IntArray) -> tuple[IntArray, IntArray]:
    """Per run `numbers[low[i]:high[i]]`, a set number (0, 1, ... in the order the runs first show each
    distinct sequence of identifier numbers), and per set number the first run that has it. Equal runs are
    found a position at a time, as arrays: a run's id after position k names its first k + 1 numbers."""
    lengths = high - low
    ids = numbers[low]
    span = int(numbers.max()) + 1
    for k in range(1, int(lengths.max())):
        longer = np.flatnonzero(lengths > k)
        keys = ids[longer] * span + numbers[low[longer] + k]
        ids[longer] = np.unique(keys, return_inverse=True)[1].reshape(-1)
    # Runs of one length end at one position, so their ids name them; runs of other lengths never match.
    keys = ids * (int(lengths.max()) + 1) + lengths
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    place = np.empty_like(order)
    place[order] = np.arange(len(order))
    return place[inverse.reshape(-1)], first[order]

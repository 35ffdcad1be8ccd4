"""The distinct suspect accounts behind each identifier of a load, counted in eight bytes a pair.

`suspectAccounts` (cypher/identifiers/count_suspect_accounts) counts the distinct suspect ACCOUNT
identifiers of the tips carrying an identifier. A set per identifier held them in memory as the tips came:
a reporting service's contact address or a viral file, carried by thousands of tips with several suspect
accounts each, held a set of tens of thousands, about 6 KB per loaded tip in all (6 GB at a million).
Here each (identifier, account) pair is one 64-bit number, the identifier's number in the high half and
the account's in the low one; a tip's pairs are appended to one flat array of them and, every
`COMPACT_EVERY` pairs, sorted into the distinct ones so far, so memory stays at about the distinct pairs'
eight bytes each.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Mapping
from typing import Final

import numpy as np
import numpy.typing as npt

# Pairs gathered between two compactions (128 MB of them).
COMPACT_EVERY: Final = 1 << 24
_LOW: Final = np.uint64(32)
# Pairs from one tip at or above which they are made as arrays: a loop costs ~0.2 µs a pair, a grid of
# numpy calls ~15 µs a tip (a tip with many suspect accounts makes hundreds of pairs).
MANY_PAIRS: Final = 96
_SHIFT: Final = 32


class AccountPairs:
    """(identifier number, account number) pairs, each counted once however often it is added."""

    __slots__ = ("_pending", "_pending_blocks", "_block_pairs", "_distinct")

    def __init__(self) -> None:
        self._pending = array("Q")
        # The pairs of tips that make many, as arrays, and how many pairs they hold.
        self._pending_blocks: list[npt.NDArray[np.uint64]] = []
        self._block_pairs = 0
        self._distinct: npt.NDArray[np.uint64] = np.empty(0, dtype=np.uint64)

    def add_tip(self, carried: Mapping[int, int], suspects: Collection[int]) -> None:
        """One tip's pairs: each identifier it carries (number -> how many of its links reach it) with
        each of its suspect accounts, but an account carried once with itself (only another of the tip's
        links to it puts an account behind itself). A tip makes tens of pairs: a loop over them costs
        less than the numpy calls that would make them as arrays."""
        if len(carried) * len(suspects) >= MANY_PAIRS:
            self._add_many(carried, suspects)
            return
        pending = self._pending
        accounts = tuple(suspects)
        for number, times in carried.items():
            high = number << _SHIFT
            if times == 1 and number in suspects:
                pending.extend([high | account for account in accounts if account != number])
            else:
                pending.extend([high | account for account in accounts])
        if len(pending) >= COMPACT_EVERY:
            self._compact()

    def _add_many(self, carried: Mapping[int, int], suspects: Collection[int]) -> None:
        """`add_tip` for a tip of many pairs (a few tips, most of the pairs) as one grid of arrays."""
        numbers = np.fromiter(carried.keys(), dtype=np.uint64, count=len(carried))
        once = np.fromiter(carried.values(), dtype=np.int64, count=len(carried)) == 1
        accounts = np.fromiter(suspects, dtype=np.uint64, count=len(suspects))
        pairs = (numbers[:, None] << _LOW) | accounts[None, :]
        itself = once[:, None] & (numbers[:, None] == accounts[None, :])
        block = pairs[~itself]
        self._pending_blocks.append(block)
        self._block_pairs += len(block)
        if self._block_pairs >= COMPACT_EVERY:
            self._compact()

    def _compact(self) -> None:
        if self._pending or self._pending_blocks:
            fresh = np.frombuffer(self._pending, dtype=np.uint64)
            self._distinct = _distinct(np.concatenate([self._distinct, fresh, *self._pending_blocks]))
        self._pending = array("Q")
        self._pending_blocks, self._block_pairs = [], 0

    def counts(self, identifiers: int) -> list[int]:
        """The distinct accounts behind each of the identifiers numbered 0 to `identifiers` - 1."""
        self._compact()
        owners = (self._distinct >> _LOW).astype(np.int64)
        counted: list[int] = np.bincount(owners, minlength=identifiers).tolist()
        return counted


def _distinct(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The distinct values, sorted (numpy's own `unique` hashes them, ten times slower here)."""
    values.sort()
    first = np.empty(len(values), dtype=bool)
    first[:1] = True
    np.not_equal(values[1:], values[:-1], out=first[1:])
    return values[first]

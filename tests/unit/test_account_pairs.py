"""The load's count of distinct suspect accounts behind each identifier (graph.bulkload.account_pairs)."""

from __future__ import annotations

import random

import pytest

from graph.bulkload import account_pairs
from graph.bulkload.account_pairs import AccountPairs


def test_an_account_is_counted_once_per_identifier_and_behind_itself_only_through_another_link() -> None:
    pairs = AccountPairs()
    # Tip 1 carries identifiers 0 and 1 once each and the suspect accounts 1 and 2 (1 is itself carried).
    pairs.add_tip({0: 1, 1: 1, 2: 1}, {1, 2})
    # Tip 2 repeats account 2 behind identifier 0, and carries account 1 twice (it is behind itself).
    pairs.add_tip({0: 1, 1: 2}, {1, 2})
    assert pairs.counts(4) == [2, 2, 1, 0]


def test_counts_survive_compactions_and_equal_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(account_pairs, "COMPACT_EVERY", 7)
    chance = random.Random(5)
    pairs, behind = AccountPairs(), [set[int]() for _ in range(30)]
    for _ in range(200):
        carried = {number: chance.choice((1, 1, 2)) for number in chance.sample(range(30), 4)}
        suspects = set(chance.sample(range(30), 3))
        pairs.add_tip(carried, suspects)
        for number, times in carried.items():
            behind[number] |= suspects if times > 1 else suspects - {number}
    assert pairs.counts(30) == [len(accounts) for accounts in behind]


@pytest.mark.parametrize("many_pairs", [1, 10, 1_000])
def test_tips_of_many_pairs_made_as_arrays_count_as_the_sets_do(
    monkeypatch: pytest.MonkeyPatch, many_pairs: int
) -> None:
    monkeypatch.setattr(account_pairs, "COMPACT_EVERY", 50)
    monkeypatch.setattr(account_pairs, "MANY_PAIRS", many_pairs)
    chance = random.Random(9)
    pairs, behind = AccountPairs(), [set[int]() for _ in range(40)]
    for _ in range(200):
        carried = {
            number: chance.choice((1, 1, 2)) for number in chance.sample(range(40), chance.randint(1, 8))
        }
        # Accounts the tip carries (once or twice) and others.
        suspects = set(chance.sample([*carried, *range(40)], chance.randint(1, 5)))
        pairs.add_tip(carried, suspects)
        for number, times in carried.items():
            behind[number] |= suspects if times > 1 else suspects - {number}
    assert pairs.counts(40) == [len(accounts) for accounts in behind]

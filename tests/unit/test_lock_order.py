"""The order a batch merges (and so locks) its identifiers in beside a batch in flight (lock_order):
the identifiers the batch in flight holds come last, so the rest are written while it finishes, and any two
batches take the identifiers they share in one order, so they never wait on each other in a cycle."""

from __future__ import annotations

import random

from graph.ingest import lock_order, merge_order


def ranked(order: dict[str, int]) -> list[str]:
    return sorted(order, key=order.__getitem__)


def test_alone_a_batch_locks_in_uid_order() -> None:
    assert ranked(lock_order({"EMAIL|b", "EMAIL|a", "IP|c"}, {})) == ["EMAIL|a", "EMAIL|b", "IP|c"]
    rows = [{"uid": "IP|c"}, {"uid": "EMAIL|a"}]
    assert merge_order(rows, {}) == [{"uid": "EMAIL|a"}, {"uid": "IP|c"}]


def test_what_a_batch_in_flight_holds_is_merged_last_in_its_order() -> None:
    in_flight = lock_order({"EMAIL|a", "EMAIL|m", "IP|z"}, {})
    order = lock_order({"EMAIL|a", "EMAIL|b", "IP|y", "IP|z"}, in_flight)
    # "EMAIL|a" comes first in uid order, and would hold the batch up from its first row.
    assert ranked(order) == ["EMAIL|b", "IP|y", "EMAIL|a", "IP|z"]
    rows = [{"uid": uid} for uid in sorted(order)]
    assert [row["uid"] for row in merge_order(rows, order)] == ranked(order)


def test_consecutive_batches_take_what_they_share_in_one_order() -> None:
    # A chain of batches, each written beside the one before it: on what two neighbours share, the later
    # one's order is the earlier one's (no cycle of waits between them), however the earlier one was ordered.
    rng = random.Random(5)
    universe = [f"EMAIL|{n:03d}" for n in range(200)]
    before: dict[str, int] = {}
    for _ in range(50):
        order = lock_order(set(rng.sample(universe, 40)), before)
        shared = [uid for uid in ranked(order) if uid in before]
        assert shared == [uid for uid in ranked(before) if uid in order]
        assert ranked(order)[len(order) - len(shared) :] == shared, "what the one in flight holds comes last"
        before = order

"""`pair_table._identifier_sets`: the pairs' runs of identifier numbers named by set, as arrays: equal runs
get one set number, runs that differ anywhere (a prefix of another, one number apart, another length) get
different ones, numbered in the order the runs first show them, each with its first run."""

from __future__ import annotations

import numpy as np

from graph.clustering.pair_table import _identifier_sets


def _runs(runs: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    numbers = np.asarray([number for run in runs for number in run], dtype=np.int64)
    bounds = np.cumsum([0, *(len(run) for run in runs)])
    return numbers, bounds[:-1].astype(np.int64), bounds[1:].astype(np.int64)


def test_equal_runs_share_a_set_and_others_do_not() -> None:
    runs = [[1, 2], [1, 2, 3], [0, 4], [1, 2], [1, 3], [1, 2, 3], [2, 3], [0, 4, 5, 6], [0, 4]]
    set_of, first = _identifier_sets(*_runs(runs))
    assert set_of.tolist() == [0, 1, 2, 0, 3, 1, 4, 5, 2]
    assert first.tolist() == [0, 1, 2, 4, 6, 7]


def test_against_tuples_on_random_runs() -> None:
    rng = np.random.default_rng(3)
    runs = [sorted(rng.choice(12, size=rng.integers(2, 6), replace=False).tolist()) for _ in range(2_000)]
    set_of, first = _identifier_sets(*_runs(runs))
    named: dict[tuple[int, ...], int] = {}
    expected = [named.setdefault(tuple(run), len(named)) for run in runs]
    assert set_of.tolist() == expected
    assert [tuple(runs[at]) for at in first.tolist()] == list(named)

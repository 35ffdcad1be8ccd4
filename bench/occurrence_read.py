"""A full recompute's read of its clustering input, three ways side by side on one loaded store (issue 9,
target 4): pages of the identifiers labelled Shared by a seek of their uid index, each occurrence with the
properties its kind can carry (clusters/occurrences, what a recompute does), against the same seek reading
all seven properties of every occurrence (bench/occurrences_every_property, what it did) and a walk of every
identifier of each uid range filtered on tipCount >= 2 (bench/occurrences_walk, what it did before).

    python -m bench.occurrence_read [--tips 50000] [--seed 7] [--rounds 3]

The generated tips are loaded (`tipgraph load`) into a throw-away embedded database under .cache/bench/,
then each way reads the whole input `--rounds` times, the ways taking turns. Printed per way: Neo4j's db
hits of one whole read (deterministic: PROFILE), the median wall seconds and this process's CPU seconds
(the machine is shared: say the load average with them), the rows read, and the ratios. All ways must
read the same rows, or the bench fails.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence

from bench.harness import on_loaded_store, print_table
from bench.profiling import ProfilingDatabase
from bench.side_by_side import Timings, alternating, require_same
from graph.clustering import Occurrence
from graph.clusters.recompute import read_occurrences
from graph.collector import collector_paused
from graph.store.database import Database
from graph.store.launcher import LauncherConfig

WAYS = {
    "seek Shared, each kind's properties (now)": "clusters/occurrences",
    "seek Shared, all seven properties": "bench/occurrences_every_property",
    "walk every identifier": "bench/occurrences_walk",
}


async def measure(db: Database, rounds: int) -> None:
    hits: dict[str, int] = {}
    read: dict[str, list[Occurrence]] = {}
    for label, statement in WAYS.items():
        profiled = ProfilingDatabase.of(db)
        read[label] = await read_occurrences(profiled, statement=statement)
        hits[label] = profiled.hits
    require_same(read, "read different rows")
    timings = Timings(list(WAYS))
    for label, statement in alternating(WAYS, rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        await read_occurrences(db, statement=statement)
        timings.add(label, time.perf_counter() - started, time.process_time() - started_cpu)
    rows = len(next(iter(read.values())))
    table = [
        [
            label,
            f"{hits[label]:,}",
            f"{hits[label] / max(rows, 1):.1f}",
            f"{timings.median_wall(label):.2f}",
            f"{timings.median_cpu(label):.2f}",
            f"{len(read[label]):,}",
        ]
        for label in WAYS
    ]
    print_table(
        f"the recompute's read, median of {rounds} alternating rounds "
        f"(load average {os.getloadavg()[0]:.1f})",
        ["way", "db hits", "db hits/row", "wall s", "client CPU s", "rows"],
        table,
    )
    now, *before = WAYS
    for other in before:
        print(
            f"\nnow / {other}: db hits {hits[now] / hits[other]:.2f}x, wall "
            f"{timings.median_wall(now) / timings.median_wall(other):.2f}x, client CPU "
            f"{timings.median_cpu(now) / timings.median_cpu(other):.2f}x (same rows)"
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.occurrence_read", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args(argv)

    async def then(db: Database, config: LauncherConfig) -> None:
        with collector_paused():
            await measure(db, arguments.rounds)

    on_loaded_store("occurrence-read", arguments.tips, arguments.seed, then)


if __name__ == "__main__":
    main()

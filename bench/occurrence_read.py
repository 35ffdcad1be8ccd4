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
import asyncio
import os
import shutil
import statistics
import time
from collections.abc import Sequence

from bench.bulkload import BENCH_VIEWER
from bench.harness import BENCH_DIR, bench_settings, dataset, describe_dataset, load_config, print_table
from bench.profiling import ProfilingDatabase
from graph.bulkload import load_tips
from graph.clustering import Occurrence
from graph.clusters.recompute import collector_paused, read_occurrences
from graph.store.database import Database

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
    first, *others = read.values()
    if any(found != first for found in others):
        raise SystemExit("the ways read different rows")
    wall: dict[str, list[float]] = {label: [] for label in WAYS}
    cpu: dict[str, list[float]] = {label: [] for label in WAYS}
    for round_ in range(rounds):
        order = list(WAYS.items()) if round_ % 2 == 0 else list(reversed(WAYS.items()))
        for label, statement in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            await read_occurrences(db, statement=statement)
            wall[label].append(time.perf_counter() - started)
            cpu[label].append(time.process_time() - started_cpu)
    table = [
        [
            label,
            f"{hits[label]:,}",
            f"{hits[label] / max(len(first), 1):.1f}",
            f"{statistics.median(wall[label]):.2f}",
            f"{statistics.median(cpu[label]):.2f}",
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
            f"{statistics.median(wall[now]) / statistics.median(wall[other]):.2f}x, client CPU "
            f"{statistics.median(cpu[now]) / statistics.median(cpu[other]):.2f}x (same rows)"
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.occurrence_read", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    settings = bench_settings()
    data_dir = BENCH_DIR / f"neo4j-occurrence-read-{arguments.tips}-{arguments.seed}"
    shutil.rmtree(data_dir, ignore_errors=True)
    config = load_config(settings, data_dir)

    async def then(db: Database) -> None:
        with collector_paused():
            await measure(db, arguments.rounds)

    try:
        asyncio.run(load_tips(settings, config, [data.path], BENCH_VIEWER, then=then))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The bulk load's Cluster nodes (bulkload/create_clusters), written several ways side by side on one
throw-away server (issue 9, target 3).

    python -m bench.load_writes [--tips 50000] [--seed 7] [--rounds 3]

The generated tips are prepared and clustered in this process as `tipgraph load` does (not timed); each
round, each way in turn (the order alternating) writes the load's Cluster nodes into an empty embedded
database (schema applied) and they are deleted after. Printed per way: the median wall seconds, this
process's CPU seconds (the driver packing the rows) and Neo4j's, each against the first way. Every way
must leave the same Cluster nodes.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from bench.harness import (
    BENCH_DIR,
    LOAD_VIEWER,
    bench_settings,
    dataset,
    describe_dataset,
    neo4j_target,
    process_cpu_seconds,
)
from bench.side_by_side import Timings, alternating, require_same
from graph.bulkload.load import create_clusters
from graph.bulkload.prepare import prepare_files
from graph.bulkload.shape import GraphWriter
from graph.clustering.model_store import load_model
from graph.clusters.batch_writes import WRITE_BATCH, write_batches
from graph.settings import Settings
from graph.store.database import Database, opened

Rows = list[dict[str, Any]]


async def _row_moment(db: Database, rows: Rows) -> None:
    await write_batches(db, "bench/create_clusters_row_moment", "clusters", rows, 1)


WAYS: dict[str, Callable[[Database, Rows], Awaitable[None]]] = {
    "create_clusters (now: updatedAt once a batch)": create_clusters,
    "updatedAt in every row (before)": _row_moment,
}


def loaded_clusters(settings: Settings, path: Path) -> Rows:
    """The Cluster rows a load of `path` writes."""
    folder = Path(tempfile.mkdtemp(prefix="bench-writes-", dir=BENCH_DIR))
    try:
        writer = GraphWriter(folder, datetime.now(UTC), LOAD_VIEWER, uuid.uuid4().hex)
        try:
            prepare_files([path], datetime.now(UTC), settings, writer.add_batch)
        finally:
            writer.close()
        return writer.cluster(load_model(settings.cache_dir)).written
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def measure(db: Database, pid: int, rows: Rows, rounds: int) -> None:
    timings = Timings(list(WAYS))
    own_cpu: dict[str, list[float]] = {label: [] for label in WAYS}
    left: dict[str, str] = {}
    for label, way in alternating(WAYS, rounds):
        started, own, neo4j = time.perf_counter(), time.process_time(), process_cpu_seconds(pid)
        await way(db, rows)
        wall, own = time.perf_counter() - started, time.process_time() - own
        timings.add(label, wall, process_cpu_seconds(pid) - neo4j)
        own_cpu[label].append(own)
        print(f"  {label}: {wall:.2f} s, this process {own:.2f} CPU s", flush=True)
        (row,) = await db.read("bench/loaded_tips")
        left.setdefault(label, hashlib.sha256(orjson.dumps(row["clusters"], default=str)).hexdigest())
        await db.append("bench/delete_clusters", batch=WRITE_BATCH)
    require_same(left, "left different Cluster nodes")
    timings.print(f"{len(rows):,} Cluster nodes", "Neo4j CPU s")
    first = statistics.median(own_cpu[next(iter(WAYS))])
    for label, seconds in own_cpu.items():
        mid = statistics.median(seconds)
        print(f"  this process (the driver packing), {label}: {mid:.2f} CPU s, {mid / first:.2f}x the first")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_writes", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    settings = bench_settings()
    rows = loaded_clusters(settings, data.path)
    with neo4j_target(settings, BENCH_DIR / f"neo4j-load-writes-{arguments.tips}") as target:
        if target.pid is None:
            raise SystemExit("bench.load_writes measures its own embedded server: unset NEO4J_URI")

        async def run() -> None:
            async with opened(settings, target.uri, target.password) as db:
                await measure(db, target.pid or 0, rows, arguments.rounds)

        asyncio.run(run())


if __name__ == "__main__":
    main()

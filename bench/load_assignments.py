"""The bulk load's cluster assignments as it wrote them before bulkload/tips_in_range (each clustered tip's
clusterId and empty lists, written after the import: bench/assign_with_lists), several ways side by side on
one loaded store (issue 9, target 3).

    python -m bench.load_assignments [--tips 50000] [--seed 7] [--rounds 2]

The generated tips are loaded (`tipgraph load`) into a throw-away embedded database under .cache/bench/;
its clustered tips' assignments are read back, and each way writes them all `--rounds` times, the ways taking
turns, the tips reset between runs to what the import left (no clusterId, no empty list). Printed per way:
the median wall seconds and Neo4j's CPU seconds (the embedded server's process; the machine is shared: say
the load average with them), and each way against the first. Every way must leave the same properties.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from bench.harness import on_loaded_store, process_cpu_seconds
from bench.side_by_side import Timings, alternating, require_same
from graph.clusters.batch_writes import WRITE_BATCH, write_batches
from graph.clusters.recompute import previous_clusters
from graph.store.database import Database
from graph.store.launcher import LauncherConfig

Rows = list[dict[str, str | None]]


def _server_pid(bolt_port: int) -> int:
    """The embedded server's process, found by the port it was started with."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--port" in args and args[args.index(b"--port") + 1] == str(bolt_port).encode():
            return int(proc.name)
    raise SystemExit(f"no server on port {bolt_port}")


def _by_cluster(rows: Rows) -> Rows:
    # As the load has them: grouped by cluster (the order clusters come out of the computation).
    return sorted(rows, key=lambda row: (row["clusterId"] or "", row["tipId"] or ""))


async def _tip_order(db: Database, rows: Rows) -> None:
    in_order = sorted(rows, key=lambda row: row["tipId"] or "")
    await write_batches(db, "bench/assign_with_lists", "assignments", in_order, 1)


async def _fifty_thousand(db: Database, rows: Rows) -> None:
    await write_batches(db, "bench/assign_with_lists", "assignments", _by_cluster(rows), 1, 50_000)


async def _ten_thousand(db: Database, rows: Rows) -> None:
    await write_batches(db, "bench/assign_with_lists", "assignments", _by_cluster(rows), 1)


WAYS: dict[str, Callable[[Database, Rows], Awaitable[None]]] = {
    "tip id order, 10k a transaction": _tip_order,
    "cluster order, 50k a transaction (before)": _fifty_thousand,
    "cluster order, 10k a transaction": _ten_thousand,
}


async def _state(db: Database) -> list[Any]:
    rows = await db.read("bench/assigned_tips")
    return sorted(tuple(row.values()) for row in rows)


async def measure(db: Database, pid: int, rounds: int) -> None:
    rows: Rows = [
        {"tipId": tip, "clusterId": cluster} for tip, cluster in (await previous_clusters(db)).items()
    ]
    timings = Timings(list(WAYS))
    left: dict[str, list[Any]] = {}
    for label, way in alternating(WAYS, rounds):
        await db.append("bench/unassign_tips", batch=WRITE_BATCH)
        started, started_cpu = time.perf_counter(), process_cpu_seconds(pid)
        await way(db, rows)
        timings.add(label, time.perf_counter() - started, process_cpu_seconds(pid) - started_cpu)
        left.setdefault(label, await _state(db))
    require_same(left, "left different properties")
    timings.print(f"{len(rows):,} assignments", "Neo4j CPU s")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_assignments", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args(argv)

    async def then(db: Database, config: LauncherConfig) -> None:
        await measure(db, _server_pid(config.bolt_port), arguments.rounds)

    on_loaded_store("load-assignments", arguments.tips, arguments.seed, then)


if __name__ == "__main__":
    main()

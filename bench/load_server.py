"""The bulk load's server phases (schema: the server's start on the imported store, its constraints and
indexes; writes: the clusters, the empty lists, the content clusters) with the server's JVM flags of several
ways, side by side (issue 9, target 3).

    python -m bench.load_server [--tips 50000] [--seed 7] [--rounds 2] [--way "name=JVM flags" ...]

A way's flags may hold `+share`: the launcher's class data sharing (`LauncherConfig.share_classes`, its
archive made first if there is none), `+serial-writes`: the Cluster nodes written before the tips'
writes rather than beside them (graph.bulkload.load.CLUSTER_NODES_BESIDE_TIPS off, for that way's runs),
`+indexes-first`: the writes wait for every index to be online (WRITES_BESIDE_INDEXES off), and
`+tip-writers=N`: N ranges of tips written at once (TIP_WRITERS).
The default ways are the load's own and the server as launched (no flag, no sharing).

Each round, each way in turn (the order alternating) loads the generated tips (`tipgraph load`) into a
fresh throw-away store under .cache/bench/ with `server_flags` set to the way's. Printed per way: the median
wall seconds and the server's CPU seconds (its own process, read while it runs) of the schema and writes
phases, and each against the first way's. CPU is the figure to compare on a shared machine (say the load
average with it). Every way must leave the same store (its clusters, assignments and lists).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import shutil
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson

from bench.harness import (
    BENCH_DIR,
    LOAD_VIEWER,
    bench_settings,
    dataset,
    describe_dataset,
    load_config,
    print_table,
)
from bench.side_by_side import alternating, require_same
from graph.bulkload import LoadSummary, load, load_tips
from graph.bulkload.load import LOAD_SERVER_FLAGS, LOAD_SHARES_CLASSES
from graph.store.database import Database
from graph.store.launcher import ensure_class_archive

PHASES = ("schema", "writes")
LOADED_AT = datetime(2026, 1, 1, tzinfo=UTC)


# A way's flags may hold these: the launcher's class data sharing (`LauncherConfig.share_classes`), and
# the Cluster nodes written before the tips' writes.
SHARE = "+share"
SERIAL = "+serial-writes"
INDEXES_FIRST = "+indexes-first"
TIP_WRITERS = "+tip-writers="
LOADS = (*([SHARE] if LOAD_SHARES_CLASSES else []), *LOAD_SERVER_FLAGS)


def _ways(specs: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    if not specs:
        return {f"the load's ({' '.join(LOADS) or 'no flags'})": LOADS, "as launched": ()}
    ways: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        name, _, flags = spec.partition("=")
        ways[name] = tuple(flags.split())
    return ways


async def _outcome(db: Database) -> str:
    """Digests of what the writes left, each part apart (so a difference says where): every tip's cluster
    id and lists, every cluster's properties."""
    (row,) = await db.read("bench/loaded_tips")
    return " ".join(
        f"{part} {hashlib.sha256(orjson.dumps(row[part], default=str)).hexdigest()[:12]}"
        for part in ("tips", "clusters")
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_server", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--way", action="append", help='"name=JVM flags" (default: the load\'s, and none)')
    arguments = parser.parse_args(argv)
    ways = _ways(arguments.way)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    settings = bench_settings()
    summaries: dict[str, list[LoadSummary]] = {name: [] for name in ways}
    left: dict[str, str] = {}
    if any(SHARE in flags for flags in ways.values()):
        ensure_class_archive(settings.cache_dir)
    beside, early, writers = load.CLUSTER_NODES_BESIDE_TIPS, load.WRITES_BESIDE_INDEXES, load.TIP_WRITERS
    for name, flags in alternating(ways, arguments.rounds):
        config = load_config(settings, BENCH_DIR / f"neo4j-load-server-{arguments.tips}-{arguments.seed}")
        shutil.rmtree(config.data_dir, ignore_errors=True)

        async def then(db: Database, way: str = name) -> None:
            left.setdefault(way, await _outcome(db))

        load.CLUSTER_NODES_BESIDE_TIPS = SERIAL not in flags
        load.WRITES_BESIDE_INDEXES = INDEXES_FIRST not in flags
        load.TIP_WRITERS = next(
            (int(flag.removeprefix(TIP_WRITERS)) for flag in flags if flag.startswith(TIP_WRITERS)), writers
        )
        try:
            summary = asyncio.run(
                load_tips(
                    settings,
                    config,
                    [data.path],
                    LOAD_VIEWER,
                    # One moment for every way: the tips' scores and the clusters' updatedAt hold it.
                    received_at=LOADED_AT,
                    then=then,
                    server_flags=[flag for flag in flags if not flag.startswith("+")],
                    share_classes=SHARE in flags,
                )
            )
        finally:
            load.CLUSTER_NODES_BESIDE_TIPS, load.WRITES_BESIDE_INDEXES = beside, early
            load.TIP_WRITERS = writers
            shutil.rmtree(config.data_dir, ignore_errors=True)
        summaries[name].append(summary)
        figures = ", ".join(
            f"{phase} {summary.seconds[phase]:.1f} s wall / {summary.server_cpu_seconds[phase]:.1f} CPU s"
            for phase in PHASES
        )
        start = summary.overlapped[load.SERVER_START]
        print(f"  {name}: start {start:.1f} s, {figures}", flush=True)
    for name, outcome in left.items():
        print(f"  {name} left {outcome}")
    require_same(left, "left different stores")
    print(f"every way left the same store (digest {next(iter(left.values()))})")
    base = next(iter(ways))

    def median(name: str, phase: str, cpu: bool) -> float:
        return statistics.median((s.server_cpu_seconds if cpu else s.seconds)[phase] for s in summaries[name])

    header = ["way", "start wall s"]
    for phase in PHASES:
        header += [f"{phase} wall s", f"{phase} server CPU s", "CPU / first"]
    rows = []
    for name, flags in ways.items():
        start = statistics.median(s.overlapped[load.SERVER_START] for s in summaries[name])
        row = [f"{name} {' '.join(flags)}".strip(), f"{start:.1f}"]
        for phase in PHASES:
            cpu = median(name, phase, True)
            wall, ratio = median(name, phase, False), cpu / median(base, phase, True)
            row += [f"{wall:.1f}", f"{cpu:.1f}", f"{ratio:.2f}"]
        rows.append(row)
    print_table(
        f"the load's server phases at {arguments.tips:,} tips, median of {arguments.rounds} alternating "
        f"rounds (load average {os.getloadavg()[0]:.1f})",
        header,
        rows,
    )


if __name__ == "__main__":
    main()

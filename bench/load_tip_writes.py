"""The bulk load's writes to its tips after the import (each clustered tip's clusterId, every tip's empty
lists), several ways side by side on copies of one imported store (issue 9, target 3).

    python -m bench.load_tip_writes [--tips 50000] [--seed 7] [--rounds 2] [--way NAME ...]
                                    [--pagecache 1g] [--jfr DIR]

The generated tips are prepared, imported and clustered once as `tipgraph load` does (not timed) into a
template store under .cache/bench/. Each round, each way in turn (the order alternating) gets a fresh copy
of it: the server is started on the copy (as the load starts it), the schema is created and online
(`create_schema_at_once`, timed apart), and the way writes the tips. Printed per way: the median
wall seconds and Neo4j's CPU seconds of the writes (the embedded server's own process: the machine is
shared, say the load average with them), each against the first way. Every way must leave the same tips.
`--jfr DIR` records each way's writes of the first round with Java Flight Recorder (`jfr print --events
jdk.ExecutionSample`, or `jfr summary`, on the file it names).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import orjson

from bench.harness import (
    BENCH_DIR,
    LOAD_VIEWER,
    bench_settings,
    dataset,
    describe_dataset,
    load_config,
    process_cpu_seconds,
)
from bench.side_by_side import Timings, alternating, require_same
from graph.bulkload.clustering_input import LoadedClusters
from graph.bulkload.import_files import start_graph_import
from graph.bulkload.load import LOAD_SHARES_CLASSES, LOAD_TIMEOUTS, STARTUP_SECONDS, write_tips
from graph.bulkload.prepare import prepare_files
from graph.bulkload.schema import create_schema_at_once
from graph.bulkload.shape import GraphWriter
from graph.clustering.model_store import load_model
from graph.clusters.batch_writes import write_batches
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, ensure_class_archive

Assignments = Sequence[dict[str, str | None]]


async def _seek_then_scan(db: Database, assignments: Assignments) -> None:
    """The load's way before ranges: each clustered tip found by its id, 10k a transaction in tip id
    order, then a scan of every tip for those still without their lists."""
    in_order = sorted(assignments, key=lambda row: row["tipId"] or "")
    await write_batches(db, "bench/assign_with_lists", "assignments", in_order, 1, 10_000)
    await db.append("bench/empty_lists", batch=100_000)


async def _ranges(db: Database, assignments: Assignments) -> None:
    await write_tips(db, assignments, 1)


async def _ranges_two(db: Database, assignments: Assignments) -> None:
    await write_tips(db, assignments, 2)


WAYS: dict[str, Callable[[Database, Assignments], Awaitable[None]]] = {
    "seek per clustered tip, then a scan (before)": _seek_then_scan,
    "write_tips: ranges of tip ids, 1 in flight": _ranges,
    "write_tips: ranges of tip ids, 2 in flight": _ranges_two,
}


def import_template(settings: Settings, config: LauncherConfig, path: Path) -> LoadedClusters:
    """The tips of `path` imported into `config`'s store and clustered, as `tipgraph load` does."""
    folder = Path(tempfile.mkdtemp(prefix="bench-tip-writes-", dir=BENCH_DIR))
    at = datetime.now(UTC)
    try:
        writer = GraphWriter(folder, at, LOAD_VIEWER, uuid.uuid4().hex)
        try:
            prepare_files([path], at, settings, writer.add_batch)
        finally:
            writer.close()
        nodes, relationships = writer.finish()
        start_graph_import(
            config.data_dir, nodes, relationships, settings.neo4j_database, config.cache_dir
        ).wait()
        return writer.cluster(load_model(settings.cache_dir))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _outcome(db: Database) -> str:
    """A digest of every tip's cluster id and lists."""
    (row,) = await db.read("bench/loaded_tips")
    return hashlib.sha256(orjson.dumps(row["tips"], default=str)).hexdigest()[:16]


def _jfr(pid: int, *command: str) -> None:
    subprocess.run(["jcmd", str(pid), *command], check=True, capture_output=True)


async def _run(
    settings: Settings,
    config: LauncherConfig,
    way: Callable[[Database, Assignments], Awaitable[None]],
    assignments: Assignments,
    recording: Path | None,
) -> tuple[float, float, float, float, str]:
    """Schema wall and server CPU seconds, then the way's, and the digest of what it left."""
    server = EmbeddedNeo4j(config)
    server.start(timeout=STARTUP_SECONDS)
    try:
        pid = server.pid
        assert pid is not None
        patient = settings.model_copy(update=LOAD_TIMEOUTS)
        async with opened(patient, server.uri, config.password, schema=False) as db:
            began, began_cpu = time.perf_counter(), process_cpu_seconds(pid)
            await create_schema_at_once(db)
            schema, schema_cpu = time.perf_counter() - began, process_cpu_seconds(pid) - began_cpu
            if recording is not None:
                _jfr(pid, "JFR.start", "name=writes", "settings=profile", f"filename={recording}")
            began, began_cpu = time.perf_counter(), process_cpu_seconds(pid)
            await way(db, assignments)
            wall, cpu = time.perf_counter() - began, process_cpu_seconds(pid) - began_cpu
            if recording is not None:
                _jfr(pid, "JFR.stop", "name=writes")
            return schema, schema_cpu, wall, cpu, await _outcome(db)
    finally:
        server.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_tip_writes", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--way", action="append", choices=list(WAYS), help="the ways to run (default: all)")
    parser.add_argument("--pagecache", help="the server's page cache (default: the load bench's)")
    parser.add_argument("--jfr", type=Path, help="record each way's first writes into this folder")
    arguments = parser.parse_args(argv)
    ways = {name: WAYS[name] for name in arguments.way} if arguments.way else WAYS
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    settings = bench_settings()
    name = f"neo4j-load-tip-writes-{arguments.tips}-{arguments.seed}"
    template = load_config(settings, BENCH_DIR / name)
    copy = replace(
        load_config(settings, BENCH_DIR / f"{name}-run"),
        share_classes=LOAD_SHARES_CLASSES,
        **({"pagecache": arguments.pagecache} if arguments.pagecache else {}),
    )
    if copy.share_classes:
        ensure_class_archive(settings.cache_dir)
    if arguments.jfr is not None:
        arguments.jfr.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(template.data_dir, ignore_errors=True)
    timings, schema = Timings(list(ways)), Timings(list(ways))
    left: dict[str, str] = {}
    recorded: set[str] = set()
    try:
        clusters = import_template(settings, template, data.path)
        size = sum(f.stat().st_size for f in template.data_dir.rglob("*") if f.is_file())
        clustered = len(clusters.assignments)
        print(f"{clustered:,} clustered tips; imported store {size / 1e6:,.0f} MB", flush=True)
        for label, way in alternating(ways, arguments.rounds):
            shutil.rmtree(copy.data_dir, ignore_errors=True)
            shutil.copytree(template.data_dir, copy.data_dir)
            recording = None
            if arguments.jfr is not None and label not in recorded:
                recorded.add(label)
                recording = arguments.jfr / f"{len(recorded)}.jfr"
            made, made_cpu, wall, cpu, outcome = asyncio.run(
                _run(settings, copy, way, clusters.assignments, recording)
            )
            schema.add(label, made, made_cpu)
            timings.add(label, wall, cpu)
            left.setdefault(label, outcome)
            print(
                f"  {label}: schema {made:.1f} s / {made_cpu:.1f} CPU s, writes {wall:.2f} s / Neo4j CPU "
                f"{cpu:.2f} s{f' (recorded in {recording})' if recording else ''}",
                flush=True,
            )
    finally:
        shutil.rmtree(template.data_dir, ignore_errors=True)
        shutil.rmtree(copy.data_dir, ignore_errors=True)
    require_same(left, "left different tips")
    print(f"every way left the same tips (digest {next(iter(left.values()))})")
    schema.print(f"schema of {arguments.tips:,} imported tips before the writes", "Neo4j CPU s")
    timings.print(
        f"the tips' writes at {arguments.tips:,} tips", "Neo4j CPU s", f"page cache {copy.pagecache}; "
    )


if __name__ == "__main__":
    main()

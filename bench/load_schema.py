"""The bulk load's schema phase (constraints and indexes created on the imported store), several ways side by
side on copies of one imported store (issue 9, target 3).

    python -m bench.load_schema [--tips 50000] [--seed 7] [--rounds 2]

The generated tips are prepared and imported once as `tipgraph load` does (no server, no schema) into a
template store under .cache/bench/. Each round, each way in turn (the order alternating) gets a fresh copy
of it: the server is started on the copy (timed apart) and the way creates every constraint and index and
waits for them to be online. Printed per way: the median wall seconds and Neo4j's CPU seconds (the embedded
server's process: the machine is shared, say the load average with them), each against the first way, and
the server's start. Every way must leave the same indexes and constraints.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

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
from graph.bulkload.import_files import start_graph_import
from graph.bulkload.load import STARTUP_SECONDS
from graph.bulkload.prepare import prepare_files
from graph.bulkload.schema import create_schema_at_once
from graph.bulkload.shape import GraphWriter
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig

WAYS: dict[str, Callable[[Database], Awaitable[None]]] = {
    "apply_schema (one transaction)": Database.apply_schema,
    "create_schema_at_once (a transaction per label, at once)": create_schema_at_once,
}


def import_template(settings: Settings, config: LauncherConfig, path: Path) -> None:
    """The tips of `path` imported into `config`'s store as `tipgraph load` imports them."""
    folder = Path(tempfile.mkdtemp(prefix="bench-schema-", dir=BENCH_DIR))
    try:
        writer = GraphWriter(folder, datetime.now(UTC), LOAD_VIEWER, uuid.uuid4().hex)
        try:
            prepare_files([path], datetime.now(UTC), settings, writer.add_batch)
        finally:
            writer.close()
        nodes, relationships = writer.finish()
        start_graph_import(
            config.data_dir, nodes, relationships, settings.neo4j_database, config.cache_dir
        ).wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _schema_of(db: Database) -> list[tuple[object, ...]]:
    rows, _, _ = await db.driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint, state",
        database_=db.database,
    )
    return sorted(tuple(row.values()) for row in rows)


async def _run(
    settings: Settings, config: LauncherConfig, way: Callable[[Database], Awaitable[None]]
) -> tuple[float, float, float, list[tuple[object, ...]]]:
    server = EmbeddedNeo4j(config)
    started = time.perf_counter()
    server.start(timeout=STARTUP_SECONDS)
    start_seconds = time.perf_counter() - started
    try:
        db = connect(settings, server.uri, config.password)
        try:
            pid = server.pid
            assert pid is not None
            began, began_cpu = time.perf_counter(), process_cpu_seconds(pid)
            await way(db)
            wall, cpu = time.perf_counter() - began, process_cpu_seconds(pid) - began_cpu
            return start_seconds, wall, cpu, await _schema_of(db)
        finally:
            await db.close()
    finally:
        server.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_schema", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    settings = bench_settings()
    template = load_config(settings, BENCH_DIR / f"neo4j-load-schema-{arguments.tips}-{arguments.seed}")
    copy = load_config(settings, BENCH_DIR / f"neo4j-load-schema-{arguments.tips}-{arguments.seed}-run")
    shutil.rmtree(template.data_dir, ignore_errors=True)
    starts: list[float] = []
    timings = Timings(list(WAYS))
    left: dict[str, list[tuple[object, ...]]] = {}
    try:
        import_template(settings, template, data.path)
        for label, way in alternating(WAYS, arguments.rounds):
            shutil.rmtree(copy.data_dir, ignore_errors=True)
            shutil.copytree(template.data_dir, copy.data_dir)
            start, seconds, used, schema = asyncio.run(_run(settings, copy, way))
            starts.append(start)
            timings.add(label, seconds, used)
            left.setdefault(label, schema)
            print(f"  {label}: {seconds:.2f} s, Neo4j CPU {used:.2f} s (start {start:.1f} s)", flush=True)
    finally:
        shutil.rmtree(template.data_dir, ignore_errors=True)
        shutil.rmtree(copy.data_dir, ignore_errors=True)
    require_same(left, "left different indexes or constraints")
    timings.print(
        f"schema of {arguments.tips:,} imported tips",
        "Neo4j CPU s",
        f"server start {statistics.median(starts):.1f} s apart; ",
    )


if __name__ == "__main__":
    main()

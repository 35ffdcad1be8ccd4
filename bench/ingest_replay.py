"""Neo4j's CPU per ingest statement, one steady-state batch written again and again, each time rolled back.

    python -m bench.ingest_replay [--tips 2000] [--warmup 2000] [--seed 7] [--repeats 8] [--against DIR]

As bench/ingest.py's floor comparison does: `--warmup` generated tips are ingested (plans made, the JVM
warm), the store is wiped, and every batch of `--tips` tips but the last is ingested. The last batch is then
prepared once and its write transaction (graph/ingest.py: every statement of it, the audit record included)
run `--repeats` times, each rolled back, so every run starts from the same store and does the same work.
Each statement is charged the database's process CPU since the statement before it (the transaction's
start for the first; 10 ms resolution of /proc, summed over the repeats) and this process's CPU likewise,
so a cypher/ change is measured by rerunning this, statement by statement, without the noise of a whole
ingest (a commit is not measured: the runs are rolled back). Deterministic beside it: the statements and
rows. With `--against`, a folder of .cypher files (another version of cypher/, e.g. `git archive main cypher
| tar -x -C /tmp/main`) takes turns with cypher/ run by run, in one window, and both are printed. Companion
of bench/ingest_profile.py (db hits) and bench/ingest.py (the floor ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import (
    BENCH_DIR,
    bench_settings,
    dataset,
    describe_dataset,
    neo4j_target,
    print_table,
    process_cpu_seconds,
)
from bench.ingest import BENCH_VIEWER
from graph.audit import AuditTrail, audit_event, record_in
from graph.clustering.model_store import load_model
from graph.ingest import _prepare_batch, _write_new_tips, ingest_tips, submitter
from graph.store.database import Database, Transaction, opened
from graph.store.queries import QueryLibrary
from graph.tip_files import read_tips
from graph.tip_keys import service_of


class _Charges:
    """Per statement: calls, Neo4j CPU, this process's CPU and wall seconds, each since the one before."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.calls: dict[str, int] = {}
        self.neo4j: dict[str, float] = {}
        self.python: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self._marks = (0.0, 0.0, 0.0)

    def mark(self) -> None:
        self._marks = (process_cpu_seconds(self.pid), process_cpu_seconds(), time.perf_counter())

    def observe(self, name: str, seconds: float) -> None:
        del seconds
        neo4j, python, wall = self._marks
        self.mark()
        now_neo4j, now_python, now_wall = self._marks
        self.calls[name] = self.calls.get(name, 0) + 1
        self.neo4j[name] = self.neo4j.get(name, 0.0) + now_neo4j - neo4j
        self.python[name] = self.python.get(name, 0.0) + now_python - python
        self.wall[name] = self.wall.get(name, 0.0) + now_wall - wall


async def _ingest(db: Database, items: Sequence[Any], size: int) -> None:
    for start in range(0, len(items), size):
        trail = AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
        await ingest_tips(db, bench_settings(), trail, items[start : start + size])


async def run(args: argparse.Namespace) -> None:
    settings = bench_settings()
    data = dataset(args.tips, args.seed)
    warmup = dataset(args.warmup, args.seed + 1, report_id_prefix="SYN-W-")
    print(describe_dataset(data))
    size = settings.ingest_batch_size
    items = list(read_tips(data.path))
    last = (len(items) - 1) // size * size
    with neo4j_target(settings, BENCH_DIR / f"neo4j-ingest-replay-{uuid.uuid4().hex[:8]}") as target:
        libraries = {"cypher/": None} if args.against is None else {"cypher/": None, str(args.against): None}
        charges = {name: _Charges(target.pid) for name in libraries}
        async with opened(settings, target.uri, target.password) as db:
            await db.write("testing/wipe")
            if args.warmup:
                await _ingest(db, list(read_tips(warmup.path)), size)
                await db.write("testing/wipe")
            await _ingest(db, items[:last], size)
            batch = _prepare_batch(
                list(enumerate(items[last:])),
                submitter(BENCH_VIEWER),
                datetime.now(UTC),
                settings,
                service_of(BENCH_VIEWER),
            )
            tips = [ready for _, ready in batch.prepared]
            library = {"cypher/": db.library}
            if args.against is not None:
                library[str(args.against)] = QueryLibrary(args.against)
            for repeat in range(args.repeats):
                # Taking turns, the order reversed every other run: drift hits both alike.
                for name in list(library)[:: 1 if repeat % 2 == 0 else -1]:
                    await _replay(db, library[name], charges[name], tips)
    for name, charged in charges.items():
        _print(name, charged, len(tips), last, args.repeats)


async def _replay(db: Database, library: QueryLibrary, charges: _Charges, tips: Sequence[Any]) -> None:
    received_at = tips[0].row["props"]["receivedAt"]
    model = load_model(bench_settings().cache_dir)
    async with db.driver.session(database=db.database) as session:
        raw = await session.begin_transaction()
        tx = Transaction(raw, library, charges.observe)  # type: ignore[arg-type]
        charges.mark()
        written = await _write_new_tips(tx, list(tips), received_at, model)
        trail = AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
        await record_in(tx, audit_event(trail.viewer, trail.request_id, "ingest", written.created))
        await raw.rollback()


def _print(name: str, charges: _Charges, tips: int, last: int, repeats: int) -> None:
    total = sum(charges.neo4j.values())
    print_table(
        f"{name}: one batch of {tips:,} new tips (after {last:,} stored), written {repeats} times and rolled "
        f"back: per batch, each statement charged the CPU and wall time since the one before",
        ["statement", "calls", "Neo4j CPU ms", "share", "python CPU ms", "wall ms"],
        [
            [name, f"{charges.calls[name] / repeats:.1f}", f"{1000 * cpu / repeats:,.0f}",
             f"{100 * cpu / max(total, 1e-9):.0f} %", f"{1000 * charges.python[name] / repeats:,.0f}",
             f"{1000 * charges.wall[name] / repeats:,.0f}"]
            for name, cpu in sorted(charges.neo4j.items(), key=lambda item: -item[1])
        ],
    )  # fmt: skip
    print(
        f"\n  per batch: Neo4j CPU {1000 * total / repeats:,.0f} ms, python CPU "
        f"{1000 * sum(charges.python.values()) / repeats:,.0f} ms, wall "
        f"{1000 * sum(charges.wall.values()) / repeats:,.0f} ms, "
        f"{sum(charges.calls.values()) / repeats:.1f} statements (commit not included)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_replay", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=2_000, help="generated tips; the last batch is replayed")
    parser.add_argument("--warmup", type=int, default=2_000, help="tips ingested first, then wiped")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeats", type=int, default=8, help="times the last batch is written and rolled back"
    )
    parser.add_argument("--against", type=Path, help="another cypher/ folder, run in turns with cypher/")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()

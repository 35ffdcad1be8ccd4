"""Where one ingest batch goes in Neo4j, beside the plain writer's: every statement under PROFILE.

    python -m bench.ingest_profile [--tips 4000] [--seed 7] [--batches 2]

Ingests `--tips` generated tips batch by batch (ingest_tips, one batch of TIPGRAPH_INGEST_BATCH_SIZE at a
time) into a wiped database, and profiles the last `--batches` of them: each statement's db hits (Neo4j's
own, deterministic count of the work a plan did), calls and seconds (PROFILE inflates them), summed over the
profiled batches and printed per batch. The earlier batches fill the store and warm the plans, so the
figures are a steady-state batch's. Then the plain single-writer floor (bench/ingest_floor.py) writes the
same graph into a wiped database the same way, its same last batches profiled, and the two are printed
side by side: db hits, statements and the rows and parameter values shipped per batch, so what Neo4j does
beyond the floor's work is seen as work (db hits) or as statements (each one parsed, planned from cache,
its parameters packed and unpacked, its rows shipped). Companion of bench/ingest.py, whose floor comparison
times the same statements without PROFILE.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from bench.harness import BENCH_DIR, bench_settings, dataset, describe_dataset, neo4j_target, print_table
from bench.ingest import BENCH_VIEWER
from bench.ingest_floor import floor_batches, write_floor
from bench.profiling import plan_db_hits
from graph.audit import AuditTrail
from graph.ingest import ingest_tips
from graph.store.database import Row, Transaction, opened
from graph.tip import Tip
from graph.tip_files import read_tips


class _Profile:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.values: dict[str, int] = {}  # parameter values shipped (every scalar of every row counts one)
        self.rows: dict[str, int] = {}  # result rows shipped back
        self.plans: dict[str, Any] = {}


class _Profiling:
    """Which profile the statements being run add to (None: not profiled)."""

    current: _Profile | None = None


PROFILING = _Profiling()
_plain_run = Transaction.run


def _values(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(_values(item) for item in value.values())
    if isinstance(value, list | tuple):
        return sum(_values(item) for item in value)
    return 1


async def _profiled_run(self: Transaction, name: str, **params: Any) -> list[Row]:
    profile = PROFILING.current
    if profile is None:
        return await _plain_run(self, name, **params)
    query = self._library[name]
    started = time.perf_counter()
    result = await self._tx.run("PROFILE " + query.text, params)
    keys = result.keys()
    rows = [dict(zip(keys, record, strict=True)) async for record in result]
    summary = await result.consume()
    profile.seconds[name] = profile.seconds.get(name, 0.0) + time.perf_counter() - started
    profile.hits[name] = profile.hits.get(name, 0) + plan_db_hits(summary.profile)
    profile.calls[name] = profile.calls.get(name, 0) + 1
    profile.values[name] = profile.values.get(name, 0) + _values(params)
    profile.rows[name] = profile.rows.get(name, 0) + len(rows)
    profile.plans[name] = summary.profile
    return rows


async def run(args: argparse.Namespace) -> None:
    settings = bench_settings()
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    items = list(read_tips(data.path))
    order = {item.reportId: index for index, item in enumerate(items) if isinstance(item, Tip)}
    size = settings.ingest_batch_size
    starts = list(range(0, len(items), size))
    profiled = starts[-args.batches :]
    tipgraph, floor = _Profile(), _Profile()
    with neo4j_target(settings, BENCH_DIR / f"neo4j-ingest-profile-{uuid.uuid4().hex[:8]}") as target:
        async with opened(settings, target.uri, target.password) as db:
            await db.write("testing/wipe")
            Transaction.run = _profiled_run  # type: ignore[method-assign]
            try:
                for start in starts:
                    PROFILING.current = tipgraph if start in profiled else None
                    trail = AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
                    await ingest_tips(db, settings, trail, items[start : start + size])
                PROFILING.current = None
                batches = await floor_batches(db, order, size, BENCH_VIEWER)
                await db.write("testing/wipe")
                split = len(batches) - args.batches
                await write_floor(db, batches[:split])
                PROFILING.current = floor
                await write_floor(db, batches[split:])
            finally:
                PROFILING.current = None
                Transaction.run = _plain_run  # type: ignore[method-assign]
    count = len(profiled)
    last = f"the last {count} of {len(starts)}"
    _print_profile(f"tipgraph: per batch of {size:,} tips ({last})", tipgraph, count)
    _print_profile("the plain single-writer floor (bench/ingest_floor.py), the same batches", floor, count)
    print_table(
        f"Per batch, tipgraph against the floor ({last} batches)",
        ["", "tipgraph", "floor", "ratio"],
        [
            [label, f"{mine / count:,.0f}", f"{theirs / count:,.0f}", f"{mine / max(theirs, 1):.2f}x"]
            for label, mine, theirs in (
                ("db hits", sum(tipgraph.hits.values()), sum(floor.hits.values())),
                ("statements", sum(tipgraph.calls.values()), sum(floor.calls.values())),
                ("parameter values sent", sum(tipgraph.values.values()), sum(floor.values.values())),
                ("rows returned", sum(tipgraph.rows.values()), sum(floor.rows.values())),
            )
        ],
    )
    for name, _ in sorted(tipgraph.hits.items(), key=lambda item: -item[1])[: args.plans]:
        print(f"\n  {name}, the last batch's plan (operator, rows, db hits):")
        _print_plan(tipgraph.plans[name], 2)


def _print_profile(title: str, profile: _Profile, batches: int) -> None:
    total = sum(profile.hits.values())
    rows = [
        [name, f"{profile.calls[name] / batches:.1f}", f"{hits / batches:,.0f}",
         f"{100 * hits / max(total, 1):.0f} %", f"{profile.values[name] / batches:,.0f}",
         f"{profile.rows[name] / batches:,.0f}", f"{1000 * profile.seconds[name] / batches:,.0f}"]
        for name, hits in sorted(profile.hits.items(), key=lambda item: -item[1])
    ]  # fmt: skip
    print_table(
        f"{title}, every statement under PROFILE",
        ["statement", "calls", "db hits", "share", "values sent", "rows back", "ms (PROFILE inflates)"],
        rows,
    )
    print(f"\n  db hits per batch: {total / batches:,.0f}; statements per batch: "
          f"{sum(profile.calls.values()) / batches:.1f}")  # fmt: skip


def _print_plan(plan: Any, depth: int) -> None:
    args = plan.get("args", {})
    detail = str(args.get("Details", ""))[:90]
    rows, hits = plan.get("rows", 0), plan.get("dbHits", 0)
    print(f"{' ' * depth}{plan['operatorType']}  rows {rows:,}  hits {hits:,}  {detail}")
    for child in plan.get("children", ()):
        _print_plan(child, depth + 2)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest_profile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tips", type=int, default=4_000, help="generated tips to ingest")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--batches", type=int, default=2, help="the last batches to profile")
    parser.add_argument("--plans", type=int, default=0, help="print the plans of the costliest statements")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()

"""Where one ingest batch goes in Neo4j: every statement of the write transaction under PROFILE.

    python -m bench.ingest_profile [--tips 4000] [--seed 7] [--batches 2]

Ingests `--tips` generated tips batch by batch (ingest_tips, one batch of TIPGRAPH_INGEST_BATCH_SIZE at a
time) into a wiped database, and profiles the last `--batches` of them: each statement's db hits (Neo4j's
own, deterministic count of the work a plan did) and seconds (PROFILE inflates them), summed over the
profiled batches and printed per batch. The earlier batches fill the store and warm the plans, so the
figures are a steady-state batch's. Companion of bench/ingest.py, whose floor comparison times the same
statements without PROFILE.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Sequence
from typing import Any

from bench.harness import BENCH_DIR, bench_settings, dataset, describe_dataset, neo4j_target, print_table
from bench.ingest import BENCH_VIEWER
from bench.profiling import plan_db_hits
from graph.audit import AuditTrail
from graph.ingest import ingest_tips
from graph.store.database import Row, Transaction, opened
from graph.tip_files import read_tips


class _Profile:
    def __init__(self) -> None:
        self.on = False
        self.hits: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.plans: dict[str, Any] = {}


PROFILE = _Profile()
_plain_run = Transaction.run


async def _profiled_run(self: Transaction, name: str, **params: Any) -> list[Row]:
    if not PROFILE.on:
        return await _plain_run(self, name, **params)
    query = self._library[name]
    started = time.perf_counter()
    result = await self._tx.run("PROFILE " + query.text, params)
    keys = result.keys()
    rows = [dict(zip(keys, record, strict=True)) async for record in result]
    summary = await result.consume()
    PROFILE.seconds[name] = PROFILE.seconds.get(name, 0.0) + time.perf_counter() - started
    PROFILE.hits[name] = PROFILE.hits.get(name, 0) + plan_db_hits(summary.profile)
    PROFILE.calls[name] = PROFILE.calls.get(name, 0) + 1
    PROFILE.plans[name] = summary.profile
    return rows


async def run(args: argparse.Namespace) -> None:
    settings = bench_settings()
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    items = list(read_tips(data.path))
    size = settings.ingest_batch_size
    starts = list(range(0, len(items), size))
    profiled = starts[-args.batches :]
    with neo4j_target(settings, BENCH_DIR / f"neo4j-ingest-profile-{uuid.uuid4().hex[:8]}") as target:
        async with opened(settings, target.uri, target.password) as db:
            await db.write("testing/wipe")
            Transaction.run = _profiled_run  # type: ignore[method-assign]
            try:
                for start in starts:
                    PROFILE.on = start in profiled
                    trail = AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
                    await ingest_tips(db, settings, trail, items[start : start + size])
            finally:
                Transaction.run = _plain_run  # type: ignore[method-assign]
    batches = len(profiled)
    total = sum(PROFILE.hits.values())
    rows = [
        [name, f"{PROFILE.calls[name] / batches:.1f}", f"{hits / batches:,.0f}",
         f"{100 * hits / max(total, 1):.0f} %", f"{1000 * PROFILE.seconds[name] / batches:,.0f}"]
        for name, hits in sorted(PROFILE.hits.items(), key=lambda item: -item[1])
    ]  # fmt: skip
    print_table(
        f"Per batch of {size:,} tips (the last {batches} of {len(starts)}), every statement under PROFILE",
        ["statement", "calls", "db hits", "share", "ms (PROFILE inflates)"],
        rows,
    )
    print(f"\n  db hits per batch: {total / batches:,.0f}")
    for name, _ in sorted(PROFILE.hits.items(), key=lambda item: -item[1])[: args.plans]:
        print(f"\n  {name}, the last batch's plan (operator, rows, db hits):")
        _print_plan(PROFILE.plans[name], 2)


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

"""How often Neo4j plans ingest's statements, and whether a plan made on an empty store still fits a full one.

    python -m bench.ingest_plans [--tips 2000] [--warmup 2000] [--seed 7]

As bench/ingest.py's floor comparison does: `--warmup` generated tips are ingested (plans made), the store is
wiped, then `--tips` tips are ingested batch by batch from empty, under Neo4j's query statistics
(db.stats QUERIES), which keep one entry per plan used. Printed per statement and batch: the plans used (one
plan kept over the whole run counts 1 / batches), the calls and the milliseconds spent compiling (parse,
plan, build; on a cache hit about a millisecond). Neo4j plans a statement again only once its plan is 10 s
old (dbms.cypher.min_replan_interval), so a slow, loaded machine replans at least as often as a quiet one.

Then every statement the batches ran is EXPLAINed with the parameters of its last call, on an empty store and
on the filled one, each planned afresh (replan=force): the statements whose access path differs (the index
seeks and scans, expands, merges and joins, in order) are listed with both. A plan whose access path is the
same however full the store is gains nothing from being made again as the store grows.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from bench.harness import BENCH_DIR, bench_settings, dataset, describe_dataset, neo4j_target, print_table
from bench.ingest import BENCH_VIEWER
from graph.audit import AuditTrail
from graph.ingest import ingest_tips
from graph.store.database import Database, Row, Transaction, opened
from graph.tip_files import read_tips

_plain_run = Transaction.run
_last_params: dict[str, dict[str, Any]] = {}


async def _recording_run(self: Transaction, name: str, **params: Any) -> list[Row]:
    _last_params[name] = params
    return await _plain_run(self, name, **params)


async def _ingest(db: Database, path: Any, batch_size: int) -> int:
    items = list(read_tips(path))
    for start in range(0, len(items), batch_size):
        trail = AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
        await ingest_tips(db, bench_settings(), trail, items[start : start + batch_size])
    return (len(items) + batch_size - 1) // batch_size


# The operators that choose how the store is walked: which index is sought or scanned, which relationships
# are expanded, joined or merged (the rest - filters, projections, property caching - follow from these, and
# their order or predicate order moves with the estimates without changing what is read).
_ACCESS = re.compile(r"Seek|Scan|Expand|Merge|Join|Apply|Triadic|ShortestPath|Foreach|Create|Delete")
_ANONYMOUS = re.compile(r"anon_[0-9]+")


def _shape(plan: Mapping[str, Any]) -> tuple[Any, ...]:
    """A plan's access path: its operators that choose what is read (with what they seek or expand, planner
    names of unnamed variables aside), children in order."""
    operator = str(plan.get("operatorType", "")).split("@")[0]
    children = tuple(_shape(child) for child in plan.get("children", ()))
    if not _ACCESS.search(operator):
        return children[0] if len(children) == 1 else ("", "", children)
    details = _ANONYMOUS.sub("anon", str(plan.get("args", {}).get("Details", "")))
    return (operator, details, children)


async def _shapes(db: Database, names: list[str]) -> dict[str, tuple[Any, ...]]:
    shapes = {}
    for name in names:
        text = db.library[name].text
        _, summary, _ = await db.driver.execute_query(
            "EXPLAIN CYPHER replan=force " + text.removeprefix("CYPHER replan=skip").lstrip(),
            _last_params[name],
            database_=db.database,
        )
        shapes[name] = _shape(summary.plan or {})
    return shapes


async def run(args: argparse.Namespace) -> None:
    settings = bench_settings()
    data = dataset(args.tips, args.seed)
    warmup = dataset(args.warmup, args.seed + 1, report_id_prefix="SYN-W-")
    print(describe_dataset(data))
    size = settings.ingest_batch_size
    by_text: dict[str, str] = {}
    with neo4j_target(settings, BENCH_DIR / f"neo4j-ingest-plans-{uuid.uuid4().hex[:8]}") as target:
        async with opened(settings, target.uri, target.password) as db:
            for name in db.library.names():
                by_text[db.library[name].text] = name
            await db.write("testing/wipe")
            Transaction.run = _recording_run  # type: ignore[method-assign]
            try:
                if args.warmup:
                    await _ingest(db, warmup.path, size)
                    await db.write("testing/wipe")
                # Collected from here only: a collection left running (from start-up) would count the schema
                # statements and the warm-up's plans as the window's.
                (started_stats,) = await db.write("bench/query_stats_start")
                if not started_stats["collecting"]:
                    raise RuntimeError("Neo4j's query statistics did not start afresh")
                started = time.perf_counter()
                batches = await _ingest(db, data.path, size)
                seconds = time.perf_counter() - started
                records = await db.write("bench/query_stats")
                await db.write("bench/query_stats_stop")
            finally:
                Transaction.run = _plain_run  # type: ignore[method-assign]
            names = sorted(_last_params)
            full = await _shapes(db, names)
            await db.write("testing/wipe")
            empty = await _shapes(db, names)
    plans: dict[str, int] = {}
    calls: dict[str, int] = {}
    compile_us: dict[str, int] = {}
    for record in records:
        data_ = record["data"]
        known = by_text.get(data_["query"])
        if known is None or known.startswith(("bench/", "testing/")):
            continue  # the bench's own statements (query statistics, wipe)
        name = known
        plans[name] = plans.get(name, 0) + 1
        summary = data_.get("invocationSummary", {})
        count = summary.get("invocationCount", len(data_.get("invocations", ())))
        calls[name] = calls.get(name, 0) + count
        average = summary.get("compileTimeInUs", {}).get("avg", 0)
        compile_us[name] = compile_us.get(name, 0) + round(average * count)
    print_table(
        f"Plans Neo4j made for ingest's statements, per batch of {size:,} ({batches} batches from empty, "
        f"{seconds:.1f} s)",
        ["statement", "plans used", "calls", "compile ms"],
        [
            [name, f"{plans[name] / batches:.1f}", f"{calls[name] / batches:.1f}",
             f"{compile_us[name] / batches / 1000:,.0f}"]
            for name in sorted(plans, key=lambda n: -compile_us[n])
        ],
    )  # fmt: skip
    print(
        f"\n  per batch: {sum(plans.values()) / batches:.1f} plans used, {sum(calls.values()) / batches:.1f} "
        f"statements, {sum(compile_us.values()) / batches / 1000:,.0f} ms compiling"
    )
    differ = [name for name in names if full[name] != empty[name]]
    print(
        f"  plans that differ between an empty store and one of {args.tips:,} tips: "
        + (", ".join(differ) if differ else "none")
        + f" (of {len(names)} statements)"
    )
    for name in differ:
        print(f"\n  {name}: planned on the empty store | on the filled one")
        for line in _plan_lines(empty[name], full[name]):
            print("    " + line)


def _operators(shape: tuple[Any, ...], depth: int = 0) -> list[str]:
    operator, details, children = shape
    lines = [f"{'  ' * depth}{operator} {details}".rstrip()[:70]] if operator else []
    for child in children:
        lines.extend(_operators(child, depth + 1))
    return lines


def _plan_lines(empty: tuple[Any, ...], full: tuple[Any, ...]) -> list[str]:
    left, right = _operators(empty), _operators(full)
    left += [""] * (len(right) - len(left))
    right += [""] * (len(left) - len(right))
    return [f"{a:<70} | {b}" for a, b in zip(left, right, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tips", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

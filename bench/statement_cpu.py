"""Neo4j CPU per statement of a cross-reference, each alone (issue 9, target 1): where Neo4j's share goes.

    python -m bench.statement_cpu [--tips 20000] [--seed 7] [--requests 300] [--rounds 3] [--clients 1]
                                  [--warmup 20] [--warm-writes 0] [--only TEXT ...] [--jfr FILE]

On bench.crossref's database (kept under `.cache/bench/`), one client (or `--clients` at once, as under
load) runs each statement a tipgraph `tip(id){linkedTips(first:20)}` request runs, for the same tip ids, and
charges Neo4j's process CPU to it: tips/linked as the request reads it (its card, its identifiers and the
cards of its linked tips) and without cards (then a second statement reads the page's heads), the audit
record of one request (audit/record_batch with one record: what a request pays when no other request's
record shares its commit) and of eight requests' records in one commit, and the raw-driver
floor's one statement (what the peer runs); and, to see where a commit's CPU goes, a write transaction that
changes nothing, one that creates a bare node (no property, no index) and one that creates an audit record
on a label with no index or constraint (what AuditEvent's three cost). Neo4j's CPU is split into user
and system time (a commit forces the transaction log to disk, which is system time). The statements take
turns in rounds (their order reversed every other round) and Neo4j's idle CPU is subtracted, so drift and
background work hit all alike. Also what each ships back: rows and the bytes of their JSON form (the driver
decodes, and Neo4j encodes, each of them).

Neo4j's CPU per statement is split by kind of thread too (bench.jvm_threads): the statement's own work
(Bolt workers) against what the JIT compiler, the garbage collector and background threads spent meanwhile.
Writes are not warmed unless `--warm-writes` says how many of each to run first: a young server's commit
path is still being compiled. `--only` keeps the statements whose label holds one of the texts; `--jfr`
records a Java Flight Recording of Neo4j (profile settings) over the timed rounds (bench.jfr_top reads it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.harness import bench_settings, dataset, print_table
from bench.jvm_threads import busiest_names, by_kind, thread_cpu
from bench.linked_tips import kept_database
from graph.audit import audit_event, batch_row
from graph.crossref import _read_linked
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.viewer import Role, Viewer

SAMPLE_SEED = 29
PAGE = 20
BATCH = 8  # records of concurrent requests sharing one commit


def _cpu_split(pid: int | None) -> tuple[float, float]:
    """User and system CPU seconds of a process so far: this one when `pid` is None."""
    if pid is None:
        times = os.times()
        return times.user, times.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick  # utime, stime: fields 14 and 15 of proc(5)


def _events(viewer: Viewer, ids: Sequence[str], count: int) -> list[dict[str, Any]]:
    """`count` records of linkedTips requests, each a tip and twenty of the sample's others."""
    rng = random.Random(SAMPLE_SEED)
    return [
        batch_row(audit_event(viewer, f"bench-{i}", "read", rng.sample(ids, PAGE + 1), "Linked"))
        for i in range(count)
    ]


async def _in_clients(run: Callable[[int], Awaitable[None]], indexes: range, clients: int) -> None:
    """The runs `indexes` of one statement, `clients` at a time (one after another with one client)."""

    async def client(offset: int) -> None:
        for i in indexes[offset::clients]:
            await run(i)

    await asyncio.gather(*(client(offset) for offset in range(clients)))


async def measure(
    settings: Settings, uri: str, password: str, pid: int | None, ids: list[str], args: Any
) -> None:
    db: Database = connect(settings, uri, password)
    viewer = Viewer("bench", Role.ANALYST)
    sample = random.Random(SAMPLE_SEED).choices(ids, k=args.requests)
    shipped: dict[str, list[int]] = {}

    def ships(label: str, rows: object) -> None:
        counts = shipped.setdefault(label, [0, 0])
        counts[0] += len(rows) if isinstance(rows, list) else 1
        counts[1] += len(orjson.dumps(rows, default=str))

    async def linked(tip_id: str) -> None:
        read = await _read_linked(db, settings, viewer, tip_id, False, cards=True)
        if read is not None:
            ships("tips/linked (cards)", [read.identifiers, read.tip, read.cards])

    async def linked_without_cards(tip_id: str) -> None:
        read = await _read_linked(db, settings, viewer, tip_id, False, cards=False)
        if read is not None:
            ships("tips/linked (no cards)", read.identifiers)

    async def floor(tip_id: str) -> None:
        ships("floor: bench/linked_peer", await db.read("bench/linked_peer", id=tip_id, first=PAGE))

    # Records are unique by id: the warm-up writes records of its own.
    records = {"one": _events(viewer, ids, args.warm_writes), "batches": _events(viewer, ids, 0)}

    async def record_one(index: int) -> None:
        await db.append("audit/record_batch", events=[records["one"][index]])

    async def record_batch(index: int) -> None:
        await db.append("audit/record_batch", events=records["batches"][index * BATCH : (index + 1) * BATCH])

    async def record_unindexed(index: int) -> None:
        await db.append("bench/record_probe", events=[records["one"][index]])

    async def write_nothing(index: int) -> None:
        await db.append("bench/write_nothing")

    async def create_probe(index: int) -> None:
        await db.append("bench/create_probe")

    statements: list[tuple[str, Callable[[int], Awaitable[None]]]] = [
        ("tips/linked (cards)", lambda i: linked(sample[i])),
        ("tips/linked (no cards)", lambda i: linked_without_cards(sample[i])),
        ("floor: bench/linked_peer", lambda i: floor(sample[i])),
        ("audit/record_batch, 1 record", record_one),
        (f"audit/record_batch, {BATCH} records", record_batch),
        ("1 record on a label without index", record_unindexed),
        ("write transaction changing nothing", write_nothing),
        ("write transaction creating a bare node", create_probe),
    ]
    if args.only:
        statements = [(label, run) for label, run in statements if any(text in label for text in args.only)]
    cpu = {label: [0.0, 0.0] for label, _ in statements}
    kinds: dict[str, dict[str, float]] = {label: {} for label, _ in statements}
    threads_before: dict[str, tuple[float, float]] = {}
    threads_after: dict[str, tuple[float, float]] = {}
    try:
        for i in range(args.warmup):  # warm: plans cached, pages in memory, the JIT's code compiled
            await linked(sample[i])
            await floor(sample[i])
            await linked_without_cards(sample[i])
        records["batches"] = _events(viewer, ids, args.warm_writes * BATCH)
        for label, run in statements:
            if not label.startswith(("tips/", "floor")):  # the writes
                for i in range(args.warm_writes):
                    await run(i)
        records["one"] = _events(viewer, ids, args.requests)
        records["batches"] = _events(viewer, ids, args.requests * BATCH)
        shipped.clear()
        recording = _jfr_start(pid, args.jfr) if args.jfr else None
        if pid is not None:
            threads_before = thread_cpu(pid)
        before = _cpu_split(pid)
        await asyncio.sleep(3)
        after = _cpu_split(pid)
        idle = [(after[k] - before[k]) / 3 for k in (0, 1)]
        per_round = args.requests // args.rounds
        for round_ in range(args.rounds):
            order = statements if round_ % 2 == 0 else statements[::-1]
            for label, run in order:
                threads = thread_cpu(pid) if pid is not None else {}
                before, started = _cpu_split(pid), time.perf_counter()
                runs_of_round = range(round_ * per_round, (round_ + 1) * per_round)
                await _in_clients(run, runs_of_round, args.clients)
                after, took = _cpu_split(pid), time.perf_counter() - started
                for k in (0, 1):
                    cpu[label][k] += after[k] - before[k] - idle[k] * took
                if pid is not None:
                    for kind, seconds in by_kind(threads, thread_cpu(pid)).items():
                        kinds[label][kind] = kinds[label].get(kind, 0.0) + seconds
        if pid is not None:
            threads_after = thread_cpu(pid)
        if recording is not None:
            _jfr_stop(pid, recording)
        await db.append("bench/drop_probes")
    finally:
        await db.close()
    runs = per_round * args.rounds
    rows = []
    for label, _ in statements:
        rows_back, size = shipped.get(label, [0, 0])
        per_run = BATCH if label.endswith(f"{BATCH} records") else 1
        user, system = (1000 * seconds / runs for seconds in cpu[label])
        rows.append(
            [
                label,
                f"{user + system:.2f}",
                f"{user:.2f} / {system:.2f}",
                f"{(user + system) / per_run:.2f}",
                f"{rows_back / runs:.1f}" if rows_back else "",
                f"{size / runs / 1024:.1f}" if size else "",
            ]
        )
    print(f"Neo4j idle CPU {1000 * sum(idle):.1f} ms/s (subtracted)")
    _print_kinds(kinds, runs)
    if threads_after:
        busiest = busiest_names(threads_before, threads_after)
        print(
            "busiest Neo4j threads over the timed rounds (CPU s): "
            + ", ".join(f"{n} {s:.2f}" for n, s in busiest)
        )
    print_table(
        f"Neo4j CPU per statement, each alone ({args.clients} at a time), {runs} runs each in {args.rounds} "
        "alternating rounds",
        [
            "statement",
            "Neo4j CPU ms/run",
            "user / system",
            "per request",
            "top-level values back/run",
            "JSON KiB back/run",
        ],
        rows,
    )


def _print_kinds(kinds: dict[str, dict[str, float]], runs: int) -> None:
    """Neo4j's CPU per run of each statement by kind of thread (idle not subtracted)."""
    columns = sorted({kind for spent in kinds.values() for kind in spent})
    if not columns:
        return
    print_table(
        "Neo4j CPU ms/run by kind of thread (bench.jvm_threads; idle not subtracted)",
        ["statement", *columns],
        [
            [label, *(f"{1000 * spent.get(kind, 0.0) / runs:.2f}" for kind in columns)]
            for label, spent in kinds.items()
        ],
    )


def _jfr_start(pid: int | None, path: Path) -> str | None:
    """Starts a flight recording of Neo4j (profile settings: Java samples every 10 ms, allocations, locks)."""
    if pid is None:
        print("no embedded Neo4j (NEO4J_URI): no flight recording")
        return None
    name = f"statement-cpu-{os.getpid()}"
    subprocess.run(
        ["jcmd", str(pid), "JFR.start", f"name={name}", "settings=profile", f"filename={path.resolve()}"],
        check=True,
        capture_output=True,
    )
    return name


def _jfr_stop(pid: int | None, name: str) -> None:
    subprocess.run(["jcmd", str(pid), "JFR.stop", f"name={name}"], check=True, capture_output=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.statement_cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="runs of each statement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds the runs are split into")
    parser.add_argument("--clients", type=int, default=1, help="runs of a statement in flight at once")
    parser.add_argument("--warmup", type=int, default=20, help="untimed reads of each way first")
    parser.add_argument("--warm-writes", type=int, default=0, help="untimed runs of each write first")
    parser.add_argument("--only", nargs="*", default=[], help="statements whose label holds one of these")
    parser.add_argument("--jfr", type=Path, help="a flight recording of Neo4j over the timed rounds, here")
    args = parser.parse_args(argv)
    data = dataset(args.tips, args.seed)
    with kept_database(data) as kept:  # bench.crossref's database, referrals and all
        target, ids = kept.target, kept.linked
        server_settings = bench_settings(target.uri, target.password)
        asyncio.run(measure(server_settings, target.uri, target.password, target.pid, ids, args))


if __name__ == "__main__":
    main()

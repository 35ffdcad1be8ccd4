"""Bulk ingest against the plain single-writer floor and against one transaction per tip.

    python -m bench.ingest [--tips 100000] [--seed 7] [--per-tip-sample 3000] [--serial-tips 10000]
                           [--profile-tips 5000] [--floor-tips 10000] [--floor-rounds 2] [--floor-warmup 0]
                           [--writers 1 2] [--floor-only]

Targets: bulk ingest >= 1.5x the floor of the same graph shape (issue 9), with ingest-time clustering
<= 20 % of ingest; 100k generated tips at >= 5,000 tips/s.

First, on its own dataset (--floor-tips), tipgraph's bulk ingest_stream and the plain single-writer floor
(bench/ingest_floor.py: the graph tipgraph wrote, written again by one UNWIND/MERGE statement per kind and
batch, one transaction after another), each into a wiped database, alternated --floor-rounds times: their
tips/s, the ratio (tipgraph once per --writers setup in each round: one and two writers side by side),
the time tipgraph spent clustering at ingest as a share of its wall time, and whether both stores end
with the same node, relationship and property counts. Then the phases, on the same Neo4j
(embedded and thrown away, or NEO4J_URI, which is WIPED):
  (a) parse + validate only: read_tips over the JSON Lines file;
  (c) one transaction per tip: ingest_tips with one tip at a time, for a sample, into a wiped database;
  (b) bulk: ingest_stream from the file into the wiped database, end to end, with the time spent
      parsing, preparing (normalising, hashing, shaping) and in write transactions measured apart;
  (d) the same tips resubmitted: every one UNCHANGED;
  (e) new tips (another seed and reportId prefix) by ingest_tips one batch at a time, so preparation
      and the write transaction are timed alone, without overlap or contention for the GIL.
(c) runs before (b) so that its database starts empty without wiping 100k tips. When the bulk rate misses
the target, a cProfile of parse + prepare on one thread says where Python's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import pstats
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

import graph.ingest as ingest_module
from bench.harness import (
    BENCH_DIR,
    Dataset,
    Neo4jTarget,
    bench_settings,
    dataset,
    describe_dataset,
    neo4j_target,
    peak_rss_mb,
    print_table,
    process_cpu_seconds,
)
from bench.ingest_floor import floor_batches, graph_shape, write_floor
from graph.audit import AuditTrail
from graph.ingest import IngestOutcome, ingest_stream, ingest_tips, prepare_tip
from graph.settings import Settings
from graph.store.database import Database, Row, Transaction, opened
from graph.tip import Tip
from graph.tip_files import read_tips
from graph.tip_validation import TipValidationError
from graph.viewer import Role, Viewer

TARGET_TIPS_PER_SECOND = 5_000
TARGET_FLOOR_RATIO = 1.5
TARGET_CLUSTERING_SHARE = 0.2
BENCH_VIEWER = Viewer(subject="bench-ingest", role=Role.ANALYST)
T = TypeVar("T")


@dataclass
class Stopwatch:
    """Seconds accumulated over many timed calls."""

    seconds: float = 0.0
    calls: int = 0
    neo4j_cpu: float = 0.0  # the database's CPU seconds over the same calls (when its process is known)


class TimedDatabase(Database):
    """The same driver and statements; write transactions are timed (wall time until they return), and
    each statement's time in Neo4j (with fetching its rows) is summed by name. Given the database's
    process (`pid`), each statement is also charged the database's CPU time since the statement before it
    (the transaction's start for the first), and the commit what the database spent after the last one:
    one writer at a time, so the database works for nothing else meanwhile (its background threads
    apart), and the figures say where its CPU goes, statement by statement, at the 10 ms resolution of
    /proc summed over every call."""

    COMMIT = "(commit)"

    def __init__(self, db: Database, pid: int | None = None) -> None:
        self.statements: dict[str, Stopwatch] = {}
        super().__init__(db.driver, db.library, db.database, self._observe)
        self.write_time = Stopwatch()
        self._pid = pid
        self._cpu_mark = 0.0

    def _charge(self, watch: Stopwatch) -> None:
        if self._pid is not None:
            now = process_cpu_seconds(self._pid)
            watch.neo4j_cpu += now - self._cpu_mark
            self._cpu_mark = now

    def _observe(self, name: str, seconds: float) -> None:
        watch = self.statements.setdefault(name, Stopwatch())
        watch.seconds += seconds
        watch.calls += 1
        self._charge(watch)

    async def write_transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        started = time.perf_counter()
        if self._pid is not None:
            self._cpu_mark = process_cpu_seconds(self._pid)
        try:
            return await super().write_transaction(work)
        finally:
            self.write_time.seconds += time.perf_counter() - started
            self.write_time.calls += 1
            commit = self.statements.setdefault(self.COMMIT, Stopwatch())
            commit.calls += 1
            self._charge(commit)


def timed_items(items: Iterable[T], watch: Stopwatch) -> Iterator[T]:
    """The items, with the time spent producing them (here: reading and validating) added to `watch`."""
    iterator = iter(items)
    while True:
        started = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            watch.seconds += time.perf_counter() - started
            return
        watch.seconds += time.perf_counter() - started
        watch.calls += 1
        yield item


@dataclass
class ModuleTimer:
    """Times one of graph.ingest's functions by wrapping the module attribute for the bench's duration.

    graph.ingest looks `_prepare_batch` and `cluster_new_tips` up at call time, so the wrapper sees every
    call; graph/ is left unchanged. Calls of one function do not overlap in time (one batch is prepared
    at a time; each write transaction clusters once), so plain additions are safe across worker threads;
    with overlapping write transactions the sum may exceed the wall time it is a share of.
    """

    name: str
    watch: Stopwatch = field(default_factory=Stopwatch)

    def __enter__(self) -> Stopwatch:
        original = getattr(ingest_module, self.name)
        self._original = original
        watch = self.watch

        if asyncio.iscoroutinefunction(original):

            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    watch.seconds += time.perf_counter() - started
                    watch.calls += 1

            setattr(ingest_module, self.name, timed_async)
        else:

            def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    watch.seconds += time.perf_counter() - started
                    watch.calls += 1

            setattr(ingest_module, self.name, timed)
        return watch

    def __exit__(self, *exc_info: object) -> None:
        setattr(ingest_module, self.name, self._original)


@dataclass(frozen=True, slots=True)
class StreamRun:
    tips: int
    wall: float
    outcomes: dict[IngestOutcome, int]
    parse: Stopwatch
    prepare: Stopwatch
    write: Stopwatch
    clustering: Stopwatch
    statements: dict[str, Stopwatch]
    python_cpu: float
    neo4j_cpu: float | None

    @property
    def rate(self) -> float:
        return self.tips / self.wall


def trail() -> AuditTrail:
    return AuditTrail(viewer=BENCH_VIEWER, request_id=uuid.uuid4().hex, operation="bench")


def parse_only(data: Dataset) -> tuple[int, int, float]:
    """(valid tips, refused tips, seconds) for reading and validating the whole file."""
    valid = refused = 0
    started = time.perf_counter()
    for item in read_tips(data.path):
        if isinstance(item, TipValidationError):
            refused += 1
        else:
            valid += 1
    return valid, refused, time.perf_counter() - started


async def drain(results: AsyncIterator[Any], outcomes: dict[IngestOutcome, int]) -> None:
    async for result in results:
        outcomes[result.outcome] += 1


async def stream_ingest(db: Database, settings: Settings, data: Dataset, target: Neo4jTarget) -> StreamRun:
    timed_db = TimedDatabase(db, target.pid)
    parse = Stopwatch()
    outcomes = dict.fromkeys(IngestOutcome, 0)
    cpu_before, neo4j_before = process_cpu_seconds(), neo4j_cpu(target)
    started = time.perf_counter()
    with ModuleTimer("_prepare_batch") as prepare, ModuleTimer("cluster_new_tips") as clustering:
        items = timed_items(read_tips(data.path), parse)
        await drain(ingest_stream(timed_db, settings, trail(), items), outcomes)
    wall = time.perf_counter() - started
    neo4j_after = neo4j_cpu(target)
    return StreamRun(
        tips=sum(outcomes.values()),
        wall=wall,
        outcomes=outcomes,
        parse=parse,
        prepare=prepare,
        write=timed_db.write_time,
        clustering=clustering,
        statements=timed_db.statements,
        python_cpu=process_cpu_seconds() - cpu_before,
        neo4j_cpu=None if neo4j_before is None or neo4j_after is None else neo4j_after - neo4j_before,
    )


def neo4j_cpu(target: Neo4jTarget) -> float | None:
    return process_cpu_seconds(target.pid) if target.pid is not None else None


async def one_transaction_per_tip(
    db: Database, settings: Settings, sample: Sequence[Tip | TipValidationError]
) -> tuple[float, dict[IngestOutcome, int]]:
    outcomes = dict.fromkeys(IngestOutcome, 0)
    started = time.perf_counter()
    for item in sample:
        for result in await ingest_tips(db, settings, trail(), [item]):
            outcomes[result.outcome] += 1
    return time.perf_counter() - started, outcomes


@dataclass(frozen=True, slots=True)
class SerialRun:
    tips: int
    prepare: Stopwatch
    write: Stopwatch
    neo4j_cpu: float | None


async def serial_batches(db: Database, settings: Settings, data: Dataset, target: Neo4jTarget) -> SerialRun:
    """ingest_tips one batch at a time: preparation and the write transaction never overlap, so each is
    timed alone. The tips are new (another seed and reportId prefix), written into the database (b) filled."""
    timed_db = TimedDatabase(db)
    items = list(read_tips(data.path))
    neo4j_before = neo4j_cpu(target)
    with ModuleTimer("_prepare_batch") as prepare:
        for start in range(0, len(items), settings.ingest_batch_size):
            await ingest_tips(timed_db, settings, trail(), items[start : start + settings.ingest_batch_size])
    neo4j_after = neo4j_cpu(target)
    return SerialRun(
        tips=len(items),
        prepare=prepare,
        write=timed_db.write_time,
        neo4j_cpu=None if neo4j_before is None or neo4j_after is None else neo4j_after - neo4j_before,
    )


def prepare_rate(data: Dataset, settings: Settings, tips: int, collect_garbage: bool) -> float:
    """Tips/s of parse + prepare in batches, as ingest_stream does, with Python's cyclic GC on or off."""
    numbered = enumerate(islice(read_tips(data.path), tips))
    was_enabled = gc.isenabled()
    gc.collect()
    if not collect_garbage:
        gc.disable()
    try:
        started = time.perf_counter()
        while chunk := list(islice(numbered, 1_000)):
            ingest_module._prepare_batch(chunk, None, datetime.now(UTC), settings)
        return tips / (time.perf_counter() - started)
    finally:
        if was_enabled:
            gc.enable()


def profile_preparation(
    data: Dataset, settings: Settings, tips: int, received_at: datetime
) -> tuple[float, float, str]:
    """cProfile of parse + prepare on this thread: (parse s, prepare s, the top functions by own time)."""
    profiler = cProfile.Profile()
    profiler.enable()
    parsed: list[Tip] = []
    started = time.perf_counter()
    for item in islice(read_tips(data.path), tips):
        if isinstance(item, Tip):
            parsed.append(item)
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for tip in parsed:
        prepare_tip(tip, None, received_at, settings)
    prepare_seconds = time.perf_counter() - started
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(pstats.SortKey.TIME).print_stats(22)
    return parse_seconds, prepare_seconds, out.getvalue()


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def seconds_share(part: float | None, whole: float) -> str:
    """Seconds and their share of `whole`, e.g. '3.1 (42 %)'."""
    if part is None:
        return "-"
    return f"{part:.1f} ({100 * part / whole:.0f} %)" if whole > 0 else f"{part:.1f}"


def phase_row(label: str, tips: int, seconds: float, outcomes: Mapping[IngestOutcome, int]) -> list[str]:
    return [label, f"{tips:,}", f"{seconds:.1f}", rate(tips, seconds), outcome_text(outcomes)]


@dataclass(frozen=True, slots=True)
class FloorRound:
    runs: dict[str, StreamRun]  # tipgraph's, by --writers setup (`setup_label`), in their order
    floor_seconds: float
    floor_python_cpu: float
    floor_neo4j_cpu: float | None
    same_shape: bool
    floor_statements: dict[str, Stopwatch] = field(default_factory=dict)

    @property
    def tipgraph(self) -> StreamRun:
        """tipgraph's run with the first of the writer counts."""
        return next(iter(self.runs.values()))


async def versus_floor(
    db: Database,
    settings: Settings,
    data: Dataset,
    target: Neo4jTarget,
    rounds: int,
    warmup: Dataset | None = None,
    writers: Sequence[str] = ("1",),
) -> list[FloorRound]:
    """tipgraph's bulk ingest and the plain single-writer floor (bench/ingest_floor.py) of the graph it
    wrote, each into a wiped database, alternated `rounds` times so both see the same window of a shared,
    noisy machine; tipgraph once per count of `writers` (write transactions in flight) in each round, so
    one and two writers are compared side by side too. A `warmup` dataset is first written both ways,
    untimed: tipgraph runs first on a freshly started JVM, so on a small dataset its statements would be
    planned and compiled cold while the floor's run on a warmed JVM."""
    if warmup is not None:
        await _floor_round(db, settings, warmup, target, writers)
    return [await _floor_round(db, settings, data, target, writers) for _ in range(rounds)]


async def _floor_round(
    db: Database, settings: Settings, data: Dataset, target: Neo4jTarget, writers: Sequence[str]
) -> FloorRound:
    order = {item.reportId: index for index, item in enumerate(read_tips(data.path)) if isinstance(item, Tip)}
    runs: dict[str, StreamRun] = {}
    shapes = []
    for setup in writers:
        await db.write("testing/wipe")
        with_writers = settings.model_copy(update={"ingest_writers": int(setup)})
        runs[setup] = await stream_ingest(db, with_writers, data, target)
        shapes.append(await graph_shape(db))
    shape = shapes[0]
    batches = await floor_batches(db, order, settings.ingest_batch_size, BENCH_VIEWER)
    await db.write("testing/wipe")
    timed_floor = TimedDatabase(db, target.pid)
    python_before, neo4j_before = process_cpu_seconds(), neo4j_cpu(target)
    floor_seconds = await write_floor(timed_floor, batches)
    python_cpu, neo4j_after = process_cpu_seconds() - python_before, neo4j_cpu(target)
    floor_cpu = None if neo4j_before is None or neo4j_after is None else neo4j_after - neo4j_before
    same = all(written == shape for written in [*shapes, await graph_shape(db)])
    return FloorRound(runs, floor_seconds, python_cpu, floor_cpu, same, timed_floor.statements)


def print_floor(data: Dataset, rounds: Sequence[FloorRound]) -> None:
    rows = [
        _floor_row(number, setup, run_, round_)
        for number, round_ in enumerate(rounds, 1)
        for setup, run_ in round_.runs.items()
    ]
    print_table(
        f"Bulk ingest of {data.tips:,} tips against the plain single-writer UNWIND/MERGE floor of the same "
        f"graph (target: >= {TARGET_FLOOR_RATIO}x; clustering: <= {TARGET_CLUSTERING_SHARE:.0%} of ingest)",
        [
            "",
            "tipgraph s",
            "tips/s",
            "CPU s python / neo4j",
            "floor s",
            "tips/s",
            "CPU s python / neo4j",
            "ratio",
            "clustering s (of ingest)",
            "same shape",
        ],
        rows,
    )
    last = rounds[-1].tipgraph
    print_table(
        f"Statements of tipgraph's round {len(rounds)} ({setup_label(next(iter(rounds[-1].runs)))}), the ten "
        "longest in Neo4j (with fetching rows)",
        ["statement", "calls", "seconds", "share of ingest", "Neo4j CPU s"],
        [
            [name, f"{watch.calls:,}", f"{watch.seconds:.1f}", f"{100 * watch.seconds / last.wall:.0f} %",
             f"{watch.neo4j_cpu:.2f}"]
            for name, watch in sorted(last.statements.items(), key=lambda item: -item[1].seconds)[:10]
        ],
    )  # fmt: skip
    print_neo4j_cpu(last.statements, rounds[-1].floor_statements)
    print_round_trips(last.statements, rounds[-1].floor_statements)
    for setup, run_ in list(rounds[-1].runs.items())[1:]:
        # A transaction retried (a deadlock Neo4j broke) runs its statements again: more per commit.
        print(f"  round trips, {setup_label(setup)}: {statements_per_commit(run_.statements)}")
    for setup in rounds[0].runs:
        runs = [(r.runs[setup], r.floor_seconds) for r in rounds]
        ratios = sorted(run_.rate * floor_seconds / run_.tips for run_, floor_seconds in runs)
        shares = sorted(run_.clustering.seconds / run_.wall for run_, _ in runs)
        print(
            f"\n  {setup_label(setup)}: tipgraph / floor: {ratios[0]:.2f}x - "
            f"{ratios[-1]:.2f}x ({'MET' if ratios[0] >= TARGET_FLOOR_RATIO else 'MISSED'} in the worst "
            f"round); ingest-time clustering {shares[0]:.0%} - {shares[-1]:.0%} of ingest "
            f"({'MET' if shares[-1] <= TARGET_CLUSTERING_SHARE else 'MISSED'} in the worst round)"
        )
    if len(rounds[0].runs) > 1:
        # Side by side in each round: the same window of a shared machine.
        first, *others = rounds[0].runs
        for setup in others:
            ratios = sorted(r.runs[setup].rate / r.runs[first].rate for r in rounds)
            print(
                f"  {setup_label(setup)} / {setup_label(first)}: {ratios[0]:.2f}x - {ratios[-1]:.2f}x "
                "tips/s, round by round"
            )


def setup_label(setup: str) -> str:
    """A --writers setup: write transactions in flight."""
    return f"{setup} writer{'s' if int(setup) > 1 else ''}"


def _floor_row(number: int, setup: str, run_: StreamRun, round_: FloorRound) -> list[str]:
    floor_rate = run_.tips / round_.floor_seconds
    return [
        f"round {number}, {setup_label(setup)}",
        f"{run_.wall:.1f}",
        rate(run_.tips, run_.wall),
        f"{run_.python_cpu:.1f} / " + ("-" if run_.neo4j_cpu is None else f"{run_.neo4j_cpu:.1f}"),
        f"{round_.floor_seconds:.1f}",
        f"{floor_rate:,.0f}",
        f"{round_.floor_python_cpu:.1f} / "
        + ("-" if round_.floor_neo4j_cpu is None else f"{round_.floor_neo4j_cpu:.1f}"),
        f"{run_.rate / floor_rate:.2f}x",
        seconds_share(run_.clustering.seconds, run_.wall),
        "yes" if round_.same_shape else "NO",
    ]


def print_round_trips(mine: Mapping[str, Stopwatch], floor: Mapping[str, Stopwatch]) -> None:
    """Statements and transactions per write transaction, tipgraph's beside the floor's (deterministic: each
    statement is a round trip to Neo4j, each commit another; a read outside a transaction counts as a
    statement)."""

    print(
        f"\n  round trips: tipgraph {statements_per_commit(mine)}; the floor {statements_per_commit(floor)}"
    )


def statements_per_commit(statements: Mapping[str, Stopwatch]) -> str:
    commits = max(statements[TimedDatabase.COMMIT].calls if TimedDatabase.COMMIT in statements else 0, 1)
    run = sum(watch.calls for name, watch in statements.items() if name != TimedDatabase.COMMIT)
    return f"{run / commits:.1f} statements + 1 commit per transaction ({run:,} and {commits:,} in all)"


def print_neo4j_cpu(mine: Mapping[str, Stopwatch], floor: Mapping[str, Stopwatch]) -> None:
    """Where Neo4j's CPU went, statement by statement (the commits apart), tipgraph's beside the floor's."""

    def rows(statements: Mapping[str, Stopwatch]) -> list[list[str]]:
        total = max(sum(watch.neo4j_cpu for watch in statements.values()), 1e-9)
        calls = sum(watch.calls for watch in statements.values())
        ranked = sorted(statements.items(), key=lambda item: -item[1].neo4j_cpu)
        return [
            [name, f"{watch.calls:,}", f"{watch.neo4j_cpu:.2f}", f"{100 * watch.neo4j_cpu / total:.0f} %"]
            for name, watch in ranked
        ] + [["(all)", f"{calls:,}", f"{total:.2f}", "100 %"]]

    if not any(watch.neo4j_cpu for watch in mine.values()):
        return
    for who, statements in (("tipgraph", mine), ("the floor", floor)):
        print_table(
            f"Neo4j CPU by statement, {who} (the database's CPU between one statement's end and the next's)",
            ["statement", "calls", "Neo4j CPU s", "share"],
            rows(statements),
        )


async def run(args: argparse.Namespace, target: Neo4jTarget, data: Dataset) -> None:
    settings = bench_settings()
    if args.floor_rounds > 0:
        floor_data = dataset(args.floor_tips, args.seed)
        print(describe_dataset(floor_data))
        warmup = None
        if args.floor_warmup > 0:
            warmup = dataset(args.floor_warmup, args.seed + 1, report_id_prefix="SYN-W-")
            print(f"warm-up, untimed, both ways: {describe_dataset(warmup)}")
        async with opened(settings, target.uri, target.password) as db:
            writers = args.writers or [str(settings.ingest_writers)]
            rounds = await versus_floor(db, settings, floor_data, target, args.floor_rounds, warmup, writers)
            print_floor(floor_data, rounds)
    if args.floor_only:
        return
    valid, refused, parse_seconds = parse_only(data)
    print(f"(a) parsed + validated {valid:,} tips ({refused} refused) in {parse_seconds:.1f} s")

    async with opened(settings, target.uri, target.password) as db:
        await db.write("testing/wipe")
        sample = list(islice(read_tips(data.path), args.per_tip_sample))
        per_tip_seconds, per_tip_outcomes = await one_transaction_per_tip(db, settings, sample)
        print(f"(c) one transaction per tip: {len(sample):,} tips in {per_tip_seconds:.1f} s")

        await db.write("testing/wipe")
        bulk = await stream_ingest(db, settings, data, target)
        counts = (await db.read("bench/counts"))[0]
        print(f"(b) bulk: {bulk.tips:,} tips in {bulk.wall:.1f} s")

        again = await stream_ingest(db, settings, data, target)
        print(f"(d) resubmitted: {again.tips:,} tips in {again.wall:.1f} s")

        serial_data = dataset(args.serial_tips, args.seed + 1, report_id_prefix="SYN-E-")
        serial = await serial_batches(db, settings, serial_data, target)
        print(f"(e) serial batches: {serial.tips:,} new tips ({describe_dataset(serial_data)})")

    per_tip_rate = len(sample) / per_tip_seconds
    print_table(
        f"Ingest of {data.tips:,} generated tips (target: bulk >= {TARGET_TIPS_PER_SECOND:,} tips/s)",
        ["phase", "tips", "seconds", "tips/s", "outcomes"],
        [
            phase_row("(a) parse + validate only", valid, parse_seconds, {}),
            phase_row("(b) bulk ingest_stream", bulk.tips, bulk.wall, bulk.outcomes),
            phase_row("(c) one transaction per tip", len(sample), per_tip_seconds, per_tip_outcomes),
            phase_row("(d) resubmit (all UNCHANGED)", again.tips, again.wall, again.outcomes),
        ],
    )
    print(f"\n  bulk / one-per-tip: {bulk.rate / per_tip_rate:.1f}x")
    print(
        f"  created by (b): {counts['tips']:,} tips, {counts['identifiers']:,} identifiers, "
        f"{counts['links']:,} HAS relationships ({counts['links'] / max(counts['tips'], 1):.1f} per tip)"
    )
    print(f"  bulk target {'MET' if bulk.rate >= TARGET_TIPS_PER_SECOND else 'MISSED'}")

    rows = [
        [
            label,
            f"{run_.wall:.1f}",
            seconds_share(run_.parse.seconds, run_.wall),
            seconds_share(run_.prepare.seconds, run_.wall),
            f"{seconds_share(run_.write.seconds, run_.wall)} in {run_.write.calls} tx",
            seconds_share(run_.python_cpu, run_.wall),
            seconds_share(run_.neo4j_cpu, run_.wall),
        ]
        for label, run_ in (("(b) bulk", bulk), ("(d) resubmit", again))
    ]
    print_table(
        "Where the time goes (parse + prepare run in a worker thread while the previous batch is written; "
        "CPU % of wall, 200 % = both cores)",
        ["run", "wall s", "parse s", "prepare s", "write tx s", "python CPU s", "neo4j CPU s"],
        rows,
    )
    batches = max(serial.write.calls, 1)
    print_table(
        f"(e) {serial.tips:,} new tips by ingest_tips, one batch of {settings.ingest_batch_size:,} at a time "
        "(no overlap): each side alone",
        ["side", "seconds", "per batch s", "tips/s if alone"],
        [
            ["prepare (parse done before)", f"{serial.prepare.seconds:.1f}",
             f"{serial.prepare.seconds / batches:.2f}", rate(serial.tips, serial.prepare.seconds)],
            ["write transaction", f"{serial.write.seconds:.1f}", f"{serial.write.seconds / batches:.2f}",
             rate(serial.tips, serial.write.seconds)],
            ["  of which Neo4j CPU", seconds_share(serial.neo4j_cpu, serial.write.seconds),
             "-" if serial.neo4j_cpu is None else f"{serial.neo4j_cpu / batches:.2f}", ""],
        ],
    )  # fmt: skip
    print(f"\n  peak RSS of this Python process: {peak_rss_mb():,.0f} MB")

    if bulk.rate < TARGET_TIPS_PER_SECOND and args.profile_tips > 0:
        with_gc = prepare_rate(data, settings, args.profile_tips, collect_garbage=True)
        without_gc = prepare_rate(data, settings, args.profile_tips, collect_garbage=False)
        print(
            f"\n  parse + prepare on one thread, batches of 1,000, {args.profile_tips:,} tips: "
            f"{with_gc:,.0f} tips/s with the cyclic GC, {without_gc:,.0f} tips/s without "
            f"(GC: {100 * (1 - with_gc / without_gc):.0f} % of the time)"
        )
        parse_s, prepare_s, report = profile_preparation(data, settings, args.profile_tips, datetime.now(UTC))
        n = args.profile_tips
        print(
            f"\nProfile of parse + prepare on one thread, {n:,} tips (cProfile inflates both): "
            f"parse {rate(n, parse_s)} tips/s, prepare {rate(n, prepare_s)} tips/s, "
            f"together {rate(n, parse_s + prepare_s)} tips/s"
        )
        print(report)


def outcome_text(outcomes: Mapping[IngestOutcome, int]) -> str:
    return ", ".join(f"{outcome.value} {count:,}" for outcome, count in outcomes.items() if count)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=100_000, help="generated tips to ingest")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument(
        "--per-tip-sample", type=int, default=3_000, help="tips ingested one transaction each"
    )
    parser.add_argument(
        "--serial-tips", type=int, default=10_000, help="new tips for (e), written batch by batch"
    )
    parser.add_argument(
        "--profile-tips", type=int, default=5_000, help="tips profiled when the target is missed (0: never)"
    )
    parser.add_argument(
        "--floor-tips", type=int, default=10_000, help="generated tips for the comparison with the floor"
    )
    parser.add_argument(
        "--floor-rounds", type=int, default=2, help="alternated rounds of tipgraph and the floor (0: none)"
    )
    parser.add_argument(
        "--floor-warmup",
        type=int,
        default=0,
        help="generated tips (another seed) written both ways, untimed, before the rounds: both sides then "
        "run on a warmed JVM, where tipgraph otherwise runs first on a cold one (0: none)",
    )
    parser.add_argument(
        "--writers",
        nargs="+",
        help="write transactions in flight in the comparison with the floor, one tipgraph run per count in "
        "each round, side by side (e.g. 1 2; default: the setting, TIPGRAPH_INGEST_WRITERS)",
    )
    parser.add_argument(
        "--floor-only", action="store_true", help="only the comparison with the floor, not phases (a)-(e)"
    )
    parser.add_argument(
        "--keep-plans",
        action="store_true",
        help="run every statement of both sides with CYPHER replan=skip: each keeps the plan its first run "
        "made (in the warm-up) instead of being planned again whenever the store's statistics moved, as "
        "they do on every batch of a small store growing from empty; a large store's do not (see main)",
    )
    parser.add_argument(
        "--no-clustering",
        action="store_true",
        help="skip ingest-time clustering, to measure what it adds to ingest (compare with a run without it)",
    )
    return parser.parse_args(argv)


async def _no_clustering(*_: object) -> int:
    return 0


KEEP_PLANS = "CYPHER replan=skip "


async def _run_keeping_plans(self: Transaction, name: str, **params: Any) -> list[Row]:
    """Transaction.run with the statement's cached plan kept (the same statement, timed and observed
    alike)."""
    query = self._library[name]
    started = time.perf_counter()
    result = await self._tx.run(KEEP_PLANS + query.text, params)
    keys = result.keys()
    rows = [dict(zip(keys, record, strict=True)) async for record in result]
    self._observe(name, time.perf_counter() - started)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.no_clustering:
        # The module attribute is the seam, as for _prepare_batch: graph/ is left as it is.
        setattr(ingest_module, "cluster_new_tips", _no_clustering)  # noqa: B010
        print("ingest-time clustering OFF for this run")
    if args.keep_plans:
        # Neo4j plans a statement again when the store's statistics moved by more than a threshold since
        # it was planned (and 10 s have passed): on a store growing from empty, every statement of every
        # batch; on a large store (the 1M one), next to never. Planning tipgraph's statements costs the
        # database several times what planning the floor's four does, so the default run measures mostly
        # planning. Both sides are run alike here; the warm-up (--floor-warmup) makes the plans.
        Transaction.run = _run_keeping_plans  # type: ignore[method-assign]
        print("every statement keeps its first plan (CYPHER replan=skip) for this run")
    # With --floor-only the phases' dataset is never read: the floor's stands in, not generated twice.
    data = dataset(args.floor_tips if args.floor_only else args.tips, args.seed)
    if not args.floor_only:
        print(describe_dataset(data))
    settings = bench_settings()
    with neo4j_target(settings, BENCH_DIR / f"neo4j-ingest-{uuid.uuid4().hex[:8]}") as target:
        asyncio.run(run(args, target, data))


if __name__ == "__main__":
    main()

"""What every benchmark shares: a throw-away Neo4j, the generated dataset, tokens, timing and tables.

Figures are printed, never asserted: a benchmark reports, the reader judges against the targets.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import resource
import shutil
import statistics
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from api.app import GraphQLEndpoint, create_app
from api.auth import mint_token
from api.mutations import TIP_INPUT_SCALAR, TipInput
from api.schema import Mutation, Query
from graph.bulkload import load_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.store.launcher import REPO_ROOT, EmbeddedNeo4j, LauncherConfig, dev_password, free_port
from graph.synthetic import GeneratorConfig, write_jsonl
from graph.viewer import Role, Viewer

BENCH_DIR: Final = REPO_ROOT / ".cache" / "bench"
BENCH_SECRET: Final = "tipgraph-bench-secret-that-is-long-enough-for-hs256"
# A fixed instant, so a dataset file named by its size and seed always holds the same tips.
DATASET_NOW: Final = datetime(2026, 1, 1, tzinfo=UTC)
HEAP: Final = "2g"
PAGECACHE: Final = "1g"
# Who a bench's `tipgraph load` runs as.
LOAD_VIEWER: Final = Viewer(subject="bench-load", role=Role.ANALYST)
# The rate limiter guards production from one token's flood; a benchmark is that flood on purpose.
UNLIMITED_RATE: Final = 1e9


def bench_settings(neo4j_uri: str | None = None, neo4j_password: str | None = None) -> Settings:
    return Settings(
        neo4j_uri=neo4j_uri,
        neo4j_password=neo4j_password,
        auth_hs256_secret=BENCH_SECRET,
        rate_limit_per_second=UNLIMITED_RATE,
        rate_limit_burst=10**9,
    )


def token(settings: Settings, role: Role, agency: str | None = None) -> str:
    return mint_token(
        secret=BENCH_SECRET,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject=f"bench-{role.value}-{agency or 'all'}",
        role=role,
        agency=agency,
    )


@dataclass(frozen=True, slots=True)
class Neo4jTarget:
    uri: str
    password: str
    pid: int | None  # the embedded JVM's, to read its CPU time; None for NEO4J_URI


def process_cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds of a process so far: this one when `pid` is None (all its threads)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of proc(5); the split above starts at field 3.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_config(settings: Settings, data_dir: Path) -> LauncherConfig:
    """The embedded Neo4j a `tipgraph load` bench fills (bench.bulkload, bench.occurrence_read)."""
    return LauncherConfig(
        data_dir=data_dir,
        bolt_port=free_port(),
        password=settings.neo4j_password or dev_password(settings.cache_dir),
        cache_dir=settings.cache_dir,
        heap="2g",
        pagecache="1g",
    )


def on_loaded_store(
    name: str, tips: int, seed: int, then: Callable[[Database, LauncherConfig], Awaitable[None]]
) -> None:
    """`tips` generated tips (`seed`) loaded by `tipgraph load` into a throw-away embedded database under
    BENCH_DIR named after `name`, `then` run on it, and the database deleted (bench.load_assignments,
    bench.occurrence_read)."""
    data = dataset(tips, seed)
    print(describe_dataset(data))
    settings = bench_settings()
    config = load_config(settings, BENCH_DIR / f"neo4j-{name}-{tips}-{seed}")
    shutil.rmtree(config.data_dir, ignore_errors=True)

    async def measure(db: Database) -> None:
        await then(db, config)

    try:
        asyncio.run(load_tips(settings, config, [data.path], LOAD_VIEWER, then=measure))
    finally:
        shutil.rmtree(config.data_dir, ignore_errors=True)


@contextlib.contextmanager
def neo4j_target(settings: Settings, data_dir: Path, keep: bool = False) -> Iterator[Neo4jTarget]:
    """NEO4J_URI when set; else an embedded Neo4j in `data_dir`, deleted afterwards unless `keep`."""
    password = settings.neo4j_password or dev_password(settings.cache_dir)
    external = os.environ.get("NEO4J_URI")
    if external:
        yield Neo4jTarget(external, password, pid=None)
        return
    config = LauncherConfig(
        data_dir=data_dir,
        bolt_port=free_port(),
        password=password,
        cache_dir=settings.cache_dir,
        heap=HEAP,
        pagecache=PAGECACHE,
    )
    started = time.perf_counter()
    try:
        with EmbeddedNeo4j(config) as server:
            print(f"embedded Neo4j at {server.uri} ({data_dir}), up in {time.perf_counter() - started:.1f} s")
            yield Neo4jTarget(server.uri, password, pid=server.pid)
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class Dataset:
    path: Path
    tips: int
    seed: int
    generated_seconds: float | None  # None when an earlier run's file was reused


def dataset(tips: int, seed: int, report_id_prefix: str | None = None) -> Dataset:
    """The generated tips as JSON Lines under .cache/bench/, made once per (tips, seed) and then reused.

    A `report_id_prefix` (instead of the generator's) gives tips whose reportIds differ from the default
    dataset's (every seed numbers its tips alike), so they are new to a database holding those.
    """
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    label = "" if report_id_prefix is None else "-" + report_id_prefix.strip("-").lower()
    path = BENCH_DIR / f"tips-{tips}-{seed}{label}.jsonl"
    if path.exists():
        return Dataset(path, tips, seed, None)
    partial = path.with_suffix(".partial")
    truth = BENCH_DIR / f"truth-{tips}-{seed}{label}.jsonl"
    started = time.perf_counter()
    config = GeneratorConfig(tips=tips, seed=seed, now=DATASET_NOW)
    if report_id_prefix is not None:
        config = dataclasses.replace(config, report_id_prefix=report_id_prefix)
    write_jsonl(config, partial, truth)
    elapsed = time.perf_counter() - started
    # Renamed only when complete: an interrupted run never leaves a short file to be reused.
    partial.rename(path)
    return Dataset(path, tips, seed, elapsed)


def describe_dataset(data: Dataset) -> str:
    size = data.path.stat().st_size / 1e6
    how = "reused" if data.generated_seconds is None else f"generated in {data.generated_seconds:.1f} s"
    return f"{data.tips:,} tips, seed {data.seed}: {data.path} ({size:.0f} MB, {how}; not counted)"


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True, slots=True)
class Latencies:
    """Per-request wall times in seconds, and the wall time of the whole run."""

    samples: tuple[float, ...]
    wall: float

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.samples)
        index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
        return ordered[index] * 1000

    @property
    def per_second(self) -> float:
        return len(self.samples) / self.wall

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.samples) * 1000


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: the first column left-aligned, figures right-aligned."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        aligned = [cells[0].ljust(widths[0])]
        aligned += [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  " + "  ".join(aligned)

    print(f"\n{title}")
    print(line(header))
    print("  " + "  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))


class BackgroundServer:
    """uvicorn serving an app on 127.0.0.1 from a thread with its own event loop (real TCP for clients)."""

    def __init__(self, app: Starlette) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False, lifespan="on"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="bench-uvicorn", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start; see its log above")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)


Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


def graphql_schema(extensions: Sequence[Extension]) -> strawberry.Schema:
    """api.schema's Query and Mutation with other extensions: build_schema's twin for comparisons."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=list(extensions),
        config=StrawberryConfig(scalar_map={TipInput: TIP_INPUT_SCALAR}),
    )


def app_with_schema(
    settings: Settings, schema: strawberry.Schema | None, db: Database | None = None
) -> Starlette:
    """create_app's app (guard, lifespan, context), serving `schema` instead of build_schema's when given."""
    app = create_app(settings, db=db)
    if schema is None:
        return app
    endpoints = [
        route.endpoint
        for route in app.router.routes
        if isinstance(route, Route) and isinstance(route.endpoint, GraphQLEndpoint)
    ]
    if len(endpoints) != 1:
        raise RuntimeError(f"expected one GraphQL endpoint in create_app's routes, found {len(endpoints)}")
    endpoints[0].schema = schema
    return app

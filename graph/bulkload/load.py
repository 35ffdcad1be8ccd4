"""`tipgraph load`: tips from files into an EMPTY embedded database through Neo4j's offline importer.

For a backfill of years of tips or a restore, where online ingest's transactions would take hours. The
phases, each timed in the summary:

1. check: a database that holds anything is refused (the importer replaces a store, it never adds to
   one); an existing store is started once to look;
2. prepare: every tip validated, normalised and scored by ingest's own code (graph/bulkload/prepare.py)
   on every core, and streamed into the importer's CSV files as the graph online ingest would write
   (graph/bulkload/shape.py); a file with a refused tip (INVALID, or CONFLICT within the input) loads
   nothing;
3. files: what waited for the final identifier counts (tip counts, linked scores) is written;
4. import: `neo4j-admin database import full` with the server stopped; meanwhile, on a thread of this
   process, the tips are clustered from what prepare gathered, by the same functions a full recompute
   (`tipgraph clusters recompute`) runs, on the same rows it would read back from the loaded store
   (graph/bulkload/clustering_input.py): nothing is read back. The importer and the server's start leave
   a core idle for much of their run, and clustering needs one: they overlap (`overlapped` times it);
5. schema: the server started on the imported store (mapping the classes an earlier start loaded, from
   the install's class archive: `LauncherConfig.share_classes`), constraints and indexes created (a
   label's in a transaction of its own, all at once: graph/bulkload/schema.py); the phase ends once
   every constraint is online, the plain indexes populating beside the writes (`WRITES_BESIDE_INDEXES`);
6. clusters: what is left of the clusters' computation once the schema is online (usually nothing);
7. writes, side by side (`overlapped` times each): the Cluster nodes and each clustered tip's clusterId,
   as a recompute writes them (created, not merged: the store holds none), every tip with the empty list
   properties the importer cannot store, written once, a range of tip ids at a time (`write_tips`);
   beside them, the content clusters (graph/clusters/content_build.py), by the recompute's function on
   the loaded store, once the identifiers' indexes are online; the phase ends once every index is online.
"""

from __future__ import annotations

import asyncio
import resource
import shutil
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from graph.bulkload.clustering_input import LoadedClusters
from graph.bulkload.import_files import start_graph_import
from graph.bulkload.prepare import prepare_files
from graph.bulkload.schema import LoadSchema
from graph.bulkload.shape import GraphWriter
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import load_model
from graph.clusters.batch_writes import WRITE_BATCH
from graph.clusters.content_build import recompute_content_clusters
from graph.clusters.content_refresh import keep_content_state
from graph.clusters.recompute import RecomputeSummary
from graph.clusters.refresh import keep_state
from graph.collector import collector_paused
from graph.errors import ConflictError
from graph.ingest import IngestResult
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig
from graph.store_version import record_current
from graph.viewer import Viewer

# A million tips' indexes populate while the server starts; a busy machine has taken minutes.
STARTUP_SECONDS = 900
# Clustered tips per range of tip ids the tips' writes take at a time (bulkload/tips_in_range): a range
# holds those and every unclustered tip between them. bench.load_tip_writes at 200k tips (120,966
# clustered, 2.6 GB store, page cache 1g; one round, JFR recording, load 15): 77.9 s wall / 61.0 s Neo4j
# CPU against 131.8 / 70.5 for a seek per clustered tip then a scan of every tip (0.59x / 0.87x); the
# profile of the ranges is Neo4j's own write path (commit 52 %: commands, log, store and index
# updates; setting the properties 29 %; reading the lists for coalesce 11 %).
CLUSTERED_PER_RANGE = 10_000
# Tips per transaction within a range (its statement commits every so many): bounds a transaction's size
# where clustered tips are sparse.
TIPS_PER_TRANSACTION = 20_000
# Ranges of tips written at once (each range's tips are other tips than any other range's): two took
# 142.9 s wall / 77.5 s Neo4j CPU where one took 77.9 / 61.0 (same run as above).
TIP_WRITERS = 1
# Whether the Cluster nodes are written beside the tips' writes (see _write_clusters_and_tips).
CLUSTER_NODES_BESIDE_TIPS = True
# The load's connections to its own server wait as long as a batch job may (a request's settings give up
# in seconds, which a third session at once beside the content clusters hit on a machine at load 27).
LOAD_TIMEOUTS = {"db_connection_timeout_seconds": 120.0, "db_acquisition_timeout_seconds": 600.0}
# The JVM flags of the server the load starts on the imported store, for this load alone. None: C1 code
# only (-XX:TieredStopAtLevel=1) cut the server's CPU at 30k tips (bench.load_server, one round each at
# load ~10: schema 31.1 -> 14.8 s, writes 23.4 -> 9.0 s, mostly C2 compilations saved), but at 1M, where
# steady-state code weighs more, it took schema 128.7 s and writes 247.5 s against 106.6 and 150.7 s
# without it (python -m bench.bulkload --tips 1000000, two runs of one session, load ~2).
LOAD_SERVER_FLAGS: tuple[str, ...] = ()
# Whether that server maps the classes an earlier start loaded (`LauncherConfig.share_classes`):
# bench.load_server at 30k, schema's server CPU 41.3 s without it, 31.1 with (one round, load ~10);
# bench.server_start, a start on an empty folder: 24.0 -> 16.8 CPU s (median of 2, load 13).
LOAD_SHARES_CLASSES = True
# Whether the writes start once every constraint is online, the plain indexes populating beside them (else
# once every index is online). bench.load_server at 50k tips, one round each at load ~11: schema and writes
# 96.2 s wall / 69.9 s server CPU beside, 141.5 / 77.7 with every index online first (of which the
# server's start 32.9 and 46.6 s: a noisy pair).
WRITES_BESIDE_INDEXES = True
# Within the writes phase (`overlapped`): until every index is online.
INDEXES_ONLINE = "indexes online"
# The server's start on the imported store, timed apart within the schema phase.
SERVER_START = "server start, within schema"
# The clusters' computation, timed apart: it runs beside the import and the schema (`overlapped`).
CLUSTERS_BESIDE = "clusters, beside import and schema"
T = TypeVar("T")


class LoadRefused(ConflictError):
    """The load would not leave the database as online ingest would: nothing was changed."""

    def __init__(self, message: str, refused: Sequence[IngestResult] = ()) -> None:
        super().__init__(message)
        self.refused = tuple(refused)


@dataclass(slots=True)
class LoadSummary:
    """What a load did, and the seconds each phase took."""

    read: int = 0
    created: int = 0
    unchanged: int = 0
    identifiers: int = 0
    relationships: int = 0
    clusters: RecomputeSummary | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of this process and of the children it reaped in the phase (the preparing workers, the
    # importer): on a shared machine the wall clock measures the neighbours too. The server's phases
    # (schema, writes) are charged when it stops, so they show only this process's own.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    # The wall seconds of each part of a phase whose parts run side by side (within `seconds`' phase).
    overlapped: dict[str, float] = field(default_factory=dict)
    # The CPU seconds of the server the load starts after the import, in each phase it runs (its start
    # counted in schema's), read from the running process (`cpu_seconds` has them only when it stops).
    server_cpu_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Phases:
    def __init__(self, summary: LoadSummary, report: Callable[[str, float], None] | None) -> None:
        self.summary, self.report = summary, report
        self.started, self.cpu = time.perf_counter(), _cpu_seconds()
        self.server: EmbeddedNeo4j | None = None
        self.server_cpu = 0.0

    def serving(self, server: EmbeddedNeo4j) -> None:
        """The phases from now on also count `server`'s CPU (started in the phase under way)."""
        self.server, self.server_cpu = server, 0.0

    def done(self, name: str) -> None:
        now, cpu = time.perf_counter(), _cpu_seconds()
        self.summary.seconds[name] = now - self.started
        self.summary.cpu_seconds[name] = cpu - self.cpu
        if self.server is not None:
            server_cpu = self.server.cpu_seconds()
            self.summary.server_cpu_seconds[name] = server_cpu - self.server_cpu
            self.server_cpu = server_cpu
        if self.report is not None:
            self.report(name, now - self.started)
        self.started, self.cpu = now, cpu


async def _store_is_empty(settings: Settings, config: LauncherConfig) -> bool:
    """Whether the embedded database holds nothing: no store at all, or one without a node."""
    if not (config.data_dir / "data" / "databases" / settings.neo4j_database).exists():
        return True
    server = EmbeddedNeo4j(config)
    server.start(timeout=STARTUP_SECONDS)
    try:
        async with opened(settings, server.uri, config.password) as db:
            rows = await db.read("bulkload/any_node")
            return not rows[0]["found"]
    finally:
        server.stop()


async def _write_clusters_and_tips(db: Database, clusters: LoadedClusters, summary: LoadSummary) -> None:
    """The loaded clusters into the store as a recompute on it would write them (an empty store: every
    cluster is new and every clustered tip is assigned), and the tips' empty lists. Each part is timed
    (`overlapped`).

    The store holds no cluster: the Cluster nodes are created, not merged (no lookup first). Every tip is
    written once (`write_tips`). The Cluster nodes write no tip and the tips' writes no cluster, so they
    run side by side when CLUSTER_NODES_BESIDE_TIPS (a third session beside the content clusters: the
    load's connections wait longer than a request's, `LOAD_TIMEOUTS`)."""
    nodes = _timed(summary, "cluster nodes", create_clusters(db, clusters.written))
    tips = _timed(summary, "tips (cluster ids, empty lists)", write_tips(db, clusters.assignments))
    if CLUSTER_NODES_BESIDE_TIPS:
        await asyncio.gather(nodes, tips)
    else:
        await nodes
        await tips


async def _content_clusters(db: Database, schema: LoadSchema, at: datetime) -> None:
    """Content clusters from the loaded store, by the recompute's own function (only the content digests'
    file entries are read), once the identifiers' indexes are online (its statements find identifiers by
    uid and by content cluster). It writes identifiers and content clusters, never a tip: it runs beside
    the tips' writes, each on a core of its own."""
    await schema.online_for("Identifier")
    await recompute_content_clusters(db, at)


async def create_clusters(db: Database, written: Sequence[dict[str, Any]]) -> None:
    """The Cluster nodes (`{id, props}` rows, as a recompute upserts them), WRITE_BATCH a transaction, each
    batch's `updatedAt` passed once (a recompute stamps every cluster it writes with its one moment): the
    driver packs a datetime in ~65 us. bench.load_writes at 30k tips (3,763 clusters, median of 2, load
    9.6): this process 0.06 CPU s against 0.48 with a datetime in every row (Neo4j's CPU not told apart:
    2.58 against 2.16 s, this way's first run the cold one)."""
    for moment, rows in _by_moment(written).items():
        for start in range(0, len(rows), WRITE_BATCH):
            await db.write(
                "bulkload/create_clusters", clusters=rows[start : start + WRITE_BATCH], updatedAt=moment
            )


def _by_moment(written: Sequence[dict[str, Any]]) -> dict[datetime, list[dict[str, Any]]]:
    """The rows without their `updatedAt`, by it (one group for a recompute's rows)."""
    groups: dict[datetime, list[dict[str, Any]]] = {}
    for row in written:
        props = dict(row["props"])
        groups.setdefault(props.pop("updatedAt"), []).append({"id": row["id"], "props": props})
    return groups


@dataclass(frozen=True, slots=True)
class TipRange:
    """The tips whose ids lie in [start, end) (`end` None: no upper end), and the cluster id of each of
    them that is clustered."""

    start: str
    end: str | None
    clusters: dict[str, str | None]


def tip_ranges(
    assignments: Sequence[dict[str, str | None]], clustered: int = CLUSTERED_PER_RANGE
) -> list[TipRange]:
    """Ranges covering every tip id, in order, each holding `clustered` of the assignments' tips (the last
    one what is left): a range starts at its first clustered tip's id and ends where the next one starts;
    the first starts at "" (every string is at least that) and the last has no end, so a tip between
    two clustered ones, or before or after all of them, lies in exactly one range."""
    in_order = sorted(assignments, key=_tip_id)
    ranges = []
    for first in range(0, max(len(in_order), 1), clustered):
        after = first + clustered
        ranges.append(
            TipRange(
                _tip_id(in_order[first]) if first else "",
                _tip_id(in_order[after]) if after < len(in_order) else None,
                {_tip_id(row): row["clusterId"] for row in in_order[first:after]},
            )
        )
    return ranges


async def write_tips(
    db: Database,
    assignments: Sequence[dict[str, str | None]],
    in_flight: int | None = None,
    clustered: int = CLUSTERED_PER_RANGE,
) -> None:
    """Every loaded tip's empty lists and each clustered tip's cluster id (`assignments`), each tip
    written once, in tip id order, a range of tips (`tip_ranges`, `clustered` a range) per statement:
    its tips found by a range seek of the tip id index, not a seek per tip, and the unclustered ones
    with the clustered, not by a scan of every tip's lists. `in_flight` ranges are written at once
    (default: TIP_WRITERS): two ranges hold no tip in common and the writes take no lock but their own
    tips' (no unique property changes, no relationship), so no two wait on each other."""
    gate = asyncio.Semaphore(in_flight or TIP_WRITERS)

    async def write(tips: TipRange) -> None:
        async with gate:
            if tips.end is None:
                await db.append(
                    "bulkload/tips_from", start=tips.start, clusters=tips.clusters, batch=TIPS_PER_TRANSACTION
                )
            else:
                await db.append(
                    "bulkload/tips_in_range",
                    start=tips.start,
                    end=tips.end,
                    clusters=tips.clusters,
                    batch=TIPS_PER_TRANSACTION,
                )

    async with asyncio.TaskGroup() as writes:
        for tips in tip_ranges(assignments, clustered):
            writes.create_task(write(tips))


def _tip_id(assignment: dict[str, str | None]) -> str:
    return assignment["tipId"] or ""


def _timed_call(
    summary: LoadSummary, name: str, work: Callable[[EvidenceModel], T], model: EvidenceModel
) -> T:
    started = time.perf_counter()
    try:
        return work(model)
    finally:
        summary.overlapped[name] = time.perf_counter() - started


async def _timed(summary: LoadSummary, name: str, work: Awaitable[object]) -> None:
    started = time.perf_counter()
    await work
    summary.overlapped[name] = time.perf_counter() - started


async def load_tips(
    settings: Settings,
    config: LauncherConfig,
    paths: Sequence[Path],
    viewer: Viewer,
    received_at: datetime | None = None,
    workers: int | None = None,
    report: Callable[[str, float], None] | None = None,
    then: Callable[[Database], Awaitable[None]] | None = None,
    progress: Callable[[int, float], None] | None = None,
    server_flags: Sequence[str] = LOAD_SERVER_FLAGS,
    share_classes: bool = LOAD_SHARES_CLASSES,
) -> LoadSummary:
    """Loads the files into the empty embedded database of `config` (see the module's docstring); raises
    LoadRefused, changing nothing, for a refused tip or a database that holds anything. `then` runs on
    the loaded database before its server stops (a benchmark's or a test's reads); `progress` gets the
    tips prepared so far and the seconds since preparing began, after each batch; `server_flags` are
    the JVM flags of the server started on the imported store and `share_classes` whether it maps an
    earlier start's classes (a benchmark's other ways)."""
    summary = LoadSummary()
    phases = _Phases(summary, report)
    at = received_at or datetime.now(UTC)
    if not await _store_is_empty(settings, config):
        raise LoadRefused(
            f"the database in {config.data_dir} is not empty: `tipgraph load` fills an empty "
            "database only (use `tipgraph ingest` to add tips to one that holds data)"
        )
    phases.done("check")

    config.data_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="tipgraph-load-", dir=config.data_dir.parent))
    # The collector stays paused until the clusters are computed, beside the import and the schema.
    paused = ExitStack()
    paused.enter_context(collector_paused())
    clustering = ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-clusters")
    try:
        try:
            writer = GraphWriter(folder, at, viewer, uuid.uuid4().hex)
            try:
                began = time.perf_counter()

                def prepared_so_far(tips: int) -> None:
                    if progress is not None:
                        progress(tips, time.perf_counter() - began)

                prepared = prepare_files(paths, at, settings, writer.add_batch, workers, prepared_so_far)
            finally:
                writer.close()
            summary.read, summary.unchanged = prepared.read, prepared.unchanged
            if prepared.refused:
                refused = sorted(prepared.refused, key=lambda r: r.index)
                raise LoadRefused(
                    f"{len(refused):,} of {prepared.read:,} tips refused; nothing was loaded", refused
                )
            phases.done("prepare")
            nodes, relationships = writer.finish()
            summary.created, summary.identifiers = writer.tips, len(writer.identifiers)
            summary.relationships = writer.relationships
            phases.done("files")

            running = start_graph_import(
                config.data_dir, nodes, relationships, settings.neo4j_database, config.cache_dir
            )
            model = load_model(settings.cache_dir)
            # A thread: this one waits for the importer and then the server, holding the interpreter
            # only now and then.
            computed = clustering.submit(_timed_call, summary, CLUSTERS_BESIDE, writer.cluster, model)
            del writer
            try:
                running.wait()
            finally:
                running.stop()
            phases.done("import")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

        server = EmbeddedNeo4j(
            replace(
                config,
                jvm_flags=(*config.jvm_flags, *server_flags),
                share_classes=config.share_classes or share_classes,
            )
        )
        phases.serving(server)
        starting = time.perf_counter()
        server.start(timeout=STARTUP_SECONDS)
        summary.overlapped[SERVER_START] = time.perf_counter() - starting
        try:
            # The store is this load's alone: its rules are created a label per transaction, side by side
            # (bench.load_schema at 50k: 0.87x the wall, 0.83x Neo4j's CPU of apply_schema's one
            # transaction).
            patient = settings.model_copy(update=LOAD_TIMEOUTS)
            async with opened(patient, server.uri, config.password, schema=False) as db:
                schema = LoadSchema(db)
                try:
                    # The writes need the constraints (the tips' id index, the clusters' and identifiers'
                    # ids), which are online once their label's transaction commits; the plain indexes
                    # populate beside the writes (WRITES_BESIDE_INDEXES) and are online before the load
                    # returns.
                    await (schema.created_all() if WRITES_BESIDE_INDEXES else schema.online())
                    # The import replaced the whole store, its record of migrations included: what it
                    # wrote is this tipgraph's and needs none.
                    await record_current(db)
                    phases.done("schema")
                    clusters = await asyncio.wrap_future(computed)
                    summary.clusters = clusters.summary
                    clustering.shutdown()
                    paused.close()
                    phases.done("clusters")
                    await asyncio.gather(
                        _timed(
                            summary,
                            "cluster writes + tips",
                            _write_clusters_and_tips(db, clusters, summary),
                        ),
                        _timed(summary, "content", _content_clusters(db, schema, at)),
                        _timed(summary, INDEXES_ONLINE, schema.online()),
                    )
                    phases.done("writes")
                finally:
                    schema.cancel()
                # The loaded clusters are a full recompute's: the next recompute reclusters what changes
                # after.
                await keep_state(db, model)
                await keep_content_state(db)
                if then is not None:
                    await then(db)
        finally:
            server.stop()
    finally:
        clustering.shutdown(wait=False, cancel_futures=True)
        paused.close()
    return summary

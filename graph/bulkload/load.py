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
   label's in a transaction of its own, all at once: `Database.create_schema_at_once`) and online;
6. clusters: what is left of the clusters' computation once the schema is online (usually nothing);
7. writes, two at once (`overlapped` times each): the Cluster nodes and each clustered tip's clusterId,
   as a recompute writes them (created, not merged: the store holds none), each clustered tip with the
   empty list properties the importer cannot store, then those of every other tip; beside them, the
   content clusters (graph/clusters/content_build.py), by the recompute's function on the loaded store.
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
from graph.bulkload.shape import GraphWriter
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import load_model
from graph.clusters.batch_writes import WRITE_BATCH, write_batches
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
# Tips per inner transaction of the one statement that gives them their empty lists after the import.
LIST_BATCH = 100_000
# Clustered tips per transaction of their assignments, written in tip id order: at 50k tips (30,443
# assignments) 10k a transaction in tip id order took 0.87x the Neo4j CPU and 0.84x the wall of 50k a
# transaction in cluster order, which took 0.86x the CPU of 10k in cluster order (bench.load_assignments,
# median of 3 alternating rounds, load 19.8; an earlier single round had tip id order at 0.50x). Tip ids
# of generated tips grow with their order in the files, so a batch's tips lie in neighbouring store pages.
ASSIGNMENT_BATCH = 10_000
# Cluster write transactions in flight at once: the load's writes share the machine with the content
# clusters' computation, which takes the other core.
CLUSTER_WRITERS = 1
# Whether the Cluster nodes are written beside the tips' assignments and lists (see
# _write_clusters_and_lists).
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


async def _write_clusters_and_lists(db: Database, clusters: LoadedClusters, summary: LoadSummary) -> None:
    """The loaded clusters into the store as a recompute on it would write them (an empty store: every
    cluster is new and every clustered tip is assigned), and the tips' empty lists. Each part is timed
    (`overlapped`).

    The store holds no cluster: the Cluster nodes are created, not merged (no lookup first). A clustered
    tip gets its empty lists with its cluster id (bulkload/assign_with_lists), so it is written once;
    the pass over the tips then writes the unclustered ones only (it skips a tip that has its lists).
    The assignments and the lists both write tips, so one after the other (two statements locking the
    same tips in different orders could deadlock); the Cluster nodes write no tip and the tips' writes no
    cluster, so they run side by side when CLUSTER_NODES_BESIDE_TIPS (a third session beside the content
    clusters: the load's connections wait longer than a request's, `LOAD_TIMEOUTS`)."""

    async def tips() -> None:
        await _timed(summary, "cluster assignments", write_assignments(db, clusters.assignments))
        # One pass over the tips in an auto-commit transaction (CALL IN TRANSACTIONS commits a batch at
        # a time): a loop of LIMITed statements scanned the tips set so far again each time.
        await _timed(summary, "empty lists", db.append("bulkload/empty_lists", batch=LIST_BATCH))

    nodes = _timed(summary, "cluster nodes", create_clusters(db, clusters.written))
    if CLUSTER_NODES_BESIDE_TIPS:
        await asyncio.gather(nodes, tips())
    else:
        await nodes
        await tips()


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


async def write_assignments(db: Database, assignments: Sequence[dict[str, str | None]]) -> None:
    """Each clustered tip's cluster id and empty lists (bulkload/assign_with_lists), in tip id order,
    ASSIGNMENT_BATCH tips a transaction (see ASSIGNMENT_BATCH)."""
    in_tip_order = sorted(assignments, key=_tip_id)
    await write_batches(
        db, "bulkload/assign_with_lists", "assignments", in_tip_order, CLUSTER_WRITERS, ASSIGNMENT_BATCH
    )


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
            # The store is this load's alone: its constraints populate a label per transaction, side by
            # side (bench.load_schema at 50k: 0.87x the wall, 0.83x Neo4j's CPU of apply_schema's one
            # transaction).
            patient = settings.model_copy(update=LOAD_TIMEOUTS)
            async with opened(patient, server.uri, config.password, schema=False) as db:
                await db.create_schema_at_once()
                await db.write("bulkload/await_indexes")
                # The import replaced the whole store, its record of migrations included: what it wrote
                # is this tipgraph's and needs none.
                await record_current(db)
                phases.done("schema")
                clusters = computed.result()
                summary.clusters = clusters.summary
                clustering.shutdown()
                paused.close()
                phases.done("clusters")
                await asyncio.gather(
                    _timed(
                        summary,
                        "cluster writes + lists",
                        _write_clusters_and_lists(db, clusters, summary),
                    ),
                    # Content clusters from the loaded store, by the recompute's own function (only the
                    # content digests' file entries are read). It writes identifiers and content
                    # clusters, never a tip: it runs beside the tips' writes, each on a core of its own.
                    _timed(summary, "content", recompute_content_clusters(db, at)),
                )
                phases.done("writes")
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

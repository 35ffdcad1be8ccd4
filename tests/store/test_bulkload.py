"""`tipgraph load` against real stores: the same generated tips ingested online (then recomputed) and
loaded through the offline importer give the same graph, value for value and type for type; a database
that holds anything, and a file with a refused tip, load nothing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from graph.audit import AuditTrail
from graph.bulkload import LoadRefused, LoadSummary, load_tips
from graph.bulkload.load import STARTUP_SECONDS
from graph.clusters.recompute import RecomputeSummary, recompute_clusters
from graph.clusters.refresh import refresh_clusters
from graph.ingest import IngestOutcome, ingest_tips
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.importer import ImportInput, OfflineImportError, start_import
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, free_port
from graph.store_version import missing_migrations
from graph.synthetic import GeneratorConfig, generate
from graph.tip_files import read_tips
from graph.viewer import Role, Viewer
from tests.store.test_people_rule_store import offender_tips

LOADER = Viewer(subject="test-load", role=Role.ANALYST)
AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# The generator's tips, one offender's busy address (tests/store/test_people_rule_store.py) and the example.
OFFENDER = offender_tips("BULK")
TIPS = 300 + len(OFFENDER)
AUDIT_FILTER = {"actor": LOADER.subject, "tipId": None, "from": None, "to": None}


def _typed(value: Any) -> Any:
    """A value with its type spelled out, so 1 and 1.0, or a string and a date-time, never compare equal."""
    if isinstance(value, list):
        return ["list", [_typed(item) for item in value]]
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in sorted(value.items())}
    if hasattr(value, "iso_format"):
        return [type(value).__name__, value.iso_format(), str(value.tzinfo)]
    return [type(value).__name__, value]


async def snapshot(db: Database) -> dict[str, Any]:
    """Everything a query could tell apart, audit events aside (each writer records its own)."""
    tips = {}
    for row in await db.read("testing/graph"):
        occurrences = sorted(orjson.dumps(_typed(o), option=orjson.OPT_SORT_KEYS) for o in row["occurrences"])
        tips[row["tip"]["id"]] = {"tip": _typed(row["tip"]), "occurrences": occurrences}
    counts = {row["what"]: row["count"] for row in await db.read("testing/snapshot_counts")}
    partition = sorted(
        orjson.dumps([row["cluster"], row["members"]], option=orjson.OPT_SORT_KEYS)
        for row in await db.read("testing/cluster_partition")
    )
    content = sorted(
        orjson.dumps(_typed([row["cluster"], row["members"]]), option=orjson.OPT_SORT_KEYS)
        for row in await db.read("testing/content_partition")
    )
    return {"tips": tips, "counts": counts, "clusters": partition, "content": content}


def write_tips(path: Path, tips: Sequence[Mapping[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(tip) + b"\n" for tip in tips))
    return path


def exists(path: Path) -> bool:
    return path.exists()


@pytest.fixture(scope="module")
def tips_file(tmp_path_factory: pytest.TempPathFactory, example_tip: dict[str, Any]) -> Path:
    path = tmp_path_factory.mktemp("load") / "tips.jsonl"
    generated = [g.tip for g in generate(GeneratorConfig(tips=TIPS - len(OFFENDER), seed=11, now=AT))]
    lines = [orjson.dumps(tip) for tip in [*generated, *OFFENDER, example_tip, example_tip]]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _config(data_dir: Path, settings: Settings, password: str) -> LauncherConfig:
    return LauncherConfig(
        data_dir=data_dir,
        bolt_port=free_port(),
        password=password,
        cache_dir=settings.cache_dir,
        heap="512m",
        pagecache="128m",
    )


@pytest.fixture(scope="module")
def password() -> str:
    return "bulkload-test-" + uuid.uuid4().hex[:12]


def _differing(got: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """What differs between two tips' snapshots: each property (loaded, online), and the occurrences."""
    tip, want = got["tip"], expected["tip"]
    found = {
        key: (tip.get(key), want.get(key))
        for key in tip.keys() | want.keys()
        if tip.get(key) != want.get(key)
    }
    if got["occurrences"] != expected["occurrences"]:
        found["occurrences"] = (got["occurrences"], expected["occurrences"])
    return found


@dataclass(frozen=True, slots=True)
class Loaded:
    config: LauncherConfig
    summary: LoadSummary
    snapshot: dict[str, Any]
    events: list[dict[str, Any]]
    recompute: RecomputeSummary  # a full recompute run on the loaded store
    refresh: RecomputeSummary  # `tipgraph clusters recompute` run first: only what changed since the load


@pytest.fixture(scope="module")
async def loaded(
    tips_file: Path, settings: Settings, password: str, tmp_path_factory: pytest.TempPathFactory
) -> Loaded:
    config = _config(tmp_path_factory.mktemp("loaded") / "neo4j", settings, password)
    seen: dict[str, Any] = {}

    async def read_back(db: Database) -> None:
        seen["snapshot"] = await snapshot(db)
        seen["events"] = await db.read("audit/list", filter=AUDIT_FILTER, after=None, limit=10)
        seen["refresh"] = await refresh_clusters(db, now=AT)
        seen["recompute"] = await recompute_clusters(db, now=AT)

    summary = await load_tips(
        settings, config, [tips_file], LOADER, received_at=AT, workers=2, then=read_back
    )
    events = [row["event"] for row in seen["events"]]
    return Loaded(config, summary, seen["snapshot"], events, seen["recompute"], seen["refresh"])


async def test_a_load_writes_the_graph_online_ingest_and_recompute_write(
    loaded: Loaded,
    clean_db: Database,
    settings: Settings,
    tips_file: Path,
) -> None:
    trail = AuditTrail(viewer=LOADER, request_id="online", operation="test")
    results = await ingest_tips(clean_db, settings, trail, list(read_tips(tips_file)), received_at=AT)
    assert [r.outcome for r in results].count(IngestOutcome.CREATED) == TIPS + 1
    await recompute_clusters(clean_db, now=AT)

    online, offline = await snapshot(clean_db), loaded.snapshot
    assert offline["counts"] == online["counts"]
    assert offline["counts"]["nodes :Tip"] == TIPS + 1
    assert sorted(offline["tips"]) == sorted(online["tips"])
    differences = {
        tip_id: _differing(offline["tips"][tip_id], expected) for tip_id, expected in online["tips"].items()
    }
    assert {tip_id: d for tip_id, d in differences.items() if d} == {}
    assert len(online["clusters"]) > 5
    assert offline["clusters"] == online["clusters"]
    # The people rule decides alike: the offender's address (60 tips, 3 accounts) links all his tips.
    offender = sorted(tip["reportId"] for tip in OFFENDER)
    assert any(sorted(orjson.loads(found)[1]) == offender for found in offline["clusters"])
    # Content clusters: kept at ingest online, computed from the loaded store by the load.
    assert len(online["content"]) > 3
    assert offline["content"] == online["content"]
    assert (loaded.summary.created, loaded.summary.unchanged) == (TIPS + 1, 1)
    assert loaded.events and {event["action"] for event in loaded.events} == {"load"}


async def test_the_loaded_clusters_are_what_a_recompute_of_the_loaded_store_computes(loaded: Loaded) -> None:
    """The load clusters from its prepared rows (nothing read back): a recompute on the store it wrote,
    reading through the driver, finds every cluster and every tip's cluster id as they are."""
    assert loaded.summary.clusters is not None and loaded.summary.clusters.clusters > 5
    assert loaded.recompute.clusters == loaded.summary.clusters.clusters
    assert loaded.recompute.rows == loaded.summary.clusters.rows
    changed = (loaded.recompute.tips_changed, loaded.recompute.clusters_written)
    assert (changed, loaded.recompute.clusters_deleted) == ((0, 0), 0)
    # The load leaves the recompute state: the first recompute after it has nothing to recluster.
    assert loaded.refresh.changed_only and loaded.refresh.tips == 0


async def test_a_database_that_holds_anything_is_refused_and_kept(
    loaded: Loaded, settings: Settings, example_tip: Mapping[str, Any], tmp_path: Path
) -> None:
    config = loaded.config
    one_tip = write_tips(tmp_path / "one.jsonl", [{**example_tip, "reportId": "EX-NEW"}])
    with pytest.raises(LoadRefused, match="not empty"):
        await load_tips(settings, config, [one_tip], LOADER, received_at=AT, workers=1)
    server = EmbeddedNeo4j(config)
    server.start(timeout=STARTUP_SECONDS)
    try:
        async with opened(settings, server.uri, config.password) as db:
            counts = {row["what"]: row["count"] for row in await db.read("testing/snapshot_counts")}
    finally:
        server.stop()
    assert counts["nodes :Tip"] == TIPS + 1


async def test_a_database_opened_empty_is_loaded_and_recorded_current(
    settings: Settings, password: str, example_tip: Mapping[str, Any], tmp_path: Path
) -> None:
    """Opening an empty database records its migrations (graph/store_version.py): that record is not data,
    and the load, which replaces the store, records the loaded one current."""
    config = _config(tmp_path / "neo4j", settings, password)
    server = EmbeddedNeo4j(config)
    server.start(timeout=STARTUP_SECONDS)
    try:
        async with opened(settings, server.uri, config.password) as db:
            assert await missing_migrations(db) == ()
    finally:
        server.stop()
    path = write_tips(tmp_path / "one.jsonl", [example_tip])
    seen: list[tuple[str, ...]] = []

    async def check(db: Database) -> None:
        seen.append(await missing_migrations(db))

    summary = await load_tips(settings, config, [path], LOADER, received_at=AT, workers=1, then=check)
    assert (summary.created, seen) == (1, [()])


async def test_a_file_with_a_refused_tip_loads_nothing(
    settings: Settings, password: str, example_tip: Mapping[str, Any], tmp_path: Path
) -> None:
    bad = {**example_tip, "reportId": "EX-BAD", "incidentSummary": {"incidentType": "no such type"}}
    conflicting = {**example_tip, "files": []}
    path = write_tips(tmp_path / "tips.jsonl", [example_tip, bad, conflicting])
    config = _config(tmp_path / "neo4j", settings, password)
    with pytest.raises(LoadRefused) as refused:
        await load_tips(settings, config, [path], LOADER, received_at=AT, workers=1)
    outcomes = [(r.index, r.report_id, r.outcome) for r in refused.value.refused]
    assert outcomes == [
        (1, "EX-BAD", IngestOutcome.INVALID),
        (2, example_tip["reportId"], IngestOutcome.CONFLICT),
    ]
    assert not exists(config.data_dir)


def test_an_import_that_fails_in_the_background_is_reported_with_its_log(
    settings: Settings, tmp_path: Path
) -> None:
    # Two nodes under one importer id: with no bad entry tolerated the importer exits non-zero.
    tips = tmp_path / "tips.csv"
    tips.write_text(":ID(Tip),id:string\n0,a\n0,b\n", encoding="utf-8")
    data_dir = tmp_path / "neo4j"
    running = start_import(
        data_dir, [ImportInput("Tip", tips)], [], "U+001F", cache_dir=settings.cache_dir, id_type="integer"
    )
    try:
        with pytest.raises(OfflineImportError, match="the offline import failed") as failed:
            running.wait()
    finally:
        running.stop()
    assert str(data_dir / "import.log") in str(failed.value)

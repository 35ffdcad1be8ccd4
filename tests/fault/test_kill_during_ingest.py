"""kill -9 of Neo4j in the middle of a bulk ingest loses nothing and duplicates nothing.

Generated tips are written to a file and ingested in small batches into an embedded Neo4j of this test's
own (its own data folder and port). Once several batches have committed, the JVM is killed with SIGKILL,
mid-transaction; it is restarted on the same data folder, and the same file is ingested again. The store
must then equal a clean ingest of the file into the session's database: the same tips, identifiers,
relationships, clusters (as a partition) and per-tip identifier occurrences.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import signal
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from graph.audit import AuditTrail
from graph.errors import UnavailableError
from graph.ingest import IngestOutcome, ingest_stream
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, dev_password, free_port
from graph.synthetic import GeneratorConfig, generate
from graph.tip_files import read_tips
from graph.viewer import Role, Viewer

TIPS = 1_000
BATCH = 100
KILL_AFTER = 4 * BATCH  # results seen (batches committed) before the kill
START_TIMEOUT = 300.0  # seconds; a loaded CI machine starts a JVM slowly


@pytest.fixture
def tips_file(tmp_path: Path) -> Path:
    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    path = tmp_path / "tips.jsonl"
    generated = generate(GeneratorConfig(tips=TIPS, seed=11, now=now))
    path.write_bytes(b"".join(orjson.dumps(g.tip) + b"\n" for g in generated))
    return path


@pytest.fixture
def own_neo4j(settings: Settings, tmp_path: Path) -> Iterator[EmbeddedNeo4j]:
    config = LauncherConfig(
        cache_dir=settings.cache_dir,
        data_dir=tmp_path / "faulted-neo4j",
        bolt_port=free_port(),
        password=settings.neo4j_password or dev_password(settings.cache_dir),
        heap="512m",
        pagecache="64m",
    )
    server = EmbeddedNeo4j(config)
    try:
        yield server
    finally:
        server.stop()


def trail() -> AuditTrail:
    return AuditTrail(
        viewer=Viewer(subject="fault-test", role=Role.ANALYST), request_id="f", operation="test"
    )


async def ingest_file(db: Database, settings: Settings, path: Path) -> Counter[IngestOutcome]:
    return Counter([r.outcome async for r in ingest_stream(db, settings, trail(), read_tips(path))])


async def snapshot(db: Database) -> dict[str, Any]:
    tips = {row["tip"]["id"]: row for row in await db.read("testing/snapshot_tips")}
    members: dict[str, set[str]] = {}
    for tip_id, row in tips.items():
        if row["tip"]["clusterId"] is not None:
            members.setdefault(row["tip"]["clusterId"], set()).add(tip_id)
    identifiers = {
        row["identifier"]["uid"]: {**row["identifier"], "raws": sorted(row["identifier"]["raws"] or [])}
        for row in await db.read("testing/snapshot_identifiers")
    }
    return {
        "tips": {
            tip_id: {k: v for k, v in row["tip"].items() if k != "clusterId"} for tip_id, row in tips.items()
        },
        "occurrences": {tip_id: sorted(map(repr, row["occurrences"])) for tip_id, row in tips.items()},
        "identifiers": identifiers,
        "counts": {row["what"]: row["count"] for row in await db.read("testing/snapshot_counts")},
        "partition": {frozenset(group) for group in members.values()},
    }


async def test_kill_9_during_ingest_then_reingest_equals_a_clean_ingest(
    clean_db: Database, settings: Settings, tips_file: Path, own_neo4j: EmbeddedNeo4j
) -> None:
    small_batches = settings.model_copy(update={"ingest_batch_size": BATCH})
    password = own_neo4j.config.password
    # The clean ingest runs while the JVM of this test starts.
    starting = asyncio.create_task(asyncio.to_thread(own_neo4j.start, START_TIMEOUT))
    clean = await ingest_file(clean_db, small_batches, tips_file)
    assert clean[IngestOutcome.CREATED] == TIPS
    await starting

    seen = 0
    killed = asyncio.Event()

    async def ingest_until_killed(db: Database) -> None:
        nonlocal seen
        async for _ in ingest_stream(db, small_batches, trail(), read_tips(tips_file)):
            seen += 1
            if seen == KILL_AFTER:
                assert own_neo4j.pid is not None
                os.kill(own_neo4j.pid, signal.SIGKILL)  # the next batch is in flight
                killed.set()

    async with opened(small_batches, own_neo4j.uri, password) as db:
        ingesting = asyncio.create_task(ingest_until_killed(db))
        await asyncio.wait(
            [ingesting, asyncio.create_task(killed.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        assert killed.is_set(), "the ingest finished before the kill: make the file larger"
        # The driver would retry for half a minute; the client gives up instead, as a killed CLI would.
        await asyncio.sleep(0.5)
        ingesting.cancel()
        with contextlib.suppress(asyncio.CancelledError, UnavailableError):
            await ingesting
    own_neo4j.stop()

    restarted = EmbeddedNeo4j(dataclasses.replace(own_neo4j.config, bolt_port=free_port()))
    try:
        await asyncio.to_thread(restarted.start, START_TIMEOUT)
        async with opened(small_batches, restarted.uri, password) as db:
            again = await ingest_file(db, small_batches, tips_file)
            survived = await snapshot(db)
    finally:
        restarted.stop()

    assert again[IngestOutcome.CONFLICT] == again[IngestOutcome.INVALID] == 0
    assert again[IngestOutcome.UNCHANGED] >= KILL_AFTER  # what committed before the kill stayed
    assert again[IngestOutcome.CREATED] + again[IngestOutcome.UNCHANGED] == TIPS
    expected = await snapshot(clean_db)
    for part in ("tips", "occurrences", "identifiers", "counts", "partition"):
        assert survived[part] == expected[part], part

"""A store records the migrations applied to it (graph/store_version.py): one kept from an older tipgraph is
refused by a recompute, which changes nothing, until `python -m graph.migrations` (graph.migrations.migrate)
has run, recording each step; a store this tipgraph creates is current without it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import httpx
import pytest

from graph.clusters.recompute import recompute_clusters
from graph.clusters.refresh import refresh_clusters
from graph.errors import TipgraphError
from graph.ingest import IngestOutcome, ingest_stream, ingest_tips
from graph.migrations import migrate
from graph.settings import Settings
from graph.store.database import Database
from graph.store_version import MIGRATIONS, StoreBehindError, missing_migrations, record_current
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from tests.api.graphql import SUBMIT_TIPS, copies, data, error_codes, gql
from tests.store.test_suspect_accounts import AT, trail


@pytest.fixture
async def store(clean_db: Database, settings: Settings) -> AsyncIterator[Database]:
    """A store of generated tips, clustered; its record of migrations made current again afterwards."""
    tips = [parse_tip(g.tip, now=AT) for g in generate(GeneratorConfig(tips=120, seed=11, now=AT))]
    results = await ingest_tips(clean_db, settings, trail(), tips, received_at=AT)
    assert {r.outcome for r in results} == {IngestOutcome.CREATED}
    await recompute_clusters(clean_db, now=AT)
    yield clean_db
    await record_current(clean_db)


async def clusters_of(db: Database) -> dict[str, list[str]]:
    rows = await db.read("clusters/previous")
    return dict(sorted(rows[0]["assignments"]))


async def test_a_store_this_tipgraph_creates_needs_no_migration(clean_db: Database) -> None:
    assert await missing_migrations(clean_db) == ()
    # Emptied of its record, an empty store is recorded current again when the schema is applied.
    await clean_db.write("testing/set_migrations", applied=[])
    assert await missing_migrations(clean_db) == MIGRATIONS
    await clean_db.apply_schema()
    assert await missing_migrations(clean_db) == ()


async def test_a_store_kept_from_before_the_record_is_refused_until_migrated(store: Database) -> None:
    clustered = await clusters_of(store)
    assert len(set(clustered.values())) >= 2
    # As the store was before the Shared label and the record: a recompute would read nothing and delete
    # every cluster.
    await store.write("testing/set_migrations", applied=[])
    await store.write("testing/unlabel_shared")
    # Applying the schema (a server starting) does not record a store that holds data as current.
    await store.apply_schema()
    for run in (recompute_clusters, partial(refresh_clusters, full=True)):
        with pytest.raises(StoreBehindError) as refused:
            await run(store, now=AT)
        assert refused.value.missing == MIGRATIONS
        assert refused.value.code == "STORE_BEHIND" and isinstance(refused.value, TipgraphError)
        assert "python -m graph.migrations" in refused.value.message
    assert await clusters_of(store) == clustered

    assert await migrate(store) == list(MIGRATIONS)
    assert await missing_migrations(store) == ()
    summary = await recompute_clusters(store, now=AT)
    assert (summary.tips_changed, summary.clusters_deleted) == (0, 0)
    assert await clusters_of(store) == clustered
    # Run again, the migrations find every step recorded.
    assert await migrate(store) == []


async def test_a_store_behind_by_one_migration_is_refused_and_migrated_by_that_step(store: Database) -> None:
    clustered = await clusters_of(store)
    older = [name for name in MIGRATIONS if name != "shared_identifiers"]
    await store.write("testing/set_migrations", applied=older)
    await store.write("testing/unlabel_shared")
    with pytest.raises(StoreBehindError) as refused:
        await recompute_clusters(store, now=AT)
    assert refused.value.missing == ("shared_identifiers",)
    assert await clusters_of(store) == clustered

    reported: list[str] = []
    assert await migrate(store, lambda name, done: reported.append(name)) == ["shared_identifiers"]
    assert reported == list(MIGRATIONS)
    assert await missing_migrations(store) == ()
    summary = await recompute_clusters(store, now=AT)
    assert (summary.tips_changed, summary.clusters_deleted) == (0, 0)


async def test_ingest_refuses_a_store_behind_with_a_stable_code_and_changes_nothing(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    # Before per-service keys, a resubmitted tip stored then would not be found: it would be duplicated.
    await clean_db.write("testing/set_migrations", applied=[n for n in MIGRATIONS if n != "tip_keys"])
    body = await gql(client, SUBMIT_TIPS, {"tips": copies(example_tip, "R-1")})
    assert error_codes(body) == ["STORE_BEHIND"]
    assert "python -m graph.migrations" in body["errors"][0]["message"]
    tip = parse_tip(example_tip, now=AT)
    with pytest.raises(StoreBehindError):
        await ingest_tips(clean_db, settings, trail(), [tip], received_at=AT)
    stored = {row["what"] for row in await clean_db.read("testing/snapshot_counts")}
    assert stored == {"nodes :Migrations"}

    assert await migrate(clean_db) == ["tip_keys"]
    assert data(await gql(client, SUBMIT_TIPS, {"tips": copies(example_tip, "R-1")}))["submitTips"]["created"]


async def test_a_store_made_behind_under_running_ingest_is_refused_by_every_batch_and_nothing_is_written(
    store: Database, settings: Settings
) -> None:
    # An old backup restored under a running server, after ingest was allowed: the guard is checked in each
    # batch's own write transaction (two writers in flight here), never remembered from an earlier call.
    stored = await store.read("testing/snapshot_counts")
    await store.write("testing/set_migrations", applied=[n for n in MIGRATIONS if n != "tip_keys"])
    config = GeneratorConfig(tips=30, seed=12, now=AT, report_id_prefix="SYN-LATE-")
    tips = [parse_tip(g.tip, now=AT) for g in generate(config)]
    two_writers = settings.model_copy(update={"ingest_batch_size": 10, "ingest_writers": 2})
    answered = []
    with pytest.raises(StoreBehindError) as refused:
        async for result in ingest_stream(store, two_writers, trail(), tips):
            answered.append(result)
    assert refused.value.missing == ("tip_keys",) and answered == []
    for items in (tips, []):
        with pytest.raises(StoreBehindError):
            await ingest_tips(store, settings, trail(), items, received_at=AT)
    assert await store.read("testing/snapshot_counts") == stored

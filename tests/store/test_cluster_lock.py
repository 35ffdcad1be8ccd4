"""Two ingest transactions in flight at once keep clusters exact: batches that share no identifier can still
touch one stored cluster (each new tip joins it through an identifier of its own), and each reclusters that
cluster. Without a lock each would read the cluster without the other's tip and the last to commit would
overwrite the first's cluster aggregates. graph/clusters/locks.py locks what a batch reclusters before it
trusts what it read; the stored clusters must then be what a full recompute writes.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

import graph.clusters.ingest as cluster_ingest
from graph.audit import AuditTrail
from graph.clustering.clusters import fresh_cluster_id
from graph.clusters.recompute import recompute_clusters
from graph.ingest import IngestOutcome, ingest_stream, ingest_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.store.test_cluster_aggregates import stored_partition

NOW = datetime(2026, 11, 1, tzinfo=UTC)
AT = "2026-06-01T10:00:00+00:00"
KEPT = ("kind", "size", "evidence", "bridges", "digest")
# How long the first batch to have read waits for the other (each transaction runs on its own connection).
MEET_SECONDS = 30.0


def trail() -> AuditTrail:
    return AuditTrail(viewer=Viewer(subject="test", role=Role.ANALYST), request_id="t", operation="test")


def _tip(report_id: str, *accounts: str) -> dict[str, Any]:
    """A tip whose only shared identifiers are its suspect accounts (its own file, its own reporter)."""
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "platform": "Kestrel Chat",
            "incidentDateTime": AT,
        },
        "reporter": {"reportingPerson": {"email": [{"value": f"cybertip-{report_id}@kestrel.example.net"}]}},
        "personOrUserReported": [
            {"espIdentifier": account, "espService": "Kestrel Chat"} for account in accounts
        ],
        "files": [
            {
                "fileName": f"{report_id}.jpg",
                "fileViewedByEsp": True,
                "originalFileHash": [
                    {"value": hashlib.md5(report_id.encode()).hexdigest(), "hashType": "MD5"}
                ],
            }
        ],
    }


async def _ingest(db: Database, settings: Settings, *tips: dict[str, Any]) -> None:
    results = await ingest_tips(db, settings, trail(), [parse_tip(tip, now=NOW) for tip in tips])
    assert [r.outcome for r in results] == [IngestOutcome.CREATED] * len(tips)


async def _snapshot(db: Database) -> dict[frozenset[str], dict[str, Any]]:
    clusters, members = await stored_partition(db)
    return {frozenset(members[cid]): {n: clusters[cid][n] for n in KEPT} for cid in clusters}


async def test_two_batches_joining_one_stored_cluster_at_once_leave_what_a_recompute_writes(
    clean_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # S1 and S2 share account acct-s: one cluster. N1 joins it through S1's acct-1, N2 through S2's acct-2.
    await _ingest(
        clean_db, settings, _tip("LOCK-S1", "acct-s", "acct-1"), _tip("LOCK-S2", "acct-s", "acct-2")
    )
    assert set(await _snapshot(clean_db)) == {frozenset({"LOCK-S1", "LOCK-S2"})}

    # Each batch, once it has read and reclustered the stored cluster, waits for the other to have done so
    # too: both read it before either locked or wrote it.
    recluster = cluster_ingest.close_and_recluster
    arrivals: list[str] = []
    both = asyncio.Event()

    async def meeting(*args: Any, **kwargs: Any) -> Any:
        result = await recluster(*args, **kwargs)
        arrivals.append("read")
        if len(arrivals) >= 2:
            both.set()
        await asyncio.wait_for(both.wait(), MEET_SECONDS)
        return result

    monkeypatch.setattr(cluster_ingest, "close_and_recluster", meeting)
    await asyncio.gather(
        _ingest(clean_db, settings, _tip("LOCK-N1", "acct-1")),
        _ingest(clean_db, settings, _tip("LOCK-N2", "acct-2")),
    )
    monkeypatch.setattr(cluster_ingest, "close_and_recluster", recluster)
    kept = await _snapshot(clean_db)
    assert set(kept) == {frozenset({"LOCK-S1", "LOCK-S2", "LOCK-N1", "LOCK-N2"})}
    summary = await recompute_clusters(clean_db, now=NOW)
    assert (summary.tips_changed, summary.clusters_written, summary.clusters_deleted) == (0, 0, 0), summary
    assert await _snapshot(clean_db) == kept
    # The second to lock found the cluster changed under it and reclustered it again.
    assert len(arrivals) == 3


async def test_two_writers_in_flight_keep_every_tip_once_and_clusters_exact(
    clean_db: Database, settings: Settings
) -> None:
    two_writers = settings.model_copy(update={"ingest_batch_size": 40, "ingest_writers": 2})
    tips = [g.tip for g in generate(GeneratorConfig(tips=240, seed=3, now=NOW))]
    # The first tip again in the last batch: written by one writer while another may hold the first.
    parsed = [parse_tip(tip, now=NOW) for tip in [*tips, tips[0]]]
    results = [r async for r in ingest_stream(clean_db, two_writers, trail(), parsed)]
    assert [r.index for r in results] == list(range(len(parsed))), "results in order"
    assert [r.outcome for r in results] == [IngestOutcome.CREATED] * len(tips) + [IngestOutcome.UNCHANGED]
    assert len(await clean_db.read("testing/graph")) == len(tips)

    kept = await _snapshot(clean_db)
    assert len(kept) > 10, "the data must make clusters to test"
    summary = await recompute_clusters(clean_db, now=NOW)
    assert (summary.tips_changed, summary.clusters_written, summary.clusters_deleted) == (0, 0, 0), summary
    assert await _snapshot(clean_db) == kept


async def test_a_new_cluster_never_takes_the_id_of_a_stored_one_outside_its_batch(
    clean_db: Database, settings: Settings
) -> None:
    # The id a new cluster of B1 and B2 would be given (from its smallest member) names a stored cluster of
    # other tips already: the lock finds it taken, and the batch's cluster is given another.
    await _ingest(clean_db, settings, _tip("LOCK-A1", "acct-a"), _tip("LOCK-A2", "acct-a"))
    (stored_id,) = (await stored_partition(clean_db))[1]
    wanted = fresh_cluster_id("LOCK-B1")
    await clean_db.write("testing/rename_cluster", fromId=stored_id, toId=wanted)
    before = await _snapshot(clean_db)

    await _ingest(clean_db, settings, _tip("LOCK-B1", "acct-b"), _tip("LOCK-B2", "acct-b"))

    _, members = await stored_partition(clean_db)
    assert set(members[wanted]) == {"LOCK-A1", "LOCK-A2"}
    assert {frozenset(tips) for tips in members.values()} == {
        frozenset({"LOCK-A1", "LOCK-A2"}),
        frozenset({"LOCK-B1", "LOCK-B2"}),
    }
    kept = await _snapshot(clean_db)
    assert kept[frozenset({"LOCK-A1", "LOCK-A2"})] == before[frozenset({"LOCK-A1", "LOCK-A2"})]
    summary = await recompute_clusters(clean_db, now=NOW)
    assert (summary.tips_changed, summary.clusters_written, summary.clusters_deleted) == (0, 0, 0), summary

"""A recompute of what changed (graph/clusters/refresh.py) leaves the store as a full recompute does.

Generated tips are ingested and clustered; then the store is changed in each way that moves clustering
input (new tips joining identifiers, a SAME and a DIFFERENT judgement, a withdrawal, an identifier marked
generic and cleared, a disposition, another threshold). After each change the recompute of what changed
runs, then a full recompute: the full one must find nothing to write (same partition, ids, aggregates and
digests), and the stored clusters must be the same before and after it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.clustering import Verdict
from graph.clusters.reads import cluster_members, get_cluster
from graph.clusters.recompute import RecomputeSummary, recompute_clusters
from graph.clusters.refresh import changes_of, refresh_clusters
from graph.dispositions import DecisionRequest, Disposition, set_disposition
from graph.ingest import IngestOutcome, ingest_stream
from graph.judgements import judge_link, judgements_about, mark_generic, withdraw_judgement
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.store.test_cluster_aggregates import stored_partition

NOW = datetime(2026, 11, 1, tzinfo=UTC)
FIRST, LATER = 400, 40
KEPT = ("kind", "size", "evidence", "bridges", "digest")
SUPERVISOR = Viewer(subject="test", role=Role.SUPERVISOR)


def trail() -> AuditTrail:
    return AuditTrail(viewer=SUPERVISOR, request_id="t", operation="test")


async def _ingest(db: Database, settings: Settings, tips: list[dict[str, Any]]) -> None:
    parsed = [parse_tip(tip, now=NOW) for tip in tips]
    outcomes = [r.outcome async for r in ingest_stream(db, settings, trail(), parsed)]
    assert outcomes == [IngestOutcome.CREATED] * len(tips)


async def _snapshot(db: Database) -> dict[str, tuple[tuple[str, ...], dict[str, Any]]]:
    clusters, members = await stored_partition(db)
    return {cid: (members[cid], {n: clusters[cid][n] for n in KEPT}) for cid in clusters}


def _nothing_written(summary: RecomputeSummary) -> bool:
    return (summary.tips_changed, summary.clusters_written, summary.clusters_deleted) == (0, 0, 0)


async def _refresh_equals_full(db: Database, threshold: float | None = None) -> RecomputeSummary:
    """Runs the recompute of what changed, then a full one; the full one must change nothing."""
    kwargs: dict[str, Any] = {"now": NOW} if threshold is None else {"now": NOW, "threshold": threshold}
    refreshed = await refresh_clusters(db, **kwargs)
    after_refresh = await _snapshot(db)
    full = await recompute_clusters(db, **kwargs)
    assert _nothing_written(full), full
    assert await _snapshot(db) == after_refresh
    return refreshed


async def test_a_recompute_of_what_changed_writes_what_a_full_recompute_would(
    clean_db: Database, settings: Settings
) -> None:
    tips = [g.tip for g in generate(GeneratorConfig(tips=FIRST + LATER, seed=5, now=NOW))]
    await _ingest(clean_db, settings, tips[:FIRST])
    first = await refresh_clusters(clean_db, now=NOW)
    assert not first.changed_only, "no state yet: a full recompute"
    assert first.clusters > 20, "the data must make clusters to test"

    nothing = await _refresh_equals_full(clean_db)
    assert nothing.changed_only and nothing.tips == 0, "nothing changed, nothing read"

    # New tips joining identifiers: ingest keeps their clusters exact, the recompute reads nothing again.
    half = FIRST + LATER // 2
    await _ingest(clean_db, settings, tips[FIRST:half])
    joined = await _refresh_equals_full(clean_db)
    assert joined.changed_only and joined.tips == 0
    # Two ingests at once, as two writers do (their locks keep them exact), then nothing to read again.
    together = tips[half:]
    await asyncio.gather(
        _ingest(clean_db, settings, together[::2]), _ingest(clean_db, settings, together[1::2])
    )
    concurrent = await _refresh_equals_full(clean_db)
    assert concurrent.changed_only and concurrent.tips == 0

    _, members = await stored_partition(clean_db)
    largest, second = sorted(members.values(), key=lambda m: (-len(m), m))[:2]

    # SAME joins two clusters; DIFFERENT splits one; withdrawing the SAME undoes the join.
    await judge_link(clean_db, trail(), largest[0], second[0], Verdict.SAME, "one actor, per the service")
    same = await _refresh_equals_full(clean_db)
    assert same.changed_only and same.tips_changed > 0
    await judge_link(clean_db, trail(), largest[0], largest[-1], Verdict.DIFFERENT, "two people")
    different = await _refresh_equals_full(clean_db)
    assert different.changed_only and different.tips_changed > 0
    entry = next(
        j for j in await judgements_about(clean_db, SUPERVISOR, second[0]) if j.verdict is Verdict.SAME
    )
    await withdraw_judgement(clean_db, trail(), entry.id, "not the same after all")
    withdrawn = await _refresh_equals_full(clean_db)
    assert withdrawn.changed_only and withdrawn.tips_changed > 0

    # An identifier that glues a cluster marked generic (it stops linking), then cleared.
    _, members = await stored_partition(clean_db)
    cluster_id = min(members, key=lambda cid: (-len(members[cid]), cid))
    record = await get_cluster(clean_db, SUPERVISOR, cluster_id)
    assert record is not None
    glue = max(
        (m for m in (await cluster_members(clean_db, SUPERVISOR, record)).identifiers if m.linking),
        key=lambda m: (m.member_count, m.identifier.key),
    )
    kind, key = glue.identifier.kind, glue.identifier.key
    await mark_generic(clean_db, trail(), kind, key, "a shared office address")
    marked = await _refresh_equals_full(clean_db)
    assert marked.changed_only and marked.tips_changed > 0
    await mark_generic(clean_db, trail(), kind, key, "not shared after all", marked=False)
    cleared = await _refresh_equals_full(clean_db)
    assert cleared.changed_only and cleared.tips_changed > 0

    # A disposition changes nothing clustering reads.
    request = DecisionRequest(tip_ids=(largest[1],), action="setDisposition", reason_code="TRIAGE")
    await set_disposition(clean_db, trail(), request, Disposition.ACTIONABLE)
    decided = await _refresh_equals_full(clean_db)
    assert decided.changed_only and decided.tips == 0

    # Another threshold (or model) clusters everything again, and back.
    lower = await _refresh_equals_full(clean_db, threshold=0.9)
    assert not lower.changed_only
    back = await _refresh_equals_full(clean_db)
    assert not back.changed_only


def test_an_unknown_change_asks_for_a_full_recompute() -> None:
    events: list[dict[str, Any]] = [
        {"action": "judgeLink", "tipIds": ["a", "b"], "change": None},
        {"action": "markIdentifierGeneric", "tipIds": [], "change": '{"identifier": "EMAIL|x@example.org"}'},
    ]
    known = changes_of(events)
    assert (known.tips, known.uids, known.full_because) == ({"a", "b"}, {"EMAIL|x@example.org"}, None)
    purged = changes_of([*events, {"action": "purge", "tipIds": ["c"], "change": None}])
    assert purged.full_because is not None


def test_new_tips_that_may_have_raced_the_last_recompute_are_read_again() -> None:
    """Ingest events stamped before the last recompute finished may have committed under a full recompute,
    which takes no locks: they seed the next one; those stamped after need nothing."""
    finished = datetime(2026, 11, 1, 12, tzinfo=UTC)
    events: list[dict[str, Any]] = [
        {"action": "ingest", "tipIds": ["raced"], "change": None, "at": finished - timedelta(seconds=1)},
        {"action": "submitTips", "tipIds": ["after"], "change": None, "at": finished + timedelta(seconds=1)},
        {"action": "judgeLink", "tipIds": ["a", "b"], "change": None, "at": finished + timedelta(seconds=1)},
    ]
    assert changes_of(events, finished).tips == {"raced", "a", "b"}
    assert changes_of(events).tips == {"raced", "after", "a", "b"}, "when it finished is not known"

"""Content clusters stay what a recompute writes whatever wrote the tips: concurrent ingests of tips that
forward the same viral files, resubmissions, retention purges, and the migration of a store kept before
content clusters existed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from graph.audit import AuditTrail
from graph.clusters.content_build import ContentRecomputeSummary, recompute_content_clusters
from graph.dispositions import DecisionRequest, Disposition, set_disposition
from graph.ingest import IngestOutcome, ingest_tips
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from graph.viewer import Role, Viewer

AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
ANALYST = Viewer(subject="content-test", role=Role.ANALYST)
CONFIG = GeneratorConfig(tips=160, seed=5, now=AT, viral_share=0.3, viral_files=4)


def trail(viewer: Viewer = ANALYST) -> AuditTrail:
    return AuditTrail(viewer=viewer, request_id="content", operation="test")


def changes(summary: ContentRecomputeSummary) -> tuple[int, int, int]:
    return summary.relabelled, summary.written, summary.deleted


async def test_content_clusters_kept_through_concurrent_ingests_resubmissions_and_purges(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(CONFIG)]
    first, rest = tips[:120], tips[120:]
    # Four requests at once, each forwarding the same few viral files as the others.
    results = await asyncio.gather(
        *(ingest_tips(clean_db, settings, trail(), first[n::4], received_at=AT) for n in range(4))
    )
    assert {r.outcome for batch in results for r in batch} == {IngestOutcome.CREATED}
    kept = await clean_db.read("testing/content_partition")
    assert sum(1 for row in kept if row["members"]) >= 3
    assert changes(await recompute_content_clusters(clean_db)) == (0, 0, 0)

    later = AT + timedelta(hours=1)
    again = [*first[:10], *rest]
    outcomes = [r.outcome for r in await ingest_tips(clean_db, settings, trail(), again, received_at=later)]
    assert outcomes == [IngestOutcome.UNCHANGED] * 10 + [IngestOutcome.CREATED] * len(rest)
    assert changes(await recompute_content_clusters(clean_db)) == (0, 0, 0)

    # A purge takes a tip's report, not its files' digests: its content clusters keep it.
    member = next(row["members"][0] for row in kept if row["members"])
    supervisor = Viewer(subject="content-supervisor", role=Role.SUPERVISOR)
    request = DecisionRequest(tip_ids=(member,), action="triage", reason_code="TRIAGE")
    await set_disposition(clean_db, trail(supervisor), request, Disposition.NON_ACTIONABLE)
    purge_at = datetime.now(UTC) + timedelta(days=settings.retention_days_non_actionable + 1)
    assert await purge_non_actionable(clean_db, settings, trail(supervisor), now=purge_at) == [member]
    assert changes(await recompute_content_clusters(clean_db)) == (0, 0, 0)
    after = await clean_db.read("testing/content_partition")
    assert any(member in row["members"] for row in after)


async def test_the_migration_builds_the_content_clusters_of_a_store_kept_before_them(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(CONFIG)]
    await ingest_tips(clean_db, settings, trail(), tips, received_at=AT)
    kept = await clean_db.read("testing/content_partition")
    clusters = [row["cluster"]["id"] for row in kept if row["members"]]
    digests = [row["cluster"]["digest"] for row in kept if not row["members"]]
    # As an older tipgraph left it: no content cluster, no digest's group.
    await clean_db.write("content/delete", ids=clusters)
    await clean_db.write("content/label", labels=[{"uid": uid, "id": None} for uid in digests])
    assert await clean_db.read("testing/content_partition") == []

    migrated = await recompute_content_clusters(clean_db)
    assert (migrated.relabelled, migrated.written) == (len(digests), len(clusters))
    assert await clean_db.read("testing/content_partition") == kept
    assert changes(await recompute_content_clusters(clean_db)) == (0, 0, 0)

"""A recompute of the content groups around what changed (graph/clusters/content_refresh.py) leaves the store
as a full content recompute does: after new tips, the groups their digests are in are recomputed from the
stored entries (here after their upkeep by ingest is undone, as a lost or raced write would leave them) and
a full recompute then finds nothing to write; changes that touch no content entry read nothing; anything
it cannot follow (a purge, any unknown action) recomputes every group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.clusters.content_build import ContentRecomputeSummary, recompute_content_clusters
from graph.clusters.content_refresh import content_changes_of, recluster_content
from graph.dispositions import DecisionRequest, Disposition, set_disposition
from graph.ingest import IngestOutcome, ingest_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from graph.viewer import Role, Viewer

AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
SUPERVISOR = Viewer(subject="content-refresh-test", role=Role.SUPERVISOR)
CONFIG = GeneratorConfig(tips=200, seed=9, now=AT, viral_share=0.3, viral_files=6)


def trail() -> AuditTrail:
    return AuditTrail(viewer=SUPERVISOR, request_id="content-refresh", operation="test")


def changes(summary: ContentRecomputeSummary) -> tuple[int, int, int]:
    return summary.relabelled, summary.written, summary.deleted


async def _undo_upkeep(db: Database, tip_ids: set[str]) -> tuple[int, int]:
    """Deletes the content clusters holding any of the tips and unlabels their digests; how many of each."""
    rows: list[dict[str, Any]] = await db.read("testing/content_partition")
    touched = {row["cluster"]["id"] for row in rows if tip_ids & set(row["members"])}
    digests = [row["cluster"]["digest"] for row in rows if row["cluster"].get("group") in touched]
    await db.write("content/delete", ids=sorted(touched))
    await db.write("content/label", labels=[{"uid": uid, "id": None} for uid in digests])
    return len(digests), len(touched)


async def test_content_groups_recomputed_around_new_tips_are_the_full_recompute(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(CONFIG)]
    first, rest = tips[:150], tips[150:]
    await ingest_tips(clean_db, settings, trail(), first, received_at=AT)
    initial = await recluster_content(clean_db)
    assert not initial.changed_only, "no state yet: a full recompute"
    assert initial.clusters >= 3, "the data must make content clusters to test"
    nothing = await recluster_content(clean_db)
    assert nothing.changed_only and nothing.digests == 0, "nothing changed, nothing read"

    results = await ingest_tips(clean_db, settings, trail(), rest, received_at=AT + timedelta(hours=1))
    assert {r.outcome for r in results} == {IngestOutcome.CREATED}
    kept = await clean_db.read("testing/content_partition")
    new_tips = {r.tip_id for r in results if r.tip_id is not None}
    unlabelled, deleted = await _undo_upkeep(clean_db, new_tips)
    assert deleted >= 1 and unlabelled > deleted
    around = await recluster_content(clean_db)
    assert around.changed_only
    assert (around.relabelled, around.written) == (unlabelled, deleted)
    assert await clean_db.read("testing/content_partition") == kept
    full = await recompute_content_clusters(clean_db)
    assert changes(full) == (0, 0, 0)
    assert around.digests < full.digests, "only the groups around the new tips are read"

    # A disposition touches no content entry: nothing read.
    member = next(row["members"][0] for row in kept if row["members"])
    request = DecisionRequest(tip_ids=(member,), action="triage", reason_code="TRIAGE")
    await set_disposition(clean_db, trail(), request, Disposition.NON_ACTIONABLE)
    decided = await recluster_content(clean_db)
    assert decided.changed_only and decided.digests == 0

    forced = await recluster_content(clean_db, full=True)
    assert not forced.changed_only and changes(forced) == (0, 0, 0)


def test_only_new_tips_are_followed() -> None:
    events = [
        {"action": "ingest", "tipIds": ["a", "b"]},
        {"action": "submitTips", "tipIds": ["c"]},
    ]
    assert content_changes_of(events).tips == {"a", "b", "c"}
    assert content_changes_of([*events, {"action": "purge", "tipIds": ["a"]}]).full_because is not None

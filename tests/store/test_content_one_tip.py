"""A content digest carried by one tip has its group but no content cluster (a cluster needs two tips,
graph/clustering/content.py MIN_TIPS), as ingest keeps it and as a full content recompute finds it; the
second tip carrying it makes the cluster, of two."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.audit import AuditTrail
from graph.clusters.content_build import recompute_content_clusters
from graph.ingest import IngestOutcome, ingest_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.api.test_clusters import tip
from tests.api.test_content_clusters import MEME_ID, MEME_MD5, MEME_SHA1, meme

AT = datetime(2026, 10, 4, 8, 15, tzinfo=UTC)
SUPERVISOR = Viewer(subject="content-one-tip-test", role=Role.SUPERVISOR)
MEME = meme(("MD5", MEME_MD5), ("SHA1", MEME_SHA1))


async def _ingest(db: Database, settings: Settings, report_id: str, account: str) -> None:
    trail = AuditTrail(viewer=SUPERVISOR, request_id=f"content-one-tip-{report_id}", operation="test")
    item = parse_tip(tip(report_id, "PixPost", account, files=[MEME]), now=AT)
    results = await ingest_tips(db, settings, trail, [item], received_at=AT)
    assert [r.outcome for r in results] == [IngestOutcome.CREATED]


def _split(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """testing/content_partition's rows as (clusters with their members, each content digest's group)."""
    clusters = [row for row in rows if "id" in row["cluster"]]
    groups = {row["cluster"]["digest"]: row["cluster"]["group"] for row in rows if "digest" in row["cluster"]}
    return clusters, groups


async def test_a_viral_file_of_one_tip_is_grouped_without_a_cluster_until_a_second_tip_carries_it(
    clean_db: Database, settings: Settings
) -> None:
    await _ingest(clean_db, settings, "ONE-1", "one-101")
    clusters, groups = _split(await clean_db.read("testing/content_partition"))
    # Content by its viral flag from its first tip: its digests are one group, which has one tip.
    assert groups == {f"FILE_HASH|md5:{MEME_MD5}": MEME_ID, f"FILE_HASH|sha1:{MEME_SHA1}": MEME_ID}
    assert clusters == []
    summary = await recompute_content_clusters(clean_db)
    assert (summary.clusters, summary.relabelled, summary.written, summary.deleted) == (0, 0, 0, 0)

    await _ingest(clean_db, settings, "ONE-2", "one-102")
    clusters, _ = _split(await clean_db.read("testing/content_partition"))
    made = [(c["cluster"]["id"], c["cluster"]["size"], len(c["members"])) for c in clusters]
    assert made == [(MEME_ID, 2, 2)]
    summary = await recompute_content_clusters(clean_db)
    assert (summary.clusters, summary.relabelled, summary.written, summary.deleted) == (1, 0, 0, 0)

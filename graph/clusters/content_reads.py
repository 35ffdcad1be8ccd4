"""Reading content clusters (graph/clustering/content.py; kept by `content_build`) as a viewer may.

A viewer who does not see every tip sees a content cluster only through its own tips: the size, first and
last incident time and the digests listed come from those tips alone (computed at read time; the stored
aggregates count every tip), and a cluster without one of its tips does not exist for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.audit import AuditTrail
from graph.clustering.content import is_content_cluster_id
from graph.clustering.kinds import ClusterKind
from graph.dispositions import MAX_TIPS_PER_DECISION
from graph.errors import NotFoundError
from graph.model import Page, SizePosition, TipRecord
from graph.store.database import Database
from graph.tips import TipPosition, audited_page, moment, tip_from_row
from graph.viewer import Viewer


@dataclass(frozen=True, slots=True)
class ContentClusterRecord:
    """A stored content cluster as one viewer sees it (see the module's docstring)."""

    id: str
    kind: ClusterKind
    size: int
    digests: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    updated_at: datetime | None  # None for a viewer who does not see every tip


def _record(props: Mapping[str, Any]) -> ContentClusterRecord:
    return ContentClusterRecord(
        id=props["id"],
        kind=ClusterKind(props["kind"]),
        size=props["size"],
        digests=tuple(sorted(props["digests"] or ())),
        first_seen=moment(props["firstSeen"]) if props["firstSeen"] else None,
        last_seen=moment(props["lastSeen"]) if props["lastSeen"] else None,
        updated_at=moment(props["updatedAt"]) if props["updatedAt"] else None,
    )


async def get_content_cluster(db: Database, viewer: Viewer, cluster_id: str) -> ContentClusterRecord | None:
    """A content cluster if the viewer may see one of its tips, else None."""
    if not is_content_cluster_id(cluster_id):
        return None
    rows = await db.read("content/get", id=cluster_id, scope=viewer.scope())
    return _record(rows[0]["cluster"]) if rows else None


async def content_clusters_of_tips(
    db: Database, viewer: Viewer, tip_ids: Sequence[str]
) -> dict[str, tuple[ContentClusterRecord, ...]]:
    """The content clusters of tips already loaded for this viewer, by tip (a tip in none maps to ())."""
    found: dict[str, list[ContentClusterRecord]] = {tip_id: [] for tip_id in tip_ids}
    for row in await db.read("content/of_tips", ids=list(tip_ids), scope=viewer.scope()):
        found[row["tipId"]].append(_record(row["cluster"]))
    return {tip_id: tuple(records) for tip_id, records in found.items()}


async def list_content_clusters(
    db: Database, viewer: Viewer, first: int, after: SizePosition | None
) -> Page[ContentClusterRecord]:
    """Content clusters holding a tip the viewer may see, largest first (by the tips it may see)."""
    rows = await db.read(
        "content/list", scope=viewer.scope(), after=after.params() if after else None, limit=first + 1
    )
    records = [_record(row["cluster"]) for row in rows]
    return Page(items=tuple(records[:first]), has_next=len(records) > first)


async def content_cluster_tips(
    db: Database, trail: AuditTrail, cluster: ContentClusterRecord, first: int, after: TipPosition | None
) -> Page[TipRecord]:
    """A page of the content cluster's tips the viewer may see, newest received first."""
    rows = await db.read(
        "content/tips",
        id=cluster.id,
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
    )
    tips = [tip_from_row(row["tip"], with_report=False) for row in rows]
    return audited_page(trail, tips, first, cluster.size)


async def content_cluster_tip_ids(db: Database, viewer: Viewer, cluster_id: str) -> tuple[str, ...]:
    """The member tips the viewer may see: what a decision on the content cluster acts on."""
    rows = await db.read(
        "content/member_ids", id=cluster_id, scope=viewer.scope(), limit=MAX_TIPS_PER_DECISION + 1
    )
    if not rows:
        raise NotFoundError(f"no cluster {cluster_id}")
    return tuple(row["tipId"] for row in rows)

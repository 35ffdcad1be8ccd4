"""Content clusters: the tips carrying one viral or widely spread file, read by id, listed, and per tip."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Context
from api.pagination import PageInfo, page_size, size_cursor, size_position, tip_position
from api.types import Info, TipConnection
from graph.clustering.kinds import ClusterKind
from graph.clusters import content_reads as service
from graph.model import SizePosition


@strawberry.type(
    description="The tips carrying one file that went round (a viral campaign, a meme), whoever sent them: "
    "grouped by the file, never by who sent it, and kept apart from the actor clusters (Tip.cluster), so a "
    "tip has at most one actor cluster and any number of content clusters, and a shared file never joins "
    "two actors. A file qualifies when a service flagged it viral or potential meme in any tip, or when more "
    "tips carry it than a file hash may and still link tips (50); a file generic by a static rule (the "
    "empty file) never does. The digests one file of one tip lists together (its MD5, SHA1...) are one "
    "file; two files of one tip stay two clusters. Two tips at least. The id comes from the file's smallest "
    "digest (`content:md5:...`), whatever order the tips came in. Use its id with bundleCluster, "
    "setClusterDisposition or referCluster to act on the campaign whole. A viewer who does not see every tip "
    "sees a content cluster only through its own tips: size, first/last seen and digests come from those "
    "tips only."
)
class ContentCluster:
    id: strawberry.ID
    kind: ClusterKind = strawberry.field(description="Always VIRAL_CONTENT.")
    size: int = strawberry.field(description="Member tips you may see.")
    digests: list[str] = strawberry.field(
        description="The file's digests (normal keys, e.g. `md5:9e10...`) listed by member tips you may see."
    )
    first_seen: datetime | None = strawberry.field(
        description="Earliest incident time of the member tips you may see."
    )
    last_seen: datetime | None = strawberry.field(
        description="Latest incident time of the member tips you may see."
    )
    updated_at: datetime | None = strawberry.field(
        description="When ingest or a recompute last rewrote it; null for a viewer who does not see every "
        "tip (it would tell when a tip it may not see arrived)."
    )
    record: strawberry.Private[service.ContentClusterRecord]

    @strawberry.field(description="Its tips that you may see, newest received first.")
    async def tips(self, info: Info, first: int = 20, after: str | None = None) -> TipConnection:
        ctx: Context = info.context
        page = await service.content_cluster_tips(
            ctx.db, ctx.trail, self.record, page_size(first), tip_position(after)
        )
        return TipConnection.from_page(page)

    @classmethod
    def from_domain(cls, record: service.ContentClusterRecord) -> ContentCluster:
        return cls(
            id=strawberry.ID(record.id),
            kind=record.kind,
            size=record.size,
            digests=list(record.digests),
            first_seen=record.first_seen,
            last_seen=record.last_seen,
            updated_at=record.updated_at,
            record=record,
        )


async def content_clusters_of_tip(info: Info, tip_id: str) -> list[ContentCluster]:
    """The content clusters of a tip already loaded for this viewer, batched across one response's tips."""
    ctx: Context = info.context
    records = await ctx.loaders.tip_content_clusters.load(tip_id)
    return [ContentCluster.from_domain(r) for r in records]


def content_cluster_cursor(size: int, cluster_id: str) -> str:
    return size_cursor("contentCluster", size, cluster_id)


def content_cluster_position(cursor: str | None) -> SizePosition | None:
    return size_position("contentCluster", cursor)


@strawberry.type(description="A content cluster in a list.")
class ContentClusterEdge:
    cursor: str
    node: ContentCluster


@strawberry.type(description="A page of content clusters, largest first.")
class ContentClusterConnection:
    edges: list[ContentClusterEdge]
    page_info: PageInfo


@strawberry.type
class ContentClusterQueries:
    @strawberry.field(
        description="One content cluster; null when it does not exist or holds no tip you may see."
    )
    async def content_cluster(self, info: Info, id: strawberry.ID) -> ContentCluster | None:
        found = await service.get_content_cluster(info.context.db, info.context.viewer, str(id))
        return ContentCluster.from_domain(found) if found else None

    @strawberry.field(
        description="Content clusters (viral campaigns) holding a tip you may see, largest first (by the "
        "tips you may see): the natural bundling suggestions."
    )
    async def content_clusters(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> ContentClusterConnection:
        page = await service.list_content_clusters(
            info.context.db, info.context.viewer, page_size(first), content_cluster_position(after)
        )
        edges = [
            ContentClusterEdge(
                cursor=content_cluster_cursor(r.size, r.id), node=ContentCluster.from_domain(r)
            )
            for r in page.items
        ]
        return ContentClusterConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
        )

"""Decisions on a whole cluster (bundle, disposition, referral): one decision over the member tips the
viewer may see, an actor cluster's or a content cluster's."""

from __future__ import annotations

from graph.access import require_role
from graph.agencies import AgencyRegistry
from graph.audit import AuditTrail
from graph.clustering.content import is_content_cluster_id
from graph.clusters.content_reads import content_cluster_tip_ids
from graph.dispositions import (
    DECIDERS,
    MAX_TIPS_PER_DECISION,
    DecisionRequest,
    DecisionResult,
    Disposition,
    set_disposition,
)
from graph.errors import NotFoundError
from graph.incidents import bundle_tips
from graph.jurisdiction import IpGeolocator
from graph.referral import refer_tips
from graph.store.database import Database
from graph.viewer import Viewer


async def cluster_tip_ids(db: Database, viewer: Viewer, cluster_id: str) -> tuple[str, ...]:
    """The member tips the viewer may see: what a decision on the cluster acts on (an actor cluster, or a
    content cluster: the natural bundle of a viral campaign)."""
    if is_content_cluster_id(cluster_id):
        return await content_cluster_tip_ids(db, viewer, cluster_id)
    rows = await db.read(
        "clusters/member_ids", id=cluster_id, scope=viewer.scope(), limit=MAX_TIPS_PER_DECISION + 1
    )
    if not rows:
        raise NotFoundError(f"no cluster {cluster_id}")
    return tuple(row["tipId"] for row in rows)


async def bundle_cluster(
    db: Database, trail: AuditTrail, cluster_id: str, label: str, note: str | None, dry_run: bool
) -> tuple[DecisionResult, str | None]:
    """Bundles the cluster's tips into a new incident (one decision, one audit record per tip)."""
    require_role(trail.viewer, *DECIDERS)
    tip_ids = await cluster_tip_ids(db, trail.viewer, cluster_id)
    return await bundle_tips(db, trail, tip_ids, label, note, dry_run)


async def set_cluster_disposition(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    disposition: Disposition,
    reason_code: str,
    note: str | None,
    dry_run: bool,
) -> DecisionResult:
    """Sets the disposition of every tip of the cluster, as one decision that records the cluster."""
    require_role(trail.viewer, *DECIDERS)
    request = DecisionRequest(
        tip_ids=await cluster_tip_ids(db, trail.viewer, cluster_id),
        action="setClusterDisposition",
        reason_code=reason_code,
        note=note,
        dry_run=dry_run,
        extra={"clusterId": cluster_id},
    )
    return await set_disposition(db, trail, request, disposition)


async def refer_cluster(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    agency_id: str,
    note: str | None,
    override_reason: str | None,
    dry_run: bool,
    registry: AgencyRegistry,
    geolocator: IpGeolocator,
) -> DecisionResult:
    """Refers the cluster's ACTIONABLE or BUNDLED tips to an agency, as one decision."""
    require_role(trail.viewer, *DECIDERS)
    request = DecisionRequest(
        tip_ids=await cluster_tip_ids(db, trail.viewer, cluster_id),
        action="referCluster",
        reason_code="REFERRAL",
        note=note,
        dry_run=dry_run,
        extra={"clusterId": cluster_id},
    )
    return await refer_tips(db, trail, request, agency_id, override_reason, registry, geolocator)

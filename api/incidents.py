"""Incidents: bundles of copies of one incident."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.decisions import Decision
from api.types import Info, Tip
from graph.incidents import Incident as DomainIncident
from graph.incidents import bundle_tips, get_incident


@strawberry.type(description="Copies of one viral or repeated incident, bundled so they are triaged once.")
class Incident:
    id: strawberry.ID
    label: str
    kind: str = strawberry.field(
        description="BATCHED (a service's bundled report) or BUNDLE (by an analyst)."
    )
    created_at: datetime
    created_by: str
    accounts: list[str] = strawberry.field(description="Reported accounts (ACCOUNT keys) across its tips.")
    platforms: list[str]
    first_seen: datetime | None = strawberry.field(description="Earliest incident time of its tips.")
    last_seen: datetime | None = strawberry.field(description="Latest incident time of its tips.")
    tip_count: int
    tip_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="Its tips that you may see.")
    async def tips(self, info: Info) -> list[Tip]:
        records = await info.context.loaders.tips.load_many(list(self.tip_ids))
        return [Tip.from_domain(r) for r in records if r is not None]

    @classmethod
    def from_domain(cls, incident: DomainIncident) -> Incident:
        return cls(
            id=strawberry.ID(incident.id),
            label=incident.label,
            kind=incident.kind,
            created_at=incident.created_at,
            created_by=incident.created_by,
            accounts=list(incident.accounts),
            platforms=list(incident.platforms),
            first_seen=incident.first_seen,
            last_seen=incident.last_seen,
            tip_count=len(incident.tip_ids),
            tip_ids=incident.tip_ids,
        )


@strawberry.type(description="The decision that bundled the tips, and the incident they now form.")
class BundlePayload:
    decision: Decision
    incident: Incident | None


@strawberry.type
class IncidentQueries:
    @strawberry.field(description="One incident, if you may see at least one of its tips.")
    async def incident(self, info: Info, id: strawberry.ID) -> Incident | None:
        found = await get_incident(info.context.db, info.context.viewer, str(id))
        return Incident.from_domain(found) if found else None


@strawberry.type
class IncidentMutations:
    @strawberry.mutation(
        description="Bundles copies of one incident into a new Incident (tips become BUNDLED)."
    )
    async def bundle_tips(
        self,
        info: Info,
        tip_ids: list[strawberry.ID],
        incident_label: str,
        note: str | None = None,
        dry_run: bool = False,
    ) -> BundlePayload:
        ctx = info.context
        result, incident_id = await bundle_tips(
            ctx.db, ctx.trail, tuple(str(t) for t in tip_ids), incident_label, note, dry_run
        )
        incident = await get_incident(ctx.db, ctx.viewer, incident_id) if incident_id else None
        return BundlePayload(
            decision=Decision.from_domain(result),
            incident=Incident.from_domain(incident) if incident else None,
        )

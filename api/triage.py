"""The triage desk: the queue, and tips whose evidence may soon be gone."""

from __future__ import annotations

import strawberry

from api.enums import ActionClass, Disposition, IncidentType, Priority
from api.pagination import deadline_cursor, deadline_position, page_size, queue_cursor, queue_position
from api.types import Info, TipConnection, reads_tip_cards
from graph.audit import send_reads_ahead
from graph.clustering import ClusterKind
from graph.model import TipCard, TipRecord
from graph.triage import (
    QueueFilter,
    deadline_window,
    expiring_tips,
    platform_keys,
    triage_queue,
)


@strawberry.input(description="Which open tips to queue; every condition given must hold.")
class TriageFilterInput:
    priorities: list[Priority] | None = None
    classification: ActionClass | None = None
    dispositions: list[Disposition] | None = strawberry.field(
        default=None,
        description="NEW and/or ACTIONABLE (an investigator's queue: REFERRED).",
    )
    incident_types: list[IncidentType] | None = None
    platforms: list[str] | None = strawberry.field(
        default=None,
        description="Reporting platforms, whatever their case or spacing (at most 20, each at most 200 "
        "characters).",
    )
    deadline_within_days: int | None = strawberry.field(
        default=None,
        description="Preservation deadline within this many days from now (0 to 3650), overdue ones "
        "included; a subscription keeps the window it started with.",
    )
    cluster_kinds: list[ClusterKind] | None = strawberry.field(
        default=None, description="Tips in a cluster of one of these kinds."
    )

    def to_domain(self) -> QueueFilter:
        return QueueFilter(
            priorities=tuple(p.value for p in self.priorities) if self.priorities else None,
            action_class=self.classification.value if self.classification else None,
            dispositions=tuple(d.value for d in self.dispositions) if self.dispositions else None,
            incident_types=tuple(t.value for t in self.incident_types) if self.incident_types else None,
            platform_keys=platform_keys(self.platforms),
            deadline_before=deadline_window(self.deadline_within_days),
            cluster_kinds=tuple(k.value for k in self.cluster_kinds) if self.cluster_kinds else None,
        )


@strawberry.type
class TriageQueries:
    @strawberry.field(
        description="Your worklist in the order to work it (URGENT first, then by preservation deadline, "
        "then by score): open tips (NEW or ACTIONABLE) for analysts and supervisors; for an investigator "
        "the tips referred to its agency and not yet closed; empty for a reporting service (see "
        "`submissions`)."
    )
    async def triage_queue(
        self, info: Info, filter: TriageFilterInput | None = None, first: int = 50, after: str | None = None
    ) -> TipConnection:
        ctx = info.context
        page = await triage_queue(
            ctx.db,
            ctx.trail,
            (filter or TriageFilterInput()).to_domain(),
            page_size(first),
            queue_position(after),
            cards=reads_tip_cards(info),
        )
        # The page's record is written while the answer is built (it leaves once the record is written).
        send_reads_ahead(ctx.db, ctx.trail, [tip.id for tip in page.items])
        return TipConnection.from_page(page, lambda t: queue_cursor(queue_key_of(t), t.id))

    @strawberry.field(
        description="Tips whose preservation deadline is within `withinDays` (overdue ones too), soonest "
        "first: work not done by then may find the evidence gone. For analysts and supervisors the tips not "
        "yet referred or closed; for an investigator those its agency holds (referred, not closed); empty "
        "for a reporting service."
    )
    async def expiring_tips(
        self, info: Info, within_days: int = 30, first: int = 20, after: str | None = None
    ) -> TipConnection:
        ctx = info.context
        page = await expiring_tips(ctx.db, ctx.trail, within_days, page_size(first), deadline_position(after))
        return TipConnection.from_page(
            page, lambda t: deadline_cursor(t.preservation_deadline or t.received_at, t.id)
        )


def queue_key_of(tip: TipRecord | TipCard) -> str | None:
    if isinstance(tip, TipCard):
        return tip.queue_key
    return tip.triage.queue_key if tip.triage else None

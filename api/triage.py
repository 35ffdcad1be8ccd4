"""The triage desk: the queue, and tips whose evidence may soon be gone."""

from __future__ import annotations

import strawberry

from api.pagination import deadline_cursor, deadline_position, page_size
from api.types import Info, TipConnection
from graph.triage import expiring_tips


@strawberry.type
class TriageQueries:
    @strawberry.field(
        description="Tips not yet referred or closed whose preservation deadline is within `withinDays` "
        "(overdue ones too), soonest first: work not done by then may find the evidence gone."
    )
    async def expiring_tips(
        self, info: Info, within_days: int = 30, first: int = 20, after: str | None = None
    ) -> TipConnection:
        ctx = info.context
        page = await expiring_tips(ctx.db, ctx.trail, within_days, page_size(first), deadline_position(after))
        return TipConnection.from_page(
            page, lambda t: deadline_cursor(t.preservation_deadline or t.received_at, t.id)
        )

"""The triage desk's lists: what is urgent, and what may lose its evidence soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.errors import BadInputError
from graph.model import Page, TipRecord
from graph.store.database import Database
from graph.tips import tip_from_row

MAX_WITHIN_DAYS = 3650


@dataclass(frozen=True, slots=True)
class DeadlinePosition:
    deadline: datetime
    tip_id: str

    def params(self) -> dict[str, Any]:
        return {"deadline": self.deadline, "id": self.tip_id}


async def expiring_tips(
    db: Database,
    trail: AuditTrail,
    within_days: int,
    first: int,
    after: DeadlinePosition | None,
    now: datetime | None = None,
) -> Page[TipRecord]:
    """Tips not yet referred or closed whose preservation deadline is within `within_days`, soonest first
    (overdue ones included: the evidence may already be gone, and someone should know)."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise BadInputError(f"withinDays must be between 0 and {MAX_WITHIN_DAYS}", field="withinDays")
    before = (now or datetime.now(UTC)) + timedelta(days=within_days)
    rows = await db.read(
        "tips/expiring",
        before=before,
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
    )
    tips = [tip_from_row(row["tip"]) for row in rows]
    trail.read(t.id for t in tips[:first])
    return Page(items=tuple(tips[:first]), has_next=len(tips) > first)

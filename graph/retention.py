"""Retention: NON_ACTIONABLE tips keep their report content for a configured period, then lose it.

What linking needs stays (the tip, its identifier keys and links, its triage fields); the report itself
and the raw spellings on its links go. Each purge is audited like any other write.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph.audit import AuditTrail, audit_event, record_in
from graph.settings import Settings
from graph.store.database import Database, Transaction

PURGE_BATCH = 5_000


async def purge_non_actionable(
    db: Database, settings: Settings, trail: AuditTrail, now: datetime | None = None
) -> list[str]:
    """Purges every NON_ACTIONABLE tip decided longer ago than the retention period; returns their ids."""
    when = now or datetime.now(UTC)
    cutoff = when - timedelta(days=settings.retention_days_non_actionable)
    purged: list[str] = []
    while True:

        async def work(tx: Transaction) -> list[str]:
            rows = await tx.run("tips/purge_content", cutoff=cutoff, limit=PURGE_BATCH, now=when)
            ids = [row["id"] for row in rows]
            if ids:
                days = settings.retention_days_non_actionable
                event = audit_event(
                    trail.viewer, trail.request_id, "purge", ids, change={"retentionDays": days}
                )
                await record_in(tx, event)
            return ids

        batch = await db.write_transaction(work)
        purged += batch
        if len(batch) < PURGE_BATCH:
            return purged

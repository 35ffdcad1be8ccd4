"""The sweep of the API: every worker wakes each interval, and only the one holding the sweep lease in
Neo4j sweeps, so N workers (on any number of hosts) sweep once, not N times. A sweep expires unfinished
reports and re-scores the tips whose evidence age or preservation deadline entered a new band, so the
queue follows the clock without anyone touching the tips."""

from __future__ import annotations

import asyncio
import logging
import uuid

from graph.audit import AuditTrail
from graph.lease import Lease
from graph.rescoring import rescore_due_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.submissions import expire_submissions
from graph.viewer import Role, Viewer

log = logging.getLogger("tipgraph.sweep")

SWEEP_LEASE = "expiry-sweep"
# A holder renews at every interval; three missed renewals (a dead or stuck worker) free the lease. Never
# less than half a minute: the expiry is the database's clock when the take began, so a take slowed by a
# busy machine must not find its own lease running out before the next renewal.
LEASE_INTERVALS = 3
MIN_LEASE_SECONDS = 30.0
# Who the audit log names for what the sweep changes (re-scores move tips in the queue).
SWEEP_VIEWER = Viewer(subject="sweep", role=Role.ANALYST)


def sweep_lease(db: Database, interval: float) -> Lease:
    return Lease(db, SWEEP_LEASE, seconds=max(interval * LEASE_INTERVALS, MIN_LEASE_SECONDS))


async def sweep_forever(
    db: Database, interval: float, lease: Lease, settings: Settings | None = None
) -> None:
    """Expires unfinished reports on time and, given settings, re-scores the tips that are due. The
    deadlines and validities live in the database, so a restart loses none."""
    held = False
    try:
        while True:
            try:
                state = await lease.take()
                if state.held != held:
                    held = state.held
                    log.info("sweep lease %s", "taken" if held else "lost", extra={"holder": state.holder})
                if held:
                    expired = await expire_submissions(db)
                    rescored = await _rescore(db, settings) if settings is not None else 0
                    log.debug(
                        "swept", extra={"expired": len(expired), "rescored": rescored, "holder": lease.holder}
                    )
            except Exception:
                log.exception("the expiry sweep failed; trying again in %s s", interval)
            await asyncio.sleep(interval)
    finally:
        if held:
            await _release(lease)


async def _rescore(db: Database, settings: Settings) -> int:
    trail = AuditTrail(viewer=SWEEP_VIEWER, request_id=uuid.uuid4().hex, operation="sweep")
    return (await rescore_due_tips(db, settings, trail)).rescored


async def _release(lease: Lease) -> None:
    # At shutdown the loop is being cancelled; the release still goes out, so another worker sweeps next.
    try:
        await asyncio.shield(lease.release())
    except Exception:
        log.warning("could not release the sweep lease; it expires by itself", exc_info=True)

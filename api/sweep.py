"""The expiry sweep of the API: every worker wakes each interval, and only the one holding the sweep
lease in Neo4j sweeps, so N workers (on any number of hosts) sweep once, not N times."""

from __future__ import annotations

import asyncio
import logging

from graph.lease import Lease
from graph.store.database import Database
from graph.submissions import expire_submissions

log = logging.getLogger("tipgraph.sweep")

SWEEP_LEASE = "expiry-sweep"
# A holder renews at every interval; three missed renewals (a dead or stuck worker) free the lease. Never
# less than half a minute: the expiry is the database's clock when the take began, so a take slowed by a
# busy machine must not find its own lease running out before the next renewal.
LEASE_INTERVALS = 3
MIN_LEASE_SECONDS = 30.0


def sweep_lease(db: Database, interval: float) -> Lease:
    return Lease(db, SWEEP_LEASE, seconds=max(interval * LEASE_INTERVALS, MIN_LEASE_SECONDS))


async def sweep_forever(db: Database, interval: float, lease: Lease) -> None:
    """Expires unfinished reports on time. The deadlines live in the database, so a restart loses none."""
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
                    log.debug("swept", extra={"expired": len(expired), "holder": lease.holder})
            except Exception:
                log.exception("the expiry sweep failed; trying again in %s s", interval)
            await asyncio.sleep(interval)
    finally:
        if held:
            await _release(lease)


async def _release(lease: Lease) -> None:
    # At shutdown the loop is being cancelled; the release still goes out, so another worker sweeps next.
    try:
        await asyncio.shield(lease.release())
    except Exception:
        log.warning("could not release the sweep lease; it expires by itself", exc_info=True)

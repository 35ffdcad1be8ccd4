"""The change feed: which tips were written, told to every subscriber of every API worker.

Events come from the database, not from one process's memory: every write of a tip records an audit event
in the same transaction (graph/audit.py), so a poll of the audit log's `at` index since the last poll sees
the writes of every worker. One poller per process fans the changed tip ids out to its subscribers; each
subscriber then loads the tips as its own viewer (scoped, and audited like any read).

Transactions commit out of `at` order (the timestamp is taken before commit), so each poll looks back an
overlap window and drops the events it already passed on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from graph.audit import AuditTrail, record_reads
from graph.clusters.reads import clusters_of_tips
from graph.errors import UnavailableError
from graph.model import TipRecord
from graph.store.database import Database
from graph.tips import get_tips, platform_key
from graph.triage import QueueFilter
from graph.viewer import Role, Viewer

log = logging.getLogger("tipgraph.feed")

OPEN_DISPOSITIONS = frozenset({"NEW", "ACTIONABLE"})
POLL_INTERVAL = timedelta(seconds=0.5)
OVERLAP = timedelta(seconds=5)
EVENTS_PER_POLL = 1000
# A subscriber that falls this many batches behind is dropped rather than holding memory without bound.
SUBSCRIBER_BACKLOG = 100


class SubscriberTooSlowError(UnavailableError):
    """The subscriber did not keep up; its subscription ends and the client may subscribe again."""


class ChangeFeed:
    """Polls the database for written tips while anyone listens; one per API process."""

    def __init__(
        self,
        database: Callable[[], Database],
        interval: timedelta = POLL_INTERVAL,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._database = database
        self._interval = interval.total_seconds()
        self._clock = clock
        self._subscribers: set[asyncio.Queue[frozenset[str] | None]] = set()
        self._poller: asyncio.Task[None] | None = None
        self._since: datetime | None = None
        self._passed_on: dict[str, datetime] = {}

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[frozenset[str] | None]]:
        """A queue of changed tip-id sets, from now on; None in it means the subscriber fell behind."""
        queue: asyncio.Queue[frozenset[str] | None] = asyncio.Queue(maxsize=SUBSCRIBER_BACKLOG)
        self._subscribers.add(queue)
        if self._poller is None or self._poller.done():
            self._since = self._clock()
            self._passed_on.clear()
            self._poller = asyncio.create_task(self._poll_forever())
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)
            if not self._subscribers and self._poller is not None:
                self._poller.cancel()
                with suppress(asyncio.CancelledError):
                    await self._poller
                self._poller = None

    async def _poll_forever(self) -> None:
        while True:
            try:
                changed = await self.poll()
            except Exception:
                log.exception("the change feed poll failed; trying again")
                changed = frozenset()
            if changed:
                self._fan_out(changed)
            await asyncio.sleep(self._interval)

    async def poll(self) -> frozenset[str]:
        """The tips written since the last poll (each event passed on once)."""
        assert self._since is not None
        rows = await self._database().read("feed/changes", since=self._since - OVERLAP, limit=EVENTS_PER_POLL)
        changed: set[str] = set()
        for row in rows:
            event_id: str = row["id"]
            if event_id in self._passed_on:
                continue
            at = row["at"].to_native() if hasattr(row["at"], "to_native") else row["at"]
            self._passed_on[event_id] = at
            changed.update(row["tipIds"])
            self._since = max(self._since, at)
        horizon = self._since - OVERLAP
        self._passed_on = {k: v for k, v in self._passed_on.items() if v >= horizon}
        return frozenset(changed)

    def _fan_out(self, changed: frozenset[str]) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(changed)
            except asyncio.QueueFull:
                self._subscribers.discard(queue)
                with suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                queue.put_nowait(None)


@dataclass(frozen=True, slots=True)
class QueueChange:
    """A tip that changed, as the viewer may see it, and whether it is (still) in the filtered queue."""

    tip: TipRecord
    in_queue: bool


def in_queue(
    tip: TipRecord, queue_filter: QueueFilter, viewer: Viewer | None = None, cluster_kind: str | None = None
) -> bool:
    """Whether the tip is in the viewer's worklist under the filter (graph/triage.triage_queue): the open
    tips for the clearinghouse, the tips referred to its agency and not closed for an investigator (its
    cluster's kind read apart)."""
    triage = tip.triage
    if viewer is not None and viewer.role is Role.INVESTIGATOR:
        if tip.disposition != "REFERRED" or viewer.agency not in tip.referred_to:
            return False
    elif tip.disposition not in OPEN_DISPOSITIONS:
        return False
    if triage is None:
        return False
    if queue_filter.dispositions and tip.disposition not in queue_filter.dispositions:
        return False
    if queue_filter.priorities and triage.priority not in queue_filter.priorities:
        return False
    if queue_filter.incident_types and tip.incident_type not in queue_filter.incident_types:
        return False
    if queue_filter.platform_keys and (
        tip.platform is None or platform_key(tip.platform) not in queue_filter.platform_keys
    ):
        return False
    if queue_filter.deadline_before and (
        tip.preservation_deadline is None or tip.preservation_deadline > queue_filter.deadline_before
    ):
        return False
    if queue_filter.cluster_kinds and cluster_kind not in queue_filter.cluster_kinds:
        return False
    return not (queue_filter.action_class and triage.action_class != queue_filter.action_class)


async def queue_changes(
    db: Database, feed: ChangeFeed, trail_for: Callable[[], AuditTrail], queue_filter: QueueFilter
) -> AsyncIterator[list[QueueChange]]:
    """Changed tips the viewer may see, batch by batch; each batch is audited as a read before it is
    handed over (no record, no data: the subscription ends with the error)."""
    async with feed.subscribe() as changes:
        while True:
            changed = await changes.get()
            if changed is None:
                raise SubscriberTooSlowError("the queue subscription fell behind; subscribe again")
            trail = trail_for()
            records = await get_tips(db, trail, sorted(changed))
            visible = [r for r in records if r is not None]
            if not visible:
                continue
            await record_reads(db, trail)
            kinds: dict[str, str] = {}
            if queue_filter.cluster_kinds:
                clusters = await clusters_of_tips(db, trail.viewer, [r.id for r in visible])
                kinds = {tip_id: str(cluster.kind) for tip_id, cluster in clusters.items()}
            yield [
                QueueChange(tip=r, in_queue=in_queue(r, queue_filter, trail.viewer, kinds.get(r.id)))
                for r in visible
            ]

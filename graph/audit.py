"""The audit log: every read and write of a tip leaves an append-only record of who, what, when.

A request collects the tips it returns in an AuditTrail; the record is written when the request ends, and
if it cannot be written the request fails (there is no unaudited access). Writes record their change in
the same transaction as the change itself.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from graph.access import require_role
from graph.model import Page
from graph.store.database import Database, Transaction
from graph.tips import native
from graph.viewer import Role, Viewer

log = logging.getLogger("tipgraph.audit")


class ReadRecords:
    """Writes the audit records of reads for a whole process: records of concurrent requests go in one
    write transaction (one commit instead of one each), and each request waits until its own is written.

    One write is in flight at a time; records that arrive meanwhile form the next one. So a lone request
    waits for no batch to fill, and under load the commits stay few. A failed write fails every request
    whose record it carried, as a direct write would.
    """

    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database
        self._pending: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def write(self, event: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (an app served again): nothing of the old one is alive
            self._loop, self._pending, self._writer = loop, [], None
        written: asyncio.Future[None] = loop.create_future()
        self._pending.append((event, written))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_pending())
        await written

    async def flush(self) -> None:
        """Waits until every record handed in so far is written (or has failed): the app calls it before it
        closes the database, so a record still on its way when the server stops is not lost with it."""
        writer = self._writer
        if writer is not None and not writer.done() and self._loop is asyncio.get_running_loop():
            await asyncio.wait([writer])

    async def _write_pending(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await self._database().append(
                    "audit/record_batch", events=[batch_row(event) for event, _ in batch]
                )
            except Exception as exc:
                for _, written in batch:
                    if not written.done():
                        written.set_exception(exc)
            else:
                for _, written in batch:
                    if not written.done():
                        written.set_result(None)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def batch_row(event: dict[str, Any]) -> dict[str, Any]:
    """An event as audit/record_batch takes it: its time as [epoch seconds, nanoseconds], of which the
    statement makes the same DateTime. The driver packs a datetime in pure Python, at ~125 us of this
    process's CPU each (two ints: ~1 us), paid for every read a request makes."""
    since = event["at"] - EPOCH
    return {**event, "at": [since.days * 86_400 + since.seconds, since.microseconds * 1000]}


@dataclass
class AuditTrail:
    """What one request touched; filled by the graph/ functions that hand tips to the viewer."""

    viewer: Viewer
    request_id: str
    operation: str = "query"
    operation_name: str | None = None
    tips_read: set[str] = field(default_factory=set)
    recorded: set[str] = field(default_factory=set)  # reads recorded ahead of the request's end
    # Records ahead still being written (`send_reads_ahead`): the record at the request's end waits for them.
    sending: list[asyncio.Task[None]] = field(default_factory=list)
    # The process's shared writer of read records; None: each record is its own write.
    records: ReadRecords | None = None

    def read(self, tip_ids: Iterable[str]) -> None:
        self.tips_read.update(tip_ids)


def audit_event(
    viewer: Viewer,
    request_id: str,
    action: str,
    tip_ids: Iterable[str],
    operation_name: str | None = None,
    change: dict[str, Any] | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "at": datetime.now(UTC),
        "actor": viewer.subject,
        "role": viewer.role.value,
        "agency": viewer.agency,
        "action": action,
        "operationName": operation_name,
        "requestId": request_id,
        "tipIds": sorted(set(tip_ids)),
        "change": orjson.dumps(change).decode() if change is not None else None,
    }
    return {k: v for k, v in event.items() if v is not None}


async def record_reads(db: Database, trail: AuditTrail) -> None:
    """Writes the record of a request's reads (those not recorded ahead); raises if it cannot (the caller
    must then fail the request)."""
    if trail.sending:
        # Each one either records its tips or leaves them unrecorded for this record: none raises.
        sending, trail.sending = trail.sending, []
        await asyncio.wait(sending)
    unrecorded = trail.tips_read - trail.recorded
    if not unrecorded:
        return
    event = audit_event(trail.viewer, trail.request_id, "read", unrecorded, trail.operation_name)
    await _append(db, trail, event)


async def _append(db: Database, trail: AuditTrail, event: dict[str, Any]) -> None:
    if trail.records is not None:
        await trail.records.write(event)
    else:
        await db.append("audit/record", event=event)


async def record_reads_ahead(db: Database, trail: AuditTrail, tip_ids: Iterable[str]) -> None:
    """Records reads a request is about to answer while it still fetches them, so the audit write overlaps
    a read instead of following it. Only an optimisation: if it fails, the tips stay unrecorded and the
    record at the request's end writes them (or withholds the response)."""
    ahead = set(tip_ids) - trail.recorded
    if not ahead:
        return
    event = audit_event(trail.viewer, trail.request_id, "read", ahead, trail.operation_name)
    try:
        await _append(db, trail, event)
    except Exception:
        log.warning("audit record ahead failed for request %s; it is written at the end", trail.request_id)
        return
    trail.recorded |= ahead


def send_reads_ahead(db: Database, trail: AuditTrail, tip_ids: Iterable[str]) -> None:
    """`record_reads_ahead` without waiting for it: the request goes on building its answer while the record
    is written, and `record_reads` waits for the record before the answer may leave (no record, no answer)."""
    ahead = set(tip_ids) - trail.recorded
    if ahead:
        trail.sending.append(asyncio.create_task(record_reads_ahead(db, trail, ahead)))


async def record_in(tx: Transaction, event: dict[str, Any]) -> None:
    """Records a write inside the transaction that makes it, so the change and its record land together."""
    await tx.run("audit/record", event=event)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: str
    at: datetime
    actor: str
    role: str
    agency: str | None
    action: str
    operation_name: str | None
    request_id: str
    tip_ids: tuple[str, ...]
    change: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None
    tip_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditPosition:
    at: datetime
    id: str


def _entry(props: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=props["id"],
        at=native(props["at"]),
        actor=props["actor"],
        role=props["role"],
        agency=props.get("agency"),
        action=props["action"],
        operation_name=props.get("operationName"),
        request_id=props["requestId"],
        tip_ids=tuple(props.get("tipIds") or ()),
        change=orjson.loads(props["change"]) if props.get("change") else None,
    )


async def audit_log(
    db: Database, viewer: Viewer, audit_filter: AuditFilter, first: int, after: AuditPosition | None
) -> Page[AuditEntry]:
    require_role(viewer, Role.AUDITOR)
    rows = await db.read(
        "audit/list",
        filter={
            "actor": audit_filter.actor,
            "tipId": audit_filter.tip_id,
            "from": audit_filter.start,
            "to": audit_filter.end,
        },
        after={"at": after.at, "id": after.id} if after else None,
        limit=first + 1,
    )
    entries = [_entry(row["event"]) for row in rows]
    return Page(items=tuple(entries[:first]), has_next=len(entries) > first)

"""The change feed reads writes from the database: each write's tips are told once (the overlap window
re-reads an event but passes it on only once), and reads are not changes."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from graph.audit import audit_event
from graph.change_feed import ChangeFeed
from graph.store.database import Database
from graph.viewer import Role, Viewer

WRITER = Viewer(subject="another-worker", role=Role.ANALYST)


async def record(db: Database, action: str, tip_ids: list[str]) -> None:
    await db.append("audit/record", event=audit_event(WRITER, uuid.uuid4().hex, action, tip_ids))


async def test_a_write_elsewhere_is_told_once_and_a_read_never(clean_db: Database) -> None:
    feed = ChangeFeed(lambda: clean_db, interval=timedelta(seconds=0.1))
    async with feed.subscribe() as changes:
        await asyncio.sleep(0.3)
        await record(clean_db, "read", ["READ-ONLY"])
        await record(clean_db, "setDisposition", ["T-1", "T-2"])
        told = await asyncio.wait_for(changes.get(), 10)
        assert told == frozenset({"T-1", "T-2"})
        await asyncio.sleep(1.0)  # ten more polls, each looking back over the same event
        assert changes.empty()

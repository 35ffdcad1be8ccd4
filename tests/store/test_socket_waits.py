"""graph/store/socket_waits.py: no task per socket read, and timeouts and cancels as before."""

from __future__ import annotations

import asyncio

import pytest

from graph.store.database import Database
from graph.store.socket_waits import counted_tasks, installed, wait_for


async def test_a_statement_reads_its_socket_without_a_task_per_read(db: Database) -> None:
    await db.read("tips/get_by_ids", ids=["none"], scope={"all": True}, card=False)  # a pooled connection
    with counted_tasks() as tasks:
        for _ in range(5):
            await db.read("tips/get_by_ids", ids=["none"], scope={"all": True}, card=False)
    # One per statement: Database.read's own (it runs each statement to its end even if its caller is
    # cancelled). The driver's pre-3.12 waits made one more for every socket read and write.
    assert tasks.created == 5
    assert installed()


async def test_a_wait_past_its_timeout_raises_timeout_error() -> None:
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    with pytest.raises(TimeoutError):
        await wait_for(never, 0.01)


async def test_a_wait_returns_what_it_waited_for() -> None:
    async def read() -> bytes:
        await asyncio.sleep(0)
        return b"chunk"

    assert await wait_for(read(), 5) == b"chunk"
    assert await wait_for(read(), None) == b"chunk"


async def test_a_cancelled_caller_cancels_its_wait() -> None:
    started = asyncio.Event()
    cancelled = False

    async def read() -> None:
        nonlocal cancelled
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled = True
            raise

    waiting = asyncio.create_task(wait_for(read(), 30))
    await started.wait()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert cancelled

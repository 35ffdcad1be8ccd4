"""The driver's socket reads and writes on Python 3.11 wait as they do on 3.12: no task per read.

Neo4j tells every connection to time out a read that waits longer than its keep-alive hint
(`connection.recv_timeout_seconds`), so the async driver waits for every socket read and write under a
timeout. Before Python 3.12 it does that with its own copy of 3.10's `asyncio.wait_for`, which wraps the
read in a new Task with a timer, two extra turns of the event loop per read; a statement reads a dozen
times or more (chunk headers, chunks, end markers), and these waits were a fifth of the driver's CPU per
statement (`python -m bench.driver_waits`). On 3.12 and later the driver uses `asyncio.wait_for`, which
awaits the read directly inside `asyncio.timeout` (3.11 has it): the same here, for the socket module only.
A read that times out still raises TimeoutError, which the driver turns into a defunct connection as
before, and a cancelled caller still cancels its read.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable, Coroutine, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Final

from neo4j._async_compat.network import _bolt_socket

Waits = Callable[[Awaitable[Any], float | None], Awaitable[Any]]
# The name the driver's socket module calls its waits by (a module attribute it does not export).
_WAIT_FOR: Final = "wait_for"
# The driver's own: kept for a timeout of zero or less (a non-blocking poll, which it schedules itself).
DRIVER_WAIT_FOR: Final[Waits] = getattr(_bolt_socket, _WAIT_FOR)


# The driver's signature: it calls this with a timeout.
async def wait_for(awaitable: Awaitable[Any], timeout: float | None) -> Any:  # noqa: ASYNC109
    """`asyncio.wait_for` as Python 3.12 implements it."""
    if timeout is None:
        return await awaitable
    if timeout <= 0:
        return await DRIVER_WAIT_FOR(awaitable, timeout)
    async with asyncio.timeout(timeout):
        return await awaitable


def install() -> None:
    """Makes the driver's socket waits `wait_for` (on 3.12 and later, the driver's are already that)."""
    if sys.version_info < (3, 12):
        use(wait_for)


def use(waits: Waits) -> None:
    """Sets the driver's socket waits (bench.driver_waits compares the two)."""
    setattr(_bolt_socket, _WAIT_FOR, waits)


def installed() -> bool:
    return getattr(_bolt_socket, _WAIT_FOR) is wait_for or sys.version_info >= (3, 12)


@dataclass(slots=True)
class TaskCount:
    created: int = 0


@contextlib.contextmanager
def counted_tasks() -> Iterator[TaskCount]:
    """Counts the tasks the running loop creates inside the block (how this module's gain is checked:
    tests/store/test_socket_waits.py, bench.driver_waits); the loop's own task factory is put back after."""
    loop = asyncio.get_running_loop()
    previous = loop.get_task_factory()
    count = TaskCount()

    def counting(
        loop: asyncio.AbstractEventLoop,
        coro: Coroutine[Any, Any, Any] | Generator[Any, None, Any],
        **kwargs: Any,
    ) -> asyncio.Future[Any]:
        count.created += 1
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(counting)
    try:
        yield count
    finally:
        loop.set_task_factory(previous)

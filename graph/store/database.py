"""The one gateway to Neo4j: runs named statements with parameters and translates driver failures.

One AsyncDriver per process (opened in the app's lifespan or the CLI command), reads routed to readers,
writes to the leader. Nothing else in tipgraph imports `neo4j`.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from typing import Any, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import (
    ClientError,
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import ConflictError, UnavailableError
from graph.settings import Settings
from graph.store import socket_waits
from graph.store.queries import Mode, QueryLibrary
from graph.store_version import stamp_fresh

Row = dict[str, Any]
T = TypeVar("T")
# Told each statement's name and its seconds in Neo4j, including fetching its rows (metrics hang on this;
# the store knows nothing of how they are exported).
StatementObserver = Callable[[str, float], None]


def _ignore(name: str, seconds: float) -> None:
    return None


class Transaction:
    """A write transaction handed to a unit of work; runs named statements only."""

    def __init__(
        self, tx: AsyncManagedTransaction, library: QueryLibrary, observe: StatementObserver = _ignore
    ) -> None:
        self._tx = tx
        self._library = library
        self._observe = observe

    async def run(self, name: str, **params: Any) -> list[Row]:
        query = self._library[name]
        started = time.perf_counter()
        result = await self._tx.run(query.text, params)
        keys = result.keys()
        rows = [dict(zip(keys, record, strict=True)) async for record in result]
        self._observe(name, time.perf_counter() - started)
        return rows


class Database:
    def __init__(
        self,
        driver: AsyncDriver,
        library: QueryLibrary,
        database: str,
        observe_statement: StatementObserver = _ignore,
        contention_seconds: float = 10.0,
    ) -> None:
        self.driver = driver
        self.library = library
        self.database = database
        self.observe_statement = observe_statement
        self.contention_seconds = contention_seconds

    async def read(self, name: str, **params: Any) -> list[Row]:
        """A read statement in an auto-commit transaction routed to a reader: one round trip where a
        managed transaction takes two, and no retry (a failed read is the caller's to report). Chained to
        this driver's writes through their bookmarks, so a read sees what an earlier write wrote."""
        query = self.library[name]
        if query.mode is not Mode.READ:
            raise ValueError(f"{name} is a {query.mode} statement; run it with write()")
        started = time.perf_counter()

        async def read_once() -> list[Row]:
            async with self.driver.session(
                database=self.database,
                default_access_mode=READ_ACCESS,
                bookmark_manager=self.driver.execute_query_bookmark_manager,
            ) as session:
                result = await session.run(query.text, params)
                keys = result.keys()
                return [dict(zip(keys, record, strict=True)) async for record in result]

        with _translated_errors():
            rows = await _uncancelled(read_once())
        self.observe_statement(name, time.perf_counter() - started)
        return rows

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._execute(name, params, RoutingControl.WRITE)

    async def _execute(self, name: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        query = self.library[name]
        # A read sent as a write would reach only the cluster's leader and never its followers.
        if routing is RoutingControl.WRITE and query.mode is Mode.READ:
            raise ValueError(f"{name} is a read statement; run it with read()")
        started = time.perf_counter()
        with _translated_errors():
            records, _, keys = await _uncancelled(
                self.driver.execute_query(query.text, params, routing_=routing, database_=self.database)
            )
        self.observe_statement(name, time.perf_counter() - started)
        # Statements return values and maps, never nodes (a rule of cypher/), so a record is its row as is:
        # Record.data()'s recursive conversion was a third of a cross-reference's time in the driver.
        return [dict(zip(keys, record, strict=True)) for record in records]

    async def append(self, name: str, **params: Any) -> None:
        """A single write in an auto-commit transaction: one network round trip instead of a managed
        transaction's two, for appends on the request path (audit records). Not retried: a failure is
        the caller's to report."""
        query = self.library[name]
        started = time.perf_counter()

        async def append_once() -> None:
            async with self.driver.session(database=self.database) as session:
                result = await session.run(query.text, params)
                await result.consume()

        with _translated_errors():
            await _uncancelled(append_once())
        self.observe_statement(name, time.perf_counter() - started)

    async def write_transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Runs `work` in one write transaction. The driver may retry it: `work` must be idempotent."""

        async def unit_of_work(tx: AsyncManagedTransaction) -> T:
            return await work(Transaction(tx, self.library, self.observe_statement))

        # The driver's own retries stop after `db_retry_seconds`, which is sized for a database that is
        # down. Writers of one node that deadlock (Neo4j aborts one of them) are not that: five reviews of
        # one tip exhaust a one-second budget on their first back-off. They get `contention_seconds` more,
        # in short randomised pauses so they do not collide again in step.
        give_up = time.monotonic() + self.contention_seconds
        pause = 0.01
        while True:
            try:
                with _translated_errors():
                    async with self.driver.session(database=self.database) as session:
                        return await session.execute_write(unit_of_work)
            except TransientError as exc:
                if exc.code != _DEADLOCK or time.monotonic() + pause > give_up:
                    raise
            await asyncio.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 0.5)

    async def apply_schema(self) -> None:
        """Creates constraints and indexes (every statement is IF NOT EXISTS, so this is idempotent), all
        in one transaction: Neo4j populates the indexes one transaction creates in one pass over the
        store, where a statement each made a pass each (a bulk load's million tips were read once per
        index of Tip). Another process creating the same rules at once (workers starting together) makes
        the transaction fail: then they are created a statement at a time, each race ignored. An empty
        store then records every migration as applied (`graph.store_version.stamp_fresh`)."""
        queries = self.library.schema()

        async def create_all(tx: AsyncManagedTransaction) -> None:
            for query in queries:
                await (await tx.run(query.text)).consume()

        try:
            with _translated_errors():
                async with self.driver.session(database=self.database) as session:
                    await session.execute_write(create_all)
        except ClientError as exc:
            if exc.code not in _SCHEMA_RACE_CODES:
                raise
            for query in queries:
                with _translated_errors(), _already_applied_elsewhere():
                    await self.driver.execute_query(query.text, database_=self.database)
        await self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)
        # A store created empty needs no migration: it records them all (graph/store_version.py). A worker
        # starting beside another may lose the race to create the record: the record is there either way.
        with suppress(ConflictError):
            await stamp_fresh(self)

    async def close(self) -> None:
        await self.driver.close()


async def _uncancelled(work: Coroutine[Any, Any, T]) -> T:
    """Runs one statement to its end even if the caller is cancelled (then in the background).

    graphql-core cancels a field's siblings when one fails; a statement cancelled mid-flight leaves the
    driver's socket open until the garbage collector finds it, so repeating such a query leaks sockets.
    Statements are bounded (page sizes, the query limits), so letting one finish costs little.
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        task.add_done_callback(_retrieve_outcome)
        raise


def _retrieve_outcome(task: asyncio.Future[Any]) -> None:
    # Nobody awaits it any more; reading its exception keeps asyncio from logging it as never retrieved.
    if not task.cancelled():
        task.exception()


_DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"

# What Neo4j answers a CREATE ... IF NOT EXISTS that lost a race with the same statement from another
# process (workers starting together): the rule exists, which is all that was asked.
_SCHEMA_RACE_CODES = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)


@contextmanager
def _already_applied_elsewhere() -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        if exc.code not in _SCHEMA_RACE_CODES:
            raise


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turns driver failures into tipgraph errors; anything else propagates unchanged (and is masked)."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
        raise UnavailableError("the graph database is unavailable; try again shortly") from exc
    except ConstraintError as exc:
        raise ConflictError("the change collides with stored data") from exc


def connect(settings: Settings, uri: str, password: str) -> Database:
    # Socket waits without a task each on Python 3.11, as on 3.12 (graph/store/socket_waits.py).
    socket_waits.install()
    driver = AsyncGraphDatabase.driver(
        uri,
        auth=(settings.neo4j_user, password),
        max_connection_pool_size=50,
        # With the database gone, a request fails in a few seconds instead of holding its caller for the
        # driver's defaults (30 s to connect, 30 s of retries): it is UNAVAILABLE, and the caller retries.
        connection_timeout=settings.db_connection_timeout_seconds,
        connection_acquisition_timeout=settings.db_acquisition_timeout_seconds,
        max_transaction_retry_time=settings.db_retry_seconds,
        # Statements are checked by tests (EXPLAIN of every file); notifications at run time are noise.
        notifications_min_severity="OFF",
    )
    return Database(
        driver,
        QueryLibrary(settings.cypher_dir),
        settings.neo4j_database,
        contention_seconds=settings.db_contention_retry_seconds,
    )


@asynccontextmanager
async def opened(settings: Settings, uri: str, password: str, schema: bool = True) -> AsyncIterator[Database]:
    """A connected Database with its schema applied (`schema=False`: the caller creates it)."""
    db = connect(settings, uri, password)
    try:
        await db.driver.verify_connectivity()
        if schema:
            await db.apply_schema()
        yield db
    finally:
        await db.close()

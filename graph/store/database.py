"""The one gateway to Neo4j: runs named statements with parameters and translates driver failures.

One AsyncDriver per process (opened in the app's lifespan or the CLI command), reads routed to readers,
writes to the leader. Nothing else in tipgraph imports `neo4j`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

from neo4j import READ_ACCESS, AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import ConstraintError, ServiceUnavailable, SessionExpired

from graph.errors import ConflictError, UnavailableError
from graph.settings import Settings
from graph.store.queries import Mode, QueryLibrary

Row = dict[str, Any]
T = TypeVar("T")


class Transaction:
    """A write transaction handed to a unit of work; runs named statements only."""

    def __init__(self, tx: AsyncManagedTransaction, library: QueryLibrary) -> None:
        self._tx = tx
        self._library = library

    async def run(self, name: str, **params: Any) -> list[Row]:
        query = self._library[name]
        result = await self._tx.run(query.text, params)
        keys = result.keys()
        return [dict(zip(keys, record, strict=True)) async for record in result]


class Database:
    def __init__(self, driver: AsyncDriver, library: QueryLibrary, database: str) -> None:
        self.driver = driver
        self.library = library
        self.database = database

    async def read(self, name: str, **params: Any) -> list[Row]:
        """A read statement in an auto-commit transaction routed to a reader: one round trip where a
        managed transaction takes two, and no retry (a failed read is the caller's to report). Chained to
        this driver's writes through their bookmarks, so a read sees what an earlier write wrote."""
        query = self.library[name]
        if query.mode is not Mode.READ:
            raise ValueError(f"{name} is a {query.mode} statement; run it with write()")
        with _translated_errors():
            async with self.driver.session(
                database=self.database,
                default_access_mode=READ_ACCESS,
                bookmark_manager=self.driver.execute_query_bookmark_manager,
            ) as session:
                result = await session.run(query.text, params)
                keys = result.keys()
                return [dict(zip(keys, record, strict=True)) async for record in result]

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._execute(name, params, RoutingControl.WRITE)

    async def _execute(self, name: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        query = self.library[name]
        with _translated_errors():
            records, _, keys = await self.driver.execute_query(
                query.text, params, routing_=routing, database_=self.database
            )
        # Statements return values and maps, never nodes (a rule of cypher/), so a record is its row as is:
        # Record.data()'s recursive conversion was a third of a cross-reference's time in the driver.
        return [dict(zip(keys, record, strict=True)) for record in records]

    async def append(self, name: str, **params: Any) -> None:
        """A single write in an auto-commit transaction: one network round trip instead of a managed
        transaction's two, for appends on the request path (audit records). Not retried: a failure is
        the caller's to report."""
        query = self.library[name]
        with _translated_errors():
            async with self.driver.session(database=self.database) as session:
                result = await session.run(query.text, params)
                await result.consume()

    async def write_transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Runs `work` in one write transaction. The driver may retry it: `work` must be idempotent."""

        async def unit_of_work(tx: AsyncManagedTransaction) -> T:
            return await work(Transaction(tx, self.library))

        with _translated_errors():
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(unit_of_work)

    async def apply_schema(self) -> None:
        """Creates constraints and indexes (every statement is IF NOT EXISTS, so this is idempotent)."""
        for query in self.library.schema():
            with _translated_errors():
                await self.driver.execute_query(query.text, database_=self.database)
        await self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)

    async def close(self) -> None:
        await self.driver.close()


@contextmanager
def _translated_errors() -> Iterator[None]:
    """Turns driver failures into tipgraph errors; anything else propagates unchanged (and is masked)."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired) as exc:
        raise UnavailableError("the graph database is unavailable; try again shortly") from exc
    except ConstraintError as exc:
        raise ConflictError("the change collides with stored data") from exc


def connect(settings: Settings, uri: str, password: str) -> Database:
    driver = AsyncGraphDatabase.driver(
        uri,
        auth=(settings.neo4j_user, password),
        max_connection_pool_size=50,
        connection_acquisition_timeout=30,
        # Statements are checked by tests (EXPLAIN of every file); notifications at run time are noise.
        notifications_min_severity="OFF",
    )
    return Database(driver, QueryLibrary(settings.cypher_dir), settings.neo4j_database)


@asynccontextmanager
async def opened(settings: Settings, uri: str, password: str) -> AsyncIterator[Database]:
    db = connect(settings, uri, password)
    try:
        await db.driver.verify_connectivity()
        await db.apply_schema()
        yield db
    finally:
        await db.close()

"""The clusters' writes in batches: one statement over a long list of rows, a batch per transaction.

A full recompute and the bulk load write the same rows (Cluster nodes, tips' cluster ids, stale ids) with
the same statements; they differ only in how many transactions they keep in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Final

from graph.store.database import Database

# Rows per write transaction.
WRITE_BATCH: Final = 10_000


async def write_batches(
    db: Database,
    statement: str,
    param: str,
    rows: Sequence[Any],
    in_flight: int,
    batch: int = WRITE_BATCH,
) -> None:
    """`statement` over `rows` (passed as `param`), `batch` rows per transaction and `in_flight`
    transactions at once: with more than one, Neo4j writes one batch while this process packs and sends
    the next, so each batch's rows must be other nodes than any other batch's (no two transactions wait
    on each other's locks). A failed batch cancels those not yet started."""
    if in_flight < 1:
        raise ValueError("at least one transaction in flight")
    gate = asyncio.Semaphore(in_flight)

    async def write_batch(start: int) -> None:
        async with gate:
            await db.write(statement, **{param: list(rows[start : start + batch])})

    async with asyncio.TaskGroup() as batches:
        for start in range(0, len(rows), batch):
            batches.create_task(write_batch(start))

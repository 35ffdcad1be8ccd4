"""A Database that runs every statement under PROFILE and adds up its db hits (benchmarks only).

Db hits are Neo4j's own count of the work a plan did (node, relationship and property reads and writes):
deterministic for a given graph and statement, so unlike timings they compare across runs and machines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import RoutingControl

from graph.store.database import Database, Row


def plan_db_hits(plan: Mapping[str, Any] | None) -> int:
    if not plan:
        return 0
    return int(plan.get("dbHits", 0)) + sum(plan_db_hits(child) for child in plan.get("children", ()))


class ProfilingDatabase(Database):
    """Runs what Database runs, prefixed with PROFILE; `hits` is the total so far."""

    hits: int = 0

    @classmethod
    def of(cls, db: Database) -> ProfilingDatabase:
        return cls(db.driver, db.library, db.database)

    async def _execute(self, name: str, params: dict[str, Any], routing: RoutingControl) -> list[Row]:
        query = self.library[name]
        records, summary, _ = await self.driver.execute_query(
            "PROFILE " + query.text, params, routing_=routing, database_=self.database
        )
        self.hits += plan_db_hits(summary.profile)
        return [record.data() for record in records]

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._execute(name, params, RoutingControl.READ)

    async def append(self, name: str, **params: Any) -> None:
        query = self.library[name]
        async with self.driver.session(database=self.database) as session:
            result = await session.run("PROFILE " + query.text, params)
            summary = await result.consume()
        self.hits += plan_db_hits(summary.profile)

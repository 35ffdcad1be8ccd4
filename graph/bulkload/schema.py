"""The loaded store's constraints and indexes, created a label at a time and all at once, so that each of the
load's writes waits only for the rules it needs.

Neo4j populates a uniqueness constraint's index while its CREATE runs and a plain index after the
transaction that created it commits (an index being populated takes the writes made meanwhile). Each label's
(or relationship type's) rules get a transaction of their own, all started together (two transactions
creating rules of one label would deadlock on its lock), so a Tip's and an Identifier's populate side by
side where one transaction (`Database.apply_schema`) populated them one after the other; the caller may
wait for one label's transaction alone: its constraints are then online, its plain indexes populating.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from graph.store.database import Database, Transaction
from graph.store.queries import Query

# The label (or relationship type) a schema statement's rule is for: `FOR (t:Tip)`, `FOR ()-[r:TYPE]-()`.
_RULE_OF = re.compile(r"\bFOR\s*\(\s*\w*\s*:\s*(\w+)|\bFOR\s*\(\s*\)\s*-\s*\[\s*\w*\s*:\s*(\w+)")
# The name of the index a schema statement makes (a constraint's index bears the constraint's name).
_NAME_OF = re.compile(r"\bCREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", re.IGNORECASE)


def rules_by_label(rules: Sequence[Query]) -> dict[str, list[Query]]:
    """The schema statements grouped by the label or relationship type they are for, in their order."""
    grouped: dict[str, list[Query]] = {}
    for rule in rules:
        found = _RULE_OF.search(rule.text)
        grouped.setdefault((found.group(1) or found.group(2)) if found else "", []).append(rule)
    return grouped


class LoadSchema:
    """Every constraint and index of the store being created, a transaction per label, all under way at
    once from construction (inside a running event loop)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._rules = rules_by_label(db.library.schema())
        self._created = {
            label: asyncio.create_task(self._create(rules)) for label, rules in self._rules.items()
        }

    async def _create(self, rules: Sequence[Query]) -> None:
        async def create_all(tx: Transaction) -> None:
            for rule in rules:
                await tx.run(rule.name)

        await self.db.write_transaction(create_all)

    async def created(self, *labels: str) -> None:
        """Waits until the rules of `labels` are created: their constraints online (their plain indexes may
        still be populating)."""
        await asyncio.gather(*(self._created[label] for label in labels))

    async def online_for(self, label: str) -> None:
        """Waits until the rules of `label` are created and every index of theirs is online."""
        await self.created(label)
        for rule in self._rules[label]:
            named = _NAME_OF.search(rule.text)
            if named is None:
                raise ValueError(f"{rule.name} names no index")
            await self.db.write("bulkload/await_index", index=named.group(1))

    async def created_all(self) -> None:
        """Waits until every rule is created: every constraint online (plain indexes may be populating)."""
        await asyncio.gather(*self._created.values())

    async def online(self) -> None:
        """Waits until every rule is created and every index online."""
        await asyncio.gather(*self._created.values())
        await self.db.write("bulkload/await_indexes")

    def cancel(self) -> None:
        """Stops waiting for any rule still being created (the load failed)."""
        for task in self._created.values():
            task.cancel()


async def create_schema_at_once(db: Database) -> None:
    """Every rule created, a transaction per label at once, and every index online (`LoadSchema.online`)."""
    schema = LoadSchema(db)
    try:
        await schema.online()
    finally:
        schema.cancel()

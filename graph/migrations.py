"""One-shot data migrations, run once against a database stored by an older tipgraph.

`python -m graph.migrations` (NEO4J_URI and NEO4J_PASSWORD as for the service) applies each in order; each
touches only what it has not migrated yet, so running it again changes nothing.

- tip keys (issue 8): tips and submissions get `service` and `reportId`, the key ingest now looks them up
  by (graph/tip_keys.py). A tip keeps its id, so every reference to it (decisions, audit, clusters) holds.
"""

from __future__ import annotations

import asyncio

from graph.settings import Settings
from graph.store.database import Database, opened
from graph.store.launcher import dev_password

BATCH = 10_000


async def migrate_tip_keys(db: Database) -> int:
    """Backfills the (service, reportId) key of tips and submissions; returns how many nodes changed."""
    total = 0
    for name in ("migrations/tip_keys", "migrations/submission_keys"):
        while True:
            rows = await db.write(name, limit=BATCH)
            migrated = int(rows[0]["migrated"]) if rows else 0
            total += migrated
            if migrated < BATCH:
                break
    return total


async def main(settings: Settings) -> None:
    if not settings.neo4j_uri:
        raise SystemExit("set NEO4J_URI to the database to migrate")
    password = settings.neo4j_password or dev_password(settings.cache_dir)
    async with opened(settings, settings.neo4j_uri, password) as db:
        print(f"tip keys: {await migrate_tip_keys(db)} nodes migrated")


if __name__ == "__main__":
    asyncio.run(main(Settings()))

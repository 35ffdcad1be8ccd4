"""One-shot data migrations, run once against a database stored by an older tipgraph.

`python -m graph.migrations` (NEO4J_URI and NEO4J_PASSWORD as for the service) applies each in order; each
touches only what it has not migrated yet, so running it again changes nothing. The store records each step
once it completed (graph/store_version.py): a run cut short resumes where it stopped, and work that depends
on a migration (a recompute) refuses a store that lacks one.

- tip keys (issue 8): tips and submissions get `service` and `reportId`, the key ingest now looks them up
  by (graph/tip_keys.py). A tip keeps its id, so every reference to it (decisions, audit, clusters) holds.
- tip labels (issue 12): tips get `labels`, the reporting service's labels made from the stored report as
  ingest now makes them (graph/labels), so an older tip reads as a new one does; a purged tip gets none.
- suspect accounts (issue 9): identifiers get `suspectAccounts`, the distinct suspect accounts of all the tips
  carrying them, which ingest and the bulk load now keep, so linkedTips and clustering read one property
  where they walked every carrier tip.
- generic flags (issue 11): identifiers get their `generic` flag by the people rule (the suspect accounts
  behind a value, `graph.clustering.thresholds.links_people`) that ingest and the bulk load now keep; run
  after the suspect accounts, which it reads. `tipgraph clusters recompute` then clusters by it.
- shared identifiers (issue 9): identifiers carried by two tips or more get the `Shared` label, which
  ingest and the bulk load now keep, so a recompute reads only those by an index (clusters/occurrences).
- content clusters (issue 11): content digests get their group (`contentClusterId`) and viral campaigns
  their `ContentCluster` nodes, which ingest, recompute and the bulk load now keep
  (graph/clusters/content_build.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Final

import orjson

from graph.clustering.thresholds import RULE_PARAMS
from graph.clusters.content_build import recompute_content_clusters
from graph.clusters.refresh import forget_state
from graph.labels.provenance import service_labels
from graph.settings import Settings
from graph.store.database import Database, Row, opened
from graph.store.launcher import dev_password
from graph.store_version import MIGRATIONS, missing_migrations, record_applied
from graph.tip import parse_tip
from graph.tip_validation import TipValidationError
from graph.tips import native

BATCH = 10_000
# Labels are made in Python from each tip's report: smaller batches than a pure-Cypher migration.
LABEL_BATCH = 1_000


async def migrate_tip_keys(db: Database) -> int:
    """Backfills the (service, reportId) key of tips and submissions; returns how many nodes changed."""
    return await _in_batches(db, "migrations/tip_keys") + await _in_batches(db, "migrations/submission_keys")


async def _in_batches(db: Database, name: str) -> int:
    """Runs a migration statement BATCH nodes at a time until a batch migrates fewer; returns how many."""
    total = 0
    while True:
        rows = await db.write(name, limit=BATCH)
        migrated = int(rows[0]["migrated"]) if rows else 0
        total += migrated
        if migrated < BATCH:
            return total


async def migrate_suspect_accounts(db: Database) -> int:
    """Counts the suspect accounts behind identifiers stored before the count was kept; returns how many."""
    return await _in_batches(db, "migrations/suspect_accounts")


async def migrate_shared_identifiers(db: Database) -> int:
    """Labels Shared the identifiers two tips or more carry, stored before the label was kept; returns
    how many."""
    return await _in_batches(db, "migrations/shared_identifiers")


async def migrate_generic_flags(db: Database) -> int:
    """Sets every identifier's generic flag by the people rule; returns how many flags changed."""
    total, after = 0, ""
    while True:
        rows = await db.write("migrations/generic_flags", after=after, limit=BATCH, **RULE_PARAMS)
        total += int(rows[0]["migrated"])
        if int(rows[0]["read"]) < BATCH:
            return total
        after = str(rows[0]["last"])


async def migrate_tip_labels(db: Database) -> int:
    """Gives tips stored before labels existed their service labels; returns how many tips changed."""
    total = 0
    while True:
        found = await db.read("migrations/unlabelled_tips", limit=LABEL_BATCH)
        if not found:
            return total
        rows = [{"id": row["id"], "labels": _service_labels(row)} for row in found]
        written = await db.write("migrations/tip_labels", rows=rows)
        total += int(written[0]["migrated"]) if written else 0


def _service_labels(row: Row) -> list[str]:
    if row["report"] is None:
        return []
    received = native(row["receivedAt"])
    try:
        # Validated as of its receipt: its date-times were in the past then.
        tip = parse_tip(orjson.loads(row["report"]), now=received)
    except TipValidationError:
        return []
    service = row["service"] or tip.incidentSummary.platform
    return [label.to_stored() for label in service_labels(tip, row["id"], service, received)]


# A migration step: runs it on the store and says what it did.
Step = Callable[[Database], Awaitable[str]]


async def _content_clusters(db: Database) -> str:
    content = await recompute_content_clusters(db)
    return f"{content.relabelled} digests and {content.written} clusters migrated"


def _counted(what: str, migrate: Callable[[Database], Awaitable[int]]) -> Step:
    async def run(db: Database) -> str:
        return f"{await migrate(db)} {what} migrated"

    return run


# Each migration by its recorded name (graph/store_version.MIGRATIONS, in the same order), with what it
# reports.
STEPS: Final[dict[str, Step]] = {
    "tip_keys": _counted("nodes", migrate_tip_keys),
    "tip_labels": _counted("tips", migrate_tip_labels),
    "suspect_accounts": _counted("identifiers", migrate_suspect_accounts),
    "generic_flags": _counted("identifiers", migrate_generic_flags),
    "shared_identifiers": _counted("identifiers", migrate_shared_identifiers),
    "content_clusters": _content_clusters,
}
# Steps that change the actor clusters' input with no audit event: the next recompute is a full one.
CLUSTERING_INPUT: Final = frozenset({"suspect_accounts", "generic_flags", "shared_identifiers"})


async def migrate(db: Database, report: Callable[[str, str], None] = lambda name, done: None) -> list[str]:
    """Runs each migration the store has not recorded, in order, recording each once it completed (a run
    cut short resumes at the first step not recorded; each step migrates only what it has not migrated
    yet, so one cut short midway is run again whole); returns the names of those it ran. `report` gets
    each step's name and what it did."""
    missing = set(await missing_migrations(db))
    ran: list[str] = []
    for name in MIGRATIONS:
        if name not in missing:
            report(name, "already applied")
            continue
        report(name, await STEPS[name](db))
        if name in CLUSTERING_INPUT:
            # Before the step is recorded: a run cut short between the two runs the step again, and forgets.
            await forget_state(db)
        await record_applied(db, name)
        ran.append(name)
    return ran


async def main(settings: Settings) -> None:
    if not settings.neo4j_uri:
        raise SystemExit("set NEO4J_URI to the database to migrate")
    password = settings.neo4j_password or dev_password(settings.cache_dir)
    async with opened(settings, settings.neo4j_uri, password) as db:
        await migrate(db, lambda name, done: print(f"{name.replace('_', ' ')}: {done}"))


if __name__ == "__main__":
    asyncio.run(main(Settings()))

"""Which one-shot migrations (graph/migrations.py) a store has had, and the guard of what needs them.

A store records the migrations applied to it on one `(:Migrations {id: 'tipgraph', applied: [names]})` node.
Every store this tipgraph creates starts with all of them (`stamp_fresh` whenever the schema is applied to an
empty store, `record_current` after a bulk load), since what it writes needs none; `python -m
graph.migrations` records each step as it completes it. A store kept from an older tipgraph has no record,
or one without the newest names: it is behind until the migrations run.

Work whose answer depends on a migration refuses a store that is behind (`require_current`) instead of
computing a wrong answer from it: a full recompute seeks its input by the Shared label, so on a store whose
identifiers were never labelled it would read nothing and delete every cluster.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from graph.errors import TipgraphError

if TYPE_CHECKING:
    from graph.store.database import Database

# Every migration of graph/migrations.py, in the order it runs them. A new migration adds its name here:
# stores recorded before it are then behind until it runs.
MIGRATIONS: Final = (
    "tip_keys",
    "tip_labels",
    "suspect_accounts",
    "generic_flags",
    "shared_identifiers",
    "content_clusters",
)
MIGRATE_COMMAND: Final = "python -m graph.migrations"


class StoreBehindError(TipgraphError):
    """The store was written by an older tipgraph and lacks migrations this work depends on; nothing was
    changed."""

    code = "STORE_BEHIND"

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(
            f"the database was written by an older tipgraph and lacks the migrations {', '.join(missing)}: "
            f"run `{MIGRATE_COMMAND}` against it (NEO4J_URI and NEO4J_PASSWORD as for the service), then "
            "try again"
        )
        self.missing = missing


def missing_of(applied: Iterable[str] | None) -> tuple[str, ...]:
    """The migrations not among a store's recorded `applied` ones (None: it records none), in the order
    they run."""
    recorded = set(applied or ())
    return tuple(name for name in MIGRATIONS if name not in recorded)


def require_applied(applied: Iterable[str] | None) -> None:
    """Raises StoreBehindError when a store's recorded migrations (read by the caller, e.g. inside the
    transaction it is about to write in) lack one."""
    missing = missing_of(applied)
    if missing:
        raise StoreBehindError(missing)


async def missing_migrations(db: Database) -> tuple[str, ...]:
    """The migrations this store has not had, in the order they run (none for a current store)."""
    rows = await db.read("migrations/applied")
    return missing_of(rows[0]["applied"] if rows else None)


async def require_current(db: Database) -> None:
    """Raises StoreBehindError when the store lacks a migration."""
    missing = await missing_migrations(db)
    if missing:
        raise StoreBehindError(missing)


async def stamp_fresh(db: Database) -> bool:
    """Records every migration as applied when the store holds nothing else; returns whether it did."""
    rows = await db.write("migrations/stamp_fresh", applied=list(MIGRATIONS))
    return bool(rows and rows[0]["stamped"])


async def record_current(db: Database) -> None:
    """Records every migration as applied: for a store this tipgraph has just filled from nothing."""
    await db.write("migrations/record_current", applied=list(MIGRATIONS))


async def record_applied(db: Database, name: str) -> None:
    """Records one migration as applied, once it has completed."""
    if name not in MIGRATIONS:
        raise ValueError(f"no migration named {name!r}")
    await db.write("migrations/record_applied", migration=name)

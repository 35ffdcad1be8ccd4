"""The Shared label a recompute reads its input by (clusters/occurrences seeks it in uid order) is on exactly
the identifiers two tips or more carry, whatever wrote them: concurrent ingests of overlapping tips,
resubmissions, and the migration of a store kept before the label; and a recompute reads the same rows
through it as its uids say it must."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from graph.clusters.recompute import read_occurrences
from graph.ingest import IngestOutcome, ingest_tips
from graph.migrations import migrate_shared_identifiers
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from tests.store.test_suspect_accounts import AT, trail, variant


async def labels(db: Database) -> tuple[list[str], int]:
    (row,) = await db.read("testing/shared_labels")
    return row["wrong"], row["shared"]


async def test_shared_is_on_the_identifiers_of_two_tips_or_more_and_a_migration_puts_it_back(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    tips = [variant(example_tip, n) for n in range(12)]
    generated = [parse_tip(g.tip, now=AT) for g in generate(GeneratorConfig(tips=80, seed=5, now=AT))]
    # Four requests at once, each with tips that share identifiers with the others'.
    requests = [[*tips[n::4], *generated[n::4]] for n in range(4)]
    results = await asyncio.gather(
        *(ingest_tips(clean_db, settings, trail(), request, received_at=AT) for request in requests)
    )
    assert {r.outcome for batch in results for r in batch} == {IngestOutcome.CREATED}
    wrong, shared = await labels(clean_db)
    assert (wrong, shared > 10) == ([], True)

    # Resubmitted tips change nothing; a new one makes more identifiers shared.
    later = AT + timedelta(hours=1)
    again = [*tips[:3], variant(example_tip, 12)]
    outcomes = [r.outcome for r in await ingest_tips(clean_db, settings, trail(), again, received_at=later)]
    assert outcomes == [IngestOutcome.UNCHANGED] * 3 + [IngestOutcome.CREATED]
    assert (await labels(clean_db))[0] == []

    # What a recompute reads: identifiers of two tips or more only.
    read = await read_occurrences(clean_db, page=7)
    assert read and min(row.tip_count for row in read) >= 2

    # A store kept before the label: the read finds nothing until the migration labels it again.
    removed = (await clean_db.write("testing/unlabel_shared"))[0]["removed"]
    assert removed >= shared
    assert await read_occurrences(clean_db, page=7) == []
    assert await migrate_shared_identifiers(clean_db) == removed
    assert await migrate_shared_identifiers(clean_db) == 0
    assert (await labels(clean_db))[0] == []
    assert await read_occurrences(clean_db, page=7) == read

"""A recompute's read (clusters/occurrences) reads of each occurrence only the properties its kind can carry:
it reads the same rows as the read of all seven properties of every occurrence (what it did before, kept as
bench/occurrences_every_property for bench.occurrence_read), IP observations and verified flags included."""

from __future__ import annotations

from graph.clusters.recompute import read_occurrences
from graph.ingest import IngestOutcome, ingest_tips
from graph.kinds import IdentifierKind
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from tests.store.test_suspect_accounts import AT, trail


async def test_the_read_by_kind_reads_what_every_property_reads(
    clean_db: Database, settings: Settings
) -> None:
    tips = [parse_tip(g.tip, now=AT) for g in generate(GeneratorConfig(tips=300, seed=3, now=AT))]
    results = await ingest_tips(clean_db, settings, trail(), tips, received_at=AT)
    assert {r.outcome for r in results} == {IngestOutcome.CREATED}

    by_kind = await read_occurrences(clean_db, page=25)
    every = await read_occurrences(clean_db, page=25, statement="bench/occurrences_every_property")
    assert by_kind == every
    # The properties only some kinds carry are read where they are.
    ips = [row for row in by_kind if row.kind is IdentifierKind.IP]
    assert any(row.at is not None and row.port is not None for row in ips)
    assert any(
        row.verified is not None
        for row in by_kind
        if row.kind in (IdentifierKind.EMAIL, IdentifierKind.PHONE)
    )

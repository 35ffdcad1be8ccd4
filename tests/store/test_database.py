"""The gateway's routing rules and statement timing, against the real database."""

from __future__ import annotations

import pytest

from graph.store.database import Database, Transaction


async def test_a_read_statement_cannot_be_sent_as_a_write(db: Database) -> None:
    # Sent as a write it would reach only a cluster's leader, never the followers that serve reads.
    with pytest.raises(ValueError, match="read statement"):
        await db.write("tips/get_by_ids", ids=[], scope={"all": True})


async def test_a_write_statement_cannot_be_sent_as_a_read(db: Database) -> None:
    with pytest.raises(ValueError, match="write statement"):
        await db.read("submissions/expire", now=None)


async def test_every_statement_run_is_timed_by_name(clean_db: Database) -> None:
    seen: list[tuple[str, float]] = []
    observer = clean_db.observe_statement
    clean_db.observe_statement = lambda name, seconds: seen.append((name, seconds))
    try:
        await clean_db.read("tips/get_by_ids", ids=["none"], scope={"all": True}, card=False)

        async def work(tx: Transaction) -> None:
            await tx.run("judgements/active")

        await clean_db.write_transaction(work)
        await clean_db.write("leases/release", lease="none", holder="nobody")
    finally:
        clean_db.observe_statement = observer
    assert [name for name, _ in seen] == ["tips/get_by_ids", "judgements/active", "leases/release"]
    assert all(seconds > 0 for _, seconds in seen)

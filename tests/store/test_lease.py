"""The lease in Neo4j that lets one worker at a time run a job (the expiry sweep)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from api.sweep import sweep_forever
from graph.lease import Lease
from graph.store.database import Database
from graph.submissions import SubmissionStatus


async def test_of_many_contenders_racing_for_a_free_lease_exactly_one_gets_it(clean_db: Database) -> None:
    contenders = [Lease(clean_db, "job", seconds=60, holder=f"worker-{n}") for n in range(12)]
    states = await asyncio.gather(*(lease.take() for lease in contenders))
    winners = [lease.holder for lease, state in zip(contenders, states, strict=True) if state.held]
    assert len(winners) == 1
    assert {state.holder for state in states} == {winners[0]}


@pytest.mark.parametrize("rounds", [5])
async def test_of_many_contenders_racing_for_a_released_lease_exactly_one_gets_it(
    clean_db: Database, rounds: int
) -> None:
    """The lease node exists already (the usual case after the first sweep): no creation to serialise
    the contenders, only the lease's own locking."""
    for round_ in range(rounds):
        contenders = [Lease(clean_db, "job", seconds=60, holder=f"worker-{round_}-{n}") for n in range(12)]
        states = await asyncio.gather(*(lease.take() for lease in contenders))
        winners = [lease for lease, state in zip(contenders, states, strict=True) if state.held]
        assert len(winners) == 1
        assert {state.holder for state in states} == {winners[0].holder}
        assert await winners[0].release()


async def test_the_holder_renews_and_others_wait_until_it_expires_or_is_released(clean_db: Database) -> None:
    first = Lease(clean_db, "job", seconds=60, holder="first")
    second = Lease(clean_db, "job", seconds=60, holder="second")
    taken = await first.take()
    assert taken.held and taken.expires_at is not None
    renewed = await first.take()
    assert renewed.held and renewed.expires_at is not None and renewed.expires_at >= taken.expires_at
    refused = await second.take()
    assert (refused.held, refused.holder) == (False, "first")
    assert await second.release() is False
    assert await first.release() is True
    assert (await second.take()).held


async def test_an_expired_lease_passes_to_the_next_contender(clean_db: Database) -> None:
    short = Lease(clean_db, "job", seconds=1.5, holder="gone")
    assert (await short.take()).held
    other = Lease(clean_db, "job", seconds=60, holder="next")
    assert not (await other.take()).held
    await asyncio.sleep(1.6)
    assert (await other.take()).held
    assert not (await short.take()).held


async def test_leases_of_different_jobs_are_independent(clean_db: Database) -> None:
    assert (await Lease(clean_db, "sweep", seconds=60, holder="a").take()).held
    assert (await Lease(clean_db, "other", seconds=60, holder="b").take()).held


async def test_only_the_sweep_lease_holder_sweeps_and_it_hands_the_lease_back_when_stopped(
    clean_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    past = datetime.now(UTC) - timedelta(days=2)
    await clean_db.driver.execute_query(
        "CREATE (:Submission {id: 'S-1', status: 'OPEN', expiresAt: $past})", {"past": past}
    )
    holder = Lease(clean_db, "expiry-sweep", seconds=60, holder="holder")
    waiting = Lease(clean_db, "expiry-sweep", seconds=60, holder="waiting")
    assert (await holder.take()).held
    caplog.set_level(logging.DEBUG, logger="tipgraph.sweep")
    loop = asyncio.create_task(sweep_forever(clean_db, 0.05, waiting))
    try:
        await asyncio.sleep(0.5)
        assert await _status(clean_db, "S-1") == SubmissionStatus.OPEN.value
        assert not [r for r in caplog.records if r.getMessage() == "swept"]

        assert await holder.release()
        for _ in range(100):
            if await _status(clean_db, "S-1") == SubmissionStatus.EXPIRED.value:
                break
            await asyncio.sleep(0.1)
        assert await _status(clean_db, "S-1") == SubmissionStatus.EXPIRED.value
        assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("sweep lease")] == [
            "sweep lease taken"
        ]
    finally:
        loop.cancel()
        await asyncio.wait([loop])
    assert (await holder.take()).held


async def _status(db: Database, submission_id: str) -> str:
    records, _, _ = await db.driver.execute_query(
        "MATCH (s:Submission {id: $id}) RETURN s.status AS status", {"id": submission_id}
    )
    return str(records[0]["status"])

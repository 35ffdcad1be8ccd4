"""Two real worker processes behind one port (`tipgraph run --workers 2` serves the same way): one rate
limit per token between them, one sweeper, and metrics that add up both workers' requests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.worker_processes import ServedWorkers, spawned_workers
from graph.settings import Settings
from graph.store.database import Database
from graph.store.launcher import dev_password
from graph.viewer import Role
from tests.conftest import TEST_SECRET, token_for

METRICS_TOKEN = "metrics-token-of-the-worker-test"
BURST = 5
# Short, so the test sees many sweeps; long enough that a worker slowed by a busy machine keeps its lease
# (3 intervals).
SWEEP_SECONDS = 0.5
STARTUP_SECONDS = 180
SUBMISSION = f"EXPIRES-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def workers(
    settings: Settings, neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServedWorkers]:
    environment = {
        "NEO4J_URI": neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password or dev_password(settings.cache_dir),
        "TIPGRAPH_AUTH_HS256_SECRET": TEST_SECRET,
        # Almost no refill: whatever the test sends within a minute, the burst is all one token gets.
        "TIPGRAPH_RATE_LIMIT_PER_SECOND": "0.001",
        "TIPGRAPH_RATE_LIMIT_BURST": str(BURST),
        "TIPGRAPH_SWEEP_INTERVAL_SECONDS": str(SWEEP_SECONDS),
        "TIPGRAPH_METRICS_TOKEN": METRICS_TOKEN,
        "TIPGRAPH_LOG_LEVEL": "debug",
    }
    log = tmp_path_factory.mktemp("workers") / "server.log"
    with spawned_workers(environment, 2, log, STARTUP_SECONDS) as served:
        yield served


async def _post_each_on_a_new_connection(url: str, bearers: list[str], query: str) -> list[int]:
    """Concurrent requests, each on its own connection, so the kernel spreads them over both workers."""

    async def one(bearer: str) -> int:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            response = await client.post(
                "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {bearer}"}
            )
            return response.status_code

    return list(await asyncio.gather(*(one(bearer) for bearer in bearers)))


def _pids_serving(workers: ServedWorkers, statuses: set[int], operation: str | None = None) -> set[int]:
    return {
        line["pid"]
        for line in workers.lines()
        if line["message"] == "request"
        and line["status"] in statuses
        and (operation is None or line.get("operation") == operation)
    }


async def test_one_token_gets_one_budget_across_both_workers(
    workers: ServedWorkers, settings: Settings
) -> None:
    bearer = token_for(settings, Role.ANALYST, subject="one-budget-for-both-workers")
    statuses: list[int] = []
    # Rounds until both workers have answered this token (the kernel decides who accepts a connection).
    for _ in range(30):
        statuses += await _post_each_on_a_new_connection(
            workers.url, [bearer] * 20, "query Budget { agencies { id } }"
        )
        if len(_pids_serving(workers, {429})) >= 2:
            break
    # Both workers refused this token: each saw it past the budget, which neither spent alone.
    assert len(_pids_serving(workers, {429})) == 2
    assert statuses.count(200) == BURST
    assert statuses.count(429) == len(statuses) - BURST


async def test_only_one_worker_sweeps(workers: ServedWorkers, db: Database) -> None:
    # Not clean_db: wiping the database would delete the lease itself and let the other worker take it.
    past = datetime.now(UTC) - timedelta(days=2)
    await db.driver.execute_query(
        "CREATE (:Submission {id: $id, status: 'OPEN', expiresAt: $past})", {"id": SUBMISSION, "past": past}
    )
    for _ in range(300):
        records, _, _ = await db.driver.execute_query(
            "MATCH (s:Submission {id: $id}) RETURN s.status AS status", {"id": SUBMISSION}
        )
        if records[0]["status"] == "EXPIRED":
            break
        await asyncio.sleep(0.1)
    assert records[0]["status"] == "EXPIRED"
    await asyncio.sleep(SWEEP_SECONDS * 5)  # both workers woke several times since
    lines = workers.lines()
    sweepers = {line["pid"] for line in lines if line["message"] == "swept"}
    takers = {line["pid"] for line in lines if line["message"] == "sweep lease taken"}
    assert len(sweepers) == 1
    assert takers == sweepers
    assert workers.started_pids() > sweepers  # the other worker is alive, and never swept


async def test_metrics_of_both_workers_add_up(workers: ServedWorkers, settings: Settings) -> None:
    def graphql_requests(body: str) -> float:
        return sum(
            sample.value
            for family in text_string_to_metric_families(body)
            for sample in family.samples
            if sample.name == "tipgraph_graphql_request_seconds_count"
            and sample.labels.get("operation") == "Counted"
        )

    sent = 0
    # Rounds until both workers have answered (the kernel gives a connection to whichever worker accepts
    # first, and the one sweeping may be busy for a while), so allow many short rounds.
    for round_ in range(60):
        # A token per request: none of them meets the rate limit.
        bearers = [token_for(settings, Role.ANALYST, subject=f"counted-{round_}-{n}") for n in range(4)]
        statuses = await _post_each_on_a_new_connection(
            workers.url, bearers, "query Counted { agencies { id } }"
        )
        assert statuses == [200] * len(bearers)
        sent += len(statuses)
        if len(_pids_serving(workers, {200, 429}, "Counted")) >= 2:
            break
        await asyncio.sleep(0.2)
    assert len(_pids_serving(workers, {200, 429}, "Counted")) == 2
    async with httpx.AsyncClient(base_url=workers.url, timeout=60) as client:
        for _ in range(6):  # whichever worker answers the scrape, it reports both workers' requests
            response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
            assert response.status_code == 200
            assert graphql_requests(response.text) == sent

"""With the database gone, requests fail fast with UNAVAILABLE and HTTP 503, and the probes say which part
is down: /healthz (the process answers) stays 200, /readyz (the database answers) is 503."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import dev_password, free_port
from tests.api.graphql import SUBMIT_TIPS, error_codes

# The driver's own defaults held a request about 30 s; the configured timeouts allow a few.
FAIL_FAST_SECONDS = 6


@pytest.fixture
async def nowhere(settings: Settings) -> AsyncIterator[Database]:
    """A database on a loopback port where nothing listens."""
    db = connect(settings, f"bolt://127.0.0.1:{free_port()}", dev_password(settings.cache_dir))
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
async def cut_off(
    nowhere: Database, settings: Settings, analyst_headers: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(settings, db=nowhere))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://t.test", headers=analyst_headers
    ) as client:
        yield client


@pytest.mark.parametrize(
    "operation",
    [
        '{ tip(id: "x") { id } }',
        "{ searchTips(first: 5) { totalCount } }",
    ],
)
async def test_a_request_fails_fast_with_unavailable_and_503(
    cut_off: httpx.AsyncClient, operation: str
) -> None:
    started = time.perf_counter()
    response = await cut_off.post("/graphql", json={"query": operation})
    elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert "UNAVAILABLE" in error_codes(response.json())
    assert elapsed < FAIL_FAST_SECONDS


async def test_a_submission_fails_fast_with_unavailable_and_503(
    cut_off: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    started = time.perf_counter()
    response = await cut_off.post(
        "/graphql", json={"query": SUBMIT_TIPS, "variables": {"tips": [example_tip]}}
    )
    assert time.perf_counter() - started < FAIL_FAST_SECONDS
    assert response.status_code == 503
    assert error_codes(response.json()) == ["UNAVAILABLE"]


async def test_healthz_says_the_process_is_alive_and_readyz_that_the_database_is_not(
    cut_off: httpx.AsyncClient,
) -> None:
    health = await cut_off.get("/healthz")
    started = time.perf_counter()
    ready = await cut_off.get("/readyz")
    assert time.perf_counter() - started < FAIL_FAST_SECONDS
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (503, {"status": "unavailable", "database": "unreachable"})


async def test_readyz_is_ready_when_the_database_answers(client: httpx.AsyncClient) -> None:
    ready = await client.get("/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "database": "ok"})

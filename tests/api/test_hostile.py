"""Hostile and malformed requests: each refused with a clear error, none with a side effect.

Query-cost, body and token attacks live in tests/security/; these are the rest of the endpoint's manners.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

COUNT = "{ searchTips(first: 1) { totalCount } }"


@pytest.mark.parametrize("first", [0, 101, 100_000, -5])
async def test_page_sizes_outside_1_to_100_are_refused(client: httpx.AsyncClient, first: int) -> None:
    body = await gql(client, "query($n: Int!) { searchTips(first: $n) { totalCount } }", {"n": first})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_introspection_is_off_outside_dev_mode(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ __schema { types { name } } }")
    assert body.get("data") is None
    assert "introspection" in body["errors"][0]["message"].lower()


async def test_a_mutation_over_get_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    mutation = 'mutation { submitTips(tips: [{reportId: "G1"}]) { created } }'
    response = await client.get("/graphql", params={"query": mutation})
    assert response.status_code == 405
    assert data(await gql(client, COUNT))["searchTips"]["totalCount"] == 0


async def test_a_query_over_get_works(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": COUNT})
    assert response.status_code == 200
    assert response.json()["data"]["searchTips"]["totalCount"] == 0


async def test_too_many_requests_for_one_token_get_a_429_with_retry_after(
    clean_db: Database, settings: Settings
) -> None:
    strict = settings.model_copy(update={"rate_limit_per_second": 0.01, "rate_limit_burst": 3})
    transport = httpx.ASGITransport(app=create_app(strict, db=clean_db))
    token = token_for(settings, Role.ANALYST, subject="hasty")
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test", headers=headers) as hasty:
        statuses = [(await hasty.post("/graphql", json={"query": COUNT})).status_code for _ in range(5)]
        refused = await hasty.post("/graphql", json={"query": COUNT})
    assert statuses == [200, 200, 200, 429, 429]
    assert int(refused.headers["retry-after"]) >= 1
    assert error_codes(refused.json()) == ["RATE_LIMITED"]


async def test_unexpected_errors_are_masked_with_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": '{ tip(id: "x") { id } }'})
    assert response.headers["x-request-id"]


async def test_graphiql_is_served_only_in_dev_mode(clean_db: Database, settings: Settings) -> None:
    html = {"Accept": "text/html"}
    for dev_mode, status in ((True, 200), (False, 401)):
        app = create_app(settings.model_copy(update={"dev_mode": dev_mode}), db=clean_db)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t.test"
        ) as browser:
            response = await browser.get("/graphql", headers=html)
        assert response.status_code == status
        if dev_mode:
            assert "graphiql" in response.text.lower()

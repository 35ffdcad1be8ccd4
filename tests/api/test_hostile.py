"""Hostile and malformed requests: each refused with a clear error, none with a side effect."""

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


def nested_linked_tips(depth: int) -> str:
    query = "id"
    for _ in range(depth):
        query = f"linkedTips(first: 1) {{ edges {{ node {{ {query} }} }} }}"
    return f'{{ tip(id: "x") {{ {query} }} }}'


async def test_a_deep_query_is_refused(client: httpx.AsyncClient) -> None:
    body = await gql(client, nested_linked_tips(50))
    assert body.get("data") is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_a_thousand_aliases_are_refused(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f'a{i}: tip(id: "x") {{ id }}' for i in range(1000))
    body = await gql(client, f"{{ {aliases} }}")
    assert body.get("data") is None
    assert body["errors"]


async def test_many_aliases_below_the_token_limit_are_refused_by_the_alias_limit(
    client: httpx.AsyncClient,
) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(50))
    body = await gql(client, f"{{ {aliases} }}")
    assert "aliases found" in body["errors"][0]["message"]


async def test_fragment_cycles_are_refused(client: httpx.AsyncClient) -> None:
    query = """
    query { tip(id: "x") { ...A } }
    fragment A on Tip { linkedTips { edges { node { ...B } } } }
    fragment B on Tip { linkedTips { edges { node { ...A } } } }
    """
    body = await gql(client, query)
    assert body.get("data") is None
    assert any("Cannot spread fragment" in e["message"] for e in body["errors"])


async def test_a_fan_out_that_multiplies_is_refused(client: httpx.AsyncClient) -> None:
    query = """{ searchTips(first: 100) { edges { node { linkedTips(first: 100) { edges { node {
      linkedTips(first: 100) { edges { node { id } } } } } } } } } }"""
    body = await gql(client, query)
    assert body.get("data") is None
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]


@pytest.mark.parametrize("first", [0, 101, 100_000, -5])
async def test_page_sizes_outside_1_to_100_are_refused(client: httpx.AsyncClient, first: int) -> None:
    body = await gql(client, "query($n: Int!) { searchTips(first: $n) { totalCount } }", {"n": first})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_introspection_is_off_outside_dev_mode(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ __schema { types { name } } }")
    assert body.get("data") is None
    assert "introspection" in body["errors"][0]["message"].lower()


async def test_malformed_json_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


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


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        (None, "missing bearer token"),
        ("Basic abc", "authorization header must be 'Bearer <token>'"),
        ("Bearer not.a.jwt", "malformed token"),
    ],
)
async def test_no_or_bad_token_is_a_401_with_a_clear_message(
    clean_db: Database, settings: Settings, authorization: str | None, message: str
) -> None:
    transport = httpx.ASGITransport(app=create_app(settings, db=clean_db))
    headers = {"Authorization": authorization} if authorization else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://t.test") as anonymous:
        response = await anonymous.post("/graphql", json={"query": COUNT}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["message"] == message


async def test_a_token_signed_with_another_secret_is_refused(client: httpx.AsyncClient) -> None:
    forged = Settings(auth_hs256_secret="another-secret-that-is-long-enough-for-hs256!")
    from api.auth import mint_token

    token = mint_token(
        secret=forged.auth_hs256_secret or "",
        issuer=forged.auth_issuer,
        audience=forged.auth_audience,
        subject="mallory",
        role=Role.SUPERVISOR,
        agency=None,
    )
    response = await client.post(
        "/graphql", json={"query": COUNT}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "bad signature"


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


async def test_graphql_response_json_is_answered_in_kind_with_400_for_request_errors(
    client: httpx.AsyncClient,
) -> None:
    accept = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
    good = await client.post("/graphql", json={"query": COUNT}, headers=accept)
    assert good.status_code == 200
    assert good.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ noSuchField }"}, headers=accept)
    assert invalid.status_code == 400
    assert "data" not in invalid.json() or invalid.json()["data"] is None
    plain = await client.post("/graphql", json={"query": "{ noSuchField }"})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("application/json")


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

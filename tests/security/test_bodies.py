"""Body attacks and malformed requests: each is a 4xx with a GraphQL-shaped error and a stable code, never
a 500, a traceback or a log line claiming something unexpected happened; none changes anything."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from api.app import create_app
from graph.settings import Settings
from graph.store.database import Database
from tests.api.graphql import data, error_codes, gql

COUNT = "{ searchTips(first: 1) { totalCount } }"
GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
JSON = {"content-type": "application/json"}
FIRST = "query($f: Int!) { searchTips(first: $f) { totalCount } }"


def shaped(response: httpx.Response) -> list[str]:
    """The codes of a GraphQL-shaped error response (asserting that it is one)."""
    body = response.json()
    assert isinstance(body, dict)
    assert body["errors"]
    assert all(isinstance(e["message"], str) and e["message"] for e in body["errors"])
    return error_codes(body)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 3000 + b"]" * 3000, id="array nested 3000 deep"),
        pytest.param(
            b'{"query": "{ __typename }", "variables": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3001,
            id="variables nested 3000 deep",
        ),
        pytest.param(
            b'{"query": "{ __typename }", "variables": ' + b'{"a": ' * 100 + b"1" + b"}" * 101,
            id="variables nested 100 deep",
        ),
        pytest.param(b'{"query": "{ __typename \xff\xfe }"}', id="invalid UTF-8"),
        pytest.param(b"42", id="a bare number"),
        pytest.param(b"null", id="null"),
        pytest.param(b'"{ __typename }"', id="a bare string"),
        pytest.param(b"[]", id="an empty batch"),
        pytest.param(b'[{"query": "{ __typename }"}]', id="a batch"),
        pytest.param(b"{not json", id="not JSON"),
        pytest.param(b"", id="empty"),
        pytest.param(b'{"query": 42}', id="query not a string"),
        pytest.param(b'{"query": "{ __typename }", "variables": [1]}', id="variables not an object"),
        pytest.param(b'{"query": "{ __typename }", "extensions": 5}', id="extensions not an object"),
        pytest.param(b'{"query": "{ __typename }", "operationName": 5}', id="operationName not a string"),
        pytest.param(b'{"query": "' + FIRST.encode() + b'", "variables": {"f": NaN}}', id="NaN"),
        pytest.param(b'{"query": "' + FIRST.encode() + b'", "variables": {"f": 1e400}}', id="infinity"),
    ],
)
async def test_a_malformed_body_is_a_400_with_a_graphql_shaped_error(
    client: httpx.AsyncClient, body: bytes
) -> None:
    response = await client.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400
    assert shaped(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_an_unsupported_media_type_is_a_400_with_a_code(
    client: httpx.AsyncClient, content_type: str
) -> None:
    response = await client.post("/graphql", content=b"{}", headers={"content-type": content_type})
    assert response.status_code == 400
    assert shaped(response) == ["BAD_REQUEST"]


async def test_get_with_malformed_variables_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": COUNT, "variables": "[" * 500})
    assert response.status_code == 400
    assert shaped(response) == ["BAD_REQUEST"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (FIRST, {"f": "abc"}),
        (FIRST, {}),
        (FIRST, {"f": 1.5}),
        (FIRST, {"f": 2**40}),
        (FIRST, {"f": None}),
        (FIRST, {"f": [1]}),
        ("mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }", {"tips": [None]}),
        ('query($k: IdentifierKind!) { identifier(kind: $k, value: "x") { key } }', {"k": "EMAILS"}),
    ],
)
async def test_variables_that_do_not_fit_are_request_errors_not_internal_ones(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, query: str, variables: dict[str, Any]
) -> None:
    with caplog.at_level(logging.INFO):
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=GRAPHQL_RESPONSE
        )
        plain = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/graphql-response+json")
    assert shaped(response) == ["BAD_USER_INPUT"]
    assert "data" not in response.json()
    assert plain.status_code == 200
    assert shaped(plain) == ["BAD_USER_INPUT"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert data(await gql(client, COUNT))["searchTips"]["totalCount"] == 0


async def test_enum_suggestions_in_variables_are_not_sent(client: httpx.AsyncClient) -> None:
    body = await gql(
        client, 'query($k: IdentifierKind!) { identifier(kind: $k, value: "x") { key } }', {"k": "EMAL"}
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "Did you mean" not in body["errors"][0]["message"]


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, {}])
async def test_a_syntax_error_has_a_code_and_no_data(
    client: httpx.AsyncClient, accept: dict[str, str]
) -> None:
    response = await client.post("/graphql", json={"query": '{ tip(id: "x" { id } }'}, headers=accept)
    assert response.status_code == (400 if accept else 200)
    assert shaped(response) == ["GRAPHQL_PARSE_FAILED"]
    assert "data" not in response.json()


async def test_a_syntax_error_over_get_is_a_400_in_kind(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ tip("}, headers=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert shaped(response) == ["GRAPHQL_PARSE_FAILED"]


async def test_too_many_tokens_is_query_too_large(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ " + "__typename " * 3000 + "}"}, headers=GRAPHQL_RESPONSE
    )
    assert response.status_code == 400
    assert shaped(response) == ["QUERY_TOO_LARGE"]


@pytest.mark.parametrize(
    "query", ['{ tipp(id: "x") { id } }', '{ tip(id: "x") { ide } }', '{ tip(idd: "x") { id } }']
)
async def test_field_suggestions_do_not_leak_the_schema_outside_dev_mode(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post("/graphql", json={"query": query}, headers=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert set(shaped(response)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "Did you mean" not in response.text
    assert "data" not in response.json()


async def test_field_suggestions_help_in_dev_mode(
    clean_db: Database, settings: Settings, analyst_headers: dict[str, str]
) -> None:
    app = create_app(settings.model_copy(update={"dev_mode": True}), db=clean_db)
    headers = analyst_headers
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t.test") as dev:
        body = (
            await dev.post("/graphql", json={"query": '{ tipp(id: "x") { id } }'}, headers=headers)
        ).json()
    assert "Did you mean 'tip'?" in body["errors"][0]["message"]


async def test_graphql_response_json_is_answered_in_kind_with_400_for_request_errors(
    client: httpx.AsyncClient,
) -> None:
    accept = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
    good = await client.post("/graphql", json={"query": COUNT}, headers=accept)
    assert good.status_code == 200
    assert good.headers["content-type"].startswith("application/graphql-response+json")
    invalid = await client.post("/graphql", json={"query": "{ noSuchField }"}, headers=accept)
    assert invalid.status_code == 400
    assert "data" not in invalid.json()
    plain = await client.post("/graphql", json={"query": "{ noSuchField }"})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("application/json")


async def test_a_field_error_keeps_its_data(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ searchTips(first: 101) { totalCount } }"}, headers=GRAPHQL_RESPONSE
    )
    assert response.status_code == 200
    assert error_codes(response.json()) == ["BAD_USER_INPUT"]
    assert "data" in response.json()

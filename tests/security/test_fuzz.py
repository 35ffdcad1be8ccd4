"""Property-based fuzzing of the whole endpoint from the schema (hypothesis-graphql).

Valid queries, queries with one schema violation, and mutations, generated from the schema the server
serves, sent over HTTP to the app on the real database: no response may be a 500 or carry an INTERNAL
error, and none may take 2 s or more. Derandomized with a bounded number of examples, so each run checks
the same documents in a bounded time (well under a minute on an idle machine).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
from graphql import GraphQLSchema, NameNode, ObjectFieldNode, ObjectValueNode
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from api.schema import build_schema
from graph.settings import Settings
from tests.conftest import TEST_SECRET

SLOWEST_SECONDS = 2.0
SCHEMA: GraphQLSchema = build_schema(Settings(auth_hs256_secret=TEST_SECRET))._schema


def tip_with_id(report_id: str) -> ObjectValueNode:
    return nodes.Object([ObjectFieldNode(name=NameNode(value="reportId"), value=nodes.String(report_id))])


TIP_FIELDS = st.sampled_from(["FUZZ-1", "FUZZ-2", "", "x" * 300]).map(tip_with_id)
CUSTOM_SCALARS = {
    "TipInput": st.one_of(st.just(nodes.Object([])), TIP_FIELDS),
    "JSON": st.just(nodes.Object([])),
    "DateTime": st.datetimes(min_value=datetime(2000, 1, 1), timezones=st.just(UTC)).map(
        lambda moment: nodes.String(moment.isoformat())
    ),
}
FUZZ = hypothesis_settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


async def assert_served_well(client: httpx.AsyncClient, document: str) -> None:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": document})
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, (response.status_code, document, response.text[:500])
    body = response.json()
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors", [])]
    assert "INTERNAL" not in codes, (document, body)
    assert all(codes), (document, body)
    assert elapsed < SLOWEST_SECONDS, (elapsed, document)


@FUZZ
@hypothesis_settings(max_examples=120)
@given(document=queries(SCHEMA, custom_scalars=CUSTOM_SCALARS))
async def test_generated_queries_are_answered_well(client: httpx.AsyncClient, document: str) -> None:
    await assert_served_well(client, document)


@FUZZ
@hypothesis_settings(max_examples=60)
@given(document=queries(SCHEMA, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE))
async def test_generated_invalid_queries_are_refused_well(client: httpx.AsyncClient, document: str) -> None:
    await assert_served_well(client, document)


@FUZZ
@hypothesis_settings(max_examples=60)
@given(document=mutations(SCHEMA, custom_scalars=CUSTOM_SCALARS))
async def test_generated_mutations_are_answered_well(client: httpx.AsyncClient, document: str) -> None:
    await assert_served_well(client, document)

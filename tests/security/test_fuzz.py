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
from hypothesis import HealthCheck, Phase, given
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


def generated(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    """`count` documents the strategy draws, the same ones every run (derandomized). Drawn first and sent
    afterwards, so the requests run in the test's own event loop, with the session's database driver."""
    documents: list[str] = []

    @hypothesis_settings(FUZZ, max_examples=count, phases=[Phase.generate])
    @given(strategy)
    def collect(document: str) -> None:
        documents.append(document)

    collect()
    return documents


async def served_badly(client: httpx.AsyncClient, documents: list[str]) -> list[tuple[str, object]]:
    """Each document that got a 5xx, an INTERNAL or uncoded error, or took too long, with what happened."""
    failures: list[tuple[str, object]] = []
    for document in documents:
        started = time.perf_counter()
        response = await client.post("/graphql", json={"query": document})
        elapsed = time.perf_counter() - started
        body = response.json()
        codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors", [])]
        if response.status_code >= 500 or "INTERNAL" in codes or not all(codes):
            failures.append((document, body))
        elif elapsed >= SLOWEST_SECONDS:
            failures.append((document, f"took {elapsed:.2f} s"))
    return failures


async def test_generated_queries_are_answered_well(client: httpx.AsyncClient) -> None:
    documents = generated(queries(SCHEMA, custom_scalars=CUSTOM_SCALARS), 120)
    assert len(documents) > 80
    assert await served_badly(client, documents) == []


async def test_generated_invalid_queries_are_refused_well(client: httpx.AsyncClient) -> None:
    documents = generated(queries(SCHEMA, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE), 60)
    assert await served_badly(client, documents) == []


async def test_generated_mutations_are_answered_well(client: httpx.AsyncClient) -> None:
    documents = generated(mutations(SCHEMA, custom_scalars=CUSTOM_SCALARS), 60)
    assert await served_badly(client, documents) == []

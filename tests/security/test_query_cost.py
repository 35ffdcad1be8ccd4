"""Query-cost attacks: fragment explosions, aliases, directives, deep nesting, nested lists.

Each is refused before it runs, quickly, and without holding the event loop; every limit is measured in
time linear in the document's size.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from graphql import GraphQLSchema, build_schema, get_nullable_type, is_list_type, parse

from api.limits import QueryLimits, cost_errors
from api.query_cost import SATURATED, list_sizes, operation_costs
from api.schema import build_schema as build_tipgraph_schema
from graph.settings import Settings
from tests.api.graphql import error_codes, gql

SLOW_SECONDS = 1.0
REQUEST_ERRORS = {"GRAPHQL_VALIDATION_FAILED", "QUERY_TOO_COSTLY", "QUERY_TOO_LARGE", "GRAPHQL_PARSE_FAILED"}


def fragment_bomb(levels: int) -> str:
    """1.3 KB at 30 levels, 2^30 paths: each fragment spreads the next one twice."""
    fragments = [f"fragment F{i} on Tip {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return " ".join(['query { tip(id: "x") { ...F0 } }', *fragments, f"fragment F{levels} on Tip {{ id }}"])


def nested_linked_tips(depth: int) -> str:
    query = "id"
    for _ in range(depth):
        query = f"linkedTips(first: 1) {{ edges {{ node {{ {query} }} }} }}"
    return f'{{ tip(id: "x") {{ {query} }} }}'


@pytest.fixture(scope="module")
def schema(settings: Settings) -> GraphQLSchema:
    return build_tipgraph_schema(settings)._schema


async def test_a_fragment_bomb_is_refused_in_well_under_a_second_while_healthz_answers(
    live_url: str, analyst_headers: dict[str, str]
) -> None:
    async with httpx.AsyncClient(base_url=live_url, headers=analyst_headers) as http:

        async def health_latencies() -> list[float]:
            latencies = []
            for _ in range(10):
                started = time.perf_counter()
                response = await http.get("/healthz")
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200
                await asyncio.sleep(0.01)
            return latencies

        # Warm up: the connection, and the schema's list sizes the first validation reads.
        assert (await http.post("/graphql", json={"query": "{ __typename }"})).status_code == 200
        probing = asyncio.create_task(health_latencies())
        started = time.perf_counter()
        refused = await http.post("/graphql", json={"query": fragment_bomb(30)})
        elapsed = time.perf_counter() - started
        latencies = await probing

    assert error_codes(refused.json()) == ["QUERY_TOO_COSTLY"]
    assert "data" not in refused.json()
    # Milliseconds on an idle machine; the path-walking rules took 8 s at 18 levels, hours at 30.
    assert elapsed < SLOW_SECONDS
    assert max(latencies) < SLOW_SECONDS


def test_measuring_a_fragment_bomb_takes_time_linear_in_its_size(schema: GraphQLSchema) -> None:
    sizes = list_sizes(schema)
    for levels, fields in ((30, 1 + 2**30), (1000, SATURATED)):
        document = parse(fragment_bomb(levels))
        started = time.perf_counter()
        [(_, cost)] = operation_costs(schema, document, sizes)
        assert time.perf_counter() - started < SLOW_SECONDS
        assert cost.selections == fields


def test_a_long_chain_of_fragments_does_not_exhaust_the_stack(schema: GraphQLSchema) -> None:
    chain = [f"fragment F{i} on Tip {{ id ...F{i + 1} }}" for i in range(5000)]
    document = parse(" ".join(['{ tip(id: "x") { ...F0 } }', *chain, "fragment F5000 on Tip { id }"]))
    [(_, cost)] = operation_costs(schema, document, list_sizes(schema))
    assert cost.selections == 1 + 5001


def test_every_list_field_of_the_schema_is_counted(schema: GraphQLSchema) -> None:
    lists = {
        (type_name, field_name)
        for type_name, named in schema.type_map.items()
        if not type_name.startswith("__")
        for field_name, field in getattr(named, "fields", {}).items()
        if hasattr(field, "args") and (is_list_type(get_nullable_type(field.type)) or "first" in field.args)
    }
    assert lists
    assert lists == set(list_sizes(schema))


def test_a_list_field_the_rule_never_heard_of_still_multiplies() -> None:
    schema = build_schema(
        "type Query { people: [Person!]! } type Person { name: String friends: [Person!]! }"
    )
    document = parse("{ people { friends { friends { friends { friends { name } } } } } }")
    limits = QueryLimits(max_depth=10, max_aliases=20, max_fan_out=20_000, max_selections=5_000)
    errors = cost_errors(schema, document, list_sizes(schema), limits)
    assert [e.extensions["code"] for e in errors if e.extensions] == ["QUERY_TOO_COSTLY"]


async def test_clusters_of_tips_of_linked_tips_are_refused(client: httpx.AsyncClient) -> None:
    query = """{ clusters(first: 20) { edges { node { tips(first: 100) { edges { node {
      linkedTips(first: 100) { edges { node { id } } } } } } } } } }"""
    body = await gql(client, query)
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]
    assert "nodes through nested lists" in body["errors"][0]["message"]


async def test_a_fan_out_that_multiplies_is_refused(client: httpx.AsyncClient) -> None:
    query = """{ searchTips(first: 100) { edges { node { linkedTips(first: 100) { edges { node {
      linkedTips(first: 100) { edges { node { id } } } } } } } } } }"""
    body = await gql(client, query)
    assert body.get("data") is None
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]


async def test_page_sizes_given_as_variables_count_as_the_most_they_may_be(client: httpx.AsyncClient) -> None:
    query = """query($n: Int!) { searchTips(first: $n) { edges { node { linkedTips(first: $n) { edges {
      node { linkedTips(first: $n) { edges { node { id } } } } } } } } } }"""
    body = await gql(client, query, {"n": 1})
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]


async def test_a_deep_query_is_refused(client: httpx.AsyncClient) -> None:
    body = await gql(client, nested_linked_tips(50))
    assert "data" not in body
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_depth_hidden_in_fragments_counts(client: httpx.AsyncClient) -> None:
    fragments = [
        f"fragment D{i} on Tip {{ linkedTips(first: 1) {{ edges {{ node {{ ...D{i + 1} }} }} }} }}"
        for i in range(12)
    ]
    query = " ".join(['{ tip(id: "x") { ...D0 } }', *fragments, "fragment D12 on Tip { id }"])
    body = await gql(client, query)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_a_thousand_aliases_are_refused(client: httpx.AsyncClient) -> None:
    aliases = " ".join(f'a{i}: tip(id: "x") {{ id }}' for i in range(1000))
    body = await gql(client, f"{{ {aliases} }}")
    assert "data" not in body
    assert error_codes(body) == ["QUERY_TOO_LARGE"]


async def test_many_aliases_below_the_token_limit_are_refused_by_the_alias_limit(
    client: httpx.AsyncClient,
) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(50))
    body = await gql(client, f"{{ {aliases} }}")
    assert "aliases found" in body["errors"][0]["message"]
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]


async def test_aliases_multiplied_by_fragments_count_each_time(client: httpx.AsyncClient) -> None:
    five = " ".join(f"a{i}: id" for i in range(5))
    fragments = f"fragment A on Tip {{ ...B ...B }} fragment B on Tip {{ {five} }}"
    query = f'{{ tip(id: "x") {{ ...A ...A ...B }} }} {fragments}'
    body = await gql(client, query)
    assert "25 aliases found" in body["errors"][0]["message"]


async def test_fragment_cycles_are_refused(client: httpx.AsyncClient) -> None:
    query = """
    query { tip(id: "x") { ...A } }
    fragment A on Tip { linkedTips { edges { node { ...B } } } }
    fragment B on Tip { linkedTips { edges { node { ...A } } } }
    """
    body = await gql(client, query)
    assert "data" not in body
    assert any("Cannot spread fragment" in e["message"] for e in body["errors"])


@pytest.mark.parametrize("directive", ["@include(if: true)", "@skip(if: false)", "@unknown"])
async def test_a_field_buried_in_repeated_directives_is_refused_quickly(
    client: httpx.AsyncClient, directive: str
) -> None:
    query = "{ __typename " + " ".join([directive] * 250) + " }"
    started = time.perf_counter()
    body = await gql(client, query)
    assert time.perf_counter() - started < SLOW_SECONDS
    assert "data" not in body
    assert set(error_codes(body)) <= REQUEST_ERRORS


@pytest.mark.parametrize(("depth", "code"), [(150, "GRAPHQL_VALIDATION_FAILED"), (400, "QUERY_TOO_LARGE")])
async def test_deeply_nested_list_arguments_are_refused(
    client: httpx.AsyncClient, depth: int, code: str
) -> None:
    nested = "[" * depth + '"x"' + "]" * depth
    body = await gql(client, f"{{ setDisposition: tip(id: {nested}) {{ id }} }}")
    assert "data" not in body
    assert set(error_codes(body)) == {code}


async def test_fields_nested_past_the_parsers_limit_are_refused(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{" + " tip(id: 1) {" * 300 + " id" + " }" * 301)
    assert error_codes(body) == ["QUERY_TOO_LARGE"]


async def test_a_legitimate_query_with_fragments_is_answered(client: httpx.AsyncClient) -> None:
    query = """
    query { searchTips(first: 20) { edges { node {
      ...Card linkedTips(first: 5) { edges { node { ...Card } } } } } } }
    fragment Card on Tip { id platform identifiers { kind key } files { hashes { hashType value } } }
    """
    body = await gql(client, query)
    assert body == {"data": {"searchTips": {"edges": []}}}

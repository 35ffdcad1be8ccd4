"""Look-ahead (api/lookahead.py): a tip selected with its links is read in two statements, whether the
arguments come as variables or are written into the document."""

from __future__ import annotations

from typing import Any

import httpx

from graph.store.database import Database
from tests.api.graphql import data, gql, submit_copies

LITERAL = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 5, includeGeneric: false) {
  totalCount edges { node { id } } } } }"""
VARIABLES = """query($id: ID!, $first: Int!) { tip(id: $id) { id linkedTips(first: $first) {
  totalCount edges { node { id } } } } }"""


async def statements_of(
    db: Database, client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> tuple[list[str], dict[str, Any]]:
    seen: list[str] = []
    observed = db.observe_statement
    db.observe_statement = lambda name, seconds: (seen.append(name), observed(name, seconds))[-1]
    try:
        answer = data(await gql(client, query, variables))
    finally:
        db.observe_statement = observed
    return [name for name in seen if not name.startswith("audit/")], answer


async def test_literal_arguments_read_the_links_with_the_tip(
    client: httpx.AsyncClient, clean_db: Database, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "LA-1", "LA-2", "LA-3")
    literal, by_literal = await statements_of(clean_db, client, LITERAL, {"id": "LA-1"})
    variables, by_variables = await statements_of(clean_db, client, VARIABLES, {"id": "LA-1", "first": 5})
    assert by_literal == by_variables
    assert [e["node"]["id"] for e in by_literal["tip"]["linkedTips"]["edges"]] == ["LA-2", "LA-3"]
    # The links, then the tip with its linked tips: not the tip, its links, then the linked tips.
    assert variables == ["tips/linked", "tips/get_by_ids"]
    assert literal == variables

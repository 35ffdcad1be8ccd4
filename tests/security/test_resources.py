"""Resource attacks: requests that would leave something behind on the server."""

from __future__ import annotations

import asyncio
import gc

import httpx

from tests.api.graphql import error_codes, gql


async def test_a_failing_field_does_not_leak_its_siblings_database_sockets(client: httpx.AsyncClient) -> None:
    # `b` fails at once and graphql-core cancels `a` while its statement is in flight. A socket left open is
    # a ResourceWarning when collected, which the suite's warning filter turns into a failure.
    query = "{ a: searchTips(first: 5) { totalCount } b: searchTips(first: 101) { totalCount } }"
    for _ in range(10):
        assert error_codes(await gql(client, query)) == ["BAD_USER_INPUT"]
    await asyncio.sleep(0.2)
    gc.collect()

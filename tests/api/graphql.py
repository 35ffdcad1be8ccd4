"""A small GraphQL-over-HTTP caller for API tests."""

from __future__ import annotations

import copy
from typing import Any

import httpx


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    return body


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body.get("errors")
    result: dict[str, Any] = body["data"]
    return result


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


SUBMIT_TIPS = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"


def copies(example: dict[str, Any], *report_ids: str) -> list[dict[str, Any]]:
    """The example tip again under other reportIds."""
    made = []
    for report_id in report_ids:
        tip = copy.deepcopy(example)
        tip["reportId"] = report_id
        made.append(tip)
    return made


async def submit_copies(client: httpx.AsyncClient, example: dict[str, Any], *report_ids: str) -> None:
    """Submits copies of the example tip, asserting each one is created."""
    answer = data(await gql(client, SUBMIT_TIPS, {"tips": copies(example, *report_ids)}))
    assert answer["submitTips"]["created"] == len(report_ids)

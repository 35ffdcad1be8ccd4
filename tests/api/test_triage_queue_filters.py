"""The triage queue's filters run in the database (incident type, platform, deadline window, cluster kind),
so a filtered page is full and its cursor pages on through matching tips only; bad filters are refused."""

from __future__ import annotations

from typing import Any

import httpx

from graph.clusters.recompute import recompute_clusters
from graph.store.database import Database
from tests.api.graphql import data, error_codes, gql
from tests.api.test_clusters import corpus, submitted

KINDS = """query { triageQueue(first: 100) { edges { node { id cluster { kind } } } } }"""
QUEUE = """query($filter: TriageFilterInput, $after: String) {
  triageQueue(filter: $filter, first: 2, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id } } } }"""


async def queue_ids(client: httpx.AsyncClient, filter_: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = data(await gql(client, QUEUE, {"filter": filter_, "after": after}))["triageQueue"]
        ids += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return sorted(ids)
        after = page["pageInfo"]["endCursor"]


async def test_each_filter_keeps_exactly_the_matching_open_tips(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    tips = corpus()
    tips[0]["incidentSummary"]["incidentType"] = "Child Sex Trafficking"
    await submitted(client, tips)
    await recompute_clusters(clean_db)
    everything = ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert await queue_ids(client, {}) == everything

    assert await queue_ids(client, {"incidentTypes": ["CHILD_SEX_TRAFFICKING"]}) == ["A1"]
    assert await queue_ids(client, {"incidentTypes": ["ONLINE_ENTICEMENT"]}) == everything[1:]
    # Platforms match whatever their case or spacing, as tips' platform keys do.
    assert await queue_ids(client, {"platforms": ["  vidNEST "]}) == ["C2"]
    assert await queue_ids(client, {"platforms": ["PixPost", "VidNest"]}) == everything
    assert await queue_ids(client, {"platforms": ["Elsewhere"]}) == []
    # Deadlines are the preservation clock from receipt (days away): none is due today, all within ten years.
    assert await queue_ids(client, {"deadlineWithinDays": 0}) == []
    assert await queue_ids(client, {"deadlineWithinDays": 3650}) == everything

    rows = data(await gql(client, KINDS))["triageQueue"]["edges"]
    kind_of = {r["node"]["id"]: (r["node"]["cluster"] or {}).get("kind") for r in rows}
    assert kind_of["C1"] == "SINGLE_ACTOR"
    for kind in ("SINGLE_ACTOR", "VIRAL_CONTENT", "MIXED", "UNKNOWN"):
        expected = sorted(t for t, k in kind_of.items() if k == kind)
        assert await queue_ids(client, {"clusterKinds": [kind]}) == expected, kind

    combined = {"clusterKinds": ["SINGLE_ACTOR"], "platforms": ["vidnest"], "priorities": ["P1", "P2", "P3"]}
    assert await queue_ids(client, combined) == ["C2"]


async def test_bad_filters_are_refused(client: httpx.AsyncClient, clean_db: Database) -> None:
    for bad in (
        {"deadlineWithinDays": -1},
        {"deadlineWithinDays": 3651},
        {"platforms": ["p"] * 21},
        {"platforms": ["p" * 201]},
    ):
        answer = await gql(client, QUEUE, {"filter": bad, "after": None})
        assert error_codes(answer) == ["BAD_USER_INPUT"], bad

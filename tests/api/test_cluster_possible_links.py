"""Cluster.possibleLinks over HTTP against the real store: the POSSIBLE tier around a STRONG cluster, each tip
with the probability linkedTips gives the same pair, judgements obeyed, and a scoped viewer's list made of
the tips it may see only."""

from __future__ import annotations

import httpx
import orjson
import pytest

from graph.clusters.recompute import recompute_clusters
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.api.test_clusters import JUDGE, PLAIN_MD5, cluster_of, submitted, tip, upload
from tests.conftest import token_for

POSSIBLE = """query($id: ID!, $first: Int!) { cluster(id: $id) {
  possibleLinks(first: $first) {
    links { tip { id } linkedTo matchProbability matchWeight tier } truncated } } }"""
LINKED = """query($id: ID!) { tip(id: $id) { linkedTips(first: 10) {
  edges { node { id } matchProbability matchWeight tier } } } }"""
OTHER_MD5 = "e4d909c290d0fb1ca068ffaddf22cbd0"


async def test_possible_links_list_tips_outside_a_cluster_with_their_probability(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    # Q1 and Q2: one account (a STRONG cluster). Q3, another account, carries a file Q2 carries (a POSSIBLE
    # link); Q5 carries a file Q1 carries but an analyst judged it DIFFERENT from Q1; Q4 shares nothing.
    await submitted(
        client,
        [
            tip("Q1", "PixPost", "q-1", day=1, files=[upload("b.jpg", OTHER_MD5, 1)]),
            tip("Q2", "PixPost", "q-1", day=2, files=[upload("a.jpg", PLAIN_MD5, 2)]),
            tip("Q3", "VidNest", "q-9", day=3, files=[upload("a.jpg", PLAIN_MD5, 3)]),
            tip("Q4", "VidNest", "q-8", day=3),
            tip("Q5", "ClipBay", "q-7", day=4, files=[upload("b.jpg", OTHER_MD5, 4)]),
        ],
    )
    data(await gql(client, JUDGE, {"a": "Q1", "b": "Q5", "verdict": "DIFFERENT"}))
    await recompute_clusters(clean_db)
    cluster_id = (await cluster_of(client, "Q1"))["id"]
    assert (await cluster_of(client, "Q2"))["id"] == cluster_id
    assert (await cluster_of(client, "Q3")) is None or (await cluster_of(client, "Q3"))["id"] != cluster_id

    found = data(await gql(client, POSSIBLE, {"id": cluster_id, "first": 10}))["cluster"]["possibleLinks"]
    assert [(link["tip"]["id"], link["linkedTo"], link["tier"]) for link in found["links"]] == [
        ("Q3", "Q2", "POSSIBLE")
    ]
    assert found["truncated"] is False
    (link,) = found["links"]
    edges = data(await gql(client, LINKED, {"id": "Q3"}))["tip"]["linkedTips"]["edges"]
    (edge,) = [e for e in edges if e["node"]["id"] == "Q2"]
    assert link["matchProbability"] == pytest.approx(edge["matchProbability"], abs=1e-6)
    assert link["matchWeight"] == pytest.approx(edge["matchWeight"], abs=1e-4)
    assert 0.5 <= link["matchProbability"] < 0.99 and edge["tier"] == "POSSIBLE"

    # An investigator who sees Q1 and Q2 only gets no possible link (Q3 is hidden);
    # once Q3 is referred to it too, the same link.
    await clean_db.write("testing/refer", ids=["Q1", "Q2"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    response = await gql(client, POSSIBLE, {"id": cluster_id, "first": 10}, token=investigator)
    assert data(response)["cluster"]["possibleLinks"] == {"links": [], "truncated": False}
    assert "Q3" not in orjson.dumps(response).decode()
    await clean_db.write("testing/refer", ids=["Q3"], agency="ICAC-OH")
    response = await gql(client, POSSIBLE, {"id": cluster_id, "first": 10}, token=investigator)
    seen = data(response)["cluster"]["possibleLinks"]["links"]
    assert [(s["tip"]["id"], s["linkedTo"]) for s in seen] == [("Q3", "Q2")]
    assert "Q5" not in orjson.dumps(response).decode()

    refused = await gql(client, POSSIBLE, {"id": cluster_id, "first": 0})
    assert error_codes(refused) == ["BAD_USER_INPUT"]

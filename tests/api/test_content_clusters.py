"""Content clusters over HTTP: a viral file's tips grouped whoever sent them, never welding the actors
who share it; read per tip, by id and listed; scoped to the viewer's own tips; bundled whole.

Actor A (two tips, one account) and actor B (two tips, another account) each forward the same viral meme
once; two one-off accounts (F1, F2) forward it too. A1 lists the meme by MD5 and SHA1, B1 and F1 by MD5,
F2 by SHA1 only: one file, one content cluster of four tips.
"""

from __future__ import annotations

from typing import Any

import httpx

from graph.clusters.content_build import recompute_content_clusters
from graph.clusters.recompute import recompute_clusters
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.api.test_clusters import submitted, tip
from tests.conftest import token_for
from tests.store.test_cluster_aggregates import stored_partition

MEME_MD5 = "0cc175b9c0f1b6a831c399e269772661"
MEME_SHA1 = "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"
MEME_ID = f"content:md5:{MEME_MD5}"

OF_TIP = """query($id: ID!) { tip(id: $id) { cluster { id } contentClusters { id kind size digests } } }"""
CONTENT = """query($id: ID!) { contentCluster(id: $id) {
  id kind size digests firstSeen lastSeen updatedAt
  tips(first: 3) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }"""
MORE_TIPS = """query($id: ID!, $after: String) { contentCluster(id: $id) {
  tips(first: 3, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }"""
LISTED = """query($after: String) { contentClusters(first: 1, after: $after) {
  edges { cursor node { id size } } pageInfo { hasNextPage endCursor } } }"""
BUNDLE = """mutation($id: ID!, $dry: Boolean!) {
  bundleCluster(clusterId: $id, incidentLabel: "meme campaign", dryRun: $dry) {
    decision { decisionId changes { tipId to } } incident { id } } }"""


def meme(*digests: tuple[str, str]) -> dict[str, Any]:
    return {
        "fileName": "meme.jpg",
        "fileAnnotations": {"viral": True},
        "originalFileHash": [{"value": value, "hashType": kind} for kind, value in digests],
    }


def corpus() -> list[dict[str, Any]]:
    md5, sha1 = ("MD5", MEME_MD5), ("SHA1", MEME_SHA1)
    return [
        tip("A1", "PixPost", "a-100", day=1, files=[meme(md5, sha1)]),
        tip("A2", "PixPost", "a-100", day=2),
        tip("B1", "PixPost", "b-200", day=3, files=[meme(md5)]),
        tip("B2", "PixPost", "b-200", day=4),
        tip("F1", "PixPost", "f-301", day=5, files=[meme(md5)]),
        tip("F2", "PixPost", "f-302", day=6, files=[meme(sha1)]),
    ]


def partition(members: dict[str, tuple[str, ...]]) -> set[frozenset[str]]:
    return {frozenset(tips) for tips in members.values()}


async def test_a_shared_viral_file_makes_one_content_cluster_and_never_welds_two_actors(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    await submitted(client, corpus())
    _, actors = await stored_partition(clean_db)
    assert partition(actors) == {frozenset({"A1", "A2"}), frozenset({"B1", "B2"})}

    a1 = data(await gql(client, OF_TIP, {"id": "A1"}))["tip"]
    b1 = data(await gql(client, OF_TIP, {"id": "B1"}))["tip"]
    assert a1["cluster"]["id"] != b1["cluster"]["id"]
    expected = {
        "id": MEME_ID,
        "kind": "VIRAL_CONTENT",
        "size": 4,
        "digests": [f"md5:{MEME_MD5}", f"sha1:{MEME_SHA1}"],
    }
    assert a1["contentClusters"] == b1["contentClusters"] == [expected]
    assert data(await gql(client, OF_TIP, {"id": "A2"}))["tip"]["contentClusters"] == []

    # The actor partition is the same without any content cluster: they feed nothing into it.
    await clean_db.write("content/delete", ids=[MEME_ID])
    await clean_db.write("content/label", labels=[{"uid": f"FILE_HASH|md5:{MEME_MD5}", "id": None}])
    await clean_db.write("content/label", labels=[{"uid": f"FILE_HASH|sha1:{MEME_SHA1}", "id": None}])
    await recompute_clusters(clean_db)
    _, without = await stored_partition(clean_db)
    assert partition(without) == partition(actors)
    summary = await recompute_content_clusters(clean_db)
    assert (summary.clusters, summary.largest, summary.written) == (1, 4, 1)
    _, again = await stored_partition(clean_db)
    assert partition(again) == partition(actors)


async def test_a_content_cluster_read_by_id_listed_and_paged(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    await submitted(client, corpus())
    found = data(await gql(client, CONTENT, {"id": MEME_ID}))["contentCluster"]
    assert (found["size"], found["kind"]) == (4, "VIRAL_CONTENT")
    assert (found["firstSeen"], found["lastSeen"]) == (
        "2025-03-01T11:00:00+00:00",
        "2025-03-06T16:00:00+00:00",
    )
    assert found["updatedAt"] is not None
    first = found["tips"]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"] is True
    rest = data(await gql(client, MORE_TIPS, {"id": MEME_ID, "after": first["pageInfo"]["endCursor"]}))
    page = rest["contentCluster"]["tips"]
    assert page["pageInfo"]["hasNextPage"] is False
    assert sorted(e["node"]["id"] for e in first["edges"] + page["edges"]) == ["A1", "B1", "F1", "F2"]

    listed = data(await gql(client, LISTED))["contentClusters"]
    assert [(e["node"]["id"], e["node"]["size"]) for e in listed["edges"]] == [(MEME_ID, 4)]
    assert listed["pageInfo"]["hasNextPage"] is False
    assert data(await gql(client, CONTENT, {"id": "content:md5:" + "0" * 32}))["contentCluster"] is None
    assert data(await gql(client, CONTENT, {"id": "not-a-content-id"}))["contentCluster"] is None
    assert error_codes(await gql(client, LISTED, {"after": "bm9wZQ"})) == ["BAD_USER_INPUT"]


async def test_a_scoped_viewer_sees_a_content_cluster_only_through_its_own_tips(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    await submitted(client, corpus())
    await clean_db.write("testing/refer", ids=["B1"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    found = data(await gql(client, CONTENT, {"id": MEME_ID}, token=investigator))["contentCluster"]
    # B1 lists the meme by MD5 only: the SHA1 other tips gave is theirs, and so are their dates.
    assert (found["size"], found["digests"]) == (1, [f"md5:{MEME_MD5}"])
    assert found["firstSeen"] == found["lastSeen"] == "2025-03-03T13:00:00+00:00"
    assert found["updatedAt"] is None
    assert [e["node"]["id"] for e in found["tips"]["edges"]] == ["B1"] and found["tips"]["totalCount"] == 1
    of_tip = data(await gql(client, OF_TIP, {"id": "B1"}, token=investigator))["tip"]["contentClusters"]
    assert [(c["id"], c["size"]) for c in of_tip] == [(MEME_ID, 1)]
    listed = data(await gql(client, LISTED, token=investigator))["contentClusters"]
    assert [(e["node"]["id"], e["node"]["size"]) for e in listed["edges"]] == [(MEME_ID, 1)]

    elsewhere = token_for(settings, Role.INVESTIGATOR, "ICAC-WA")
    assert data(await gql(client, CONTENT, {"id": MEME_ID}, token=elsewhere))["contentCluster"] is None
    assert data(await gql(client, LISTED, token=elsewhere))["contentClusters"]["edges"] == []
    assert error_codes(await gql(client, BUNDLE, {"id": MEME_ID, "dry": True}, token=investigator)) == [
        "FORBIDDEN"
    ]


async def test_a_content_cluster_is_bundled_whole(client: httpx.AsyncClient, clean_db: Database) -> None:
    await submitted(client, corpus())
    dry = data(await gql(client, BUNDLE, {"id": MEME_ID, "dry": True}))["bundleCluster"]
    assert dry["incident"] is None and dry["decision"]["decisionId"] is None
    assert sorted(c["tipId"] for c in dry["decision"]["changes"]) == ["A1", "B1", "F1", "F2"]
    done = data(await gql(client, BUNDLE, {"id": MEME_ID, "dry": False}))["bundleCluster"]
    assert done["incident"]["id"] and done["decision"]["decisionId"]
    assert sorted(c["tipId"] for c in done["decision"]["changes"]) == ["A1", "B1", "F1", "F2"]
    unknown = await gql(client, BUNDLE, {"id": "content:md5:" + "0" * 32, "dry": True})
    assert error_codes(unknown) == ["NOT_FOUND"]

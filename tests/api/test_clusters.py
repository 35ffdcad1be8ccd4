"""Clusters over HTTP: recompute against the real store, judgements, stable ids, explanations, scope, bulk
decisions and case-file exports.

The tips are small synthetic reports made by `tip()`: actor A and actor B (one account each, two tips each)
share a carrier-NAT address, a viral file and an unflagged file between A1 and B1; actor C reports from two
platforms with one verified email and phone.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import orjson
import pytest

from graph.clusters.recompute import recompute_clusters
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = """mutation($tips: [TipInput!]!) {
  submitTips(tips: $tips) { created results { outcome problems { path message } } } }"""
CLUSTER_OF = """query($id: ID!) { tip(id: $id) { id cluster { id kind size } } }"""
CLUSTER = """query($id: ID!) { cluster(id: $id) {
  id kind size
  evidence { tips accounts platforms glue { kind identifiers } reason }
  tips(first: 10) { edges { node { id } } }
  identifiers { identifier { kind key tipCount generic } memberCount linking }
  bridges { link { identifiers { kind key } weight } parts }
  triageSummary { tips actionable urgent referred closed byDisposition { disposition tips } } } }"""
CLUSTERS = """query($filter: ClusterFilterInput, $first: Int!, $after: String) {
  clusters(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id size kind } } pageInfo { hasNextPage endCursor } } }"""
JUDGE = """mutation($a: ID!, $b: ID!, $verdict: Verdict!) {
  judgeLink(tipA: $a, tipB: $b, verdict: $verdict, reason: "checked the accounts") { id } }"""
SET_CLUSTER = """mutation($id: ID!, $dry: Boolean!) {
  setClusterDisposition(clusterId: $id, disposition: ACTIONABLE, reasonCode: "SAME_ACTOR", dryRun: $dry) {
    decisionId dryRun changes { tipId from to } problems { tipId code } } }"""
UNDO = """mutation($id: ID!) { undoDecision(decisionId: $id) { decisionId changes { tipId to } } }"""
DISPOSITIONS = """query { a: tip(id: "C1") { disposition } b: tip(id: "C2") { disposition } }"""
EXPORT = """query($id: ID!, $format: ExportFormat!) { clusterExport(id: $id, format: $format) }"""
AUDIT = """query { auditLog(filter: {tipId: "C1"}, first: 50) { edges { node { action change } } } }"""

PAST = "2025-03-0{day}T1{hour}:00:00+00:00"


def tip(
    report_id: str,
    platform: str,
    account: str,
    *,
    day: int = 1,
    email: str | None = None,
    phone: str | None = None,
    ips: list[dict[str, Any]] | None = None,
    files: list[dict[str, Any]] | None = None,
    urgent: bool = False,
) -> dict[str, Any]:
    person: dict[str, Any] = {}
    if email:
        person["email"] = [{"value": email, "verified": True}]
    if phone:
        person["phone"] = [{"value": phone, "countryCallingCode": "+1", "verified": True}]
    suspect: dict[str, Any] = {"espIdentifier": account, "espService": platform, "ipCaptureEvent": ips or []}
    if person:
        suspect["personOrUserReportedPerson"] = person
    summary: dict[str, Any] = {
        "incidentType": "Online Enticement of Children for Sexual Acts",
        "platform": platform,
        "incidentDateTime": PAST.format(day=day, hour=day),
    }
    if urgent:
        summary["escalateToHighPriority"] = "The user arranged to meet the child."
    return {
        "reportId": report_id,
        "incidentSummary": summary,
        "reporter": {"reportingPerson": {"email": [{"value": f"reports@{platform.lower()}.example.com"}]}},
        "personOrUserReported": [suspect],
        "files": files or [],
    }


def capture(ip: str, day: int, second: int, port: int) -> dict[str, Any]:
    at = f"2025-03-0{day}T10:00:{second:02d}+00:00"
    return {"ipAddress": ip, "eventName": "Login", "dateTime": at, "port": port, "possibleProxy": False}


def upload(name: str, md5: str, day: int, *, viral: bool = False) -> dict[str, Any]:
    return {
        "fileName": name,
        "uploadedToEspTimestamp": f"2025-03-0{day}T09:30:00+00:00",
        "fileViewedByEsp": True,
        "fileAnnotations": {"viral": True} if viral else {},
        "originalFileHash": [{"value": md5, "hashType": "MD5"}],
    }


VIRAL_MD5 = "5d41402abc4b2a76b9719d911017c592"
PLAIN_MD5 = "7d793037a0760186574b0282f2f435e7"


def corpus() -> list[dict[str, Any]]:
    shared_files = [upload("meme.jpg", VIRAL_MD5, 1, viral=True), upload("pic.jpg", PLAIN_MD5, 1)]
    return [
        # A and B: two people who happen to share a carrier-NAT exit (same second) and two files.
        tip("A1", "PixPost", "a-100", day=1, ips=[capture("100.64.3.7", 1, 0, 40000)], files=shared_files),
        tip("A2", "PixPost", "a-100", day=2, ips=[capture("198.51.100.40", 2, 0, 41000)]),
        tip("B1", "PixPost", "b-200", day=1, ips=[capture("100.64.3.7", 1, 1, 40001)], files=shared_files),
        tip("B2", "PixPost", "b-200", day=3),
        # C: one person on two platforms, tied by a verified email and phone.
        tip(
            "C1",
            "PixPost",
            "c-300",
            day=4,
            email="carol.c@example.org",
            phone="(202) 555-0142",
            ips=[capture("203.0.113.9", 4, 5, 50000)],
            files=[upload("img.jpg", "9e107d9d372bb6826bd81d3542a419d6", 4)],
            urgent=True,
        ),
        tip("C2", "VidNest", "v-301", day=5, email="carol.c@example.org", phone="(202) 555-0142"),
    ]


async def submitted(client: httpx.AsyncClient, tips: list[dict[str, Any]]) -> None:
    result = data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]
    assert result["created"] == len(tips), result


async def cluster_of(client: httpx.AsyncClient, tip_id: str, token: str | None = None) -> Any:
    return data(await gql(client, CLUSTER_OF, {"id": tip_id}, token=token))["tip"]["cluster"]


async def test_weak_shared_values_do_not_merge_two_actors_but_one_actor_across_platforms_merges(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    await submitted(client, corpus())
    summary = await recompute_clusters(clean_db)
    assert (summary.clusters, summary.clustered_tips, summary.largest) == (3, 6, 2)

    a1, a2, b1, b2, c1, c2 = [await cluster_of(client, t) for t in ("A1", "A2", "B1", "B2", "C1", "C2")]
    assert a1["id"] == a2["id"] and b1["id"] == b2["id"] and c1["id"] == c2["id"]
    assert len({a1["id"], b1["id"], c1["id"]}) == 3
    assert c1["size"] == 2
    assert c1["kind"] == "SINGLE_ACTOR"

    found = data(await gql(client, CLUSTER, {"id": c1["id"]}))["cluster"]
    assert sorted(e["node"]["id"] for e in found["tips"]["edges"]) == ["C1", "C2"]
    assert found["evidence"]["platforms"] == ["pixpost", "vidnest"]
    assert {g["kind"] for g in found["evidence"]["glue"]} == {"EMAIL", "PHONE"}
    shared = {(i["identifier"]["kind"], i["memberCount"], i["linking"]) for i in found["identifiers"]}
    assert ("EMAIL", 2, True) in shared and ("PHONE", 2, True) in shared
    assert found["bridges"] == []  # two independent strong links: neither alone splits it

    a_cluster = data(await gql(client, CLUSTER, {"id": a1["id"]}))["cluster"]
    # Only the account holds A together; the service's own contact address is shared but flagged generic.
    carried = {
        (i["identifier"]["kind"], i["linking"], i["identifier"]["generic"]) for i in a_cluster["identifiers"]
    }
    assert carried == {("ACCOUNT", True, False), ("EMAIL", False, True)}
    assert [b["parts"] for b in a_cluster["bridges"]] == [[1, 1]]

    first = data(await gql(client, CLUSTERS, {"first": 2, "filter": {"minSize": 2}}))["clusters"]
    assert [e["node"]["size"] for e in first["edges"]] == [2, 2]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = data(
        await gql(
            client, CLUSTERS, {"first": 2, "filter": {"minSize": 2}, "after": first["pageInfo"]["endCursor"]}
        )
    )["clusters"]
    listed = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert sorted(listed) == sorted({a1["id"], b1["id"], c1["id"]})
    assert rest["pageInfo"]["hasNextPage"] is False
    urgent = data(await gql(client, CLUSTERS, {"first": 10, "filter": {"hasUrgent": True}}))["clusters"]
    assert [e["node"]["id"] for e in urgent["edges"]] == [c1["id"]]
    none = data(await gql(client, CLUSTERS, {"first": 10, "filter": {"minSize": 3}}))["clusters"]
    assert none["edges"] == []


async def test_judgements_split_and_join_on_recompute_and_ids_stay_stable(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    await submitted(client, corpus())
    await recompute_clusters(clean_db)
    before = {t: (await cluster_of(client, t))["id"] for t in ("A1", "B1", "C1")}

    again = await recompute_clusters(clean_db)
    assert (again.tips_changed, again.clusters_written, again.clusters_deleted) == (0, 0, 0)
    assert {t: (await cluster_of(client, t))["id"] for t in before} == before

    data(await gql(client, JUDGE, {"a": "C1", "b": "C2", "verdict": "DIFFERENT"}))
    data(await gql(client, JUDGE, {"a": "A2", "b": "B2", "verdict": "SAME"}))
    split = await recompute_clusters(clean_db)
    assert split.refused_links >= 1
    assert await cluster_of(client, "C1") is None and await cluster_of(client, "C2") is None
    assert data(await gql(client, CLUSTER, {"id": before["C1"]}))["cluster"] is None
    joined = {t: await cluster_of(client, t) for t in ("A1", "A2", "B1", "B2")}
    assert {c["id"] for c in joined.values()} == {min(before["A1"], before["B1"])}
    assert joined["A1"]["size"] == 4


async def test_why_member_timeline_and_triage_summary(client: httpx.AsyncClient, clean_db: Database) -> None:
    # W1 -account- W2 -email- W3: W3 is in only through W2.
    await submitted(
        client,
        [
            tip("W1", "PixPost", "w-1", day=1, ips=[capture("192.0.2.10", 1, 0, 1234)]),
            tip("W2", "PixPost", "w-1", day=2, email="walt.w@example.net", urgent=True),
            tip(
                "W3",
                "VidNest",
                "w-9",
                day=3,
                email="walt.w@example.net",
                files=[upload("x.jpg", "e4d909c290d0fb1ca068ffaddf22cbd0", 3)],
            ),
        ],
    )
    await recompute_clusters(clean_db)
    cluster_id = (await cluster_of(client, "W3"))["id"]
    query = """query($id: ID!) { cluster(id: $id) {
      root: whyMember(tipId: "W1") { fromTip }
      chain: whyMember(tipId: "W3") { fromTip toTip link { identifiers { kind key } weight } }
      stranger: whyMember(tipId: "NOPE") { fromTip }
      timeline { events { at tipId kind detail identifier { kind key } } truncated }
      triageSummary { tips actionable urgent referred closed byDisposition { disposition tips } }
      bridges { link { identifiers { kind } } parts tips }
      tips { edges { node { actionability { classification priority } } } } } }"""
    found = data(await gql(client, query, {"id": cluster_id}))["cluster"]
    assert found["root"] == []
    assert found["stranger"] is None
    chain = found["chain"]
    assert [(s["fromTip"], s["toTip"]) for s in chain] == [("W1", "W2"), ("W2", "W3")]
    assert [s["link"]["identifiers"][0]["kind"] for s in chain] == ["ACCOUNT", "EMAIL"]
    assert all(s["link"]["weight"] >= 0.99 for s in chain)

    events = found["timeline"]["events"]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert {e["kind"] for e in events} == {"INCIDENT", "IP_CAPTURE", "FILE_UPLOAD"}
    assert [e["tipId"] for e in events if e["kind"] == "INCIDENT"] == ["W1", "W2", "W3"]
    ip = next(e for e in events if e["kind"] == "IP_CAPTURE")
    assert ip["identifier"] == {"kind": "IP", "key": "192.0.2.10"} and ip["tipId"] == "W1"
    assert found["timeline"]["truncated"] is False
    # Either link alone holds W2 to one side: each is a bridge, and says which tips it joins.
    assert sorted((b["link"]["identifiers"][0]["kind"], b["tips"]) for b in found["bridges"]) == [
        ("ACCOUNT", ["W1", "W2"]),
        ("EMAIL", ["W2", "W3"]),
    ]

    classes = [e["node"]["actionability"] for e in found["tips"]["edges"]]
    summary = found["triageSummary"]
    assert summary["tips"] == 3
    assert summary["actionable"] == sum(1 for c in classes if c["classification"] == "REFERRAL")
    assert summary["urgent"] == sum(1 for c in classes if c["priority"] == "URGENT") == 1
    assert (summary["referred"], summary["closed"]) == (0, 0)
    assert summary["byDisposition"] == [{"disposition": "NEW", "tips": 3}]


async def test_why_member_and_linked_tips_give_one_pair_one_probability(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    # P1 and P2: one account and a household IP weeks apart; P2 and P3: a phone behind three accounts (so
    # its people count matters) and a file. Each step of whyMember is the pair linkedTips weighs.
    phone = "(202) 555-0177"
    await submitted(
        client,
        [
            tip("P1", "PixPost", "p-1", day=1, ips=[capture("192.0.2.77", 1, 0, 1234)]),
            tip("P2", "PixPost", "p-1", day=8, phone=phone, ips=[capture("192.0.2.77", 8, 0, 999)]),
            tip("P3", "VidNest", "p-2", day=9, phone=phone, files=[upload("y.jpg", PLAIN_MD5, 9)]),
            tip("P4", "ClipBay", "p-3", day=9, phone=phone),
            tip("P5", "PixPost", "p-4", day=9, files=[upload("y.jpg", PLAIN_MD5, 9)]),
        ],
    )
    await recompute_clusters(clean_db)
    cluster_id = (await cluster_of(client, "P3"))["id"]
    why = """query($id: ID!, $tip: ID!) { cluster(id: $id) {
      whyMember(tipId: $tip) { fromTip toTip
        link { identifiers { kind } matchProbability matchWeight } } } }"""
    linked = """query($id: ID!) { tip(id: $id) { linkedTips(first: 10) {
      edges { node { id } matchProbability matchWeight } } } }"""
    compared = 0
    for member in ("P2", "P3", "P4"):
        steps = data(await gql(client, why, {"id": cluster_id, "tip": member}))["cluster"]["whyMember"]
        assert steps, member
        for step in steps:
            edges = data(await gql(client, linked, {"id": step["fromTip"]}))["tip"]["linkedTips"]["edges"]
            (edge,) = [e for e in edges if e["node"]["id"] == step["toTip"]]
            assert step["link"]["matchProbability"] == pytest.approx(edge["matchProbability"], abs=1e-6)
            assert step["link"]["matchWeight"] == pytest.approx(edge["matchWeight"], abs=1e-4)
            assert step["link"]["matchProbability"] >= 0.99
            compared += 1
    assert compared >= 3

    # Every member carries its match probability to the cluster: its strongest link, the same number.
    strengths = """query($id: ID!) { cluster(id: $id) { memberLinks { tipId matchProbability linkedTo } } }"""
    found = data(await gql(client, strengths, {"id": cluster_id}))["cluster"]["memberLinks"]
    assert [m["tipId"] for m in found] == ["P1", "P2", "P3", "P4"]
    for member in found:
        assert member["linkedTo"] in {"P1", "P2", "P3", "P4"} - {member["tipId"]}
        edges = data(await gql(client, linked, {"id": member["tipId"]}))["tip"]["linkedTips"]["edges"]
        best = max(e["matchProbability"] for e in edges if e["node"]["id"] in {"P1", "P2", "P3", "P4"})
        assert member["matchProbability"] == pytest.approx(best, abs=1e-6) and best >= 0.99


async def test_strong_links_and_bridges_join_only_tips_a_scoped_viewer_may_see(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    # W1 -account- W2 -email- W3, and the investigator sees W1 and W2 only.
    await submitted(
        client,
        [
            tip("W1", "PixPost", "w-1", day=1),
            tip("W2", "PixPost", "w-1", day=2, email="walt.w@example.net"),
            tip("W3", "VidNest", "w-9", day=3, email="walt.w@example.net"),
        ],
    )
    await recompute_clusters(clean_db)
    await clean_db.write("testing/refer", ids=["W1", "W2"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    cluster_id = (await cluster_of(client, "W1"))["id"]
    query = """query($id: ID!, $first: Int!) { cluster(id: $id) {
      bridges { link { identifiers { kind key } } parts tips }
      strongLinks(first: $first) { links { link { identifiers { kind } weight } tips } truncated } } }"""

    def joins(found: dict[str, Any]) -> list[tuple[str, list[str]]]:
        return sorted((j["link"]["identifiers"][0]["kind"], j["tips"]) for j in found["links"])

    everything = data(await gql(client, query, {"id": cluster_id, "first": 10}))["cluster"]
    assert sorted(b["tips"] for b in everything["bridges"]) == [["W1", "W2"], ["W2", "W3"]]
    assert joins(everything["strongLinks"]) == [("ACCOUNT", ["W1", "W2"]), ("EMAIL", ["W2", "W3"])]
    assert everything["strongLinks"]["truncated"] is False
    strongest = data(await gql(client, query, {"id": cluster_id, "first": 1}))["cluster"]["strongLinks"]
    assert len(strongest["links"]) == 1 and strongest["truncated"] is True
    weights = [j["link"]["weight"] for j in everything["strongLinks"]["links"]]
    assert strongest["links"][0]["link"]["weight"] == max(weights)

    response = await gql(client, query, {"id": cluster_id, "first": 10}, token=investigator)
    seen = data(response)["cluster"]
    assert [(b["link"]["identifiers"][0]["kind"], b["parts"], b["tips"]) for b in seen["bridges"]] == [
        ("ACCOUNT", [1, 1], ["W1", "W2"])
    ]
    assert joins(seen["strongLinks"]) == [("ACCOUNT", ["W1", "W2"])]
    assert "W3" not in orjson.dumps(response).decode()
    refused = await gql(client, query, {"id": cluster_id, "first": 0})
    assert error_codes(refused) == ["BAD_USER_INPUT"]


async def test_a_scoped_viewer_sees_clusters_only_through_its_own_tips(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    await submitted(client, corpus())
    await recompute_clusters(clean_db)
    await clean_db.write("testing/refer", ids=["C1"], agency="ICAC-OH")
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    c_id = (await cluster_of(client, "C1"))["id"]
    a_id = (await cluster_of(client, "A1"))["id"]

    listed = data(await gql(client, CLUSTERS, {"first": 10}, token=investigator))["clusters"]
    assert [(e["node"]["id"], e["node"]["size"]) for e in listed["edges"]] == [(c_id, 1)]
    assert data(await gql(client, CLUSTER, {"id": a_id}, token=investigator))["cluster"] is None
    assert await cluster_of(client, "C1", investigator) == {"id": c_id, "kind": "SINGLE_ACTOR", "size": 1}
    found = data(await gql(client, CLUSTER, {"id": c_id}, token=investigator))["cluster"]
    assert [e["node"]["id"] for e in found["tips"]["edges"]] == ["C1"]
    assert found["evidence"]["tips"] == 1
    assert found["evidence"]["platforms"] == ["pixpost"]
    assert found["identifiers"] == []  # nothing is shared by two tips it may see
    assert found["triageSummary"]["tips"] == 1
    exported = orjson.loads(
        data(await gql(client, EXPORT, {"id": c_id, "format": "JSON"}, token=investigator))["clusterExport"]
    )
    assert [t["id"] for t in exported["tips"]] == ["C1"]
    assert exported["links"] == []
    assert error_codes(await gql(client, EXPORT, {"id": a_id, "format": "JSON"}, token=investigator)) == [
        "NOT_FOUND"
    ]
    refused = await gql(client, SET_CLUSTER, {"id": c_id, "dry": True}, token=investigator)
    assert error_codes(refused) == ["FORBIDDEN"]


async def test_bulk_disposition_with_dry_run_then_for_real_then_undone(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    await submitted(client, corpus())
    await recompute_clusters(clean_db)
    c_id = (await cluster_of(client, "C1"))["id"]

    dry = data(await gql(client, SET_CLUSTER, {"id": c_id, "dry": True}))["setClusterDisposition"]
    assert dry["decisionId"] is None and dry["dryRun"] is True
    assert sorted((c["tipId"], c["from"], c["to"]) for c in dry["changes"]) == [
        ("C1", "NEW", "ACTIONABLE"),
        ("C2", "NEW", "ACTIONABLE"),
    ]
    assert data(await gql(client, DISPOSITIONS)) == {
        "a": {"disposition": "NEW"},
        "b": {"disposition": "NEW"},
    }

    done = data(await gql(client, SET_CLUSTER, {"id": c_id, "dry": False}))["setClusterDisposition"]
    assert done["decisionId"] and len(done["changes"]) == 2 and done["problems"] == []
    assert data(await gql(client, DISPOSITIONS)) == {
        "a": {"disposition": "ACTIONABLE"},
        "b": {"disposition": "ACTIONABLE"},
    }
    auditor = token_for(settings, Role.AUDITOR)
    records = data(await gql(client, AUDIT, token=auditor))["auditLog"]["edges"]
    mine = [r["node"] for r in records if r["node"]["action"] == "setClusterDisposition"]
    assert len(mine) == 1 and mine[0]["change"]["clusterId"] == c_id

    again = data(await gql(client, SET_CLUSTER, {"id": c_id, "dry": True}))["setClusterDisposition"]
    assert {p["code"] for p in again["problems"]} == {"INVALID_TRANSITION"}

    supervisor = token_for(settings, Role.SUPERVISOR)
    undone = data(await gql(client, UNDO, {"id": done["decisionId"]}, token=supervisor))["undoDecision"]
    assert sorted(c["tipId"] for c in undone["changes"]) == ["C1", "C2"]
    assert data(await gql(client, DISPOSITIONS)) == {
        "a": {"disposition": "NEW"},
        "b": {"disposition": "NEW"},
    }
    assert error_codes(await gql(client, SET_CLUSTER, {"id": "C-nope", "dry": True})) == ["NOT_FOUND"]

    bundle = """mutation($id: ID!) { bundleCluster(clusterId: $id, incidentLabel: "carol", dryRun: true) {
      decision { decisionId changes { tipId to } } incident { id } } }"""
    dry_bundle = data(await gql(client, bundle, {"id": c_id}))["bundleCluster"]
    assert dry_bundle["incident"] is None and len(dry_bundle["decision"]["changes"]) == 2


async def test_export_as_json_and_csv_holds_the_members_identifiers_and_links(
    client: httpx.AsyncClient, clean_db: Database
) -> None:
    await submitted(client, corpus())
    await recompute_clusters(clean_db)
    c_id = (await cluster_of(client, "C1"))["id"]

    exported = orjson.loads(data(await gql(client, EXPORT, {"id": c_id, "format": "JSON"}))["clusterExport"])
    assert exported["cluster"]["id"] == c_id and exported["cluster"]["kind"] == "SINGLE_ACTOR"
    assert sorted(t["id"] for t in exported["tips"]) == ["C1", "C2"]
    assert {"EMAIL", "PHONE"} <= {i["kind"] for i in exported["identifiers"] if i["memberCount"] == 2}
    [link] = exported["links"]
    assert (link["tipA"], link["tipB"]) == ("C1", "C2") and link["weight"] > 0.9
    assert any(via.startswith("EMAIL:") for via in link["via"])

    text = data(await gql(client, EXPORT, {"id": c_id, "format": "CSV"}))["clusterExport"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["tip_id"] for r in rows if r["record"] == "tip") == ["C1", "C2"]
    assert [(r["tip_a"], r["tip_b"]) for r in rows if r["record"] == "link"] == [("C1", "C2")]
    assert any(r["identifier_kind"] == "PHONE" for r in rows if r["record"] == "identifier")

"""linkedTips, tip and cluster answers on a small generated database against a slow reference path.

The reference reads the raw graph once (every tip's properties, every occurrence as stored, every identifier)
and answers in plain Python: who may see what, which identifiers are generic for whom, who shares what, how
much each shared identifier weighs (graph.linking's rules, fed whole occurrence maps). The API's answers must
be the same, so an optimisation of statements, projections or loaders can never change an answer.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from api.app import create_app
from graph import crossref
from graph.audit import AuditTrail
from graph.clustering.evidence import SharedFact, compare
from graph.clustering.pairs import people_of
from graph.generic import generic_for
from graph.incident_types import IncidentType
from graph.ingest import ingest_stream
from graph.kinds import IdentifierKind
from graph.linking import linked_tip, strongest_first
from graph.settings import Settings
from graph.store.database import Database
from graph.synthetic import GeneratorConfig, write_jsonl
from graph.tip_files import read_tips
from graph.viewer import Role, Viewer
from tests.api.graphql import data, gql
from tests.conftest import token_for

TIPS = 160
AGENCY = "ICAC-REF"
LINKED = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 100) {
  totalCount skippedGenericIdentifiers truncated
  edges { weight node { id incidentType referredTo }
          shared { kind key tipCount generic weight reason rolesHere rolesThere level } } } } }"""
# The same question where look-ahead cannot read the links with the tip (a directive), so the tip and then
# its links are read by their own resolvers: both paths must give the reference's answer.
LINKED_UNPLANNED = LINKED.replace("linkedTips(first: 100)", "linkedTips(first: 100) @include(if: true)")
# The same question asking nothing of the tips beyond their cards (api/lookahead.py): they are read as cards,
# with the links in one statement (with more linked tips than it ships the cards of, the page by another).
LINKED_CARDS = LINKED.replace(
    "node { id incidentType referredTo }", "node { id reportId incidentType incidentDateTime receivedAt }"
).replace("tip(id: $id) { id linkedTips", "tip(id: $id) { id reportId receivedAt linkedTips")
TIP = """query($id: ID!) { tip(id: $id) {
  id incidentType incidentDateTime receivedAt platform referredTo report
  files { fileName hashes { hashType value } }
  identifiers { kind key raw role tipCount generic }
  cluster { id size tips(first: 100) { edges { node { id } } } } } }"""
# A tip with its identifiers asking nothing beyond its card: one statement reads the card and the identifiers.
TIP_CARD = """query($id: ID!) { tip(id: $id) {
  id incidentType incidentDateTime receivedAt identifiers { kind key raw role tipCount generic } } }"""
# The same where the tip and then its identifiers are read by their own resolvers (a directive).
TIP_CARD_UNPLANNED = TIP_CARD.replace("identifiers {", "identifiers @include(if: true) {")
CARD_FIELDS = ("id", "incidentType", "incidentDateTime", "receivedAt", "identifiers")
# The same asking no identifier's generic flag: a scoped viewer's identifiers are read without what only the
# flag needs (its suspect accounts), and the rest must not change.
TIP_CARD_NO_FLAGS = TIP_CARD.replace("tipCount generic }", "tipCount }")
# A cluster page as the cluster view asks for it: look-ahead reads the cluster and its page in one statement.
CLUSTER = """query($id: ID!, $first: Int!, $after: String) { cluster(id: $id) {
  id size tips(first: $first, after: $after) {
    totalCount edges { cursor node { id incidentType referredTo } }
    pageInfo { hasNextPage endCursor } } } }"""
# The same where the cluster and then its page are read by their own resolvers (a directive).
CLUSTER_UNPLANNED = CLUSTER.replace("after: $after)", "after: $after) @include(if: true)")
# The same asking nothing of the tips beyond their cards.
CLUSTER_CARDS = CLUSTER.replace("node { id incidentType referredTo }", "node { id incidentType }")


@dataclass(frozen=True)
class Scope:
    role: Role
    agency: str | None

    def sees(self, tip: dict[str, Any]) -> bool:
        if self.role in (Role.ANALYST, Role.SUPERVISOR):
            return True
        if self.role is Role.REPORTER:
            return tip.get("submittedBy") == self.agency
        return self.agency in (tip.get("referredTo") or [])

    @property
    def all(self) -> bool:
        return self.role in (Role.ANALYST, Role.SUPERVISOR)

    @property
    def viewer(self) -> Viewer:
        return Viewer(subject="reference", role=self.role, agency=self.agency)


class RawGraph:
    """The whole stored graph, read once, answering the way the service must."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.tips = {row["tip"]["id"]: row["tip"] for row in rows}
        self.identifiers: dict[str, dict[str, Any]] = {}
        self.carriers: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        self.occurrences: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for row in rows:
            tip_id = row["tip"]["id"]
            for hit in row["occurrences"]:
                uid = hit["identifier"]["uid"]
                self.identifiers[uid] = hit["identifier"]
                self.carriers[uid].append((tip_id, hit["occurrence"]))
                self.occurrences[tip_id].append((uid, hit["occurrence"]))

    def visible_count(self, uid: str, scope: Scope) -> int:
        if scope.all:
            count: int = self.identifiers[uid]["tipCount"]
            return count
        return len({t for t, _ in self.carriers[uid] if scope.sees(self.tips[t])})

    def generic(self, uid: str, scope: Scope) -> bool:
        n = self.identifiers[uid]
        if scope.all:
            return bool(n.get("generic"))
        # The one policy (graph/generic.py), fed from the raw graph: the visible count and whether one of
        # the viewer's tips carries the value as its reporting service's contact address.
        contact_in_view = any(
            o["role"] == "REPORTER" and scope.sees(self.tips[t]) for t, o in self.carriers[uid]
        )
        verdict = generic_for(
            scope.viewer,
            IdentifierKind(n["kind"]),
            n["key"],
            n,
            self.visible_count(uid, scope),
            contact_in_view,
        )
        return verdict.generic

    def accounts(self, uid: str, scope: Scope) -> int:
        """The distinct suspect accounts of the tips carrying `uid` that the viewer may see, as the pattern
        (n)<-[:HAS]-(:Tip)-[:HAS {role: 'SUSPECT'}]->(a) counts them: never through one link twice, so an
        account stands behind itself only when a tip links it twice."""
        carriers = {t for t, _ in self.carriers[uid] if scope.sees(self.tips[t])}
        found: set[str] = set()
        for t in carriers:
            links = self.occurrences[t]
            for account, o in links:
                if self.identifiers[account]["kind"] != "ACCOUNT" or o["role"] != "SUSPECT":
                    continue
                if account != uid or sum(1 for other, _ in links if other == uid) > 1:
                    found.add(account)
        return len(found)

    def people_level(self, uid: str, scope: Scope, roles: list[str]) -> str:
        """The evidence level's bucket of the people behind a shared value as this viewer may know them
        (graph.clustering.pairs.people_of over its visible tips), as `level_bucket` reads it off an answer."""
        n = self.identifiers[uid]
        kind = IdentifierKind(n["kind"])
        count = self.visible_count(uid, scope)
        people = people_of(count, self.accounts(uid, scope) if count > 2 else count)
        file_url = kind is IdentifierKind.URL and all(role == "FILE" for role in roles)
        found = compare(SharedFact(kind, n["key"], people, [{}], [{}], file_url=file_url))
        return "" if found is None else level_bucket(found.level)

    def linked(self, tip_id: str, scope: Scope) -> dict[str, Any]:
        mine: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for uid, occurrence in self.occurrences[tip_id]:
            mine[uid].append(occurrence)
        skipped = 0
        shared_by_tip: dict[str, list[dict[str, Any]]] = defaultdict(list)
        levels: dict[tuple[str, str, str], str] = {}
        for uid, own in mine.items():
            generic = self.generic(uid, scope)
            if generic:
                skipped += 1
                continue
            theirs: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for other, occurrence in self.carriers[uid]:
                if other != tip_id and scope.sees(self.tips[other]):
                    theirs[other].append(occurrence)
            n = self.identifiers[uid]
            for other, occurrences in theirs.items():
                roles = [o["role"] for o in (*own, *occurrences)]
                levels[(other, n["kind"], n["key"])] = self.people_level(uid, scope, roles)
                shared_by_tip[other].append(
                    {
                        "kind": n["kind"],
                        "key": n["key"],
                        "tipCount": self.visible_count(uid, scope),
                        "generic": generic,
                        "mine": own,
                        "theirs": occurrences,
                    }
                )
        links = strongest_first(linked_tip(other, rows) for other, rows in shared_by_tip.items())

        def node(other: str) -> dict[str, Any]:
            t = self.tips[other]
            referred = t.get("referredTo") or []
            return {
                "id": other,
                "incidentType": IncidentType(t["incidentType"]).name,
                "referredTo": referred if scope.all else [a for a in referred if a == scope.agency],
            }

        return {
            "totalCount": len(links),
            "skippedGenericIdentifiers": skipped,
            "truncated": False,
            "edges": [
                {
                    "weight": link.weight,
                    "node": node(link.tip_id),
                    "shared": [
                        {
                            "kind": s.kind.value,
                            "key": s.key,
                            "tipCount": s.tip_count,
                            "generic": s.generic,
                            "weight": s.weight,
                            "reason": s.reason,
                            "rolesHere": [r.value for r in s.roles_here],
                            "rolesThere": [r.value for r in s.roles_there],
                            "level": levels[(link.tip_id, s.kind.value, s.key)],
                        }
                        for s in link.shared
                    ],
                }
                for link in links
            ],
        }

    def tip(self, tip_id: str, scope: Scope) -> dict[str, Any]:
        t = self.tips[tip_id]
        report = orjson.loads(t["report"])
        # Newest received first, then by id (the keyset order of cluster and identifier pages).
        cluster_id = t.get("clusterId")
        same_cluster = [m for m in self.tips.values() if cluster_id and m.get("clusterId") == cluster_id]
        members = sorted(
            sorted(same_cluster, key=_id),
            key=lambda m: m["receivedAt"].to_native(),
            reverse=True,
        )
        visible_members = [m["id"] for m in members if scope.sees(m)]
        referred = t.get("referredTo") or []
        return {
            "id": tip_id,
            "incidentType": IncidentType(t["incidentType"]).name,
            "incidentDateTime": t["incidentDateTime"].to_native(),
            "receivedAt": t["receivedAt"].to_native(),
            "platform": t.get("platform"),
            "referredTo": referred if scope.all else [a for a in referred if a == scope.agency],
            "report": report,
            "files": sorted(
                (
                    f.get("fileName"),
                    tuple((h["hashType"], h["value"]) for h in f.get("originalFileHash") or ()),
                )
                for f in report.get("files") or ()
            ),
            "identifiers": sorted(
                (
                    self.identifiers[uid]["kind"],
                    self.identifiers[uid]["key"],
                    occurrence.get("raw"),
                    occurrence["role"],
                    self.visible_count(uid, scope),
                    self.generic(uid, scope),
                )
                for uid, occurrence in self.occurrences[tip_id]
            ),
            "cluster": None
            if not t.get("clusterId")
            else {"id": t["clusterId"], "size": len(visible_members), "tips": visible_members},
        }

    def cluster(self, cluster_id: str, scope: Scope) -> dict[str, Any] | None:
        """A cluster as the viewer sees it: None when it holds none of the viewer's tips."""
        members = sorted(
            sorted((m for m in self.tips.values() if m.get("clusterId") == cluster_id), key=_id),
            key=lambda m: m["receivedAt"].to_native(),
            reverse=True,
        )
        visible = [m for m in members if scope.sees(m)]
        if not visible:
            return None
        tips = [
            {
                "id": m["id"],
                "incidentType": IncidentType(m["incidentType"]).name,
                "referredTo": (m.get("referredTo") or [])
                if scope.all
                else [a for a in m.get("referredTo") or [] if a == scope.agency],
            }
            for m in visible
        ]
        return {"id": cluster_id, "size": len(visible), "tips": tips}


def level_bucket(level: str) -> str:
    """The part of an evidence level that tells how many people stand behind the value ("3-4", "3+")."""
    return level.rpartition("PEOPLE_")[2] if "PEOPLE_" in level else ""


def api_links(found: dict[str, Any]) -> dict[str, Any]:
    """The API's linkedTips with each shared value's level cut to its people bucket (the reference does not
    weigh IP observations or verified emails again: the rest of the answer covers those)."""
    for edge in found["linkedTips"]["edges"]:
        for shared in edge["shared"]:
            shared["level"] = level_bucket(shared["level"])
    return found


def reference_card(raw_graph: RawGraph, tip_id: str) -> dict[str, Any]:
    """A tip's card fields as LINKED_CARDS selects them from the raw graph, but its incident type (the
    reference's links name it as the API does)."""
    t = raw_graph.tips[tip_id]
    return {
        "id": tip_id,
        "reportId": t.get("reportId") or tip_id,
        "incidentDateTime": t["incidentDateTime"].to_native(),
        "receivedAt": t["receivedAt"].to_native(),
    }


def as_cards(raw_graph: RawGraph, tip_id: str, links: dict[str, Any]) -> dict[str, Any]:
    """The reference's answer to LINKED_CARDS."""
    edges = [
        {
            **edge,
            "node": {
                **reference_card(raw_graph, edge["node"]["id"]),
                "incidentType": edge["node"]["incidentType"],
            },
        }
        for edge in links["edges"]
    ]
    card = reference_card(raw_graph, tip_id)
    return {
        "id": tip_id,
        "reportId": card["reportId"],
        "receivedAt": card["receivedAt"],
        "linkedTips": {**links, "edges": edges},
    }


def api_cards(found: dict[str, Any]) -> dict[str, Any]:
    """The API's answer to LINKED_CARDS with its times as datetimes."""
    for tip in (found, *(edge["node"] for edge in found["linkedTips"]["edges"])):
        for field in ("incidentDateTime", "receivedAt"):
            if field in tip:
                tip[field] = datetime.fromisoformat(tip[field])
    return api_links(found)


def _id(tip: dict[str, Any]) -> str:
    return str(tip["id"])


def api_tip(found: dict[str, Any]) -> dict[str, Any]:
    """The API's tip in the reference's shape (lists as sorted tuples, times as datetimes)."""
    cluster = found["cluster"]
    return {
        "id": found["id"],
        "incidentType": found["incidentType"],
        "incidentDateTime": datetime.fromisoformat(found["incidentDateTime"]),
        "receivedAt": datetime.fromisoformat(found["receivedAt"]),
        "platform": found["platform"],
        "referredTo": found["referredTo"],
        "report": found["report"],
        "files": sorted(
            (f["fileName"], tuple((h["hashType"], h["value"]) for h in f["hashes"])) for f in found["files"]
        ),
        "identifiers": sorted(
            (i["kind"], i["key"], i["raw"], i["role"], i["tipCount"], i["generic"])
            for i in found["identifiers"]
        ),
        "cluster": None
        if cluster is None
        else {
            "id": cluster["id"],
            "size": cluster["size"],
            "tips": [e["node"]["id"] for e in cluster["tips"]["edges"]],
        },
    }


def api_card(found: dict[str, Any]) -> dict[str, Any]:
    """The API's tip card with its identifiers in the reference's shape (an identifier asked without its
    generic flag has None in its place)."""
    return {
        "id": found["id"],
        "incidentType": found["incidentType"],
        "incidentDateTime": datetime.fromisoformat(found["incidentDateTime"]),
        "receivedAt": datetime.fromisoformat(found["receivedAt"]),
        "identifiers": sorted(
            (i["kind"], i["key"], i["raw"], i["role"], i["tipCount"], i.get("generic"))
            for i in found["identifiers"]
        ),
    }


def without_flags(card: dict[str, Any]) -> dict[str, Any]:
    """A card in api_card's shape with its identifiers' generic flags taken out."""
    return {**card, "identifiers": sorted((*i[:5], None) for i in card["identifiers"])}


@pytest.fixture
async def raw_graph(clean_db: Database, settings: Settings, tmp_path: Path) -> RawGraph:
    """TIPS generated tips ingested as two services' submissions, a sample referred to AGENCY."""
    path, truth = tmp_path / "tips.jsonl", tmp_path / "truth.jsonl"
    write_jsonl(GeneratorConfig(tips=TIPS, seed=5, now=datetime(2026, 1, 1, tzinfo=UTC)), path, truth)
    items = list(read_tips(path))
    for service, part in (("pixpost", items[::2]), ("vidnest", items[1::2])):
        trail = AuditTrail(Viewer(subject=f"ref-{service}", role=Role.REPORTER, agency=service), "ref")
        async for result in ingest_stream(clean_db, settings, trail, part):
            assert result.outcome == "CREATED", result
    ids = [row["id"] for row in await clean_db.read("bench/linked_sample", limit=TIPS)]
    await clean_db.write("testing/refer", ids=random.Random(3).sample(ids, len(ids) // 3), agency=AGENCY)
    return RawGraph(await clean_db.read("testing/graph"))


VIEWERS = {
    "analyst": Scope(Role.ANALYST, None),
    "investigator": Scope(Role.INVESTIGATOR, AGENCY),
    "reporter": Scope(Role.REPORTER, "pixpost"),
}


@pytest.fixture
async def client(clean_db: Database, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The API without its per-token rate limit: these tests ask a few thousand questions as fast as the
    answers come (faster than the limit once a read takes under 20 ms), and the limit is tested elsewhere."""
    unlimited = settings.model_copy(update={"rate_limit_per_second": 1e9, "rate_limit_burst": 10**9})
    transport = httpx.ASGITransport(app=create_app(unlimited, db=clean_db))
    async with httpx.AsyncClient(transport=transport, base_url="http://tipgraph.test") as c:
        yield c


@pytest.mark.parametrize("who", VIEWERS)
async def test_answers_equal_the_reference(
    client: httpx.AsyncClient,
    settings: Settings,
    raw_graph: RawGraph,
    who: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scope = VIEWERS[who]
    token = token_for(settings, scope.role, scope.agency)
    visible = sorted(t for t, props in raw_graph.tips.items() if scope.sees(props))
    assert len(visible) > 10
    linked_somewhere = many_linked = 0
    for tip_id in visible:
        expected = raw_graph.linked(tip_id, scope)
        for query in (LINKED, LINKED_UNPLANNED):
            got = api_links(data(await gql(client, query, {"id": tip_id}, token=token))["tip"])
            assert got == {"id": tip_id, "linkedTips": expected}, tip_id
        carded = api_cards(data(await gql(client, LINKED_CARDS, {"id": tip_id}, token=token))["tip"])
        assert carded == as_cards(raw_graph, tip_id, expected), tip_id
        with monkeypatch.context() as few:
            few.setattr(crossref, "CARDS_SHIPPED", 2)  # more linked tips than tips/linked ships cards of
            carded = api_cards(data(await gql(client, LINKED_CARDS, {"id": tip_id}, token=token))["tip"])
        assert carded == as_cards(raw_graph, tip_id, expected), tip_id
        many_linked += len(expected["edges"]) > 2
        linked_somewhere += bool(expected["edges"])
        found = data(await gql(client, TIP, {"id": tip_id}, token=token))["tip"]
        expected_tip = raw_graph.tip(tip_id, scope)
        assert api_tip(found) == expected_tip, tip_id
        for query in (TIP_CARD, TIP_CARD_UNPLANNED):
            card = data(await gql(client, query, {"id": tip_id}, token=token))["tip"]
            assert api_card(card) == {k: expected_tip[k] for k in CARD_FIELDS}, tip_id
        card = data(await gql(client, TIP_CARD_NO_FLAGS, {"id": tip_id}, token=token))["tip"]
        assert api_card(card) == without_flags({k: expected_tip[k] for k in CARD_FIELDS}), tip_id
    assert linked_somewhere > 5  # the sample exercises links, not just empty answers
    assert many_linked > 0  # and the page's cards read apart when they are many
    hidden = sorted(set(raw_graph.tips) - set(visible))
    for tip_id in hidden[:5]:
        for query in (
            LINKED,
            LINKED_UNPLANNED,
            LINKED_CARDS,
            TIP,
            TIP_CARD,
            TIP_CARD_UNPLANNED,
            TIP_CARD_NO_FLAGS,
        ):
            assert data(await gql(client, query, {"id": tip_id}, token=token))["tip"] is None


async def cluster_pages(
    client: httpx.AsyncClient, query: str, token: str, cluster_id: str, first: int
) -> dict[str, Any] | None:
    """A cluster read page after page (`first` tips each): its id, size and every tip in page order."""
    tips: list[dict[str, Any]] = []
    after = None
    while True:
        variables = {"id": cluster_id, "first": first, "after": after}
        found = data(await gql(client, query, variables, token=token))["cluster"]
        if found is None:
            assert not tips
            return None
        page = found["tips"]
        assert page["totalCount"] == found["size"]
        tips += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return {"id": found["id"], "size": found["size"], "tips": tips}
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]


@pytest.mark.parametrize("who", VIEWERS)
async def test_cluster_pages_equal_the_reference(
    client: httpx.AsyncClient,
    settings: Settings,
    raw_graph: RawGraph,
    who: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scope = VIEWERS[who]
    token = token_for(settings, scope.role, scope.agency)
    cluster_ids = sorted({t["clusterId"] for t in raw_graph.tips.values() if t.get("clusterId")})
    seen = [c for c in cluster_ids if raw_graph.cluster(c, scope) is not None]
    assert len(seen) > 3
    # A scoped viewer is also asked of clusters it cannot see.
    assert scope.all or len(seen) < len(cluster_ids)
    for cluster_id in [*cluster_ids, "no-such-cluster"]:
        expected = raw_graph.cluster(cluster_id, scope)
        for query in (CLUSTER, CLUSTER_UNPLANNED):
            for first in (100, 2):
                assert await cluster_pages(client, query, token, cluster_id, first) == expected, cluster_id
        cards = await cluster_pages(client, CLUSTER_CARDS, token, cluster_id, 100)
        assert cards == (
            None
            if expected is None
            else {
                **expected,
                "tips": [{k: v for k, v in t.items() if k != "referredTo"} for t in expected["tips"]],
            }
        ), cluster_id


LINKED_PAGE = """query($id: ID!, $first: Int!, $after: String) {
  tip(id: $id) { linkedTips(first: $first, after: $after) {
  totalCount edges { cursor weight node { id } shared { kind key weight reason rolesHere rolesThere } }
  pageInfo { hasNextPage endCursor } } } }"""


@pytest.mark.parametrize("who", VIEWERS)
async def test_linked_tips_read_page_after_page_equal_the_reference(
    client: httpx.AsyncClient, settings: Settings, raw_graph: RawGraph, who: str
) -> None:
    """Every link is ranked by its weight alone and spelled out only on its page (graph/crossref.py): read
    two at a time by cursor, the links come in the reference's order, each spelled out as the reference
    spells it, none lost or repeated."""
    scope = VIEWERS[who]
    token = token_for(settings, scope.role, scope.agency)
    visible = sorted(t for t, props in raw_graph.tips.items() if scope.sees(props))
    paged_somewhere = 0
    for tip_id in visible:
        expected = raw_graph.linked(tip_id, scope)
        edges: list[dict[str, Any]] = []
        after = None
        while True:
            variables = {"id": tip_id, "first": 2, "after": after}
            found = data(await gql(client, LINKED_PAGE, variables, token=token))["tip"]["linkedTips"]
            assert found["totalCount"] == expected["totalCount"], tip_id
            edges += found["edges"]
            if not found["pageInfo"]["hasNextPage"]:
                break
            after = found["pageInfo"]["endCursor"]
        paged_somewhere += len(edges) > 2
        assert [
            {"weight": e["weight"], "node": {"id": e["node"]["id"]}, "shared": e["shared"]} for e in edges
        ] == [
            {
                "weight": e["weight"],
                "node": {"id": e["node"]["id"]},
                "shared": [
                    {k: s[k] for k in ("kind", "key", "weight", "reason", "rolesHere", "rolesThere")}
                    for s in e["shared"]
                ],
            }
            for e in expected["edges"]
        ], tip_id
    assert paged_somewhere > 3  # links spread over several pages, not one

"""Every role's worklist (issue 12): an agency's queue and expiring tips, national access, and what a
reporting service may know of its own submissions (their status and expiry, nothing of triage)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from graph.agencies import AgencyRegistry, AgencyRegistryError
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, gql, submit_copies
from tests.conftest import token_for

ACTIONABLE = """mutation($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: ACTIONABLE, reasonCode: "TRIAGE") { problems { code } } }"""
REFER = """mutation($ids: [ID!]!, $agency: ID!) {
  referTips(tipIds: $ids, agencyId: $agency, overrideReason: "test") { problems { code } } }"""
OUTCOME = """mutation($ids: [ID!]!) {
  recordOutcome(tipIds: $ids, outcome: SEARCH_WARRANT, note: "served") { problems { code } } }"""
QUEUE = """query($after: String) { triageQueue(first: 2, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id disposition referredTo actionability { priority } } } } }"""
EXPIRING = """{ expiringTips(withinDays: 366, first: 10) { edges { node { id disposition } } } }"""


async def _refer(client: httpx.AsyncClient, ids: list[str], agency: str) -> None:
    assert data(await gql(client, ACTIONABLE, {"ids": ids}))["setDisposition"]["problems"] == []
    answer = data(await gql(client, REFER, {"ids": ids, "agency": agency}))
    assert answer["referTips"]["problems"] == []


async def _queue(client: httpx.AsyncClient, token: str) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = data(await gql(client, QUEUE, {"after": after}, token=token))["triageQueue"]
        ids += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def test_an_investigator_works_the_tips_referred_to_its_agency(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "Q1", "Q2", "Q3", "Q4", "Q5")
    await _refer(client, ["Q1", "Q2", "Q3"], "ICAC-OR")
    await _refer(client, ["Q4"], "ICAC-CA-BAY")
    oregon = token_for(settings, Role.INVESTIGATOR, "ICAC-OR")

    assert sorted(await _queue(client, oregon)) == ["Q1", "Q2", "Q3"]
    page = data(await gql(client, QUEUE, token=oregon))["triageQueue"]
    assert all(e["node"]["referredTo"] == ["ICAC-OR"] for e in page["edges"])
    # The analyst's queue holds open tips only: Q5.
    assert await _queue(client, token_for(settings, Role.ANALYST)) == ["Q5"]

    held = data(await gql(client, EXPIRING, token=oregon))["expiringTips"]["edges"]
    assert sorted(e["node"]["id"] for e in held) == ["Q1", "Q2", "Q3"]
    assert {e["node"]["disposition"] for e in held} == {"REFERRED"}
    open_work = data(await gql(client, EXPIRING))["expiringTips"]["edges"]
    assert [e["node"]["id"] for e in open_work] == ["Q5"]

    closed = data(await gql(client, OUTCOME, {"ids": ["Q2"]}, token=oregon))
    assert closed["recordOutcome"]["problems"] == []
    assert sorted(await _queue(client, oregon)) == ["Q1", "Q3"]
    held = data(await gql(client, EXPIRING, token=oregon))["expiringTips"]["edges"]
    assert sorted(e["node"]["id"] for e in held) == ["Q1", "Q3"]
    assert await _queue(client, token_for(settings, Role.INVESTIGATOR, "ICAC-CA-BAY")) == ["Q4"]


async def test_an_agencys_queue_is_in_priority_then_deadline_order(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    calm = copy.deepcopy(example_tip)
    calm["incidentSummary"] = {
        "incidentType": "Misleading Domain Name",
        "incidentDateTime": example_tip["incidentSummary"]["incidentDateTime"],
    }
    calm["reportId"] = "CALM"
    urgent = {**copy.deepcopy(example_tip), "reportId": "URGENT"}
    answer = data(
        await gql(
            client, "mutation($t: [TipInput!]!) { submitTips(tips: $t) { created } }", {"t": [calm, urgent]}
        )
    )
    assert answer["submitTips"]["created"] == 2
    await _refer(client, ["CALM", "URGENT"], "ICAC-OR")
    page = data(await gql(client, QUEUE, token=token_for(settings, Role.INVESTIGATOR, "ICAC-OR")))
    priorities = [e["node"]["actionability"]["priority"] for e in page["triageQueue"]["edges"]]
    assert [e["node"]["id"] for e in page["triageQueue"]["edges"]] == ["URGENT", "CALM"]
    assert priorities[0] == "URGENT" and priorities[1] != "URGENT"


def _kind(example: dict[str, Any], report_id: str, incident_type: str) -> dict[str, Any]:
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    made["incidentSummary"]["incidentType"] = incident_type
    return made


TRAFFICKING = "Child Sex Trafficking"
NATIONAL_TIP = """query($id: ID!) { tip(id: $id) { id linkedTips(first: 20) { edges { node { id } } } } }"""


async def test_an_agency_with_national_access_sees_every_tip_of_its_types_audited(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    registry = AgencyRegistry.load()
    desk = registry.federal_desk
    assert TRAFFICKING in desk.national_incident_types
    tips = [_kind(example_tip, "T1", TRAFFICKING), _kind(example_tip, "T2", TRAFFICKING)]
    tips += [_kind(example_tip, "E1", example_tip["incidentSummary"]["incidentType"])]
    answer = data(
        await gql(client, "mutation($t: [TipInput!]!) { submitTips(tips: $t) { created } }", {"t": tips})
    )
    assert answer["submitTips"]["created"] == 3
    federal = token_for(settings, Role.INVESTIGATOR, desk.id, subject="fed-1")
    oregon = token_for(settings, Role.INVESTIGATOR, "ICAC-OR")

    seen = data(await gql(client, NATIONAL_TIP, {"id": "T1"}, token=federal))["tip"]
    assert seen["id"] == "T1"
    # Linked tips follow the same scope: the other trafficking tip, not the enticement one.
    assert [e["node"]["id"] for e in seen["linkedTips"]["edges"]] == ["T2"]
    assert data(await gql(client, NATIONAL_TIP, {"id": "E1"}, token=federal))["tip"] is None
    assert data(await gql(client, NATIONAL_TIP, {"id": "T1"}, token=oregon))["tip"] is None
    search = data(
        await gql(client, "{ searchTips(first: 10) { totalCount edges { node { id } } } }", token=federal)
    )["searchTips"]
    assert sorted(e["node"]["id"] for e in search["edges"]) == ["T1", "T2"]
    assert search["totalCount"] == 2
    # Its worklist stays what is referred to it: national access widens what it may read, not its queue.
    assert await _queue(client, federal) == []

    auditor = token_for(settings, Role.AUDITOR)
    log = data(
        await gql(
            client,
            '{ auditLog(filter: {actor: "fed-1", tipId: "T1"}, first: 10) '
            "{ edges { node { actor agency tipIds } } } }",
            token=auditor,
        )
    )
    reads = log["auditLog"]["edges"]
    assert reads and all(e["node"]["agency"] == desk.id for e in reads)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"nationalAccess": True}, "needs 'nationalAccessIncidentTypes'"),
        ({"nationalAccessIncidentTypes": [TRAFFICKING]}, "needs 'nationalAccessIncidentTypes'"),
        ({"nationalAccess": True, "nationalAccessIncidentTypes": ["Spam"]}, "not incident types"),
        ({"nationalAccess": "yes", "nationalAccessIncidentTypes": [TRAFFICKING]}, "true or false"),
    ],
)
def test_a_registry_with_bad_national_access_is_refused(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    desk = {"id": "D", "name": "desk", "kind": "FEDERAL_DESK", "country": "US", **entry}
    path = tmp_path / "agencies.json"
    path.write_bytes(orjson.dumps({"agencies": [desk]}))
    with pytest.raises(AgencyRegistryError, match=message):
        AgencyRegistry.load(path)


REPORTER_TIP = """query($id: ID!) { tip(id: $id) { id version preservationDeadline disposition referredTo
  outcome incidentId actionability { score priority } routing { suggestedAgencies { confidence } }
  suggestedAgencies { confidence } cluster { triageSummary { tips actionable urgent referred closed
  byDisposition { disposition } } } } }"""
SUBMISSIONS = """query($status: SubmissionStatus, $after: String) {
  submissions(first: 2, status: $status, after: $after) { pageInfo { hasNextPage endCursor }
    edges { node { reportId tipId status expiresAt preservationDeadline fileCount } } } }"""
ONE = """query($id: ID!) { submission(reportId: $id) { reportId status expiresAt preservationDeadline } }"""


async def _submissions(
    client: httpx.AsyncClient, token: str, status: str | None = None
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = data(await gql(client, SUBMISSIONS, {"status": status, "after": after}, token=token))
        found += [e["node"] for e in page["submissions"]["edges"]]
        if not page["submissions"]["pageInfo"]["hasNextPage"]:
            return found
        after = page["submissions"]["pageInfo"]["endCursor"]


async def test_a_reporting_service_sees_its_submissions_status_and_expiry_and_no_triage(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    pixpost = token_for(settings, Role.REPORTER, "pixpost")
    whole = {**copy.deepcopy(example_tip), "reportId": "S1"}
    submitted = await gql(
        client,
        "mutation($t: [TipInput!]!) { submitTips(tips: $t) { created } }",
        {"t": [whole]},
        token=pixpost,
    )
    assert data(submitted)["submitTips"]["created"] == 1
    for report_id in ("S2", "S3"):
        opened = await gql(
            client,
            "mutation($r: TipInput!) { openReport(report: $r) { status } }",
            {"r": {**copy.deepcopy(example_tip), "reportId": report_id}},
            token=pixpost,
        )
        assert data(opened)["openReport"]["status"] == "OPEN"
    retracted = await gql(client, 'mutation { retractReport(reportId: "S3") { status } }', token=pixpost)
    assert data(retracted)["retractReport"]["status"] == "RETRACTED"
    await submit_copies(client, example_tip, "S9")  # the clearinghouse's own: not pixpost's
    await _refer(client, ["pixpost:S1"], "ICAC-OR")

    listed = await _submissions(client, pixpost)
    assert [(s["reportId"], s["status"]) for s in listed] == [
        ("S1", "FINISHED"),
        ("S2", "OPEN"),
        ("S3", "RETRACTED"),
    ]
    finished, still_open, _ = listed
    assert finished["tipId"] == "pixpost:S1" and finished["preservationDeadline"] is not None
    assert finished["expiresAt"] is None and finished["fileCount"] == len(example_tip["files"])
    assert still_open["expiresAt"] is not None and still_open["preservationDeadline"] is None
    assert [s["reportId"] for s in await _submissions(client, pixpost, "OPEN")] == ["S2"]
    one = data(await gql(client, ONE, {"id": "S1"}, token=pixpost))["submission"]
    assert one == {k: finished[k] for k in ("reportId", "status", "expiresAt", "preservationDeadline")}
    assert data(await gql(client, ONE, {"id": "S9"}, token=pixpost))["submission"] is None
    vidnest = token_for(settings, Role.REPORTER, "vidnest")
    assert await _submissions(client, vidnest) == []
    assert await _submissions(client, token_for(settings, Role.INVESTIGATOR, "ICAC-OR")) == []

    # The tip itself: the clearinghouse's decisions, scores, routing and referral are not the service's.
    tip = data(await gql(client, REPORTER_TIP, {"id": "pixpost:S1"}, token=pixpost))["tip"]
    assert tip["preservationDeadline"] == finished["preservationDeadline"]
    assert (tip["disposition"], tip["outcome"], tip["incidentId"], tip["actionability"]) == (
        None,
        None,
        None,
        None,
    )
    assert tip["routing"] == {"suggestedAgencies": []}
    assert tip["referredTo"] == [] and tip["suggestedAgencies"] == []
    summary = tip["cluster"]["triageSummary"] if tip["cluster"] else None
    if summary is not None:
        assert (summary["actionable"], summary["urgent"], summary["referred"], summary["closed"]) == (
            0,
            0,
            0,
            0,
        )
        assert summary["byDisposition"] == []
    analyst_view = data(await gql(client, REPORTER_TIP, {"id": "pixpost:S1"}))["tip"]
    assert analyst_view["disposition"] == "REFERRED" and analyst_view["actionability"] is not None
    # Nor are the triage lists, whose order and membership would tell priority and disposition.
    assert await _queue(client, pixpost) == []
    assert data(await gql(client, EXPIRING, token=pixpost))["expiringTips"]["edges"] == []

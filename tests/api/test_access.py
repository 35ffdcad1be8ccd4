"""The authorisation matrix: what each role (and an investigator of another agency) gets back from every
query and mutation. Hidden tips must not show in pages, counts, cross-references or linked tips."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created results { outcome } } }"
TIP = "query($id: ID!) { tip(id: $id) { id identifiers { kind key tipCount } } }"
LINKED = """query($id: ID!, $after: String) { tip(id: $id) { linkedTips(first: 10, after: $after) {
  totalCount edges { cursor node { id } shared { kind tipCount } } } } }"""
IDENTIFIER = """query($value: String!) { identifier(kind: EMAIL, value: $value) {
  tipCount tips(first: 10) { edges { node { id } } } } }"""
SEARCH = """query($after: String) {
  searchTips(first: 10, after: $after) { totalCount edges { cursor node { id } } } }"""
AUDIT = "{ auditLog(first: 5) { edges { node { action } } } }"
SHARED_EMAIL = "shared.suspect@example.com"
C = "pixpost:C"  # the reporter's reportId C, in its service's namespace


def tip(example: dict[str, Any], report_id: str) -> dict[str, Any]:
    """A tip whose suspect carries the same email (and account) as every other tip made here."""
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    made["personOrUserReported"][0]["personOrUserReportedPerson"]["email"] = [{"value": SHARED_EMAIL}]
    return made


@pytest.fixture
async def world(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    """A referred to ICAC-OH, B referred to ICAC-CA, C submitted by the reporter service pixpost."""
    assert data(await gql(client, SUBMIT, {"tips": [tip(example_tip, "A"), tip(example_tip, "B")]}))
    reporter = token_for(settings, Role.REPORTER, "pixpost")
    assert data(await gql(client, SUBMIT, {"tips": [tip(example_tip, "C")]}, token=reporter))
    await clean_db.write("testing/refer", ids=["A"], agency="ICAC-OH")
    await clean_db.write("testing/refer", ids=["B"], agency="ICAC-CA")


VIEWERS: dict[str, tuple[Role, str | None, set[str]]] = {
    "analyst": (Role.ANALYST, None, {"A", "B", C}),
    "supervisor": (Role.SUPERVISOR, None, {"A", "B", C}),
    "investigator-oh": (Role.INVESTIGATOR, "ICAC-OH", {"A"}),
    "investigator-ca": (Role.INVESTIGATOR, "ICAC-CA", {"B"}),
    "investigator-other": (Role.INVESTIGATOR, "ICAC-TX", set()),
    "reporter": (Role.REPORTER, "pixpost", {C}),
    "other-reporter": (Role.REPORTER, "vidnest", set()),
    "auditor": (Role.AUDITOR, None, set()),
}


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("who", VIEWERS)
async def test_each_viewer_sees_exactly_its_tips_everywhere(
    client: httpx.AsyncClient, settings: Settings, who: str
) -> None:
    role, agency, visible = VIEWERS[who]
    token = token_for(settings, role, agency)

    for tip_id in ("A", "B", C):
        got = data(await gql(client, TIP, {"id": tip_id}, token=token))["tip"]
        assert (got is not None) == (tip_id in visible), tip_id
        if got is not None:
            email = next(i for i in got["identifiers"] if i["key"] == SHARED_EMAIL)
            assert email["tipCount"] == len(visible)

    searched = data(await gql(client, SEARCH, {}, token=token))["searchTips"]
    assert {e["node"]["id"] for e in searched["edges"]} == visible
    assert searched["totalCount"] == len(visible)

    found = data(await gql(client, IDENTIFIER, {"value": SHARED_EMAIL}, token=token))["identifier"]
    if visible:
        assert found["tipCount"] == len(visible)
        assert {e["node"]["id"] for e in found["tips"]["edges"]} == visible
    else:
        assert found is None

    for tip_id in visible:
        links = data(await gql(client, LINKED, {"id": tip_id}, token=token))["tip"]["linkedTips"]
        linked = {e["node"]["id"] for e in links["edges"]}
        assert linked == visible - {tip_id}
        assert links["totalCount"] == len(visible) - 1
        for edge in links["edges"]:
            assert all(s["tipCount"] <= len(visible) for s in edge["shared"])


@pytest.mark.usefixtures("world")
async def test_a_cursor_from_another_viewers_page_reveals_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    analyst_page = data(await gql(client, SEARCH, {}))["searchTips"]
    cursors = [e["cursor"] for e in analyst_page["edges"]]
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    for cursor in cursors:
        page = data(await gql(client, SEARCH, {"after": cursor}, token=investigator))["searchTips"]
        assert {e["node"]["id"] for e in page["edges"]} <= {"A"}
    links = data(await gql(client, LINKED, {"id": "A"}))["tip"]["linkedTips"]
    for edge in links["edges"]:
        page = data(await gql(client, LINKED, {"id": "A", "after": edge["cursor"]}, token=investigator))
        assert page["tip"]["linkedTips"]["edges"] == []


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("role", [Role.INVESTIGATOR, Role.AUDITOR])
async def test_roles_that_may_not_submit_are_forbidden_and_nothing_is_written(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any], role: Role
) -> None:
    token = token_for(settings, role, "ICAC-OH" if role is Role.INVESTIGATOR else None)
    refused = await gql(client, SUBMIT, {"tips": [tip(example_tip, "D")]}, token=token)
    assert error_codes(refused) == ["FORBIDDEN"]
    assert data(await gql(client, TIP, {"id": "D"}))["tip"] is None


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("who", [w for w in VIEWERS if w != "auditor"])
async def test_only_auditors_read_the_audit_log(
    client: httpx.AsyncClient, settings: Settings, who: str
) -> None:
    role, agency, _ = VIEWERS[who]
    assert error_codes(await gql(client, AUDIT, token=token_for(settings, role, agency))) == ["FORBIDDEN"]
    auditor = token_for(settings, Role.AUDITOR)
    assert data(await gql(client, AUDIT, token=auditor))["auditLog"]["edges"]

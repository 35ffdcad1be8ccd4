"""Preservation deadlines, expiring tips, and retention of NON_ACTIONABLE tips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.audit import AuditTrail
from graph.retention import purge_non_actionable
from graph.settings import Settings
from graph.store.database import Database
from graph.triage import expiring_tips
from graph.viewer import Role, Viewer
from tests.api.graphql import data, gql, submit_copies

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
SET = """mutation($ids: [ID!]!, $to: Disposition!) {
  setDisposition(tipIds: $ids, disposition: $to, reasonCode: "TRIAGE") { decisionId } }"""
TIP = """query($id: ID!) { tip(id: $id) { receivedAt preservationDeadline report
  identifiers { raw key } linkedTips { totalCount } } }"""
EXPIRING = """query($days: Int!, $after: String) { expiringTips(withinDays: $days, first: 1, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id preservationDeadline } } } }"""


async def test_a_finished_tip_must_be_preserved_for_a_year(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "P1")
    tip = data(await gql(client, TIP, {"id": "P1"}))["tip"]
    received = datetime.fromisoformat(tip["receivedAt"])
    assert datetime.fromisoformat(tip["preservationDeadline"]) == received + timedelta(days=365)


async def test_expiring_tips_lists_only_open_work_soonest_first(
    client: httpx.AsyncClient, clean_db: Database, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "P1", "P2", "P3")
    await gql(client, SET, {"ids": ["P3"], "to": "BUNDLED"})
    assert data(await gql(client, EXPIRING, {"days": 30}))["expiringTips"]["edges"] == []

    ids: list[str] = []
    deadlines: list[str] = []
    after = None
    while True:
        page = data(await gql(client, EXPIRING, {"days": 366, "after": after}))["expiringTips"]
        ids += [e["node"]["id"] for e in page["edges"]]
        deadlines += [e["node"]["preservationDeadline"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(ids) == ["P1", "P2", "P3"]
    assert deadlines == sorted(deadlines)

    trail = AuditTrail(Viewer("a", Role.ANALYST), request_id="t")
    later = datetime.now(UTC) + timedelta(days=360)
    soon = await expiring_tips(clean_db, trail, 10, 10, None, now=later)
    assert len(soon.items) == 3
    investigator = AuditTrail(Viewer("i", Role.INVESTIGATOR, "ICAC-OH"), request_id="t")
    assert (await expiring_tips(clean_db, investigator, 10, 10, None, now=later)).items == ()


async def test_purge_removes_old_non_actionable_content_but_keeps_links(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "R1", "R2")
    await gql(client, SET, {"ids": ["R1"], "to": "NON_ACTIONABLE"})
    trail = AuditTrail(Viewer("retention", Role.SUPERVISOR), request_id="purge-test")

    assert await purge_non_actionable(clean_db, settings, trail) == []
    later = datetime.now(UTC) + timedelta(days=settings.retention_days_non_actionable + 1)
    assert await purge_non_actionable(clean_db, settings, trail, now=later) == ["R1"]
    assert await purge_non_actionable(clean_db, settings, trail, now=later) == []

    purged = data(await gql(client, TIP, {"id": "R1"}))["tip"]
    assert purged["report"] == {"reportId": "R1", "purged": True}
    assert purged["linkedTips"]["totalCount"] == 1
    assert all(i["raw"] is None for i in purged["identifiers"])
    kept = data(await gql(client, TIP, {"id": "R2"}))["tip"]
    assert kept["report"]["additionalInfo"] == example_tip["additionalInfo"]

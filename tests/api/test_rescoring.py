"""Scores that stay true as time passes: `rescore_due_tips` re-scores the tips whose evidence age or
preservation deadline entered a new band, and the queue follows, without anyone touching the tips."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from api.sweep import sweep_forever
from graph.audit import AuditTrail
from graph.lease import Lease
from graph.rescoring import mark_unscheduled_tips_due, rescore_due_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role, Viewer
from tests.api.graphql import data, gql

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
TIP = """query($id: ID!) { tip(id: $id) { version actionability {
  score priority computedAt contributions { factor evidence } } } }"""
QUEUE = """query($priorities: [Priority!]) {
  triageQueue(filter: {priorities: $priorities}, first: 50) { edges { node { id } } } }"""


def complete_tip(report_id: str, evidence_days_ago: float, account: str, ip: str) -> dict[str, Any]:
    """Identified suspect, upload IP with time and port, a viewed file: P1 while the evidence is fresh.
    Tips share an identifier (and link) only when given the same account or IP."""
    at = (datetime.now(UTC) - timedelta(days=evidence_days_ago)).isoformat()
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "platform": "PixPost",
            "incidentDateTime": at,
        },
        "reporter": {"reportingPerson": {"email": [{"value": "reports@pixpost.example.com"}]}},
        "personOrUserReported": [{"espIdentifier": account}],
        "files": [
            {
                "fileName": f"{report_id}.jpg",
                "fileViewedByEsp": True,
                "industryClassification": "B1",
                "originalFileHash": [{"value": f"{abs(hash(report_id)):032x}"[-32:], "hashType": "MD5"}],
                "ipCaptureEvent": {
                    "ipAddress": ip,
                    "eventName": "Upload",
                    "dateTime": at,
                    "port": 40112,
                    "possibleProxy": False,
                },
            }
        ],
    }


def trail() -> AuditTrail:
    return AuditTrail(
        viewer=Viewer(subject="rescore-test", role=Role.ANALYST), request_id="t", operation="cli"
    )


async def queue(client: httpx.AsyncClient, priorities: list[str] | None = None) -> list[str]:
    found = data(await gql(client, QUEUE, {"priorities": priorities}))["triageQueue"]["edges"]
    return [edge["node"]["id"] for edge in found]


async def score_of(client: httpx.AsyncClient, tip_id: str) -> dict[str, Any]:
    tip = data(await gql(client, TIP, {"id": tip_id}))["tip"]
    assert tip is not None
    scored: dict[str, Any] = tip["actionability"]
    scored["version"] = tip["version"]
    return scored


async def test_aging_evidence_moves_a_tip_in_the_queue(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    # Both P1 at ingest; AGED's evidence is 150 days old, FRESH's 1 day (nothing shared: no links).
    tips = [
        complete_tip("AGED", 150, "7001", "203.0.113.41"),
        complete_tip("FRESH", 1, "7002", "203.0.113.42"),
    ]
    assert data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]["created"] == 2
    before = {tip_id: await score_of(client, tip_id) for tip_id in ("AGED", "FRESH")}
    assert {s["priority"] for s in before.values()} == {"P1"}
    assert await queue(client) == ["AGED", "FRESH"]  # equal keys but the id

    # Nothing is due yet.
    nothing = await rescore_due_tips(clean_db, settings, trail())
    assert (nothing.rescored, nothing.changed) == (0, 0)

    later = datetime.now(UTC) + timedelta(days=40)
    done = await rescore_due_tips(clean_db, settings, trail(), now=later)
    # AGED's evidence is now 190 days old: no longer fresh. FRESH is not due.
    assert (done.rescored, done.changed) == (1, 1)
    aged = await score_of(client, "AGED")
    assert aged["priority"] == "P2"
    assert "fresh" not in {c["factor"] for c in aged["contributions"]}
    assert datetime.fromisoformat(aged["computedAt"]) == later
    assert aged["version"] == before["AGED"]["version"]  # no decision: the tip was not touched
    assert await queue(client) == ["FRESH", "AGED"]
    assert await score_of(client, "FRESH") == before["FRESH"]

    again = await rescore_due_tips(clean_db, settings, trail(), now=later)
    assert again.rescored == 0


async def test_a_tip_whose_deadline_comes_within_30_days_rises_without_being_touched(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    assert data(await gql(client, SUBMIT, {"tips": [complete_tip("DUE", 1, "7003", "203.0.113.43")]}))[
        "submitTips"
    ]["created"]
    assert await queue(client, ["P1"]) == ["DUE"]
    before = await score_of(client, "DUE")

    near_deadline = datetime.now(UTC) + timedelta(days=settings.preservation_days - 25)
    done = await rescore_due_tips(clean_db, settings, trail(), now=near_deadline)
    assert done.rescored == 1
    due = await score_of(client, "DUE")
    factors = {c["factor"] for c in due["contributions"]}
    assert "preservation_ending" in factors and "fresh" not in factors
    # A nearing deadline needs attention: the referral rises (it once fell a priority, to be seen later).
    assert due["score"] > before["score"] and due["version"] == before["version"]
    assert await queue(client, ["P1"]) == ["DUE"]


async def test_a_linked_tip_keeps_its_linked_score_when_rescored(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    tips = [
        complete_tip("LINK-1", 150, "same-account", "203.0.113.44"),
        complete_tip("LINK-2", 150, "same-account", "203.0.113.45"),
    ]
    await gql(client, SUBMIT, {"tips": tips})
    await rescore_due_tips(clean_db, settings, trail(), now=datetime.now(UTC) + timedelta(days=40))
    for tip_id in ("LINK-1", "LINK-2"):
        factors = {c["factor"] for c in (await score_of(client, tip_id))["contributions"]}
        assert "linked_tips" in factors and "fresh" not in factors


async def test_backfill_brings_tips_scored_before_this_version_into_the_sweep(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    await gql(client, SUBMIT, {"tips": [complete_tip("OLD-1", 150, "7010", "203.0.113.46")]})
    await clean_db.write("testing/unschedule", ids=["OLD-1"])
    later = datetime.now(UTC) + timedelta(days=40)
    assert (await rescore_due_tips(clean_db, settings, trail(), now=later)).rescored == 0
    assert (await score_of(client, "OLD-1"))["priority"] == "P1"

    assert await mark_unscheduled_tips_due(clean_db, now=later) == 1
    assert await mark_unscheduled_tips_due(clean_db, now=later) == 0
    assert (await rescore_due_tips(clean_db, settings, trail(), now=later)).rescored == 1
    assert (await score_of(client, "OLD-1"))["priority"] == "P2"


async def test_the_api_sweep_rescores_due_tips_without_anyone_asking(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    await gql(client, SUBMIT, {"tips": [complete_tip("SWEPT-1", 150, "7020", "203.0.113.47")]})
    await clean_db.write("testing/unschedule", ids=["SWEPT-1"])
    assert await mark_unscheduled_tips_due(clean_db) == 1
    before = (await score_of(client, "SWEPT-1"))["computedAt"]

    lease = Lease(clean_db, "expiry-sweep", seconds=60, holder="sweep-test")
    loop = asyncio.create_task(sweep_forever(clean_db, 0.05, lease, settings))
    try:
        for _ in range(100):
            if (await score_of(client, "SWEPT-1"))["computedAt"] != before:
                break
            await asyncio.sleep(0.1)
    finally:
        loop.cancel()
        await asyncio.wait([loop])
    assert (await score_of(client, "SWEPT-1"))["computedAt"] > before
    # A second sweep finds nothing due: the tip carries its next validity again.
    assert (await rescore_due_tips(clean_db, settings, trail())).rescored == 0

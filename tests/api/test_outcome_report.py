"""Outcomes feed back: supervisors see referral outcomes by score band, priority, platform and agency."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
DECIDE = """mutation($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: ACTIONABLE, reasonCode: "COMPLETE") { problems { code } } }"""
REFER = """mutation($ids: [ID!]!) {
  referTips(tipIds: $ids, agencyId: "ICAC-OH", note: "suspect in Ohio") {
    problems { tipId code message } } }"""
OUTCOME = """mutation($ids: [ID!]!, $outcome: Outcome!) {
  recordOutcome(tipIds: $ids, outcome: $outcome) { problems { code } } }"""
REPORT = """query($from: DateTime, $to: DateTime) {
  outcomeReport(receivedFrom: $from, receivedTo: $to) {
    referred
    groups { scoreFrom scoreTo priority platform agency referred pending fruitful
             outcomes { outcome tips } } } }"""


def ohio_tip(report_id: str, platform: str, *, with_ip: bool) -> dict[str, Any]:
    at = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    file: dict[str, Any] = {
        "fileName": f"{report_id}.jpg",
        "fileViewedByEsp": True,
        "industryClassification": "B1",
        "originalFileHash": [{"value": f"{abs(hash(report_id)):032x}"[-32:], "hashType": "MD5"}],
    }
    if with_ip:
        file["ipCaptureEvent"] = {
            "ipAddress": f"203.0.113.{len(report_id) + 50}",
            "eventName": "Upload",
            "dateTime": at,
            "port": 40112,
        }
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "platform": platform,
            "incidentDateTime": at,
        },
        "reporter": {"reportingPerson": {"email": [{"value": "reports@example.com"}]}},
        "personOrUserReported": [
            {
                "espIdentifier": f"acct-{report_id}",
                "personOrUserReportedPerson": {
                    "address": [{"city": "Columbus", "state": "OH", "country": "US"}]
                },
            }
        ],
        "files": [file],
    }


async def test_outcomes_are_counted_by_band_priority_platform_and_agency(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tips = [
        ohio_tip("OUT-1", "PixPost", with_ip=True),  # 74: P1
        ohio_tip("OUT-2", "PixPost", with_ip=True),
        ohio_tip("OUT-3", "PixPost", with_ip=False),  # 54: P2
        ohio_tip("OUT-4", "ChatterBox", with_ip=False),
        ohio_tip("OUT-5", "ChatterBox", with_ip=False),  # decided, never referred: not counted
    ]
    assert data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]["created"] == 5
    ids = [tip["reportId"] for tip in tips]
    assert data(await gql(client, DECIDE, {"ids": ids}))["setDisposition"]["problems"] == []
    assert data(await gql(client, REFER, {"ids": ids[:4]}))["referTips"]["problems"] == []
    supervisor = token_for(settings, Role.SUPERVISOR)
    for tip_id, outcome in (("OUT-1", "ARREST"), ("OUT-3", "NO_ACTION"), ("OUT-4", "UNABLE_TO_LOCATE")):
        answer = await gql(client, OUTCOME, {"ids": [tip_id], "outcome": outcome}, token=supervisor)
        assert data(answer)["recordOutcome"]["problems"] == []

    report = data(await gql(client, REPORT, token=supervisor))["outcomeReport"]
    assert report["referred"] == 4
    groups = {(g["scoreFrom"], g["priority"], g["platform"]): g for g in report["groups"]}
    assert set(groups) == {(70, "P1", "pixpost"), (50, "P2", "pixpost"), (50, "P2", "chatterbox")}
    top = groups[(70, "P1", "pixpost")]
    assert (top["scoreTo"], top["agency"], top["referred"], top["pending"], top["fruitful"]) == (
        79,
        "ICAC-OH",
        2,
        1,
        1,
    )
    assert top["outcomes"] == [{"outcome": "ARREST", "tips": 1}]
    assert groups[(50, "P2", "pixpost")]["outcomes"] == [{"outcome": "NO_ACTION", "tips": 1}]
    assert groups[(50, "P2", "chatterbox")]["fruitful"] == 0
    # Highest band first.
    assert [g["scoreFrom"] for g in report["groups"]] == sorted(
        (g["scoreFrom"] for g in report["groups"]), reverse=True
    )

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    later = data(await gql(client, REPORT, {"from": tomorrow}, token=supervisor))["outcomeReport"]
    assert (later["referred"], later["groups"]) == (0, [])


async def test_only_supervisors_get_the_report(client: httpx.AsyncClient, settings: Settings) -> None:
    assert error_codes(await gql(client, REPORT)) == ["FORBIDDEN"]
    investigator = token_for(settings, Role.INVESTIGATOR, agency="ICAC-OH")
    assert error_codes(await gql(client, REPORT, token=investigator)) == ["FORBIDDEN"]


async def test_an_empty_or_reversed_period_is_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    supervisor = token_for(settings, Role.SUPERVISOR)
    now = datetime.now(UTC).isoformat()
    answer = await gql(client, REPORT, {"from": now, "to": now}, token=supervisor)
    assert error_codes(answer) == ["BAD_USER_INPUT"]

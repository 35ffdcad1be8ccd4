"""Bundling copies of one incident, and batched reports that arrive bundled."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from tests.api.graphql import data, gql

SUBMIT = """mutation($tips: [TipInput!]!) {
  submitTips(tips: $tips) { created results { outcome problems { path } } } }"""
BUNDLE = """mutation($ids: [ID!]!) { bundleTips(tipIds: $ids, incidentLabel: "owl meme") {
  decision { decisionId changes { tipId to } problems { tipId code } }
  incident { id label kind tipCount accounts platforms firstSeen lastSeen tips { id disposition } } } }"""
INCIDENT = """query($id: ID!) {
  incident(id: $id) { id kind tipCount accounts platforms tips { id disposition } } }"""

BATCHED = {
    "reportId": "BATCH-1",
    "batchedReport": {"reason": "VIRAL_POTENTIAL_MEME"},
    "incidentSummary": {
        "incidentType": "Child Pornography (possession, manufacture, and distribution)",
        "platform": "PixPost",
        "incidentDateTime": "2026-08-01T10:00:00+00:00",
    },
    "reporter": {"reportingPerson": {"email": [{"value": "reports@pixpost.example.com"}]}},
    "personOrUserReported": [
        {"espIdentifier": "u-1", "espService": "PixPost"},
        {"espIdentifier": "u-2", "espService": "PixPost"},
        {"espIdentifier": "u-3", "espService": "PixPost"},
    ],
    "files": [
        {
            "fileName": "meme.jpg",
            "fileAnnotations": {"viral": True, "potentialMeme": True},
            "originalFileHash": [{"value": "0cc175b9c0f1b6a831c399e269772661", "hashType": "MD5"}],
        }
    ],
}


async def test_bundling_makes_an_incident_of_the_tips(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    tips = []
    for report_id in ("M1", "M2"):
        made = copy.deepcopy(example_tip)
        made["reportId"] = report_id
        tips.append(made)
    assert data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]["created"] == 2
    bundled = data(await gql(client, BUNDLE, {"ids": ["M1", "M2"]}))["bundleTips"]
    assert [c["to"] for c in bundled["decision"]["changes"]] == ["BUNDLED", "BUNDLED"]
    incident = bundled["incident"]
    assert incident["label"] == "owl meme"
    assert incident["kind"] == "BUNDLE"
    assert incident["tipCount"] == 2
    assert incident["platforms"] == ["Kestrel Chat"]
    assert "kestrel chat:51170923" in incident["accounts"]
    assert incident["firstSeen"] == incident["lastSeen"]
    assert {t["disposition"] for t in incident["tips"]} == {"BUNDLED"}
    again = data(await gql(client, BUNDLE, {"ids": ["M1"]}))["bundleTips"]
    assert again["incident"] is None
    assert [p["code"] for p in again["decision"]["problems"]] == ["INVALID_TRANSITION"]


async def test_a_batched_report_arrives_bundled_with_each_account(client: httpx.AsyncClient) -> None:
    submitted = data(await gql(client, SUBMIT, {"tips": [BATCHED]}))["submitTips"]
    assert submitted["created"] == 1, submitted
    incident = data(await gql(client, INCIDENT, {"id": "INC-BATCH-1"}))["incident"]
    assert incident["kind"] == "BATCHED"
    assert incident["accounts"] == ["pixpost:u-1", "pixpost:u-2", "pixpost:u-3"]
    assert incident["tips"] == [{"id": "BATCH-1", "disposition": "BUNDLED"}]

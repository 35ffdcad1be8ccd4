"""The triage queue, and scores that change when a tip gains links."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from tests.api.graphql import data, gql

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
QUEUE = """query($filter: TriageFilterInput, $after: String) {
  triageQueue(filter: $filter, first: 2, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id disposition actionability { score classification priority } } } } }"""
SCORE = """query($id: ID!) { tip(id: $id) { actionability {
  score classification priority urgentReason missing contributions { factor points evidence } } } }"""
SET = """mutation($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: NON_ACTIONABLE, reasonCode: "TRIAGE") { decisionId } }"""


def quiet(example: dict[str, Any], report_id: str, account: str) -> dict[str, Any]:
    """The example without its escalation, victim and files, reported about another account."""
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    made["incidentSummary"].pop("escalateToHighPriority")
    made.pop("victim")
    made.pop("files")
    suspect = made["personOrUserReported"][0]
    suspect.update(espIdentifier=account, screenName=f"user{account}")
    suspect.pop("personOrUserReportedPerson")
    suspect.pop("profileUrl")
    suspect.pop("priorCTReports")
    suspect.pop("deviceId")
    suspect.pop("associatedAccount")
    suspect.pop("groupIdentifier")
    suspect["ipCaptureEvent"] = []
    made["internetDetails"] = []
    return made


async def queue_ids(client: httpx.AsyncClient, filter_: dict[str, Any] | None = None) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = data(await gql(client, QUEUE, {"filter": filter_, "after": after}))["triageQueue"]
        ids += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


async def test_the_queue_puts_urgent_tips_first_and_drops_decided_ones(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    urgent = copy.deepcopy(example_tip)
    urgent["reportId"] = "U1"
    await gql(
        client, SUBMIT, {"tips": [quiet(example_tip, "Q1", "a1"), urgent, quiet(example_tip, "Q2", "a2")]}
    )
    ids = await queue_ids(client)
    assert ids[0] == "U1"
    assert sorted(ids) == ["Q1", "Q2", "U1"]
    tip = data(await gql(client, SCORE, {"id": "U1"}))["tip"]["actionability"]
    assert tip["priority"] == "URGENT"
    assert tip["urgentReason"]
    assert tip["classification"] == "REFERRAL"
    assert sum(c["points"] for c in tip["contributions"]) >= tip["score"]

    assert await queue_ids(client, {"priorities": ["URGENT"]}) == ["U1"]
    await gql(client, SET, {"ids": ["Q1"]})
    assert sorted(await queue_ids(client)) == ["Q2", "U1"]


async def test_a_tip_that_gains_a_link_is_scored_again(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    await gql(client, SUBMIT, {"tips": [quiet(example_tip, "L1", "same-account")]})
    before = data(await gql(client, SCORE, {"id": "L1"}))["tip"]["actionability"]
    assert "linked_tips" not in {c["factor"] for c in before["contributions"]}

    await gql(client, SUBMIT, {"tips": [quiet(example_tip, "L2", "same-account")]})
    after = data(await gql(client, SCORE, {"id": "L1"}))["tip"]["actionability"]
    newer = data(await gql(client, SCORE, {"id": "L2"}))["tip"]["actionability"]
    for scored in (after, newer):
        assert "linked_tips" in {c["factor"] for c in scored["contributions"]}
    assert after["score"] > before["score"]

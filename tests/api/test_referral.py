"""Referral by jurisdiction, then the receiving agency records an outcome."""

from __future__ import annotations

from typing import Any

import httpx

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql, submit_copies
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
ACTIONABLE = """mutation($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: ACTIONABLE, reasonCode: "TRIAGE") { decisionId } }"""
ROUTING = """query($id: ID!) { tip(id: $id) {
  routing { locations { party country region source confidence evidence } }
  suggestedAgencies { agency { id kind } confidence reasons } } }"""
REFER = """mutation($ids: [ID!]!, $agency: ID!, $override: String) {
  referTips(tipIds: $ids, agencyId: $agency, note: "over to you", overrideReason: $override) {
    decisionId changes { tipId to referredTo } problems { tipId code message } } }"""
OUTCOME = """mutation($ids: [ID!]!) { recordOutcome(tipIds: $ids, outcome: ARREST, note: "arrested") {
  decisionId changes { tipId to } problems { tipId code } } }"""
STATE = "query($id: ID!) { tip(id: $id) { disposition outcome referredTo } }"


async def test_routing_locates_the_parties_and_suggests_the_states_task_force(
    client: httpx.AsyncClient, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "J1")
    tip = data(await gql(client, ROUTING, {"id": "J1"}))["tip"]
    suspect = [loc for loc in tip["routing"]["locations"] if loc["party"] == "SUSPECT"]
    assert {(loc["country"], loc["region"]) for loc in suspect} >= {("US", "OR")}
    assert all(loc["evidence"] for loc in suspect)
    best = tip["suggestedAgencies"][0]
    assert best["agency"] == {"id": "ICAC-OR", "kind": "ICAC_TASK_FORCE"}
    assert best["reasons"]


async def test_referral_checks_jurisdiction_then_the_agency_sees_and_closes_the_tip(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await submit_copies(client, example_tip, "J1", "J2", "J3")
    oregon = token_for(settings, Role.INVESTIGATOR, "ICAC-OR")
    assert data(await gql(client, STATE, {"id": "J1"}, token=oregon))["tip"] is None

    early = data(await gql(client, REFER, {"ids": ["J3"], "agency": "ICAC-OR"}))["referTips"]
    assert [p["code"] for p in early["problems"]] == ["INVALID_TRANSITION"]

    await gql(client, ACTIONABLE, {"ids": ["J1", "J2"]})
    wrong = data(await gql(client, REFER, {"ids": ["J2"], "agency": "NAT-GB"}))["referTips"]
    assert wrong["decisionId"] is None
    assert [p["code"] for p in wrong["problems"]] == ["JURISDICTION"]
    overridden = data(
        await gql(client, REFER, {"ids": ["J2"], "agency": "NAT-GB", "override": "suspect moved to the UK"})
    )["referTips"]
    assert overridden["changes"] == [{"tipId": "J2", "to": "REFERRED", "referredTo": ["NAT-GB"]}]

    referred = data(await gql(client, REFER, {"ids": ["J1"], "agency": "ICAC-OR"}))["referTips"]
    assert referred["changes"] == [{"tipId": "J1", "to": "REFERRED", "referredTo": ["ICAC-OR"]}]
    assert data(await gql(client, STATE, {"id": "J1"}, token=oregon))["tip"]["referredTo"] == ["ICAC-OR"]
    assert data(await gql(client, STATE, {"id": "J2"}, token=oregon))["tip"] is None

    closed = data(await gql(client, OUTCOME, {"ids": ["J1", "J2"]}, token=oregon))["recordOutcome"]
    assert closed["changes"] == [{"tipId": "J1", "to": "CLOSED"}]
    assert [p["tipId"] for p in closed["problems"]] == ["J2"]
    assert data(await gql(client, STATE, {"id": "J1"}))["tip"] == {
        "disposition": "CLOSED",
        "outcome": "ARREST",
        "referredTo": ["ICAC-OR"],
    }
    assert error_codes(await gql(client, OUTCOME, {"ids": ["J1"]})) == ["FORBIDDEN"]
    assert error_codes(await gql(client, REFER, {"ids": ["J1"], "agency": "NOPE"})) == ["BAD_USER_INPUT"]

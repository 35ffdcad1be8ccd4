"""Dispositions through GraphQL: decisions with ids, per-tip typed problems, versions, dry runs, undo."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
SET = """
mutation Set($ids: [ID!]!, $to: Disposition!, $versions: [Int!], $dry: Boolean! = false) {
  setDisposition(tipIds: $ids, disposition: $to, reasonCode: "TRIAGE", note: "looked at it",
                 versions: $versions, dryRun: $dry) {
    decisionId dryRun
    changes { tipId from to version }
    problems { tipId code message }
  }
}
"""
UNDO = """mutation Undo($id: ID!) { undoDecision(decisionId: $id, note: "wrong call") {
  decisionId changes { tipId from to version } problems { tipId code message } } }"""
STATE = "query($id: ID!) { tip(id: $id) { disposition version } }"


@pytest.fixture
async def three_tips(client: httpx.AsyncClient, example_tip: dict[str, Any]) -> list[str]:
    ids = ["D1", "D2", "D3"]
    tips = []
    for tip_id in ids:
        made = copy.deepcopy(example_tip)
        made["reportId"] = tip_id
        tips.append(made)
    assert data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]["created"] == 3
    return ids


async def state(client: httpx.AsyncClient, tip_id: str) -> dict[str, Any]:
    result: dict[str, Any] = data(await gql(client, STATE, {"id": tip_id}))["tip"]
    return result


@pytest.mark.usefixtures("three_tips")
async def test_a_decision_changes_each_tip_once_and_audits_each(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    decided = data(await gql(client, SET, {"ids": ["D1", "D2"], "to": "ACTIONABLE"}))["setDisposition"]
    assert decided["decisionId"]
    assert decided["problems"] == []
    assert [(c["tipId"], c["from"], c["to"], c["version"]) for c in decided["changes"]] == [
        ("D1", "NEW", "ACTIONABLE", 2),
        ("D2", "NEW", "ACTIONABLE", 2),
    ]
    assert await state(client, "D1") == {"disposition": "ACTIONABLE", "version": 2}
    assert await state(client, "D3") == {"disposition": "NEW", "version": 1}

    auditor = token_for(settings, Role.AUDITOR)
    log = data(
        await gql(
            client,
            "{ auditLog(filter: {}, first: 50) { edges { node { action tipIds change } } } }",
            token=auditor,
        )
    )["auditLog"]["edges"]
    decisions = [e["node"] for e in log if e["node"]["action"] == "setDisposition"]
    assert sorted(d["tipIds"][0] for d in decisions) == ["D1", "D2"]
    assert all(d["change"]["from"] == "NEW" and d["change"]["to"] == "ACTIONABLE" for d in decisions)
    assert all(d["change"]["decisionId"] == decided["decisionId"] for d in decisions)
    assert all(
        d["change"]["note"] == "looked at it" and d["change"]["reasonCode"] == "TRIAGE" for d in decisions
    )


@pytest.mark.usefixtures("three_tips")
async def test_stale_versions_and_invalid_transitions_are_typed_per_tip(client: httpx.AsyncClient) -> None:
    await gql(client, SET, {"ids": ["D1"], "to": "BUNDLED"})
    decided = data(
        await gql(
            client, SET, {"ids": ["D1", "D2", "D3", "nope"], "to": "NON_ACTIONABLE", "versions": [2, 1, 7, 1]}
        )
    )["setDisposition"]
    assert [c["tipId"] for c in decided["changes"]] == ["D2"]
    assert {(p["tipId"], p["code"]) for p in decided["problems"]} == {
        ("D1", "INVALID_TRANSITION"),
        ("D3", "CONFLICT"),
        ("nope", "NOT_FOUND"),
    }
    assert await state(client, "D3") == {"disposition": "NEW", "version": 1}


@pytest.mark.usefixtures("three_tips")
async def test_a_dry_run_says_what_would_change_and_changes_nothing(client: httpx.AsyncClient) -> None:
    dry = data(await gql(client, SET, {"ids": ["D1", "D2"], "to": "ACTIONABLE", "dry": True}))[
        "setDisposition"
    ]
    assert dry["decisionId"] is None
    assert dry["dryRun"] is True
    assert len(dry["changes"]) == 2
    assert await state(client, "D1") == {"disposition": "NEW", "version": 1}


@pytest.mark.usefixtures("three_tips")
async def test_a_supervisor_undoes_a_decision_once_and_only_if_nothing_changed_since(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    supervisor = token_for(settings, Role.SUPERVISOR)
    decided = data(await gql(client, SET, {"ids": ["D1", "D2"], "to": "ACTIONABLE"}))["setDisposition"]
    await gql(client, SET, {"ids": ["D2"], "to": "NON_ACTIONABLE"})

    assert error_codes(await gql(client, UNDO, {"id": decided["decisionId"]})) == ["FORBIDDEN"]
    undone = data(await gql(client, UNDO, {"id": decided["decisionId"]}, token=supervisor))["undoDecision"]
    assert [(c["tipId"], c["from"], c["to"]) for c in undone["changes"]] == [("D1", "ACTIONABLE", "NEW")]
    assert [(p["tipId"], p["code"]) for p in undone["problems"]] == [("D2", "CONFLICT")]
    assert await state(client, "D1") == {"disposition": "NEW", "version": 3}
    assert await state(client, "D2") == {"disposition": "NON_ACTIONABLE", "version": 3}

    again = await gql(client, UNDO, {"id": decided["decisionId"]}, token=supervisor)
    assert error_codes(again) == ["CONFLICT"]
    missing = await gql(client, UNDO, {"id": "no-such-decision"}, token=supervisor)
    assert error_codes(missing) == ["NOT_FOUND"]


@pytest.mark.usefixtures("three_tips")
@pytest.mark.parametrize(
    ("role", "agency"), [(Role.INVESTIGATOR, "ICAC-OH"), (Role.REPORTER, "pixpost"), (Role.AUDITOR, None)]
)
async def test_only_analysts_and_supervisors_decide(
    client: httpx.AsyncClient, settings: Settings, role: Role, agency: str | None
) -> None:
    refused = await gql(
        client, SET, {"ids": ["D1"], "to": "ACTIONABLE"}, token=token_for(settings, role, agency)
    )
    assert error_codes(refused) == ["FORBIDDEN"]
    assert await state(client, "D1") == {"disposition": "NEW", "version": 1}


@pytest.mark.usefixtures("three_tips")
async def test_referral_and_closing_have_their_own_mutations(client: httpx.AsyncClient) -> None:
    for target in ("REFERRED", "CLOSED", "NEW"):
        assert error_codes(await gql(client, SET, {"ids": ["D1"], "to": target})) == ["BAD_USER_INPUT"]
    assert error_codes(await gql(client, SET, {"ids": ["D1", "D1"], "to": "ACTIONABLE"})) == [
        "BAD_USER_INPUT"
    ]

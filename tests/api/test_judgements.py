"""Judgements on links and generic marks: logged, reversible, and obeyed by cross-references."""

from __future__ import annotations

from typing import Any

import httpx

from graph.clustering.judgements import Verdict
from graph.judgements import judgements_in_force
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import copies, data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
JUDGE = """mutation($a: ID!, $b: ID!, $verdict: Verdict!) {
  judgeLink(tipA: $a, tipB: $b, verdict: $verdict, reason: "different people, same cafe wifi") {
    id tipA tipB verdict by reason withdrawnAt } }"""
WITHDRAW = """mutation($id: ID!) { withdrawJudgement(judgementId: $id, reason: "checked again") {
  id withdrawnBy withdrawnAt } }"""
MARK = """mutation { markIdentifierGeneric(kind: IP, value: "203.0.113.58", reason: "hotel wifi") {
  key generic genericReason } }"""
UNMARK = """mutation { unmarkIdentifierGeneric(kind: IP, value: "203.0.113.58", reason: "not a hotel") {
  key generic } }"""
LINKED = """query { tip(id: "G1") {
  linkedTips { totalCount skippedGenericIdentifiers edges { shared { kind key } } } } }"""


async def test_judgements_are_logged_in_force_until_withdrawn(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await gql(client, SUBMIT, {"tips": copies(example_tip, "G1", "G2")})
    judged = data(await gql(client, JUDGE, {"a": "G2", "b": "G1", "verdict": "DIFFERENT"}))["judgeLink"]
    assert (judged["tipA"], judged["tipB"], judged["verdict"]) == ("G1", "G2", "DIFFERENT")
    assert [(j.tip_a, j.tip_b, j.verdict) for j in await judgements_in_force(clean_db)] == [
        ("G1", "G2", Verdict.DIFFERENT)
    ]
    await gql(client, JUDGE, {"a": "G1", "b": "G2", "verdict": "SAME"})
    assert [j.verdict for j in await judgements_in_force(clean_db)] == [Verdict.SAME]

    log = """query { tip(id: "G1") { judgements { verdict by reason withdrawnAt } } }"""
    assert [j["verdict"] for j in data(await gql(client, log))["tip"]["judgements"]] == ["SAME", "DIFFERENT"]
    await clean_db.write("testing/refer", ids=["G1"], agency="ICAC-OH")
    hidden = data(await gql(client, log, token=token_for(settings, Role.INVESTIGATOR, "ICAC-OH")))["tip"]
    assert hidden["judgements"] == []

    withdrawn = data(await gql(client, WITHDRAW, {"id": judged["id"]}))["withdrawJudgement"]
    assert withdrawn["withdrawnAt"]
    assert error_codes(await gql(client, WITHDRAW, {"id": judged["id"]})) == ["NOT_FOUND"]
    assert error_codes(await gql(client, JUDGE, {"a": "G1", "b": "nope", "verdict": "SAME"})) == ["NOT_FOUND"]
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    refused = await gql(client, JUDGE, {"a": "G1", "b": "G2", "verdict": "SAME"}, token=investigator)
    assert error_codes(refused) == ["FORBIDDEN"]


async def test_a_supervisor_marks_an_identifier_generic_and_back(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await gql(client, SUBMIT, {"tips": copies(example_tip, "G1", "G2")})
    supervisor = token_for(settings, Role.SUPERVISOR, subject="sam")
    before = data(await gql(client, LINKED))["tip"]["linkedTips"]
    assert "203.0.113.58" in {s["key"] for s in before["edges"][0]["shared"]}

    assert error_codes(await gql(client, MARK)) == ["FORBIDDEN"]
    marked = data(await gql(client, MARK, token=supervisor))["markIdentifierGeneric"]
    assert marked["generic"] is True
    assert marked["genericReason"] == "marked generic by sam: hotel wifi"
    after = data(await gql(client, LINKED))["tip"]["linkedTips"]
    assert "203.0.113.58" not in {s["key"] for s in after["edges"][0]["shared"]}
    assert after["skippedGenericIdentifiers"] == before["skippedGenericIdentifiers"] + 1

    cleared = data(await gql(client, UNMARK, token=supervisor))["unmarkIdentifierGeneric"]
    assert cleared["generic"] is False

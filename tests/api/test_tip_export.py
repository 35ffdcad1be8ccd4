"""The disclosure export of one tip (issue 12 item 6): as GraphQL, JSON download and printable page, each
with the viewer's scope and audited; an investigator's export holds nothing outside its scope."""

from __future__ import annotations

from typing import Any

import httpx
import orjson

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql, submit_copies
from tests.conftest import token_for

EXPORT = "query($id: ID!) { tipExport(id: $id) }"
ACTIONABLE = """mutation($ids: [ID!]!) { setDisposition(tipIds: $ids, disposition: ACTIONABLE,
  reasonCode: "TRIAGE", note: "identified suspect") { decisionId } }"""
REFER = """mutation($ids: [ID!]!, $agency: ID!) { referTips(tipIds: $ids, agencyId: $agency,
  overrideReason: "out of state but urgent", note: "refer") { decisionId problems { code } } }"""
UNDO = """mutation($id: ID!) { undoDecision(decisionId: $id, note: "wrong agency") { decisionId } }"""
ELSEWHERE = "ICAC-CA-BAY"


async def _refer(client: httpx.AsyncClient, ids: list[str], agency: str) -> str:
    answer = data(await gql(client, REFER, {"ids": ids, "agency": agency}))["referTips"]
    assert answer["problems"] == []
    decision: str = answer["decisionId"]
    return decision


async def _world(client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]) -> None:
    """A1 is referred to Oregon after a referral elsewhere was undone; A2 (linked) is referred elsewhere;
    A3 (linked) is not referred at all."""
    await submit_copies(client, example_tip, "A1", "A2", "A3")
    data(await gql(client, ACTIONABLE, {"ids": ["A1", "A2", "A3"]}))
    wrong = await _refer(client, ["A1"], ELSEWHERE)
    supervisor = token_for(settings, Role.SUPERVISOR)
    data(await gql(client, UNDO, {"id": wrong}, token=supervisor))
    await _refer(client, ["A1"], "ICAC-OR")
    await _refer(client, ["A2"], ELSEWHERE)


async def test_an_investigators_export_holds_nothing_outside_its_scope(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await _world(client, settings, example_tip)
    oregon = token_for(settings, Role.INVESTIGATOR, "ICAC-OR")
    document = data(await gql(client, EXPORT, {"id": "A1"}, token=oregon))["tipExport"]
    text = orjson.dumps(document).decode()
    for outside in (ELSEWHERE, '"A2"', '"A3"', "wrong agency"):
        assert outside not in text, outside
    assert document["triage"]["referredTo"] == ["ICAC-OR"]
    assert [(d["action"], d["to"]) for d in document["decisions"]] == [
        ("setDisposition", "ACTIONABLE"),
        ("referTips", "REFERRED"),
    ]
    referral = document["decisions"][1]
    assert (referral["referredTo"], referral["overrideReason"]) == ("ICAC-OR", "out of state but urgent")
    assert document["linkedTips"]["tips"] == []
    assert "viewers" not in document
    assert document["report"]["reportId"] == "A1"
    classification = [x for x in document["labels"] if x["label"] == "CATEGORY"]
    assert classification and classification[0]["source"]["kind"] == "REPORTING_SERVICE"
    assert classification[0]["source"]["viewedByService"] is True
    assert classification[0]["fileId"] and classification[0]["subject"] == "file 0"

    # The clearinghouse's export of the same tip has all of it: the filter above is what hid it.
    full = data(await gql(client, EXPORT, {"id": "A1"}))["tipExport"]
    assert [d["action"] for d in full["decisions"]] == [
        "setDisposition",
        "referTips",
        "undoDecision",
        "referTips",
    ]
    assert full["decisions"][1]["undoneBy"] == full["decisions"][2]["id"]
    assert sorted(t["id"] for t in full["linkedTips"]["tips"]) == ["A2", "A3"]
    assert "viewers" not in full

    assert error_codes(await gql(client, EXPORT, {"id": "A2"}, token=oregon)) == ["NOT_FOUND"]
    assert error_codes(await gql(client, EXPORT, {"id": "NOPE"}, token=oregon)) == ["NOT_FOUND"]


async def test_supervisors_and_auditors_see_who_viewed_it(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await _world(client, settings, example_tip)
    oregon = token_for(settings, Role.INVESTIGATOR, "ICAC-OR", subject="det-7")
    data(await gql(client, '{ tip(id: "A1") { id } }', token=oregon))
    supervised = data(await gql(client, EXPORT, {"id": "A1"}, token=token_for(settings, Role.SUPERVISOR)))
    reads = supervised["tipExport"]["viewers"]["reads"]
    assert any(r["actor"] == "det-7" and r["agency"] == "ICAC-OR" for r in reads)

    audited = data(await gql(client, EXPORT, {"id": "A1"}, token=token_for(settings, Role.AUDITOR)))
    document = audited["tipExport"]
    assert set(document) == {"format", "exportedAt", "exportedBy", "tip", "viewers"}
    assert document["tip"] == {"id": "A1"}
    assert any(r["actor"] == "det-7" for r in document["viewers"]["reads"])

    reporter = token_for(settings, Role.REPORTER, "pixpost")
    assert data(await gql(client, EXPORT, {"id": "A1"}, token=reporter))["tipExport"] is None


async def test_the_downloads_have_the_same_auth_scope_and_audit(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    await _world(client, settings, example_tip)
    oregon = {"Authorization": f"Bearer {token_for(settings, Role.INVESTIGATOR, 'ICAC-OR', 'det-9')}"}

    downloaded = await client.get("/export/tips/A1.json", headers=oregon)
    assert downloaded.status_code == 200
    assert "attachment" in downloaded.headers["content-disposition"]
    document = downloaded.json()
    via_graphql = data(await gql(client, EXPORT, {"id": "A1"}, token=oregon["Authorization"][7:]))
    assert {**document, "exportedAt": None} == {**via_graphql["tipExport"], "exportedAt": None}

    page = await client.get("/export/tips/A1.html", headers=oregon)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    body = page.text
    assert "<h1>Tip A1</h1>" in body and "ICAC-OR" in body and ELSEWHERE not in body
    assert "src=" not in body and "href=" not in body and "@import" not in body

    assert (await client.get("/export/tips/A1.json", headers={"Authorization": ""})).status_code == 401
    assert (await client.get("/export/tips/A2.json", headers=oregon)).status_code == 404
    assert (await client.get("/export/tips/A1.pdf", headers=oregon)).status_code == 404
    reporter = {"Authorization": f"Bearer {token_for(settings, Role.REPORTER, 'pixpost')}"}
    assert (await client.get("/export/tips/A1.json", headers=reporter)).status_code == 404

    auditor = token_for(settings, Role.AUDITOR)
    log = data(
        await gql(
            client,
            '{ auditLog(filter: {actor: "det-9"}, first: 10) { edges { node { operationName tipIds } } } }',
            token=auditor,
        )
    )
    exports = [e["node"] for e in log["auditLog"]["edges"] if e["node"]["operationName"] == "tipExport"]
    assert exports and all(e["tipIds"] == ["A1"] for e in exports)

"""reportIds are per service: one service can neither squat another's report nor learn which reportIds
another used (issue 8, items 3 and 4). Every answer a reporter gets about a reportId is the same whether
or not another service used it."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from graph.settings import Settings
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = """mutation($tips: [TipInput!]!) {
  submitTips(tips: $tips) { results { reportId outcome problems { message } tip { id } } } }"""
OPEN = "mutation($report: TipInput!) { openReport(report: $report) { reportId status } }"
FINISH = """mutation($id: ID!) { finishReport(reportId: $id) {
  submission { status } result { outcome tip { id platform report } } } }"""
RETRACT = "mutation($id: ID!) { retractReport(reportId: $id) { status } }"
SEARCH = "{ searchTips(first: 50) { edges { node { id platform } } } }"


@pytest.fixture
def tokens(settings: Settings) -> dict[str, str]:
    return {
        "a": token_for(settings, Role.REPORTER, "pixpost"),
        "b": token_for(settings, Role.REPORTER, "vidnest"),
    }


def report(example: dict[str, Any], report_id: str, platform: str) -> dict[str, Any]:
    made = copy.deepcopy(example)
    made["reportId"] = report_id
    made["incidentSummary"]["platform"] = platform
    made["files"] = []
    return made


async def visible_platforms(client: httpx.AsyncClient, token: str) -> dict[str, str]:
    edges = data(await gql(client, SEARCH, token=token))["searchTips"]["edges"]
    return {e["node"]["id"]: e["node"]["platform"] for e in edges}


async def test_another_services_finished_tip_does_not_swallow_an_open_report(
    client: httpx.AsyncClient, example_tip: dict[str, Any], tokens: dict[str, str]
) -> None:
    opened = data(await gql(client, OPEN, {"report": report(example_tip, "X", "PixPost")}, token=tokens["a"]))
    assert opened["openReport"]["status"] == "OPEN"
    squat = data(
        await gql(client, SUBMIT, {"tips": [report(example_tip, "X", "VidNest")]}, token=tokens["b"])
    )
    assert squat["submitTips"]["results"][0]["outcome"] == "CREATED"

    finished = data(await gql(client, FINISH, {"id": "X"}, token=tokens["a"]))["finishReport"]
    assert finished["submission"]["status"] == "FINISHED"
    assert finished["result"]["outcome"] == "CREATED"
    assert finished["result"]["tip"]["platform"] == "PixPost"
    assert finished["result"]["tip"]["report"]["reportId"] == "X"
    # Each service has its own tip X, and sees only its own.
    assert set((await visible_platforms(client, tokens["a"])).values()) == {"PixPost"}
    assert set((await visible_platforms(client, tokens["b"])).values()) == {"VidNest"}
    assert sorted((await visible_platforms(client, token="")).values()) == ["PixPost", "VidNest"]


async def test_a_finish_that_cannot_be_stored_is_an_error_and_the_report_stays_open(
    client: httpx.AsyncClient, example_tip: dict[str, Any], tokens: dict[str, str]
) -> None:
    await gql(client, OPEN, {"report": report(example_tip, "K", "PixPost")}, token=tokens["a"])
    # The service itself files a different finished tip under the same reportId meanwhile.
    other = report(example_tip, "K", "PixPost Web")
    assert (
        data(await gql(client, SUBMIT, {"tips": [other]}, token=tokens["a"]))["submitTips"]["results"][0][
            "outcome"
        ]
        == "CREATED"
    )

    refused = await gql(client, FINISH, {"id": "K"}, token=tokens["a"])
    assert error_codes(refused) == ["CONFLICT"]
    # Still open: nothing accepted was lost, and the caller decides what becomes of it.
    assert data(await gql(client, RETRACT, {"id": "K"}, token=tokens["a"]))["retractReport"]["status"] == (
        "RETRACTED"
    )


@pytest.mark.parametrize("taken_by_other", [True, False])
async def test_a_reporter_learns_nothing_of_another_services_report_ids(
    client: httpx.AsyncClient, example_tip: dict[str, Any], tokens: dict[str, str], taken_by_other: bool
) -> None:
    if taken_by_other:
        taken = [report(example_tip, rid, "VidNest") for rid in ("Y", "Z")]
        assert data(await gql(client, SUBMIT, {"tips": taken}, token=tokens["b"]))
    submitted = data(
        await gql(client, SUBMIT, {"tips": [report(example_tip, "Y", "PixPost")]}, token=tokens["a"])
    )
    (result,) = submitted["submitTips"]["results"]
    assert (result["outcome"], result["problems"]) == ("CREATED", [])
    opened = await gql(client, OPEN, {"report": report(example_tip, "Z", "PixPost")}, token=tokens["a"])
    assert data(opened)["openReport"] == {"reportId": "Z", "status": "OPEN"}


async def test_a_clearinghouse_report_id_spelled_like_a_service_tip_id_takes_nothing_from_it(
    client: httpx.AsyncClient, example_tip: dict[str, Any], tokens: dict[str, str]
) -> None:
    analyst = data(await gql(client, SUBMIT, {"tips": [report(example_tip, "pixpost:Q", "Clearinghouse")]}))
    mine = data(await gql(client, SUBMIT, {"tips": [report(example_tip, "Q", "PixPost")]}, token=tokens["a"]))
    (theirs,), (own,) = analyst["submitTips"]["results"], mine["submitTips"]["results"]
    assert theirs["outcome"] == own["outcome"] == "CREATED"
    assert theirs["tip"]["id"] != own["tip"]["id"]
    assert await visible_platforms(client, tokens["a"]) == {own["tip"]["id"]: "PixPost"}

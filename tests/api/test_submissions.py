"""The submission lifecycle over GraphQL, and its expiry sweep against the real database."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from graph.settings import Settings
from graph.store.database import Database
from graph.submissions import expire_submissions
from graph.viewer import Role
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

OPEN = """mutation($report: TipInput!) { openReport(report: $report) {
  reportId status openedAt expiresAt fileCount } }"""
ADD = """mutation($id: ID!, $files: [JSON!]!) { addFiles(reportId: $id, files: $files) {
  status fileCount lastChangedAt expiresAt } }"""
FINISH = """mutation($id: ID!) { finishReport(reportId: $id) {
  submission { status fileCount } result { outcome reportId tip { id files { fileName } } } } }"""
RETRACT = "mutation($id: ID!) { retractReport(reportId: $id) { status } }"
TIP = "query($id: ID!) { tip(id: $id) { id } }"


@pytest.fixture
def report(example_tip: dict[str, Any]) -> dict[str, Any]:
    made = copy.deepcopy(example_tip)
    made["reportId"] = "S1"
    made["files"] = []
    return made


@pytest.fixture
def reporter(settings: Settings) -> str:
    return token_for(settings, Role.REPORTER, "pixpost")


async def test_open_add_files_then_finish_makes_a_tip(
    client: httpx.AsyncClient, report: dict[str, Any], example_tip: dict[str, Any], reporter: str
) -> None:
    opened = data(await gql(client, OPEN, {"report": report}, token=reporter))["openReport"]
    assert opened["status"] == "OPEN"
    assert opened["fileCount"] == 0
    assert data(await gql(client, TIP, {"id": "pixpost:S1"}))["tip"] is None

    added = data(await gql(client, ADD, {"id": "S1", "files": example_tip["files"]}, token=reporter))[
        "addFiles"
    ]
    assert added["fileCount"] == 1
    bad_file = {"fileName": "x", "originalFileHash": [{"value": "abc", "hashType": "MD5"}]}
    refused = await gql(client, ADD, {"id": "S1", "files": [bad_file]}, token=reporter)
    assert error_codes(refused) == ["BAD_USER_INPUT"]

    finished = data(await gql(client, FINISH, {"id": "S1"}, token=reporter))["finishReport"]
    assert finished["submission"] == {"status": "FINISHED", "fileCount": 1}
    assert finished["result"]["outcome"] == "CREATED"
    assert finished["result"]["tip"]["id"] == "pixpost:S1"
    assert finished["result"]["tip"]["files"] == [{"fileName": "pic_0317.jpg"}]

    closed = await gql(client, ADD, {"id": "S1", "files": example_tip["files"]}, token=reporter)
    assert error_codes(closed) == ["CONFLICT"]
    assert error_codes(await gql(client, OPEN, {"report": report}, token=reporter)) == ["CONFLICT"]


async def test_a_retracted_report_never_becomes_a_tip(
    client: httpx.AsyncClient, report: dict[str, Any], reporter: str
) -> None:
    await gql(client, OPEN, {"report": report}, token=reporter)
    assert (
        data(await gql(client, RETRACT, {"id": "S1"}, token=reporter))["retractReport"]["status"]
        == "RETRACTED"
    )
    assert error_codes(await gql(client, FINISH, {"id": "S1"}, token=reporter)) == ["CONFLICT"]
    assert data(await gql(client, TIP, {"id": "pixpost:S1"}))["tip"] is None


async def test_another_service_cannot_touch_the_report(
    client: httpx.AsyncClient, settings: Settings, report: dict[str, Any], reporter: str
) -> None:
    await gql(client, OPEN, {"report": report}, token=reporter)
    other = token_for(settings, Role.REPORTER, "vidnest")
    assert error_codes(await gql(client, FINISH, {"id": "S1"}, token=other)) == ["NOT_FOUND"]
    investigator = token_for(settings, Role.INVESTIGATOR, "ICAC-OH")
    assert error_codes(await gql(client, RETRACT, {"id": "S1"}, token=investigator)) == ["FORBIDDEN"]


async def test_unfinished_reports_expire_24h_after_opening_or_1h_after_the_last_change(
    client: httpx.AsyncClient,
    clean_db: Database,
    report: dict[str, Any],
    example_tip: dict[str, Any],
    reporter: str,
) -> None:
    opened = data(await gql(client, OPEN, {"report": report}, token=reporter))["openReport"]
    opened_at = datetime.fromisoformat(opened["openedAt"])
    assert datetime.fromisoformat(opened["expiresAt"]) == opened_at + timedelta(hours=24)

    assert await expire_submissions(clean_db, now=opened_at + timedelta(hours=23)) == []
    expired = await expire_submissions(clean_db, now=opened_at + timedelta(hours=24, seconds=1))
    assert expired == ["pixpost:S1"]
    assert error_codes(await gql(client, FINISH, {"id": "S1"}, token=reporter)) == ["CONFLICT"]


async def test_a_late_change_pushes_expiry_to_an_hour_after_it(
    clean_db: Database, settings: Settings, report: dict[str, Any], example_tip: dict[str, Any]
) -> None:
    from graph.audit import AuditTrail
    from graph.submissions import add_files, open_report
    from graph.viewer import Viewer

    trail = AuditTrail(Viewer("svc", Role.REPORTER, "pixpost"), request_id="test")
    start = datetime.now(UTC) - timedelta(hours=30)
    await open_report(clean_db, trail, report, now=start)
    late = start + timedelta(hours=23, minutes=30)
    changed = await add_files(clean_db, trail, "S1", example_tip["files"], now=late)
    assert changed.expires_at == late + timedelta(hours=1)
    assert await expire_submissions(clean_db, now=start + timedelta(hours=24, minutes=10)) == []
    assert await expire_submissions(clean_db, now=late + timedelta(hours=1, seconds=1)) == ["pixpost:S1"]

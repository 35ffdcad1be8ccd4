"""What a scoped viewer (investigator, reporter) may learn from linkedTips about generic identifiers.

Team policy (issue 8 item 5): to a scoped viewer an identifier is generic only by what reveals nothing about
tips it cannot see: a static rule (known-benign value, special address range, a bare place), a supervisor's
mark, or more VISIBLE tips than its kind's threshold. Its counts, skipped identifiers and weights are those
of a database holding only the tips it may see. Unscoped viewers keep the global flag.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.clustering.thresholds import GENERIC_ABOVE
from graph.kinds import IdentifierKind
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Role
from tests.api.graphql import data, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { created } }"
LINKED = """query($id: ID!) { tip(id: $id) { linkedTips(first: 100) {
  totalCount skippedGenericIdentifiers truncated
  edges { weight node { id } shared { kind key tipCount generic weight reason } } } } }"""
TIP_IDENTIFIERS = "query($id: ID!) { tip(id: $id) { identifiers { kind generic tipCount } } }"
SHARED_IP = "81.2.69.160"
AGENCY = "ICAC-OH"


def ip_tip(report_id: str) -> dict[str, Any]:
    """A small tip whose suspect logged in from SHARED_IP (and whose reporter email is generic by rule)."""
    return {
        "reportId": report_id,
        "incidentSummary": {
            "incidentType": "Child Pornography (possession, manufacture, and distribution)",
            "incidentDateTime": "2026-01-01T00:00:00Z",
        },
        "reporter": {"reportingPerson": {"email": [{"value": "reports@svc.example.com"}]}},
        "personOrUserReported": [
            {
                "espIdentifier": f"acct-{report_id}",
                "ipCaptureEvent": [
                    {"ipAddress": SHARED_IP, "eventName": "Login", "dateTime": "2026-01-01T00:00:00Z"}
                ],
            }
        ],
    }


async def submit(client: httpx.AsyncClient, ids: list[str]) -> None:
    answer = data(await gql(client, SUBMIT, {"tips": [ip_tip(i) for i in ids]}))
    assert answer["submitTips"]["created"] == len(ids)


async def linked(client: httpx.AsyncClient, tip_id: str, token: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = data(await gql(client, LINKED, {"id": tip_id}, token=token))["tip"]["linkedTips"]
    return found


async def test_hidden_tips_make_no_identifier_generic_for_a_scoped_viewer(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings
) -> None:
    # Only the two referred tips in the database: what the investigator must see in the crowded one.
    await submit(client, ["S0", "S1"])
    await clean_db.write("testing/refer", ids=["S0", "S1"], agency=AGENCY)
    investigator = token_for(settings, Role.INVESTIGATOR, AGENCY)
    alone = await linked(client, "S0", investigator)
    assert [e["node"]["id"] for e in alone["edges"]] == ["S1"]
    assert alone["skippedGenericIdentifiers"] == 1  # the reporter's own address, generic by rule

    # The same two among enough hidden tips to make the address generic for everyone who sees them all.
    hidden = [f"H{i}" for i in range(GENERIC_ABOVE[IdentifierKind.IP])]
    await submit(client, hidden)
    crowded = await linked(client, "S0", investigator)
    assert crowded == alone
    flags = data(await gql(client, TIP_IDENTIFIERS, {"id": "S0"}, token=investigator))["tip"]["identifiers"]
    assert {(i["kind"], i["generic"], i["tipCount"]) for i in flags} == {
        ("IP", False, 2),
        ("EMAIL", True, 2),
        ("ACCOUNT", False, 1),
    }

    analyst = await linked(client, "S0")
    assert analyst["edges"] == [] and analyst["skippedGenericIdentifiers"] == 2


@pytest.mark.parametrize("role, agency", [(Role.INVESTIGATOR, AGENCY), (Role.REPORTER, "pixpost")])
async def test_a_supervisors_mark_is_generic_for_everyone(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, role: Role, agency: str
) -> None:
    viewer = token_for(settings, role, agency)
    reporter = token_for(settings, Role.REPORTER, "pixpost")
    assert data(await gql(client, SUBMIT, {"tips": [ip_tip("M0"), ip_tip("M1")]}, token=reporter))
    # A reporter's tips are keyed by its service: their ids are "pixpost:<reportId>".
    await clean_db.write("testing/refer", ids=["pixpost:M0", "pixpost:M1"], agency=AGENCY)
    supervisor = token_for(settings, Role.SUPERVISOR)
    marked = await gql(
        client,
        """mutation { markIdentifierGeneric(kind: IP, value: "81.2.69.160", reason: "office network") {
             generic } }""",
        token=supervisor,
    )
    assert "errors" not in marked, marked
    seen = await linked(client, "pixpost:M0", viewer)
    assert seen["edges"] == [] and seen["skippedGenericIdentifiers"] == 2

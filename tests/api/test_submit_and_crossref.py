"""Submitting tips over GraphQL and cross-referencing them: the foundation's end-to-end path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.graphql import data, error_codes, gql

SUBMIT = """
mutation Submit($tips: [TipInput!]!) {
  submitTips(tips: $tips) {
    created unchanged conflicts invalid
    results { index reportId outcome problems { path message } }
  }
}
"""

TIP = """
query Tip($id: ID!) {
  tip(id: $id) {
    id incidentType platform incidentDateTime
    identifiers { kind key raw role rule verified generic fileIndex
      ipCapture { event at port possibleProxy } }
    files { fileName fileViewedByEsp industryClassification hashes { hashType value } }
  }
}
"""

LINKED = """
query Linked($id: ID!, $first: Int!, $after: String, $generic: Boolean!) {
  tip(id: $id) {
    linkedTips(first: $first, after: $after, includeGeneric: $generic) {
      totalCount skippedGenericIdentifiers truncated
      pageInfo { hasNextPage endCursor }
      edges { cursor weight node { id } shared { kind key generic weight reason rolesHere rolesThere } }
    }
  }
}
"""


@pytest.fixture
def example(example_tip_json: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(example_tip_json.read_text())
    return loaded


def variant(tip: dict[str, Any], report_id: str, **changes: Any) -> dict[str, Any]:
    """A copy of the example under another reportId, with top-level changes."""
    copied = copy.deepcopy(tip)
    copied["reportId"] = report_id
    copied.update(changes)
    return copied


def other_suspect(tip: dict[str, Any], report_id: str, email: str) -> dict[str, Any]:
    """A tip about someone else who shares only an email address with the example's suspect."""
    copied = variant(tip, report_id)
    copied.pop("victim")
    copied.pop("files")
    copied.pop("internetDetails")
    copied["personOrUserReported"] = [
        {"personOrUserReportedPerson": {"email": [{"value": email}]}, "espIdentifier": f"u-{report_id}"}
    ]
    return copied


async def submit(client: httpx.AsyncClient, tips: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = data(await gql(client, SUBMIT, {"tips": tips}))["submitTips"]
    return result


async def test_submitting_is_idempotent_and_conflicts_are_per_tip(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    first = await submit(client, [example])
    assert first["created"] == 1
    assert first["results"][0]["outcome"] == "CREATED"

    again = await submit(client, [example, variant(example, "EX-NEW-1")])
    assert [r["outcome"] for r in again["results"]] == ["UNCHANGED", "CREATED"]

    changed = variant(example, example["reportId"], additionalInfo="edited")
    mixed = await submit(client, [changed, variant(example, "EX-NEW-2")])
    assert [r["outcome"] for r in mixed["results"]] == ["CONFLICT", "CREATED"]
    assert mixed["results"][0]["problems"][0]["path"] == "$.reportId"

    stored = data(await gql(client, TIP, {"id": example["reportId"]}))["tip"]
    assert stored is not None
    report = data(
        await gql(client, "query($id: ID!) { tip(id: $id) { report } }", {"id": example["reportId"]})
    )
    assert report["tip"]["report"]["additionalInfo"] == example["additionalInfo"]


async def test_a_tip_shows_every_identifier_normalised_with_its_raw_value(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    await submit(client, [example])
    tip = data(await gql(client, TIP, {"id": example["reportId"]}))["tip"]
    assert tip["incidentType"] == "ONLINE_ENTICEMENT"
    found = {(i["kind"], i["key"], i["role"]) for i in tip["identifiers"]}
    assert ("EMAIL", "harborfox19@gmail.com", "SUSPECT") in found
    assert ("PHONE", "+15035550188", "SUSPECT") in found
    assert ("FILE_HASH", "md5:6d4bbdb99829ef1c6b0a654e1aa382e4", "FILE") in found
    assert ("URL", "https://kestrel.example.net/u/harbor.fox.19", "SUSPECT") in found
    assert ("REPORT", "182345678", "SUSPECT") in found
    email = next(i for i in tip["identifiers"] if i["kind"] == "EMAIL" and i["role"] == "SUSPECT")
    assert email["raw"] == "Harbor.Fox.19+kc@GoogleMail.com"
    assert email["verified"] is True
    v6 = [i for i in tip["identifiers"] if i["kind"] == "IP" and i["key"] == "2001:db8::a7"]
    assert {i["raw"] for i in v6} == {"2001:DB8:0:0:0:0:0:A7", "2001:db8::a7"}
    assert all(i["ipCapture"]["event"] == "Upload" for i in v6)
    login = next(i for i in tip["identifiers"] if i["kind"] == "IP" and i["key"] == "203.0.113.58")
    assert login["ipCapture"]["port"] == 40122
    assert login["ipCapture"]["possibleProxy"] is False
    assert tip["files"][0]["hashes"][0]["hashType"] == "MD5"
    assert tip["files"][0]["fileViewedByEsp"] is True


async def test_linked_tips_say_what_they_share_strongest_first_with_keyset_pages(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    same_account = variant(example, "EX-SAME-ACCOUNT")
    shares_email = other_suspect(example, "EX-SHARES-EMAIL", "harborfox19+other@gmail.com")
    unrelated = other_suspect(example, "EX-UNRELATED", "someone@example.org")
    await submit(client, [example, same_account, shares_email, unrelated])

    page = data(await gql(client, LINKED, {"id": example["reportId"], "first": 1, "generic": False}))
    links = page["tip"]["linkedTips"]
    assert links["totalCount"] == 2
    assert links["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in links["edges"]] == ["EX-SAME-ACCOUNT"]
    strongest = links["edges"][0]
    assert {s["kind"] for s in strongest["shared"]} >= {"ACCOUNT", "EMAIL", "PHONE", "IP"}

    rest = data(
        await gql(
            client,
            LINKED,
            {
                "id": example["reportId"],
                "first": 5,
                "after": links["pageInfo"]["endCursor"],
                "generic": False,
            },
        )
    )["tip"]["linkedTips"]
    assert [e["node"]["id"] for e in rest["edges"]] == ["EX-SHARES-EMAIL"]
    assert rest["pageInfo"]["hasNextPage"] is False
    shared = rest["edges"][0]["shared"]
    assert [s["kind"] for s in shared] == ["EMAIL"]
    assert shared[0]["key"] == "harborfox19@gmail.com"
    assert rest["edges"][0]["weight"] < strongest["weight"]


async def test_generic_identifiers_are_skipped_unless_asked_for(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    cgnat = {
        "ipAddress": "100.64.1.9",
        "eventName": "Login",
        "dateTime": "2026-09-14T20:55:12-05:00",
        "port": 4000,
    }
    a = other_suspect(example, "EX-CGNAT-A", "a@example.com")
    b = other_suspect(example, "EX-CGNAT-B", "b@example.com")
    for tip in (a, b):
        tip["personOrUserReported"][0]["ipCaptureEvent"] = [cgnat]
    await submit(client, [a, b])

    hidden = data(await gql(client, LINKED, {"id": "EX-CGNAT-A", "first": 10, "generic": False}))
    assert hidden["tip"]["linkedTips"]["edges"] == []
    assert hidden["tip"]["linkedTips"]["skippedGenericIdentifiers"] >= 1

    shown = data(await gql(client, LINKED, {"id": "EX-CGNAT-A", "first": 10, "generic": True}))
    edges = shown["tip"]["linkedTips"]["edges"]
    assert [e["node"]["id"] for e in edges] == ["EX-CGNAT-B"]
    ip = next(s for s in edges[0]["shared"] if s["kind"] == "IP")
    assert ip["key"] == "100.64.1.9"
    assert "same IP and port 4000" in ip["reason"]


async def test_identifier_lookup_normalises_like_ingest(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    await submit(client, [example, variant(example, "EX-TWO")])
    query = """
    query($kind: IdentifierKind!, $value: String!) {
      identifier(kind: $kind, value: $value) {
        kind key rawValues tipCount generic
        tips(first: 1) { pageInfo { hasNextPage endCursor } edges { node { id } } }
      }
    }
    """
    found = data(await gql(client, query, {"kind": "EMAIL", "value": "HARBOR.FOX.19@gmail.com"}))[
        "identifier"
    ]
    assert found["key"] == "harborfox19@gmail.com"
    assert found["tipCount"] == 2
    assert found["rawValues"] == ["Harbor.Fox.19+kc@GoogleMail.com"]
    assert found["tips"]["pageInfo"]["hasNextPage"] is True
    phone = data(await gql(client, query, {"kind": "PHONE", "value": "+1 503 555 0188"}))["identifier"]
    assert phone["key"] == "+15035550188"
    account = data(await gql(client, query, {"kind": "ACCOUNT", "value": "Kestrel Chat:51170923"}))
    assert account["identifier"]["tipCount"] == 2
    missing = data(await gql(client, query, {"kind": "EMAIL", "value": "nobody@example.net"}))
    assert missing["identifier"] is None
    bad = await gql(client, query, {"kind": "IP", "value": "999.1.1.1"})
    assert error_codes(bad) == ["BAD_USER_INPUT"]


async def test_phone_lookup_takes_the_country_of_a_national_number(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    await submit(client, [example])
    query = """
    query($kind: IdentifierKind!, $value: String!, $country: String) {
      identifier(kind: $kind, value: $value, country: $country) { key tipCount }
    }
    """
    national = {"kind": "PHONE", "value": "(503) 555-0188"}
    found = data(await gql(client, query, {**national, "country": "us"}))["identifier"]
    assert found == {"key": "+15035550188", "tipCount": 1}
    without = await gql(client, query, national)
    assert error_codes(without) == ["BAD_USER_INPUT"]
    assert "give the country" in without["errors"][0]["message"]
    assert without["errors"][0]["extensions"]["field"] == "value"
    for variables in (
        {**national, "country": "ZZ"},
        {"kind": "EMAIL", "value": "a@example.com", "country": "US"},
    ):
        refused = await gql(client, query, variables)
        assert error_codes(refused) == ["BAD_USER_INPUT"], variables
        assert refused["errors"][0]["extensions"]["field"] == "country"
    international = data(await gql(client, query, {"kind": "PHONE", "value": "+1 503 555 0188"}))
    assert international["identifier"]["key"] == "+15035550188"


async def test_search_filters_and_pages(client: httpx.AsyncClient, example: dict[str, Any]) -> None:
    trafficking = variant(example, "EX-TRAFFICKING")
    trafficking["incidentSummary"] = {**example["incidentSummary"], "incidentType": "Child Sex Trafficking"}
    await submit(client, [example, trafficking, variant(example, "EX-THIRD")])
    query = """
    query($filter: TipFilterInput, $after: String) {
      searchTips(filter: $filter, first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id incidentType } }
      }
    }
    """
    only = data(await gql(client, query, {"filter": {"incidentTypes": ["CHILD_SEX_TRAFFICKING"]}}))[
        "searchTips"
    ]
    assert [e["node"]["id"] for e in only["edges"]] == ["EX-TRAFFICKING"]
    assert only["totalCount"] == 1
    first = data(await gql(client, query, {"filter": {"platform": "kestrel  CHAT"}}))["searchTips"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    second = data(
        await gql(
            client,
            query,
            {"filter": {"platform": "Kestrel Chat"}, "after": first["pageInfo"]["endCursor"]},
        )
    )["searchTips"]
    ids = [e["node"]["id"] for e in first["edges"]] + [e["node"]["id"] for e in second["edges"]]
    assert sorted(ids) == ["EX-2026-000317", "EX-THIRD", "EX-TRAFFICKING"]
    bad_cursor = await gql(client, query, {"after": "not-a-cursor"})
    assert error_codes(bad_cursor) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda t: t["personOrUserReported"][0]["ipCaptureEvent"][0].update(ipAddress="300.1.2.3"),
            "$.personOrUserReported[0].ipCaptureEvent[0].ipAddress",
        ),
        (
            lambda t: t["files"][0]["originalFileHash"][0].update(value="abc123"),
            "$.files[0].originalFileHash[0].value",
        ),
        (
            lambda t: t["incidentSummary"].update(incidentDateTime="2099-01-01T00:00:00+00:00"),
            "$.incidentSummary.incidentDateTime",
        ),
        (
            lambda t: t["incidentSummary"].update(incidentDateTime="2026-01-01T00:00:00"),
            "$.incidentSummary.incidentDateTime",
        ),
        (lambda t: t["incidentSummary"].update(incidentType="Bad Things"), "$.incidentSummary.incidentType"),
        (lambda t: t.pop("reportId"), "$.reportId"),
        (lambda t: t.update(additionalInfo="x" * 100_000), "$.additionalInfo"),
    ],
    ids=[
        "malformed-ip",
        "hash-length",
        "future-date",
        "no-offset",
        "incident-type",
        "no-report-id",
        "huge-string",
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient, example: dict[str, Any], change: Any, path: str
) -> None:
    bad = variant(example, "EX-BAD")
    change(bad)
    result = await submit(client, [bad, variant(example, "EX-GOOD")])
    assert [r["outcome"] for r in result["results"]] == ["INVALID", "CREATED"]
    assert path in [p["path"] for p in result["results"][0]["problems"]]
    assert data(await gql(client, TIP, {"id": "EX-BAD"}))["tip"] is None
    count = data(await gql(client, "{ searchTips(first: 10) { totalCount } }"))["searchTips"]["totalCount"]
    assert count == 1


async def test_a_ten_megabyte_string_is_refused_before_parsing_and_nothing_is_written(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    huge = variant(example, "EX-HUGE", additionalInfo="x" * 10_000_000)
    response = await client.post("/graphql", json={"query": SUBMIT, "variables": {"tips": [huge]}})
    assert response.status_code == 413
    assert error_codes(response.json()) == ["PAYLOAD_TOO_LARGE"]
    assert data(await gql(client, TIP, {"id": "EX-HUGE"}))["tip"] is None


async def test_malformed_json_body_is_a_clear_error(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ tip(id: \\"x\\") { id } "',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400


async def test_identifier_tips_read_their_reports_only_when_selected(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    await submit(client, [example, variant(example, "EX-TWO")])
    query = """
    query($kind: IdentifierKind!, $value: String!) {
      identifier(kind: $kind, value: $value) {
        tips(first: 5) { edges { node { id incidentType disposition report } } }
      }
    }
    """
    edges = data(await gql(client, query, {"kind": "EMAIL", "value": "HARBOR.FOX.19@gmail.com"}))[
        "identifier"
    ]["tips"]["edges"]
    by_id = {edge["node"]["id"]: edge["node"] for edge in edges}
    assert sorted(by_id) == [example["reportId"], "EX-TWO"]
    one = "query($id: ID!) { tip(id: $id) { id incidentType disposition report } }"
    for tip_id, node in by_id.items():
        assert node == data(await gql(client, one, {"id": tip_id}))["tip"]
        assert node["report"]["reportId"] == tip_id


LINKED_TIERS = """
query Linked($id: ID!, $tier: LinkTier) {
  tip(id: $id) {
    linkedTips(first: 10, tier: $tier) {
      totalCount
      edges { node { id } weight matchWeight matchProbability tier shared { kind level matchWeight } }
    }
  }
}
"""


async def test_linked_tips_carry_the_evidence_models_probability_and_filter_by_tier(
    client: httpx.AsyncClient, example: dict[str, Any]
) -> None:
    """Two people, one account each, share one file no one else carries (no upload IP): the quiet evidence an
    investigator should see. The example's own twin shares its account: strong."""
    same_account = variant(example, "EX-TIER-SAME")
    file_a = other_suspect(example, "EX-TIER-FILE-A", "tier-a@example.org")
    file_b = other_suspect(example, "EX-TIER-FILE-B", "tier-b@example.org")
    for tip in (file_a, file_b):
        tip["files"] = copy.deepcopy(example["files"])
        for found in tip["files"]:
            found.pop("ipCaptureEvent", None)
            found["originalFileHash"] = [
                {**h, "value": h["value"][:-4] + "beef"} for h in found["originalFileHash"]
            ]
            found["locationOfFile"] = "https://media.kestrel.example.net/f/tier-only"
    await submit(client, [example, same_account, file_a, file_b])

    mine = data(await gql(client, LINKED_TIERS, {"id": example["reportId"]}))["tip"]["linkedTips"]
    strong = next(e for e in mine["edges"] if e["node"]["id"] == "EX-TIER-SAME")
    assert strong["tier"] == "STRONG" and strong["matchProbability"] >= 0.99
    files = data(await gql(client, LINKED_TIERS, {"id": "EX-TIER-FILE-A"}))["tip"]["linkedTips"]
    [lone_file] = files["edges"]
    assert lone_file["node"]["id"] == "EX-TIER-FILE-B"
    assert lone_file["tier"] == "POSSIBLE"
    assert 0.5 <= lone_file["matchProbability"] < strong["matchProbability"]
    for edge in [*mine["edges"], lone_file]:
        assert edge["matchProbability"] == pytest.approx(
            2 ** edge["matchWeight"] / (1 + 2 ** edge["matchWeight"]), abs=1e-4
        )
    # A file's hashes and storage URL are one fact: one of them carries the weight, the others add nothing.
    file_levels = [s for s in lone_file["shared"] if s["kind"] in ("FILE_HASH", "URL")]
    assert len(file_levels) >= 2 and all(s["level"] == "PEOPLE_2" for s in file_levels)
    assert [s["matchWeight"] != 0 for s in file_levels].count(True) == 1

    only_strong = data(await gql(client, LINKED_TIERS, {"id": "EX-TIER-FILE-A", "tier": "STRONG"}))
    assert only_strong["tip"]["linkedTips"]["edges"] == []
    assert only_strong["tip"]["linkedTips"]["totalCount"] == 0
    possible = data(await gql(client, LINKED_TIERS, {"id": "EX-TIER-FILE-A", "tier": "POSSIBLE"}))
    assert [e["node"]["id"] for e in possible["tip"]["linkedTips"]["edges"]] == ["EX-TIER-FILE-B"]
    strong_only = data(await gql(client, LINKED_TIERS, {"id": example["reportId"], "tier": "STRONG"}))
    assert "EX-TIER-SAME" in {e["node"]["id"] for e in strong_only["tip"]["linkedTips"]["edges"]}

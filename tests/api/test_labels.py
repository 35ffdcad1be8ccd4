"""Labels with provenance and file review through the API (issue 12 items 1 and 2): the service's labels
as submitted, reviews beside them with disagreements flagged, re-scoring, who may review, bad input, what
each scoped viewer sees, hash-list matches at ingest, and re-scoring as time passes keeping the review."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from graph.audit import AuditTrail
from graph.ingest import ingest_tips
from graph.labels.provenance import LabelSource
from graph.labels.reading import labels_of
from graph.rescoring import rescore_due_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.viewer import Role, Viewer
from tests.api.graphql import data, error_codes, gql
from tests.conftest import token_for

SUBMIT = "mutation($tips: [TipInput!]!) { submitTips(tips: $tips) { results { outcome tipId } } }"
TIP = """query($id: ID!) { tip(id: $id) {
  labels { kind value source fileId service hashList analyst role viewed note disagrees }
  files { id status fileRelevance industryClassification
          labels { kind value source analyst note disagrees } }
  actionability { score contributions { factor evidence } } } }"""
REVIEW = """mutation($tip: ID!, $file: ID!, $category: FileCategory!, $viewed: Boolean!, $note: String) {
  reviewFile(tipId: $tip, fileId: $file, category: $category, viewed: $viewed, note: $note) {
    label { kind value source analyst viewed note disagrees }
    file { id status }
    tip { actionability { score contributions { factor evidence } } } } }"""
AUDIT = """query($tip: ID) { auditLog(first: 50, filter: {tipId: $tip}) {
  edges { node { actor action tipIds change } } } }"""


def unviewed(example: dict[str, Any], report_id: str) -> dict[str, Any]:
    """The example with its file reported by hash alone (nobody at the service viewed it), not escalated
    (an escalation alone reaches the top of the score)."""
    tip = copy.deepcopy(example)
    tip["reportId"] = report_id
    del tip["incidentSummary"]["escalateToHighPriority"]
    tip["files"][0].update(fileViewedByEsp=False, exifViewedByEsp=False)
    del tip["files"][0]["fileRelevance"]
    return tip


async def submit(
    client: httpx.AsyncClient, tips: list[dict[str, Any]], token: str | None = None
) -> list[str]:
    results = data(await gql(client, SUBMIT, {"tips": tips}, token=token))["submitTips"]["results"]
    assert [r["outcome"] for r in results] == ["CREATED"] * len(tips)
    return [r["tipId"] for r in results]


async def read(client: httpx.AsyncClient, tip_id: str, token: str | None = None) -> dict[str, Any]:
    tip: dict[str, Any] = data(await gql(client, TIP, {"id": tip_id}, token=token))["tip"]
    return tip


def factors(tip: dict[str, Any]) -> dict[str, str]:
    return {c["factor"]: c["evidence"] for c in tip["actionability"]["contributions"]}


async def test_a_review_is_a_label_beside_the_services_and_rescores_the_tip(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    (tip_id,) = await submit(client, [unviewed(example_tip, "L-1")])
    before = await read(client, tip_id)
    (file,) = before["files"]
    assert (file["status"], file["fileRelevance"]) == ("REPORTED", "Reported")
    assert {(label["kind"], label["value"], label["source"]) for label in before["labels"]} == {
        ("INCIDENT_TYPE", "Online Enticement of Children for Sexual Acts", "REPORTING_SERVICE"),
        ("FILE_RELEVANCE", "Reported", "REPORTING_SERVICE"),
        ("CATEGORY", "B1", "REPORTING_SERVICE"),
    }
    assert not any(label["disagrees"] for label in before["labels"])
    assert "no_file_viewed" in factors(before) and "severity_b1" in factors(before)

    analyst = token_for(settings, Role.ANALYST, subject="analyst-ana")
    variables = {"tip": tip_id, "file": file["id"], "category": "NOT_CSAM", "viewed": True, "note": "a doll"}
    reviewed = data(await gql(client, REVIEW, variables, token=analyst))["reviewFile"]
    assert reviewed["label"] == {
        "kind": "CATEGORY",
        "value": "NOT_CSAM",
        "source": "ANALYST",
        "analyst": "analyst-ana",
        "viewed": True,
        "note": "a doll",
        "disagrees": False,  # as made; read beside the others, it disagrees (below)
    }
    assert reviewed["file"] == {"id": file["id"], "status": "NOT_CSAM"}

    after = await read(client, tip_id)
    category = [(lb["source"], lb["value"], lb["disagrees"]) for lb in after["files"][0]["labels"]]
    assert category[-2:] == [("REPORTING_SERVICE", "B1", True), ("ANALYST", "NOT_CSAM", True)]
    assert after["files"][0]["industryClassification"] == "B1"  # the service's word stays as submitted
    scored = factors(after)
    assert "no_file_viewed" not in scored and not any(f.startswith("severity_") for f in scored)
    assert scored["file_viewed_by_service"] == "1 of 1 files viewed (1 by an analyst at review)"
    assert after["actionability"]["score"] > before["actionability"]["score"]
    assert reviewed["tip"]["actionability"] == after["actionability"]

    again = {**variables, "category": "A1", "note": None}
    data(await gql(client, REVIEW, again, token=token_for(settings, Role.SUPERVISOR)))
    latest = await read(client, tip_id)
    assert latest["files"][0]["status"] == "CONFIRMED"
    assert factors(latest)["severity_a1"] == "files[0]: A1 by an analyst's review"
    assert [lb["source"] for lb in latest["labels"]].count("ANALYST") == 2

    entries = data(await gql(client, AUDIT, {"tip": tip_id}, token=token_for(settings, Role.AUDITOR)))
    reviews = [e["node"] for e in entries["auditLog"]["edges"] if e["node"]["action"] == "reviewFile"]
    assert len(reviews) == 2
    assert {(r["change"]["fileId"], r["change"]["category"]) for r in reviews} == {
        (file["id"], "NOT_CSAM"),
        (file["id"], "A1"),
    }


async def test_only_analysts_and_supervisors_review_and_refusals_change_nothing(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    own = token_for(settings, Role.REPORTER, "kestrel")
    (tip_id,) = await submit(client, [unviewed(example_tip, "L-2")], token=own)
    await clean_db.write("testing/refer", ids=[tip_id], agency="ICAC-OR")
    before = await read(client, tip_id)
    file_id = before["files"][0]["id"]
    variables = {"tip": tip_id, "file": file_id, "category": "A1", "viewed": True}
    for token in (
        own,
        token_for(settings, Role.INVESTIGATOR, "ICAC-OR"),
        token_for(settings, Role.AUDITOR),
    ):
        assert error_codes(await gql(client, REVIEW, variables, token=token)) == ["FORBIDDEN"]
    bad = [
        ({**variables, "tip": "no-such-tip"}, "NOT_FOUND"),
        ({**variables, "file": "file-00000000000000000000"}, "NOT_FOUND"),
        ({**variables, "note": "x" * 2001}, "BAD_USER_INPUT"),
    ]
    for wrong, code in bad:
        assert error_codes(await gql(client, REVIEW, wrong)) == [code]
    refused = await gql(client, REVIEW, {**variables, "category": "C3"})
    assert refused.get("data") is None and refused["errors"]
    assert await read(client, tip_id) == before
    entries = data(await gql(client, AUDIT, {"tip": tip_id}, token=token_for(settings, Role.AUDITOR)))
    assert not [e for e in entries["auditLog"]["edges"] if e["node"]["action"] == "reviewFile"]


async def test_each_scoped_viewer_sees_the_labels_its_role_may(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    own = token_for(settings, Role.REPORTER, "kestrel")
    (tip_id,) = await submit(client, [unviewed(example_tip, "L-3")], token=own)
    await clean_db.write("testing/refer", ids=[tip_id], agency="ICAC-OR")
    file_id = (await read(client, tip_id))["files"][0]["id"]
    review = {"tip": tip_id, "file": file_id, "category": "NOT_CSAM", "viewed": True, "note": "private words"}
    data(await gql(client, REVIEW, review, token=token_for(settings, Role.ANALYST, subject="analyst-ana")))

    service = await read(client, tip_id, token=own)
    assert {label["source"] for label in service["labels"]} == {"REPORTING_SERVICE"}
    assert {label["service"] for label in service["labels"]} == {"kestrel"}
    assert not any(label["disagrees"] for label in service["labels"])
    assert service["files"][0]["status"] is None

    agency = await read(client, tip_id, token=token_for(settings, Role.INVESTIGATOR, "ICAC-OR"))
    (by_analyst,) = [label for label in agency["labels"] if label["source"] == "ANALYST"]
    assert (by_analyst["value"], by_analyst["viewed"], by_analyst["disagrees"]) == ("NOT_CSAM", True, True)
    assert by_analyst["analyst"] is None and by_analyst["note"] is None
    assert agency["files"][0]["status"] == "NOT_CSAM"
    other = await gql(client, TIP, {"id": tip_id}, token=token_for(settings, Role.INVESTIGATOR, "ICAC-OH"))
    assert data(other)["tip"] is None


async def test_a_hash_list_match_at_ingest_is_a_label_the_score_uses(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any], tmp_path: Path
) -> None:
    listed = tmp_path / "hash-lists.json"
    md5 = example_tip["files"][0]["originalFileHash"][0]["value"]
    entry = {"hashType": "MD5", "value": md5.lower(), "category": "A2"}
    listed.write_text(f'{{"lists": [{{"name": "confirmed-2026", "entries": [{_json(entry)}]}}]}}')
    with_lists = settings.model_copy(update={"hash_lists_file": listed})
    trail = AuditTrail(viewer=Viewer("ingest-test", Role.ANALYST), request_id="t", operation="cli")
    tip = parse_tip(unviewed(example_tip, "L-4"))
    (result,) = await ingest_tips(clean_db, with_lists, trail, [tip])
    assert result.tip_id == "L-4"

    labels = await labels_of(clean_db, trail.viewer, "L-4")
    (match,) = [label for label in labels if label.source is LabelSource.HASH_LIST]
    assert (match.kind.value, match.value, match.hash_list, match.disagrees) == (
        "CATEGORY",
        "A2",
        "confirmed-2026",
        True,
    )
    (row,) = await clean_db.read("tips/get_by_ids", ids=["L-4"], scope=trail.viewer.scope(), card=False)
    assert "files[0]: A2 on hash list confirmed-2026" in row["tip"]["scoreDetails"]
    reporter_view = await labels_of(clean_db, Viewer("svc", Role.REPORTER, "kestrel"), "L-4")
    assert reporter_view == ()  # not its tip


async def test_time_rescoring_keeps_what_the_review_said(
    client: httpx.AsyncClient, clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    (tip_id,) = await submit(client, [unviewed(example_tip, "L-5")])
    file_id = (await read(client, tip_id))["files"][0]["id"]
    review = {"tip": tip_id, "file": file_id, "category": "A1", "viewed": True}
    data(await gql(client, REVIEW, review))
    trail = AuditTrail(viewer=Viewer("rescore-test", Role.ANALYST), request_id="t", operation="cli")
    later = datetime.now(UTC) + timedelta(days=400)
    summary = await rescore_due_tips(clean_db, settings, trail, now=later)
    assert summary.rescored == 1
    scored = factors(await read(client, tip_id))
    assert scored["severity_a1"] == "files[0]: A1 by an analyst's review"
    assert "no_file_viewed" not in scored


def _json(value: dict[str, Any]) -> str:
    import orjson

    return orjson.dumps(value).decode()


async def test_concurrent_reviews_of_one_tip_lose_no_label(
    client: httpx.AsyncClient, settings: Settings, example_tip: dict[str, Any]
) -> None:
    # Five reviewers of each of four tips at once: writers of one tip deadlock now and then (Neo4j aborts
    # one), and every aborted review must be retried until it lands, not fail once the driver's short
    # budget for a database that is down runs out.
    tip_ids = await submit(client, [unviewed(example_tip, f"L-6-{n}") for n in range(4)])
    file_ids = {tip_id: (await read(client, tip_id))["files"][0]["id"] for tip_id in tip_ids}
    categories = ["A1", "A2", "B1", "B2", "NOT_CSAM"]
    answers = await asyncio.gather(
        *(
            gql(client, REVIEW, {"tip": tip_id, "file": file_ids[tip_id], "category": c, "viewed": False})
            for c in categories
            for tip_id in tip_ids
        )
    )
    assert [answer["errors"] for answer in answers if "errors" in answer] == []
    for tip_id in tip_ids:
        labels = (await read(client, tip_id))["labels"]
        assert sorted(lb["value"] for lb in labels if lb["source"] == "ANALYST") == sorted(categories)

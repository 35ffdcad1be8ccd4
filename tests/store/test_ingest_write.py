"""The ingest write path against the real database: instants stored exactly, each tip counted once."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.audit import AuditTrail
from graph.ingest import IngestOutcome, ingest_tips
from graph.settings import Settings
from graph.store.database import Database
from graph.tip import parse_tip
from graph.tips import native
from graph.viewer import Role, Viewer

# Microseconds and a non-UTC offset: the instants must survive the write to the microsecond.
RECEIVED_AT = datetime(2026, 10, 4, 8, 15, 30, 123456, tzinfo=UTC)


def trail() -> AuditTrail:
    return AuditTrail(
        viewer=Viewer(subject="store-test", role=Role.ANALYST), request_id="r", operation="test"
    )


def tip_with(example_tip: dict[str, Any], report_id: str) -> dict[str, Any]:
    made = copy.deepcopy(example_tip)
    made["reportId"] = report_id
    made["incidentSummary"]["incidentDateTime"] = "2026-10-03T19:42:00.654321-07:00"
    return made


async def test_instants_are_stored_to_the_microsecond(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    tip = parse_tip(tip_with(example_tip, "T-1"), now=RECEIVED_AT)
    results = await ingest_tips(clean_db, settings, trail(), [tip], received_at=RECEIVED_AT)
    assert [r.outcome for r in results] == [IngestOutcome.CREATED]

    [row] = await clean_db.read("testing/graph")
    stored = {key: native(value) for key, value in row["tip"].items()}
    assert stored["incidentDateTime"] == datetime(2026, 10, 4, 2, 42, 0, 654321, tzinfo=UTC)
    assert stored["receivedAt"] == RECEIVED_AT
    assert stored["finishedAt"] == RECEIVED_AT
    assert stored["scoredAt"] == RECEIVED_AT
    assert stored["preservationDeadline"] == RECEIVED_AT + timedelta(days=settings.preservation_days)
    assert all(stored[key].utcoffset() == timedelta(0) for key in ("incidentDateTime", "receivedAt"))
    captures = {
        (o["occurrence"]["raw"], native(o["occurrence"]["at"]))
        for o in row["occurrences"]
        if o["occurrence"].get("at") is not None
    }
    assert ("203.0.113.58", datetime(2026, 10, 4, 2, 20, 5, tzinfo=UTC)) in captures
    assert all(at.utcoffset() == timedelta(0) for _, at in captures)


async def test_identifiers_count_each_tip_once_across_batches(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    first = parse_tip(tip_with(example_tip, "T-1"), now=RECEIVED_AT)
    second = parse_tip(tip_with(example_tip, "T-2"), now=RECEIVED_AT)
    await ingest_tips(clean_db, settings, trail(), [first], received_at=RECEIVED_AT)
    later = RECEIVED_AT + timedelta(hours=1)
    await ingest_tips(clean_db, settings, trail(), [second, first], received_at=later)

    rows = await clean_db.read("testing/graph")
    identifiers = {o["identifier"]["uid"]: o["identifier"] for row in rows for o in row["occurrences"]}
    assert identifiers
    for identifier in identifiers.values():
        assert identifier["tipCount"] == 2
        assert native(identifier["firstSeen"]) == RECEIVED_AT
        assert native(identifier["lastSeen"]) == later
        assert len(identifier["raws"]) == len(set(identifier["raws"])) <= 10


async def test_concurrent_writers_count_every_tip(
    clean_db: Database, settings: Settings, example_tip: dict[str, Any]
) -> None:
    tips = [parse_tip(tip_with(example_tip, f"T-{n}"), now=RECEIVED_AT) for n in range(6)]
    # Three requests at once, each with two tips carrying the same identifiers: none may be lost.
    requests = [tips[n : n + 2] for n in (0, 2, 4)]
    await asyncio.gather(
        *(ingest_tips(clean_db, settings, trail(), pair, received_at=RECEIVED_AT) for pair in requests)
    )

    rows = await clean_db.read("testing/graph")
    assert len(rows) == 6
    identifiers = {o["identifier"]["uid"]: o["identifier"] for row in rows for o in row["occurrences"]}
    assert {identifier["tipCount"] for identifier in identifiers.values()} == {6}

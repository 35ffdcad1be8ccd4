"""Re-scoring as time passes: a tip's score holds until its evidence's age or its preservation deadline
enters a new band (stored as `scoreValidUntil` when it is scored); `rescore_due_tips` re-computes the
tips whose moment has come and moves the open ones in the queue.

It runs when called (`tipgraph rescore`). Scheduling it periodically, once across workers, needs the
lease another change brings; until then run the command from a scheduler. Concurrent runs are safe: a
tip another run re-scored first is left alone (the write checks the tip is still due).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from graph.audit import AuditTrail, audit_event, record_in
from graph.labels.provenance import Label, file_verdicts
from graph.scoring import Actionability, score_tip
from graph.scoring.verdicts import FileVerdict
from graph.settings import Settings
from graph.store.database import Database, Row, Transaction
from graph.tip import Tip, parse_tip
from graph.tip_validation import TipValidationError
from graph.tips import native
from graph.triage import triage_properties

RESCORE_BATCH = 500
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RescoreSummary:
    rescored: int
    changed: int
    unscorable: int


def _variant(result: Actionability, deadline: datetime, tip_id: str) -> dict[str, Any]:
    """The score fields of one variant, as ingest stores them (the timing fields are the tip's, not the
    variant's)."""
    stored = triage_properties(result, deadline, tip_id)
    return {
        field: stored[field]
        for field in ("score", "actionClass", "priority", "scoreDetails", "queueKeyWhenOpen")
    }


def score_variants(
    tip: Tip,
    tip_id: str,
    finished: datetime,
    deadline: datetime,
    now: datetime,
    preservation_days: int,
    verdicts: Mapping[int, FileVerdict],
) -> dict[str, Any]:
    """Both score variants of one tip as of `now` (alone and linked), as scoring/apply and
    labels/review store them."""
    alone, linked = (
        score_tip(
            tip,
            linked_tip_count=count,
            now=now,
            finished_at=finished,
            preservation_days=preservation_days,
            verdicts=verdicts,
        )
        for count in (0, 1)
    )
    return {
        "id": tip_id,
        "alone": _variant(alone, deadline, tip_id),
        "linked": _variant(linked, deadline, tip_id),
        "scoredAt": now,
        "nextValidUntil": alone.valid_until,
    }


def _rescored_row(row: Row, now: datetime, preservation_days: int) -> dict[str, Any] | None:
    """Both score variants of one tip as of `now`, or None when it cannot be scored any more."""
    if row["report"] is None:
        return None
    try:
        tip = parse_tip(orjson.loads(row["report"]), now=now)
    except TipValidationError:
        log.warning("tip %s: its stored report no longer validates; its last score stands", row["id"])
        return None
    verdicts = file_verdicts(Label.from_stored(text) for text in row["labels"] or ())
    return score_variants(
        tip,
        row["id"],
        native(row["finishedAt"]),
        native(row["preservationDeadline"]),
        now,
        preservation_days,
        verdicts,
    )


async def mark_unscheduled_tips_due(db: Database, now: datetime | None = None) -> int:
    """The migration for tips scored before scores carried a validity: marks them due, so the next
    `rescore_due_tips` scores them as of its time. A full scan: run it once (`tipgraph rescore --backfill`),
    not on every sweep."""
    when = now or datetime.now(UTC)
    marked = 0
    while True:
        rows = await db.write("scoring/backfill", now=when, limit=RESCORE_BATCH)
        batch = int(rows[0]["marked"]) if rows else 0
        marked += batch
        if batch < RESCORE_BATCH:
            return marked


async def _write_batch(
    db: Database, trail: AuditTrail, rows: list[dict[str, Any]], retired: list[str], now: datetime
) -> list[Row]:
    async def work(tx: Transaction) -> list[Row]:
        applied = await tx.run("scoring/apply", rows=rows, now=now) if rows else []
        if retired:
            await tx.run("scoring/retire", ids=retired)
        moved = [r["id"] for r in applied if r["changed"]]
        if applied:
            change = {"rescored": len(applied), "changed": len(moved)}
            await record_in(tx, audit_event(trail.viewer, trail.request_id, "rescore", moved, change=change))
        return applied

    return await db.write_transaction(work)


async def rescore_due_tips(
    db: Database, settings: Settings, trail: AuditTrail, now: datetime | None = None
) -> RescoreSummary:
    """Re-scores every tip whose score time has made stale, a batch per transaction, each batch audited."""
    when = now or datetime.now(UTC)
    rescored = changed = unscorable = 0
    while True:
        due = await db.read("scoring/due", now=when, limit=RESCORE_BATCH)
        rows: list[dict[str, Any]] = []
        retired: list[str] = []
        for row in due:
            computed = _rescored_row(row, when, settings.preservation_days)
            if computed is None:
                retired.append(row["id"])
            else:
                rows.append(computed)

        applied = await _write_batch(db, trail, rows, retired, when)
        rescored += len(applied)
        changed += sum(1 for r in applied if r["changed"])
        unscorable += len(retired)
        # Each written or retired tip leaves the due range; a short batch means none are left. A batch
        # that wrote nothing (every tip taken by a concurrent run) also ends this run: that run goes on.
        if len(due) < RESCORE_BATCH or not (applied or retired):
            return RescoreSummary(rescored, changed, unscorable)

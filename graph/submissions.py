"""The CyberTipline submission lifecycle: open a report, add files, then finish it (it becomes an immutable
tip, ingested like any other) or retract it. An unfinished report expires 24 h after opening or 1 h after
its last change, whichever is later; the expiry time is stored, so a sweep after a restart still applies it.

A submission is known by the key its tip will have, (service, reportId) (graph/tip_keys.py): a caller
names its reports by its own reportIds and never meets another service's. A report is marked FINISHED only
once its tip is stored; when ingest refuses it, the caller gets the error and the report stays open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import orjson

from graph.access import SUBMITTERS, require_role
from graph.audit import AuditTrail, audit_event, record_in
from graph.errors import BadInputError, ConflictError, NotFoundError
from graph.identifiers import extract_identifiers
from graph.ingest import IngestOutcome, IngestResult, ingest_tips
from graph.model import Page
from graph.settings import Settings
from graph.store.database import Database, Transaction
from graph.tip import parse_tip
from graph.tip_keys import key_for, service_of
from graph.tips import native
from graph.viewer import Role

OPEN_FOR = timedelta(hours=24)
IDLE_FOR = timedelta(hours=1)
MAX_FILES = 1000


class SubmissionStatus(StrEnum):
    OPEN = "OPEN"
    FINISHED = "FINISHED"
    RETRACTED = "RETRACTED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class Submission:
    id: str  # the id its tip will have
    report_id: str
    status: SubmissionStatus
    opened_at: datetime
    last_changed_at: datetime
    expires_at: datetime | None  # None for a tip submitted whole: it was never open
    file_count: int
    # Once it is a tip: until when the service must keep the content (the preservation request).
    preservation_deadline: datetime | None = None


def expires_at(opened_at: datetime, last_changed_at: datetime) -> datetime:
    return max(opened_at + OPEN_FOR, last_changed_at + IDLE_FOR)


def _submission(props: Mapping[str, Any]) -> Submission:
    """From a Submission node's properties, or from the rows of submissions/get and /list, which add a tip's
    preservation deadline and stand in for tips submitted whole (with their report instead of files)."""
    if props.get("files") is not None:
        file_count = len(orjson.loads(props["files"]))
    else:  # a tip submitted whole; a purged one (retention) has no report left to count in
        file_count = len(orjson.loads(props.get("report") or "{}").get("files") or [])
    deadline = props.get("preservationDeadline")
    expiry = props.get("expiresAt")
    return Submission(
        id=props["id"],
        report_id=props.get("reportId") or props["id"],
        status=SubmissionStatus(props["status"]),
        opened_at=native(props["openedAt"]),
        last_changed_at=native(props["lastChangedAt"]),
        expires_at=native(expiry) if expiry is not None else None,
        file_count=file_count,
        preservation_deadline=native(deadline) if deadline is not None else None,
    )


async def get_submission(
    db: Database, trail: AuditTrail, report_id: str, now: datetime | None = None
) -> Submission | None:
    """The caller's own submission under `report_id` (None when it has none): what a service may know of
    its report once sent, its status and expiry, never the clearinghouse's decisions on it."""
    if trail.viewer.role not in SUBMITTERS:
        return None  # only submitters have submissions
    key = key_for(trail.viewer, report_id)
    rows = await db.read(
        "submissions/get", service=key.service, reportId=key.report_id, now=now or datetime.now(UTC)
    )
    if not rows:
        return None
    trail.read(row["submission"]["id"] for row in rows if row["submission"]["isTip"])
    return _submission(rows[0]["submission"])


async def list_submissions(
    db: Database,
    trail: AuditTrail,
    status: SubmissionStatus | None,
    first: int,
    after: str | None,
    now: datetime | None = None,
) -> Page[Submission]:
    """The caller's own submissions by reportId, optionally of one status."""
    if trail.viewer.role not in SUBMITTERS:
        return Page(items=(), has_next=False)
    service = service_of(trail.viewer)
    rows = await db.read(
        "submissions/list",
        service=service,
        status=status.value if status else None,
        now=now or datetime.now(UTC),
        after=after,
        limit=first + 1,
    )
    shown = [row["submission"] for row in rows[:first]]
    trail.read(s["id"] for s in shown if s["isTip"])
    return Page(items=tuple(_submission(s) for s in shown), has_next=len(rows) > first)


def _validated(report: Mapping[str, Any], files: Sequence[object]) -> dict[str, Any]:
    """The report with its files, checked as the tip it will become (raises TipValidationError)."""
    whole = {**report, "files": list(files)}
    extract_identifiers(parse_tip(whole))
    return whole


def _submitter(trail: AuditTrail) -> str | None:  # who may see the tip: its service
    return trail.viewer.agency if trail.viewer.role is Role.REPORTER else None


async def open_report(
    db: Database, trail: AuditTrail, report: Mapping[str, Any], now: datetime | None = None
) -> Submission:
    require_role(trail.viewer, *SUBMITTERS)
    if not isinstance(report, Mapping):
        raise BadInputError("a report is a JSON object", field="report")
    files = report.get("files") or []
    whole = _validated(report, files if isinstance(files, list) else [files])
    when = now or datetime.now(UTC)
    key = key_for(trail.viewer, whole["reportId"])
    submission = {
        "id": key.tip_id,
        "service": key.service,
        "reportId": key.report_id,
        "status": SubmissionStatus.OPEN.value,
        "openedAt": when,
        "lastChangedAt": when,
        "expiresAt": expires_at(when, when),
        "report": orjson.dumps({k: v for k, v in whole.items() if k != "files"}).decode(),
        "files": orjson.dumps(whole["files"]).decode(),
        "submittedBy": _submitter(trail),
        "openedBy": trail.viewer.subject,
    }

    async def work(tx: Transaction) -> list[dict[str, Any]]:
        rows = await tx.run(
            "submissions/open", submission={k: v for k, v in submission.items() if v is not None}
        )
        if rows:
            event = audit_event(
                trail.viewer, trail.request_id, "openReport", [], change={"reportId": whole["reportId"]}
            )
            await record_in(tx, event)
        return rows

    rows = await db.write_transaction(work)
    if not rows:
        raise ConflictError(f"you already submitted a tip {whole['reportId']!r}", field="reportId")
    return _submission(rows[0]["submission"])


async def _locked_open(tx: Transaction, trail: AuditTrail, report_id: str, now: datetime) -> dict[str, Any]:
    key = key_for(trail.viewer, report_id)
    rows = await tx.run("submissions/lock", service=key.service, reportId=key.report_id)
    if not rows:
        raise NotFoundError(f"no open report {report_id!r} of yours")
    props: dict[str, Any] = rows[0]["submission"]
    status = SubmissionStatus(props["status"])
    if status is SubmissionStatus.OPEN and native(props["expiresAt"]) <= now:
        status = SubmissionStatus.EXPIRED
    if status is not SubmissionStatus.OPEN:
        raise ConflictError(f"report {report_id!r} is {status.value}, no longer open", field="reportId")
    return props


async def add_files(
    db: Database, trail: AuditTrail, report_id: str, files: Sequence[object], now: datetime | None = None
) -> Submission:
    require_role(trail.viewer, *SUBMITTERS)
    if not files:
        raise BadInputError("add at least one file", field="files")
    when = now or datetime.now(UTC)

    async def work(tx: Transaction) -> Submission:
        props = await _locked_open(tx, trail, report_id, when)
        all_files = [*orjson.loads(props["files"]), *files]
        if len(all_files) > MAX_FILES:
            raise BadInputError(f"a report holds at most {MAX_FILES} files", field="files")
        _validated(orjson.loads(props["report"]), all_files)
        changes = {
            "files": orjson.dumps(all_files).decode(),
            "lastChangedAt": when,
            "expiresAt": expires_at(native(props["openedAt"]), when),
        }
        rows = await tx.run("submissions/update", id=props["id"], changes=changes)
        return _submission(rows[0]["submission"])

    return await db.write_transaction(work)


async def retract_report(
    db: Database, trail: AuditTrail, report_id: str, now: datetime | None = None
) -> Submission:
    require_role(trail.viewer, *SUBMITTERS)
    when = now or datetime.now(UTC)

    async def work(tx: Transaction) -> Submission:
        props = await _locked_open(tx, trail, report_id, when)
        rows = await tx.run(
            "submissions/update",
            id=props["id"],
            changes={"status": SubmissionStatus.RETRACTED.value, "lastChangedAt": when, "retractedAt": when},
        )
        await record_in(
            tx,
            audit_event(trail.viewer, trail.request_id, "retractReport", [], change={"reportId": report_id}),
        )
        return _submission(rows[0]["submission"])

    return await db.write_transaction(work)


async def finish_report(
    db: Database, settings: Settings, trail: AuditTrail, report_id: str, now: datetime | None = None
) -> tuple[Submission, IngestResult]:
    """Finishes an open report: it is ingested as a tip (idempotently), then marked finished."""
    require_role(trail.viewer, *SUBMITTERS)
    when = now or datetime.now(UTC)

    async def check(tx: Transaction) -> dict[str, Any]:
        return await _locked_open(tx, trail, report_id, when)

    props = await db.write_transaction(check)
    tip = parse_tip({**orjson.loads(props["report"]), "files": orjson.loads(props["files"])})
    (result,) = await ingest_tips(db, settings, trail, [tip], received_at=when)
    if result.outcome not in (IngestOutcome.CREATED, IngestOutcome.UNCHANGED):
        # Not stored: the report stays open, so nothing the caller sent is lost.
        problems = "; ".join(f"{p.path}: {p.message}" for p in result.problems)
        error = BadInputError if result.outcome is IngestOutcome.INVALID else ConflictError
        raise error(f"report {report_id!r} stays open, it was not stored: {problems}", field="reportId")

    async def mark(tx: Transaction) -> Submission:
        rows = await tx.run(
            "submissions/update",
            id=props["id"],
            changes={"status": SubmissionStatus.FINISHED.value, "lastChangedAt": when, "finishedAt": when},
        )
        return _submission(rows[0]["submission"])

    return await db.write_transaction(mark), result


async def expire_submissions(db: Database, now: datetime | None = None) -> list[str]:
    """The sweep: expires every open report whose time ran out; safe to run any time, from anywhere."""
    rows = await db.write("submissions/expire", now=now or datetime.now(UTC))
    return sorted(row["id"] for row in rows)

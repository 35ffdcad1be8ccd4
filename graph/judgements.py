"""Analysts' judgements on links, and supervisors' generic marks: the human corrections clustering obeys.

Both are append-only logs with who, when and why; a judgement can be withdrawn and a mark cleared, each
itself logged. The judgements in force are what the next clustering respects.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.access import require_role
from graph.audit import AuditTrail, audit_event, record_in
from graph.clustering.judgements import Judgement, Verdict
from graph.clustering.thresholds import RULE_PARAMS
from graph.crossref import identifier_uid
from graph.dispositions import DECIDERS
from graph.errors import BadInputError, NotFoundError
from graph.kinds import IdentifierKind
from graph.model import IdentifierSummary
from graph.normalization import NormalizationError, parse_identifier_query
from graph.store.database import Database, Transaction
from graph.tips import identifier_from_row, native
from graph.viewer import Role, Viewer

MAX_REASON = 1000


@dataclass(frozen=True, slots=True)
class JudgementEntry:
    id: str
    tip_a: str
    tip_b: str
    verdict: Verdict
    by: str
    at: datetime
    reason: str
    withdrawn_by: str | None
    withdrawn_at: datetime | None


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text or len(text) > MAX_REASON:
        raise BadInputError(f"give a reason of 1 to {MAX_REASON} characters", field="reason")
    return text


def _entry(props: Mapping[str, Any]) -> JudgementEntry:
    return JudgementEntry(
        id=props["id"],
        tip_a=props["tipA"],
        tip_b=props["tipB"],
        verdict=Verdict(props["verdict"]),
        by=props["by"],
        at=native(props["at"]),
        reason=props["reason"],
        withdrawn_by=props.get("withdrawnBy"),
        withdrawn_at=native(props.get("withdrawnAt")),
    )


async def judge_link(
    db: Database, trail: AuditTrail, tip_a: str, tip_b: str, verdict: Verdict, reason: str
) -> JudgementEntry:
    require_role(trail.viewer, *DECIDERS)
    if tip_a == tip_b:
        raise BadInputError("judge a link between two different tips", field="tipB")
    first, second = sorted((tip_a, tip_b))
    judgement = {
        "id": uuid.uuid4().hex,
        "tipA": first,
        "tipB": second,
        "verdict": verdict.value,
        "by": trail.viewer.subject,
        "at": datetime.now(UTC),
        "reason": _reason(reason),
    }

    async def work(tx: Transaction) -> None:
        rows = await tx.run("judgements/record", judgement=judgement, scope=trail.viewer.scope())
        if not rows:
            raise NotFoundError("both tips must exist and be visible to you")
        change = {"judgementId": judgement["id"], "verdict": verdict.value, "reason": judgement["reason"]}
        await record_in(
            tx, audit_event(trail.viewer, trail.request_id, "judgeLink", [first, second], change=change)
        )

    await db.write_transaction(work)
    return _entry(judgement)


async def withdraw_judgement(
    db: Database, trail: AuditTrail, judgement_id: str, reason: str
) -> JudgementEntry:
    require_role(trail.viewer, *DECIDERS)
    text = _reason(reason)

    async def work(tx: Transaction) -> JudgementEntry:
        rows = await tx.run(
            "judgements/withdraw", id=judgement_id, by=trail.viewer.subject, at=datetime.now(UTC), reason=text
        )
        if not rows:
            raise NotFoundError(f"no judgement {judgement_id} in force")
        entry = _entry(rows[0]["judgement"])
        change = {"judgementId": judgement_id, "withdrawn": True, "reason": text}
        event = audit_event(
            trail.viewer, trail.request_id, "withdrawJudgement", [entry.tip_a, entry.tip_b], change=change
        )
        await record_in(tx, event)
        return entry

    return await db.write_transaction(work)


async def judgements_in_force(db: Database) -> list[Judgement]:
    """The latest judgement on each pair, withdrawn ones left out: what clustering must respect."""
    rows = await db.read("judgements/active")
    latest: dict[tuple[str, str], Verdict] = {}
    for row in rows:
        latest[(row["tipA"], row["tipB"])] = Verdict(row["verdict"])
    return [Judgement(a, b, verdict) for (a, b), verdict in latest.items()]


async def judgements_about(db: Database, viewer: Viewer, tip_id: str) -> list[JudgementEntry]:
    """The judgement log about a tip, newest first. Only those who judge see it: a judgement names the
    other tip, which a scoped viewer may not know exists."""
    if viewer.role not in DECIDERS:
        return []
    return [_entry(row["judgement"]) for row in await db.read("judgements/for_tip", tipId=tip_id)]


async def mark_generic(
    db: Database, trail: AuditTrail, kind: IdentifierKind, value: str, reason: str, marked: bool = True
) -> IdentifierSummary:
    """A supervisor marks an identifier generic (a known VPN exit, a shared office address), or clears it."""
    require_role(trail.viewer, Role.SUPERVISOR)
    try:
        normal = parse_identifier_query(kind, value)
    except NormalizationError as exc:
        raise BadInputError(str(exc), field="value") from exc
    mark = {
        "id": uuid.uuid4().hex,
        "uid": identifier_uid(normal.kind, normal.key),
        "action": "MARK" if marked else "UNMARK",
        "by": trail.viewer.subject,
        "at": datetime.now(UTC),
        "reason": _reason(reason),
    }

    async def work(tx: Transaction) -> IdentifierSummary:
        rows = await tx.run("generic/mark", uid=mark["uid"], marked=marked, mark=mark, **RULE_PARAMS)
        if not rows:
            raise NotFoundError(f"no {kind.value} identifier {normal.key!r} in any tip")
        change = {"identifier": mark["uid"], "action": mark["action"], "reason": mark["reason"]}
        await record_in(
            tx, audit_event(trail.viewer, trail.request_id, "markIdentifierGeneric", [], change=change)
        )
        return identifier_from_row(rows[0]["identifier"])

    return await db.write_transaction(work)

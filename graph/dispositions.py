"""Dispositions: what analysts, investigators and supervisors decide about tips, as audited decisions.

NEW → ACTIONABLE | NON_ACTIONABLE | BUNDLED → REFERRED → CLOSED (with an outcome). Every change is part of
a Decision with an id, made on the version of each tip the decider saw: a decision on an old version is a
CONFLICT, an impossible transition an INVALID_TRANSITION, each reported per tip while the valid rest
proceeds. Tips are locked before they are checked, so concurrent decisions serialise instead of silently
overwriting each other. A supervisor can undo a decision, itself a decision, if nothing changed since.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from graph.access import require_role
from graph.audit import AuditTrail, audit_event
from graph.errors import BadInputError, ConflictError, NotFoundError
from graph.store.database import Database, Transaction
from graph.viewer import Role


class Disposition(StrEnum):
    NEW = "NEW"
    ACTIONABLE = "ACTIONABLE"
    NON_ACTIONABLE = "NON_ACTIONABLE"
    BUNDLED = "BUNDLED"
    REFERRED = "REFERRED"
    CLOSED = "CLOSED"


class Outcome(StrEnum):
    ARREST = "ARREST"
    VICTIM_IDENTIFIED = "VICTIM_IDENTIFIED"
    SEARCH_WARRANT = "SEARCH_WARRANT"
    NO_ACTION = "NO_ACTION"
    UNABLE_TO_LOCATE = "UNABLE_TO_LOCATE"


# Which disposition may follow which. Re-triage between the first three is allowed: analysts change
# their minds before a referral; after one, only closing remains.
TRANSITIONS: Mapping[Disposition, frozenset[Disposition]] = {
    Disposition.NEW: frozenset({Disposition.ACTIONABLE, Disposition.NON_ACTIONABLE, Disposition.BUNDLED}),
    Disposition.ACTIONABLE: frozenset(
        {Disposition.NON_ACTIONABLE, Disposition.BUNDLED, Disposition.REFERRED, Disposition.CLOSED}
    ),
    Disposition.NON_ACTIONABLE: frozenset({Disposition.ACTIONABLE, Disposition.BUNDLED, Disposition.CLOSED}),
    Disposition.BUNDLED: frozenset({Disposition.ACTIONABLE, Disposition.REFERRED, Disposition.CLOSED}),
    Disposition.REFERRED: frozenset({Disposition.CLOSED}),
    Disposition.CLOSED: frozenset(),
}
DECIDERS = (Role.ANALYST, Role.SUPERVISOR)
MAX_TIPS_PER_DECISION = 20_000


class ProblemCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    CONFLICT = "CONFLICT"
    JURISDICTION = "JURISDICTION"


@dataclass(frozen=True, slots=True)
class TipProblem:
    tip_id: str
    code: ProblemCode
    message: str


@dataclass(frozen=True, slots=True)
class TipState:
    id: str
    disposition: Disposition
    version: int
    referred_to: tuple[str, ...]
    outcome: str | None
    incident_id: str | None


@dataclass(frozen=True, slots=True)
class TipChange:
    tip_id: str
    before: TipState
    after: TipState


@dataclass(frozen=True, slots=True)
class DecisionResult:
    decision_id: str | None
    dry_run: bool
    changes: tuple[TipChange, ...]
    problems: tuple[TipProblem, ...]


@dataclass(frozen=True, slots=True)
class DecisionRequest:
    """What to decide: the tips (each optionally with the version the decider saw) and why."""

    tip_ids: tuple[str, ...]
    action: str
    reason_code: str
    note: str | None = None
    versions: tuple[int, ...] | None = None
    dry_run: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.tip_ids:
            raise BadInputError("name at least one tip", field="tipIds")
        if len(self.tip_ids) > MAX_TIPS_PER_DECISION:
            raise BadInputError(f"at most {MAX_TIPS_PER_DECISION} tips per decision", field="tipIds")
        if len(set(self.tip_ids)) != len(self.tip_ids):
            raise BadInputError("a tip is named twice", field="tipIds")
        if self.versions is not None and len(self.versions) != len(self.tip_ids):
            raise BadInputError("give one version per tip, in the same order", field="versions")
        if not self.reason_code.strip():
            raise BadInputError("a decision needs a reason code", field="reasonCode")


def _state(row: Mapping[str, Any]) -> TipState:
    return TipState(
        id=row["id"],
        disposition=Disposition(row["disposition"]),
        version=row["version"],
        referred_to=tuple(row["referredTo"] or ()),
        outcome=row.get("outcome"),
        incident_id=row.get("incidentId"),
    )


# A rule turns a tip's current state into its new state, or says why it cannot.
Rule = Any  # Callable[[TipState], TipState | TipProblem]


def transition_to(target: Disposition, **changes: Any) -> Rule:
    def rule(state: TipState) -> TipState | TipProblem:
        if target not in TRANSITIONS[state.disposition]:
            return TipProblem(
                state.id,
                ProblemCode.INVALID_TRANSITION,
                f"a {state.disposition.value} tip cannot become {target.value}",
            )
        return replace(state, disposition=target, **changes)

    return rule


async def decide(
    db: Database,
    trail: AuditTrail,
    request: DecisionRequest,
    rule: Rule,
    before_apply: Callable[[Transaction], Awaitable[None]] | None = None,
) -> DecisionResult:
    """Locks the tips, checks each against the rule and its expected version, applies what is valid.

    `before_apply` writes what the decision needs first (an incident to bundle into), in the same
    transaction, and only when something will change.
    """
    decision_id = uuid.uuid4().hex

    async def work(tx: Transaction) -> DecisionResult:
        rows = await tx.run("decisions/lock_tips", ids=list(request.tip_ids), scope=trail.viewer.scope())
        found = {row["id"]: _state(row) for row in rows}
        expected = dict(zip(request.tip_ids, request.versions, strict=True)) if request.versions else {}
        changes: list[TipChange] = []
        problems: list[TipProblem] = []
        for tip_id in request.tip_ids:
            state = found.get(tip_id)
            if state is None:
                problems.append(
                    TipProblem(tip_id, ProblemCode.NOT_FOUND, "no such tip, or not yours to decide")
                )
                continue
            if tip_id in expected and expected[tip_id] != state.version:
                problems.append(
                    TipProblem(
                        tip_id,
                        ProblemCode.CONFLICT,
                        f"decided on version {expected[tip_id]}, but the tip is at version {state.version}",
                    )
                )
                continue
            outcome = rule(state)
            if isinstance(outcome, TipProblem):
                problems.append(outcome)
            else:
                changes.append(TipChange(tip_id, state, replace(outcome, version=state.version + 1)))
        if request.dry_run or not changes:
            return DecisionResult(None, request.dry_run, tuple(changes), tuple(problems))
        if before_apply is not None:
            await before_apply(tx)
        await _apply(tx, trail, decision_id, request, changes)
        return DecisionResult(decision_id, False, tuple(changes), tuple(problems))

    return await db.write_transaction(work)


async def _apply(
    tx: Transaction,
    trail: AuditTrail,
    decision_id: str,
    request: DecisionRequest,
    changes: Sequence[TipChange],
) -> None:
    now = datetime.now(UTC)
    viewer = trail.viewer
    decision = {
        "id": decision_id,
        "at": now,
        "actor": viewer.subject,
        "role": viewer.role.value,
        "agency": viewer.agency,
        "action": request.action,
        "reasonCode": request.reason_code,
        "note": request.note,
        "requestId": trail.request_id,
        "tipIds": [c.tip_id for c in changes],
        **request.extra,
    }
    rows = []
    for change in changes:
        before, after = change.before, change.after
        audit = {
            "decisionId": decision_id,
            "from": before.disposition.value,
            "to": after.disposition.value,
            "reasonCode": request.reason_code,
            "note": request.note,
            **request.extra,
        }
        event = audit_event(viewer, trail.request_id, request.action, [change.tip_id], change=audit)
        event["at"] = now
        rows.append(
            {
                "id": change.tip_id,
                "from": before.disposition.value,
                "to": after.disposition.value,
                "version": before.version,
                "referredTo": list(after.referred_to),
                "outcome": after.outcome,
                "incidentId": after.incident_id,
                "previousReferredTo": list(before.referred_to),
                "previousOutcome": before.outcome,
                "previousIncidentId": before.incident_id,
                "auditEvent": event,
            }
        )
    await tx.run(
        "decisions/apply", decision={k: v for k, v in decision.items() if v is not None}, changes=rows
    )


async def set_disposition(
    db: Database, trail: AuditTrail, request: DecisionRequest, disposition: Disposition
) -> DecisionResult:
    require_role(trail.viewer, *DECIDERS)
    if disposition in (Disposition.REFERRED, Disposition.CLOSED, Disposition.NEW):
        how = {
            Disposition.REFERRED: "referTips",
            Disposition.CLOSED: "recordOutcome",
            Disposition.NEW: "undoDecision",
        }
        raise BadInputError(f"use {how[disposition]} to make a tip {disposition.value}", field="disposition")
    return await decide(db, trail, request, transition_to(disposition))


async def undo_decision(
    db: Database, trail: AuditTrail, decision_id: str, note: str | None
) -> DecisionResult:
    """Restores every tip the decision changed to its state before, if the tip has not changed since."""
    require_role(trail.viewer, Role.SUPERVISOR)
    undo_id = uuid.uuid4().hex

    async def work(tx: Transaction) -> DecisionResult:
        rows = await tx.run("decisions/get", id=decision_id)
        if not rows:
            raise NotFoundError(f"no decision {decision_id}")
        decision = rows[0]["decision"]
        if decision.get("undoneBy"):
            raise ConflictError(f"decision {decision_id} was already undone by {decision['undoneBy']}")
        changes: list[TipChange] = []
        problems: list[TipProblem] = []
        for row in rows[0]["changes"]:
            if row is None:
                continue
            current = TipState(
                row["id"],
                Disposition(row["current"]),
                row["currentVersion"],
                tuple(row["currentReferredTo"]),
                row.get("currentOutcome"),
                row.get("currentIncidentId"),
            )
            if row["currentVersion"] != row["toVersion"]:
                problems.append(
                    TipProblem(
                        row["id"],
                        ProblemCode.CONFLICT,
                        "the tip changed after this decision; undo that first",
                    )
                )
                continue
            restored = TipState(
                row["id"],
                Disposition(row["from"]),
                row["currentVersion"] + 1,
                tuple(row.get("previousReferredTo") or ()),
                row.get("previousOutcome"),
                row.get("previousIncidentId"),
            )
            changes.append(TipChange(row["id"], current, restored))
        if not changes:
            return DecisionResult(None, False, (), tuple(problems))
        request = DecisionRequest(
            tip_ids=tuple(c.tip_id for c in changes),
            action="undoDecision",
            reason_code="UNDO",
            note=note,
            extra={"undoOf": decision_id},
        )
        await _apply(tx, trail, undo_id, request, changes)
        await tx.run("decisions/mark_undone", id=decision_id, undoneBy=undo_id, at=datetime.now(UTC))
        return DecisionResult(undo_id, False, tuple(changes), tuple(problems))

    return await db.write_transaction(work)


OUTCOME_RECORDERS = (Role.INVESTIGATOR, Role.SUPERVISOR)


async def record_outcome(
    db: Database, trail: AuditTrail, request: DecisionRequest, outcome: Outcome
) -> DecisionResult:
    """An investigator closes tips referred to its agency with what came of them; analysts then see it."""
    require_role(trail.viewer, *OUTCOME_RECORDERS)
    agency = trail.viewer.agency

    def rule(state: TipState) -> TipState | TipProblem:
        if trail.viewer.role is Role.INVESTIGATOR and agency not in state.referred_to:
            return TipProblem(state.id, ProblemCode.NOT_FOUND, "not referred to your agency")
        if state.disposition is not Disposition.REFERRED:
            return TipProblem(
                state.id,
                ProblemCode.INVALID_TRANSITION,
                f"only a REFERRED tip gets an outcome, not {state.disposition}",
            )
        return replace(state, disposition=Disposition.CLOSED, outcome=outcome.value)

    return await decide(db, trail, replace(request, extra={**request.extra, "outcome": outcome.value}), rule)

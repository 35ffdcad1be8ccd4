"""Decisions on tips: dispositions and their undo. Each returns the decision and per-tip problems."""

from __future__ import annotations

import strawberry

from api.types import Info
from graph.dispositions import (
    DecisionRequest,
    DecisionResult,
    Disposition,
    Outcome,
    ProblemCode,
    TipChange,
    TipProblem,
    record_outcome,
    set_disposition,
    undo_decision,
)

strawberry.enum(ProblemCode, name="DecisionProblemCode", description="Why a decision left a tip unchanged.")


@strawberry.type(name="TipChange", description="How one tip changed (or, in a dry run, would change).")
class TipChangeView:
    tip_id: strawberry.ID
    from_disposition: Disposition = strawberry.field(name="from")
    to_disposition: Disposition = strawberry.field(name="to")
    version: int = strawberry.field(
        description="The tip's version after the change: pass it to the next one."
    )
    referred_to: list[str]

    @classmethod
    def from_domain(cls, change: TipChange) -> TipChangeView:
        return cls(
            tip_id=strawberry.ID(change.tip_id),
            from_disposition=change.before.disposition,
            to_disposition=change.after.disposition,
            version=change.after.version,
            referred_to=list(change.after.referred_to),
        )


@strawberry.type(name="TipDecisionProblem", description="A tip the decision could not change, and why.")
class TipProblemView:
    tip_id: strawberry.ID
    code: ProblemCode
    message: str

    @classmethod
    def from_domain(cls, problem: TipProblem) -> TipProblemView:
        return cls(tip_id=strawberry.ID(problem.tip_id), code=problem.code, message=problem.message)


@strawberry.type(description="What a decision did: its id (none for a dry run), the changes, the problems.")
class Decision:
    decision_id: strawberry.ID | None = strawberry.field(description="Pass to undoDecision to revert it.")
    dry_run: bool
    changes: list[TipChangeView]
    problems: list[TipProblemView]

    @classmethod
    def from_domain(cls, result: DecisionResult) -> Decision:
        return cls(
            decision_id=strawberry.ID(result.decision_id) if result.decision_id else None,
            dry_run=result.dry_run,
            changes=[TipChangeView.from_domain(c) for c in result.changes],
            problems=[TipProblemView.from_domain(p) for p in result.problems],
        )


@strawberry.type
class DecisionMutations:
    @strawberry.mutation(
        description="Sets the disposition of tips (ACTIONABLE, NON_ACTIONABLE, BUNDLED) with a reason. "
        "`versions`, one per tip, refuses a tip changed since you looked (CONFLICT); `dryRun` writes nothing."
    )
    async def set_disposition(
        self,
        info: Info,
        tip_ids: list[strawberry.ID],
        disposition: Disposition,
        reason_code: str,
        note: str | None = None,
        versions: list[int] | None = None,
        dry_run: bool = False,
    ) -> Decision:
        request = DecisionRequest(
            tip_ids=tuple(str(t) for t in tip_ids),
            action="setDisposition",
            reason_code=reason_code,
            note=note,
            versions=tuple(versions) if versions is not None else None,
            dry_run=dry_run,
        )
        return Decision.from_domain(
            await set_disposition(info.context.db, info.context.trail, request, disposition)
        )

    @strawberry.mutation(
        description="Closes REFERRED tips with what came of them (investigators of the agency they were "
        "referred to, or supervisors); analysts then see the outcome."
    )
    async def record_outcome(
        self,
        info: Info,
        tip_ids: list[strawberry.ID],
        outcome: Outcome,
        note: str | None = None,
        versions: list[int] | None = None,
    ) -> Decision:
        request = DecisionRequest(
            tip_ids=tuple(str(t) for t in tip_ids),
            action="recordOutcome",
            reason_code=outcome.value,
            note=note,
            versions=tuple(versions) if versions is not None else None,
        )
        return Decision.from_domain(
            await record_outcome(info.context.db, info.context.trail, request, outcome)
        )

    @strawberry.mutation(
        description="Reverts a decision (supervisors only) if its tips have not changed since."
    )
    async def undo_decision(
        self, info: Info, decision_id: strawberry.ID, note: str | None = None
    ) -> Decision:
        return Decision.from_domain(
            await undo_decision(info.context.db, info.context.trail, str(decision_id), note)
        )

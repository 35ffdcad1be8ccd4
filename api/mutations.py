"""Root mutation fields."""

from __future__ import annotations

from typing import Any, NewType

import strawberry
from graphql import ValueNode, value_from_ast_untyped

from api.enums import SubmitOutcome
from api.metrics import count_ingested
from api.types import Info, Tip
from graph.errors import BadInputError
from graph.ingest import IngestResult, ingest_tips
from graph.tip import parse_tip
from graph.tip_validation import TipValidationError

MAX_TIPS_PER_REQUEST = 1000


def _as_is(value: object) -> object:
    return value


def _from_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> object:
    """An inline object literal in the query text is accepted too, as the same JSON form."""
    return value_from_ast_untyped(node, variables)


# A tip in its JSON form, passed through as decoded JSON and validated by graph.tip; see TIP_INPUT_SCALAR.
TipInput = NewType("TipInput", object)

TIP_INPUT_SCALAR = strawberry.scalar(
    name="TipInput",
    description="A tip in its JSON form: the CyberTipline <report> tree with camelCase element names, "
    "repeating elements as arrays, email/phone as {value, ...attributes}, flags as booleans, date-times "
    "ISO 8601 with an offset, plus reportId (the idempotency key) and files (fileDetails objects).",
    serialize=_as_is,
    parse_value=_as_is,
    parse_literal=_from_literal,
)


@strawberry.type(description="One problem with a submitted tip, located by its JSON path.")
class InputProblem:
    path: str = strawberry.field(
        description='Where, e.g. "$.personOrUserReported[0].ipCaptureEvent[1].port".'
    )
    message: str


@strawberry.type(description="What happened to one submitted tip.")
class SubmitTipResult:
    index: int = strawberry.field(description="Its position in the submitted list.")
    report_id: str | None = strawberry.field(description="The reportId it was submitted with.")
    outcome: SubmitOutcome
    problems: list[InputProblem] = strawberry.field(description="Why it was INVALID or a CONFLICT.")
    tip_id: strawberry.ID | None = strawberry.field(
        description="The stored tip's id (for CREATED and UNCHANGED): the reportId for the clearinghouse's "
        "own tips, 'service:reportId' for a service's."
    )

    @strawberry.field(description="The stored tip (for CREATED and UNCHANGED).")
    async def tip(self, info: Info) -> Tip | None:
        if self.tip_id is None:
            return None
        record = await info.context.loaders.tips.load(str(self.tip_id))
        return Tip.from_domain(record) if record else None

    @classmethod
    def from_domain(cls, result: IngestResult) -> SubmitTipResult:
        return cls(
            index=result.index,
            report_id=result.report_id,
            outcome=SubmitOutcome(result.outcome.value),
            problems=[InputProblem(path=p.path, message=p.message) for p in result.problems],
            tip_id=strawberry.ID(result.tip_id) if result.tip_id else None,
        )


@strawberry.type(description="The outcome of submitTips: one result per tip, in the order submitted.")
class SubmitTipsPayload:
    results: list[SubmitTipResult]

    @strawberry.field(description="How many tips had each outcome.")
    def created(self) -> int:
        return sum(r.outcome is SubmitOutcome.CREATED for r in self.results)

    @strawberry.field
    def unchanged(self) -> int:
        return sum(r.outcome is SubmitOutcome.UNCHANGED for r in self.results)

    @strawberry.field
    def conflicts(self) -> int:
        return sum(r.outcome is SubmitOutcome.CONFLICT for r in self.results)

    @strawberry.field
    def invalid(self) -> int:
        return sum(r.outcome is SubmitOutcome.INVALID for r in self.results)


def _parse(payload: Any) -> Any:
    try:
        return parse_tip(payload)
    except TipValidationError as exc:
        return exc


@strawberry.type
class IngestMutations:
    @strawberry.mutation(
        description="Submits finished tips. Idempotent by your reportId (reportIds are per service): the "
        "same content again is UNCHANGED, different content under a reportId you already used is a CONFLICT; "
        "each tip succeeds or fails on its own."
    )
    async def submit_tips(self, info: Info, tips: list[TipInput]) -> SubmitTipsPayload:
        if len(tips) > MAX_TIPS_PER_REQUEST:
            raise BadInputError(
                f"at most {MAX_TIPS_PER_REQUEST} tips per request; use bulk ingest for more", field="tips"
            )
        ctx = info.context
        results = await ingest_tips(ctx.db, ctx.settings, ctx.trail, [_parse(t) for t in tips])
        count_ingested(results)
        return SubmitTipsPayload(results=[SubmitTipResult.from_domain(r) for r in results])

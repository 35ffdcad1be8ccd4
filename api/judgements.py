"""Judgements on links and generic marks on identifiers: the corrections analysts and supervisors make."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import IdentifierKind
from api.types import Identifier, Info
from graph.clustering.judgements import Verdict
from graph.judgements import JudgementEntry, judge_link, judgements_about, mark_generic, withdraw_judgement

strawberry.enum(
    Verdict, description="SAME keeps two tips together, DIFFERENT apart; UNSURE is only recorded."
)


@strawberry.type(description="An analyst's judgement on whether two tips are the same actor.")
class Judgement:
    id: strawberry.ID
    tip_a: strawberry.ID
    tip_b: strawberry.ID
    verdict: Verdict
    by: str
    at: datetime
    reason: str
    withdrawn_by: str | None
    withdrawn_at: datetime | None

    @classmethod
    def from_domain(cls, entry: JudgementEntry) -> Judgement:
        return cls(
            id=strawberry.ID(entry.id),
            tip_a=strawberry.ID(entry.tip_a),
            tip_b=strawberry.ID(entry.tip_b),
            verdict=entry.verdict,
            by=entry.by,
            at=entry.at,
            reason=entry.reason,
            withdrawn_by=entry.withdrawn_by,
            withdrawn_at=entry.withdrawn_at,
        )


async def judgements_of(info: Info, tip_id: str) -> list[Judgement]:
    """The judgement log about a tip already loaded for this viewer."""
    entries = await judgements_about(info.context.db, info.context.viewer, tip_id)
    return [Judgement.from_domain(entry) for entry in entries]


@strawberry.type
class JudgementMutations:
    @strawberry.mutation(
        description="Records a judgement on two tips: DIFFERENT keeps them apart in every later clustering, "
        "SAME keeps them together. The log is append-only; withdraw a judgement to lift it."
    )
    async def judge_link(
        self, info: Info, tip_a: strawberry.ID, tip_b: strawberry.ID, verdict: Verdict, reason: str
    ) -> Judgement:
        entry = await judge_link(info.context.db, info.context.trail, str(tip_a), str(tip_b), verdict, reason)
        return Judgement.from_domain(entry)

    @strawberry.mutation(description="Withdraws a judgement; it stays in the log with who and why.")
    async def withdraw_judgement(self, info: Info, judgement_id: strawberry.ID, reason: str) -> Judgement:
        entry = await withdraw_judgement(info.context.db, info.context.trail, str(judgement_id), reason)
        return Judgement.from_domain(entry)

    @strawberry.mutation(
        description="Marks an identifier generic (supervisors): it stops linking tips. Reversible with "
        "unmarkIdentifierGeneric; both are logged with who, when and why."
    )
    async def mark_identifier_generic(
        self, info: Info, kind: IdentifierKind, value: str, reason: str
    ) -> Identifier:
        marked = await mark_generic(info.context.db, info.context.trail, kind, value, reason, marked=True)
        return Identifier.from_domain(marked)

    @strawberry.mutation(description="Clears a supervisor's generic mark (supervisors).")
    async def unmark_identifier_generic(
        self, info: Info, kind: IdentifierKind, value: str, reason: str
    ) -> Identifier:
        cleared = await mark_generic(info.context.db, info.context.trail, kind, value, reason, marked=False)
        return Identifier.from_domain(cleared)

"""The outcome report for supervisors: what came of referrals, by score band, priority, platform and
agency, to review the scoring weights against what investigators found."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import Outcome, Priority
from api.types import Info
from graph import outcome_report as report


@strawberry.type(description="How many referrals of one group ended with one outcome.")
class OutcomeCount:
    outcome: Outcome
    tips: int


@strawberry.type(
    description="The referrals of one score band, priority, platform and agency, and their outcomes."
)
class OutcomeGroup:
    score_from: int = strawberry.field(description="The score band's lowest score (bands of ten; 90 to 100).")
    score_to: int = strawberry.field(description="The score band's highest score.")
    priority: Priority | None
    platform: str | None = strawberry.field(description="The platform, case-folded as it is matched.")
    agency: str = strawberry.field(description="The agency referred to (a tip sent to two counts for each).")
    referred: int = strawberry.field(description="Referrals in this group.")
    pending: int = strawberry.field(description="Referrals with no outcome recorded yet.")
    fruitful: int = strawberry.field(description="Outcomes ARREST, VICTIM_IDENTIFIED or SEARCH_WARRANT.")
    outcomes: list[OutcomeCount] = strawberry.field(description="Each outcome recorded, with its count.")

    @classmethod
    def from_domain(cls, group: report.OutcomeGroup) -> OutcomeGroup:
        return cls(
            score_from=group.score_from,
            score_to=group.score_to,
            priority=Priority(group.priority) if group.priority else None,
            platform=group.platform,
            agency=group.agency,
            referred=group.referred,
            pending=group.pending,
            fruitful=group.fruitful,
            outcomes=[OutcomeCount(outcome=o, tips=n) for o, n in group.outcomes],
        )


@strawberry.type(description="Referral outcomes set against the scores of the tips referred.")
class OutcomeReport:
    received_from: datetime | None
    received_to: datetime | None
    referred: int = strawberry.field(description="All referrals counted.")
    groups: list[OutcomeGroup] = strawberry.field(
        description="Highest score band first, then priority, platform, agency."
    )


@strawberry.type
class OutcomeReportQueries:
    @strawberry.field(
        description="Supervisors: referral outcomes by score band, priority, platform and agency, for tips "
        "received in [receivedFrom, receivedTo) when given; the current scores (re-scored as evidence ages)."
    )
    async def outcome_report(
        self, info: Info, received_from: datetime | None = None, received_to: datetime | None = None
    ) -> OutcomeReport:
        ctx = info.context
        found = await report.outcome_report(ctx.db, ctx.viewer, received_from, received_to)
        return OutcomeReport(
            received_from=found.received_from,
            received_to=found.received_to,
            referred=found.referred,
            groups=[OutcomeGroup.from_domain(group) for group in found.groups],
        )

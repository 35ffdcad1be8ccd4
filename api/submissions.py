"""The submission lifecycle: open a report, add files, finish or retract it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.metrics import count_ingested
from api.mutations import SubmitTipResult, TipInput
from api.types import Info
from graph.submissions import Submission as DomainSubmission
from graph.submissions import SubmissionStatus, add_files, finish_report, open_report, retract_report

strawberry.enum(SubmissionStatus, description="OPEN (files may be added), FINISHED, RETRACTED or EXPIRED.")


@strawberry.type(description="A report being submitted. It becomes a tip when finished.")
class Submission:
    report_id: strawberry.ID = strawberry.field(description="Your reportId.")
    tip_id: strawberry.ID = strawberry.field(description="The id its tip has once finished.")
    status: SubmissionStatus
    opened_at: datetime
    last_changed_at: datetime
    expires_at: datetime = strawberry.field(
        description="24 h after opening or 1 h after the last change, whichever is later."
    )
    file_count: int

    @classmethod
    def from_domain(cls, s: DomainSubmission) -> Submission:
        return cls(
            report_id=strawberry.ID(s.report_id),
            tip_id=strawberry.ID(s.id),
            status=s.status,
            opened_at=s.opened_at,
            last_changed_at=s.last_changed_at,
            expires_at=s.expires_at,
            file_count=s.file_count,
        )


@strawberry.type(description="The finished submission and what ingest did with its tip.")
class FinishReportPayload:
    submission: Submission
    result: SubmitTipResult


@strawberry.type
class SubmissionMutations:
    @strawberry.mutation(description="Opens a report (the JSON form; files optional) to add files to later.")
    async def open_report(self, info: Info, report: TipInput) -> Submission:
        ctx = info.context
        report_object: Any = report
        return Submission.from_domain(await open_report(ctx.db, ctx.trail, report_object))

    @strawberry.mutation(description="Adds fileDetails objects to an open report.")
    async def add_files(self, info: Info, report_id: strawberry.ID, files: list[JSON]) -> Submission:
        ctx = info.context
        return Submission.from_domain(await add_files(ctx.db, ctx.trail, str(report_id), list(files)))

    @strawberry.mutation(
        description="Finishes an open report: it becomes an immutable tip. When the tip cannot be stored "
        "(CONFLICT with a different tip under your reportId, or BAD_USER_INPUT) the report stays open."
    )
    async def finish_report(self, info: Info, report_id: strawberry.ID) -> FinishReportPayload:
        ctx = info.context
        submission, result = await finish_report(ctx.db, ctx.settings, ctx.trail, str(report_id))
        count_ingested([result])
        return FinishReportPayload(
            submission=Submission.from_domain(submission), result=SubmitTipResult.from_domain(result)
        )

    @strawberry.mutation(description="Retracts an open report; it will never become a tip.")
    async def retract_report(self, info: Info, report_id: strawberry.ID) -> Submission:
        ctx = info.context
        return Submission.from_domain(await retract_report(ctx.db, ctx.trail, str(report_id)))

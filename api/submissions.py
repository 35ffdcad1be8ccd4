"""The submission lifecycle: open a report, add files, finish or retract it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from api.metrics import count_ingested
from api.mutations import SubmitTipResult, TipInput
from api.pagination import PageInfo, page_size, submission_cursor, submission_position
from api.types import Info
from graph.model import Page
from graph.submissions import Submission as DomainSubmission
from graph.submissions import (
    SubmissionStatus,
    add_files,
    finish_report,
    get_submission,
    list_submissions,
    open_report,
    retract_report,
)

strawberry.enum(SubmissionStatus, description="OPEN (files may be added), FINISHED, RETRACTED or EXPIRED.")


@strawberry.type(
    description="A report a service sent: opened and filled (it becomes a tip when finished), or submitted "
    "whole. What the service may know of it: its status and expiry, never the clearinghouse's decisions."
)
class Submission:
    report_id: strawberry.ID = strawberry.field(description="Your reportId.")
    tip_id: strawberry.ID = strawberry.field(description="The id its tip has once finished.")
    status: SubmissionStatus = strawberry.field(
        description="OPEN, FINISHED, RETRACTED, or EXPIRED (an open report past `expiresAt`)."
    )
    opened_at: datetime = strawberry.field(description="When it was opened (or received, if sent whole).")
    last_changed_at: datetime
    expires_at: datetime | None = strawberry.field(
        description="An open report's expiry: 24 h after opening or 1 h after the last change, whichever is "
        "later; null for a report submitted whole (submitTips), which was never open."
    )
    file_count: int
    preservation_deadline: datetime | None = strawberry.field(
        description="Once it is a tip: until when you must keep its content (the preservation request)."
    )

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
            preservation_deadline=s.preservation_deadline,
        )


@strawberry.type(description="A submission in a list.")
class SubmissionEdge:
    cursor: str
    node: Submission


@strawberry.type(description="A page of your submissions, by reportId.")
class SubmissionConnection:
    edges: list[SubmissionEdge]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[DomainSubmission]) -> SubmissionConnection:
        edges = [
            SubmissionEdge(cursor=submission_cursor(s.report_id), node=Submission.from_domain(s))
            for s in page.items
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
        )


@strawberry.type
class SubmissionQueries:
    @strawberry.field(
        description="Your own report under a reportId (opened, or submitted whole): its status and expiry; "
        "null when you sent none under it (and for viewers who do not submit)."
    )
    async def submission(self, info: Info, report_id: strawberry.ID) -> Submission | None:
        ctx = info.context
        found = await get_submission(ctx.db, ctx.trail, str(report_id))
        return Submission.from_domain(found) if found else None

    @strawberry.field(
        description="Your own reports (opened, or submitted whole) by reportId, optionally of one status; "
        "empty for viewers who do not submit."
    )
    async def submissions(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        status: SubmissionStatus | None = None,
    ) -> SubmissionConnection:
        ctx = info.context
        page = await list_submissions(ctx.db, ctx.trail, status, page_size(first), submission_position(after))
        return SubmissionConnection.from_page(page)


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

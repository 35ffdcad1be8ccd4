"""reviewFile: an analyst's (or supervisor's) review of one reported file (graph/labels/review.py)."""

from __future__ import annotations

import strawberry

from api.labels import Label
from api.types import Info, Tip, TipFile
from graph.labels.provenance import FileCategory
from graph.labels.review import review_file


@strawberry.type(description="What a file review did: the label it added, the file and the re-scored tip.")
class FileReviewPayload:
    label: Label = strawberry.field(description="The review's label, beside the file's earlier ones.")
    tip_id: strawberry.ID
    file_id: strawberry.ID

    @strawberry.field(description="The tip, re-scored with the review.")
    async def tip(self, info: Info) -> Tip:
        record = await info.context.loaders.tips.load(str(self.tip_id))
        assert record is not None  # analysts and supervisors see every tip; the review found it
        return Tip.from_domain(record)

    @strawberry.field(description="The reviewed file, with its status and labels.")
    async def file(self, info: Info) -> TipFile:
        files: list[TipFile] = await (await self.tip(info)).files(info)
        return next(file for file in files if file.id == self.file_id)


@strawberry.type
class FileReviewMutations:
    @strawberry.mutation(
        description="Records an analyst's review of one file (analysts and supervisors): its category and "
        "whether the reviewer viewed it, as a label beside the service's (which stays as submitted). The "
        "tip is re-scored: a viewed file counts as viewed, and the category stands in for the service's in "
        "the severity. Audited per file. NOT_FOUND for an unknown tip or file, nothing changed."
    )
    async def review_file(
        self,
        info: Info,
        tip_id: strawberry.ID,
        file_id: strawberry.ID,
        category: FileCategory,
        viewed: bool,
        note: str | None = None,
    ) -> FileReviewPayload:
        ctx = info.context
        review = await review_file(
            ctx.db, ctx.settings, ctx.trail, str(tip_id), str(file_id), category.value, viewed, note
        )
        return FileReviewPayload(
            label=Label.from_domain(review.label),
            tip_id=strawberry.ID(review.tip_id),
            file_id=strawberry.ID(review.file_id),
        )

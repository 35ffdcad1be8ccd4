"""Labels with provenance as GraphQL values: who classified a tip or a file as what (graph/labels)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Context
from graph.labels.provenance import FileCategory, FileStatus, LabelKind, LabelSource
from graph.labels.provenance import Label as LabelValue

Info = strawberry.Info[Context, None]

strawberry.enum(
    LabelKind,
    description="What a label classifies: the tip's INCIDENT_TYPE, or a file's CATEGORY (A1, A2, B1, B2 or "
    "NOT_CSAM), VIRAL_OR_MEME flags or FILE_RELEVANCE (Reported, Supplemental Reported).",
)
strawberry.enum(
    LabelSource,
    description="Who gave a label: the REPORTING_SERVICE (as submitted, never changed), a HASH_LIST match "
    "at ingest, or an ANALYST's review.",
)
strawberry.enum(
    FileCategory,
    description="A file's category: the industry classification A1, A2, B1, B2 (A prepubescent before B, "
    "1 sex act before 2 lascivious), or NOT_CSAM.",
)
strawberry.enum(
    FileStatus,
    description="Where a reported file stands: REPORTED until an analyst reviews it, then CONFIRMED (a "
    "category A1 to B2) or NOT_CSAM.",
)


@strawberry.type(description="One classification of a tip or one of its files, with its source.")
class Label:
    kind: LabelKind
    value: str = strawberry.field(
        description="What it says: an incident type, A1..B2 or NOT_CSAM, the viral/meme flags, a relevance."
    )
    source: LabelSource
    at: datetime = strawberry.field(description="When it was given (ingest time for the service's labels).")
    file_id: strawberry.ID | None = strawberry.field(description="The file it is about; null for the tip.")
    service: str | None = strawberry.field(description="REPORTING_SERVICE: the service that said it.")
    hash_list: str | None = strawberry.field(description="HASH_LIST: the list that knows the hash.")
    analyst: str | None = strawberry.field(
        description="ANALYST: who reviewed (only analysts and supervisors see the name)."
    )
    role: str | None = strawberry.field(description="ANALYST: the reviewer's role.")
    viewed: bool | None = strawberry.field(description="ANALYST: whether the reviewer viewed the file.")
    note: str | None = strawberry.field(
        description="Why, or what the relevance default means (an analyst's note only to analysts and "
        "supervisors)."
    )
    disagrees: bool = strawberry.field(
        description="Another label you may see on the same tip or file, of the same kind, says otherwise "
        "(e.g. the service says B1, an analyst NOT_CSAM)."
    )

    @classmethod
    def from_domain(cls, label: LabelValue) -> Label:
        return cls(
            kind=label.kind,
            value=label.value,
            source=label.source,
            at=label.at,
            file_id=strawberry.ID(label.file_id) if label.file_id else None,
            service=label.service,
            hash_list=label.hash_list,
            analyst=label.analyst,
            role=label.role,
            viewed=label.viewed,
            note=label.note,
            disagrees=label.disagrees,
        )


async def labels_of_tip(info: Info, tip_id: str) -> tuple[LabelValue, ...]:
    """A tip's labels as this request's viewer may see them (the tip was itself loaded for this viewer)."""
    return await info.context.loaders.tip_labels.load(tip_id)

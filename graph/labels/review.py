"""File review: an analyst (or supervisor) classifies one reported file, saying whether they viewed it.

The review is a label beside the service's (never replacing it), audited per file, and re-scores the tip
in the same transaction: a viewed file counts as viewed for actionability, and the review's category
stands in for the service's industryClassification in the severity (the contribution names the label).
Bad input (an unknown tip or file, a category that is not one) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from graph.access import require_role
from graph.audit import AuditTrail, audit_event, record_in
from graph.dispositions import DECIDERS
from graph.errors import BadInputError, NotFoundError
from graph.labels.provenance import FileCategory, Label, LabelKind, LabelSource, file_id_of, file_verdicts
from graph.rescoring import score_variants
from graph.settings import Settings
from graph.store.database import Database, Transaction
from graph.tip import parse_tip
from graph.tip_validation import TipValidationError
from graph.tips import native

MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class FileReview:
    tip_id: str
    file_id: str
    label: Label
    score_before: int | None
    score_after: int


def _category(category: str) -> FileCategory:
    try:
        return FileCategory(category)
    except ValueError:
        allowed = ", ".join(c.value for c in FileCategory)
        raise BadInputError(f"category must be one of {allowed}", field="category") from None


def _note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE:
        raise BadInputError(f"a note has at most {MAX_NOTE} characters", field="note")
    return note.strip()


async def review_file(
    db: Database,
    settings: Settings,
    trail: AuditTrail,
    tip_id: str,
    file_id: str,
    category: str,
    viewed: bool,
    note: str | None = None,
    now: datetime | None = None,
) -> FileReview:
    viewer = trail.viewer
    require_role(viewer, *DECIDERS)
    chosen, text = _category(category), _note(note)
    when = now or datetime.now(UTC)

    async def work(tx: Transaction) -> FileReview:
        rows = await tx.run("labels/lock_tip", id=tip_id)
        if not rows:
            raise NotFoundError(f"no tip {tip_id!r}", field="tipId")
        row = rows[0]
        if row["report"] is None:
            raise NotFoundError("the tip's report was purged (retention): its files are gone", field="fileId")
        try:
            tip = parse_tip(orjson.loads(row["report"]), now=when)
        except TipValidationError:
            raise NotFoundError("the tip's stored report no longer validates", field="fileId") from None
        index = next((i for i, file in enumerate(tip.files) if file_id_of(tip_id, i, file) == file_id), None)
        if index is None:
            raise NotFoundError(f"tip {tip_id!r} has no file {file_id!r}", field="fileId")
        label = Label(
            LabelKind.CATEGORY,
            chosen.value,
            LabelSource.ANALYST,
            when,
            file_id=file_id,
            file_index=index,
            analyst=viewer.subject,
            role=viewer.role.value,
            viewed=viewed,
            note=text,
        )
        labels = [Label.from_stored(stored) for stored in row["labels"]] + [label]
        scores = score_variants(
            tip,
            tip_id,
            native(row["finishedAt"]),
            native(row["preservationDeadline"]),
            when,
            settings.preservation_days,
            file_verdicts(labels),
        )
        (after,) = await tx.run(
            "labels/review", id=tip_id, label=label.to_stored(), linked=row["linked"], scores=scores
        )
        change = {
            "fileId": file_id,
            "category": chosen.value,
            "viewed": viewed,
            "note": text,
            "score": {"from": row["score"], "to": after["score"]},
            "priority": after["priority"],
        }
        await record_in(tx, audit_event(viewer, trail.request_id, "reviewFile", [tip_id], change=change))
        return FileReview(tip_id, file_id, label, row["score"], after["score"])

    return await db.write_transaction(work)

"""Reading labels: a tip's labels as the viewer may see them (graph/labels/provenance.labels_for)."""

from __future__ import annotations

from collections.abc import Sequence

from graph.labels.provenance import Label, labels_for
from graph.store.database import Database
from graph.viewer import Viewer


async def labels_of_tips(db: Database, viewer: Viewer, tip_ids: Sequence[str]) -> list[tuple[Label, ...]]:
    """The labels of each tip in the order asked, oldest first, as `viewer` may see them; empty for a tip
    the viewer may not see. For tips already read (and audited) for this viewer."""
    rows = await db.read("labels/of_tips", ids=list(tip_ids), scope=viewer.scope())
    stored = {row["id"]: [Label.from_stored(text) for text in row["labels"]] for row in rows}
    return [labels_for(viewer, stored.get(tip_id, ())) for tip_id in tip_ids]


async def labels_of(db: Database, viewer: Viewer, tip_id: str) -> tuple[Label, ...]:
    """One tip's labels as `viewer` may see them: every classification with its source, disagreements
    flagged (what a tip's export lists)."""
    (labels,) = await labels_of_tips(db, viewer, [tip_id])
    return labels

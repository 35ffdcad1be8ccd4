"""The graph online ingest would write for the prepared tips, as rows for the importer's files.

Each piece is ingest's own: identifier entries from `graph.ingest`'s aggregation (tip counts, the first
ten raw values, the first generic reason), the node properties `prepare_tip` made, the linked score
variant for a tip that shares an identifier which links (graph/clustering/thresholds.py), the batched
reports' incidents, one HAS relationship per occurrence, and one audit event per `ingest_batch_size` tips
(as `tipgraph ingest` records one per batch). The counts are final ones: a tip is scored as linked when an
identifier it carries links tips in the loaded graph (online, the same holds once every tip is in, except
where an identifier grew past its kind's threshold within one batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.audit import audit_event
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.ingest import PreparedTip, _aggregate_identifiers, _with_linked_score
from graph.viewer import Viewer

LOAD_ACTION = "load"


@dataclass(frozen=True, slots=True)
class GraphRows:
    tips: list[dict[str, Any]]
    identifiers: list[dict[str, Any]]
    incidents: list[dict[str, Any]]
    links: list[dict[str, Any]]
    audit_events: list[dict[str, Any]]


def identifier_rows(tips: Sequence[PreparedTip], at: datetime) -> list[dict[str, Any]]:
    """Identifier nodes as `identifiers/create_batch` writes them, with every tip of the load counted."""
    rows = []
    for entry in _aggregate_identifiers(tips):
        count, reason = entry["tips"], entry["genericReason"]
        rows.append(
            {
                "uid": entry["uid"],
                "kind": entry["kind"],
                "key": entry["key"],
                "tipCount": count,
                "raws": entry["raws"],
                "genericReason": reason,
                "generic": reason is not None or count > GENERIC_ABOVE_BY_NAME[entry["kind"]],
                "firstSeen": at,
                "lastSeen": at,
            }
        )
    return rows


def graph_rows(
    tips: Sequence[PreparedTip], at: datetime, viewer: Viewer, request_id: str, batch_size: int
) -> GraphRows:
    identifiers = identifier_rows(tips, at)
    linking = {row["uid"] for row in identifiers if not row["generic"] and row["tipCount"] >= 2}
    tip_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    incidents: list[dict[str, Any]] = []
    for ready in tips:
        props = ready.row["props"]
        shares = any(link["uid"] in linking for link in ready.row["links"])
        tip_rows.append(_with_linked_score(props) if shares else props)
        links.extend({"tip": ready.id, "uid": link["uid"], **link["rel"]} for link in ready.row["links"])
        if ready.row["incident"] is not None:
            incidents.append(ready.row["incident"])
    events = [
        _audit_event(viewer, request_id, [ready.id for ready in tips[start : start + batch_size]], at)
        for start in range(0, len(tips), batch_size)
    ]
    return GraphRows(tip_rows, identifiers, incidents, links, events)


def _audit_event(viewer: Viewer, request_id: str, tip_ids: list[str], at: datetime) -> dict[str, Any]:
    """The record `graph.audit` makes of an ingest batch, stamped with the load's time."""
    change = {"created": len(tip_ids)}
    return {**audit_event(viewer, request_id, LOAD_ACTION, tip_ids, change=change), "at": at}

"""One tip as a reviewer or a court needs it (issue 12): the report as submitted, every label with its
source, the decisions on it with who, when and why, its referral and outcome, the tips it links to, and
(for supervisors and auditors) who viewed it; each part as the viewer may see it, and the export itself is
a read of the tip, audited as any other.

What each role gets:
- analyst, supervisor: everything (the viewers list: supervisors only);
- investigator: only a tip it may see, its agency's referral only, no decision of another agency or on a
  referral elsewhere (nor the undoing of one), linked tips within its scope;
- auditor: the viewers list only (auditors see the audit log, no tip);
- reporting service: nothing (the export is the clearinghouse's record of its decisions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from graph.access import require_role
from graph.audit import AuditTrail
from graph.crossref import linked_tips
from graph.errors import NotFoundError
from graph.labels.provenance import Label, LabelSource
from graph.labels.reading import labels_of
from graph.model import TipRecord
from graph.settings import Settings
from graph.store.database import Database
from graph.tips import get_tip_reports, get_tips, native
from graph.viewer import Role, Viewer

FORMAT: Final = "tipgraph.tipExport/1"
EXPORT_READERS: Final = (Role.ANALYST, Role.SUPERVISOR, Role.INVESTIGATOR, Role.AUDITOR, Role.REPORTER)
VIEWER_LIST_READERS: Final = (Role.SUPERVISOR, Role.AUDITOR)
MAX_VIEWS: Final = 1000  # the newest reads listed; the document says when there were more
MAX_LINKED: Final = 100  # strongest first, as Tip.linkedTips pages them


def _when(value: Any) -> str | None:
    moment = native(value)
    return moment.astimezone(UTC).isoformat() if isinstance(moment, datetime) else None


def exported_labels(labels: Sequence[Label], report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every classification of the tip and its files with its source, as the viewer may see them
    (graph.labels: the service's as submitted, hash-list matches, analysts' reviews), disagreements flagged.
    A service's label on a file says whether the service viewed the file, as the report does."""
    files = report.get("files") or []
    exported: list[dict[str, Any]] = []
    for label in labels:
        source: dict[str, Any] = {"kind": label.source.value, "at": label.at.astimezone(UTC).isoformat()}
        for name, value in (
            ("service", label.service),
            ("hashList", label.hash_list),
            ("analyst", label.analyst),
            ("role", label.role),
            ("viewed", label.viewed),
            ("note", label.note),
        ):
            if value is not None:
                source[name] = value
        index = label.file_index
        if label.source is LabelSource.REPORTING_SERVICE and index is not None and index < len(files):
            source["viewedByService"] = bool(files[index].get("fileViewedByEsp"))
        exported.append(
            {
                "subject": "tip" if index is None else f"file {index}",
                "fileId": label.file_id,
                "label": label.kind.value,
                "value": label.value,
                "disagrees": label.disagrees,
                "source": source,
            }
        )
    return exported


def decisions_for(viewer: Viewer, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The decisions on the tip the viewer may know of, oldest first. An investigator does not learn of
    another agency's decisions, of referrals to other agencies, or of the undoing of either."""
    own = viewer.agency
    hidden: set[str] = set()
    shown: list[dict[str, Any]] = []
    for row in rows:
        decision, change = row["decision"], row["change"]
        if not viewer.sees_every_tip and (
            decision.get("undoOf") in hidden
            or (decision["role"] == Role.INVESTIGATOR.value and decision.get("agency") != own)
            or decision.get("agencyId") not in (None, own)
        ):
            hidden.add(decision["id"])
            continue
        shown.append(
            {
                "id": decision["id"],
                "at": _when(decision["at"]),
                "by": {
                    "actor": decision["actor"],
                    "role": decision["role"],
                    "agency": decision.get("agency"),
                },
                "action": decision["action"],
                "reasonCode": decision.get("reasonCode"),
                "note": decision.get("note"),
                "from": change["from"],
                "to": change["to"],
                "referredTo": decision.get("agencyId"),
                "overrideReason": decision.get("overrideReason"),
                "outcome": decision.get("outcome"),
                "undoOf": decision.get("undoOf"),
                "undoneBy": decision.get("undoneBy"),
                "undoneAt": _when(decision.get("undoneAt")),
            }
        )
    return shown


def _triage(tip: TipRecord) -> dict[str, Any]:
    state = tip.triage
    return {
        "disposition": tip.disposition,
        "referredTo": list(tip.referred_to),  # already cut to the viewer's own agency by the read
        "outcome": tip.outcome,
        "incidentId": tip.incident_id,
        "actionability": None
        if state is None
        else {
            "score": state.score,
            "classification": state.action_class,
            "priority": state.priority,
            "urgentReason": state.urgent_reason,
            "contributions": [
                {"factor": c.factor, "points": c.points, "evidence": c.evidence} for c in state.contributions
            ],
            "missing": list(state.missing),
            "computedAt": _when(state.computed_at),
        },
    }


async def _viewers(db: Database, tip_id: str) -> dict[str, Any]:
    rows = await db.read("audit/tip_reads", id=tip_id, limit=MAX_VIEWS + 1)
    reads = [
        {
            "at": _when(e["at"]),
            "actor": e["actor"],
            "role": e["role"],
            "agency": e.get("agency"),
            "operation": e.get("operationName"),
            "requestId": e["requestId"],
        }
        for e in (row["event"] for row in rows[:MAX_VIEWS])
    ]
    return {"reads": reads, "truncated": len(rows) > MAX_VIEWS}


async def export_tip(
    db: Database, settings: Settings, trail: AuditTrail, tip_id: str, now: datetime | None = None
) -> dict[str, Any] | None:
    """The disclosure document of one tip for this viewer; None for a reporting service. NOT_FOUND when
    the tip does not exist or the viewer may not see it (the same answer, so nothing is revealed)."""
    viewer = trail.viewer
    require_role(viewer, *EXPORT_READERS)
    if not viewer.sees_triage:
        return None
    document: dict[str, Any] = {
        "format": FORMAT,
        "exportedAt": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
        "exportedBy": {"subject": viewer.subject, "role": viewer.role.value, "agency": viewer.agency},
    }
    if viewer.role is Role.AUDITOR:
        trail.read([tip_id])  # an auditor's look at who viewed a tip is itself on the record
        return {**document, "tip": {"id": tip_id}, "viewers": await _viewers(db, tip_id)}
    (tip,) = await get_tips(db, trail, [tip_id])
    (report,) = await get_tip_reports(db, trail, [tip_id])
    if tip is None or report is None:
        raise NotFoundError(f"no tip {tip_id!r} that you may see")
    decisions = await db.read("decisions/of_tip", id=tip_id)
    links = await linked_tips(db, settings, viewer, tip_id, MAX_LINKED, None, include_generic=False)
    trail.read(link.tip_id for link in links.items)
    document |= {
        "tip": {
            "id": tip.id,
            "reportId": tip.report_id,
            "service": tip.submitted_by,
            "incidentType": tip.incident_type,
            "receivedAt": _when(tip.received_at),
            "preservationDeadline": _when(tip.preservation_deadline),
        },
        "report": report,
        "labels": exported_labels(await labels_of(db, viewer, tip_id), report),
        "triage": _triage(tip),
        "decisions": decisions_for(viewer, decisions),
        "linkedTips": {
            "tips": [
                {
                    "id": link.tip_id,
                    "weight": link.weight,
                    "shared": [{"kind": s.kind.value, "key": s.key} for s in link.shared],
                }
                for link in links.items
            ],
            "truncated": links.has_next or links.truncated,
            "skippedGenericIdentifiers": links.skipped_generic,
        },
    }
    if viewer.role in VIEWER_LIST_READERS:
        document["viewers"] = await _viewers(db, tip_id)
    return document

"""Incidents: copies of one viral or repeated incident bundled together, so they are triaged once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from graph.access import require_role
from graph.audit import AuditTrail
from graph.dispositions import DECIDERS, DecisionRequest, DecisionResult, Disposition, decide, transition_to
from graph.errors import BadInputError
from graph.store.database import Database, Transaction
from graph.tips import native
from graph.viewer import Viewer

MAX_LABEL = 200


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    label: str
    kind: str
    created_at: datetime
    created_by: str
    tip_ids: tuple[str, ...]
    accounts: tuple[str, ...]
    platforms: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None


async def bundle_tips(
    db: Database,
    trail: AuditTrail,
    tip_ids: tuple[str, ...],
    label: str,
    note: str | None = None,
    dry_run: bool = False,
) -> tuple[DecisionResult, str | None]:
    """Bundles tips into a new incident; returns the decision and the incident's id (None on a dry run)."""
    require_role(trail.viewer, *DECIDERS)
    label = label.strip()
    if not label or len(label) > MAX_LABEL:
        raise BadInputError(f"an incident label has 1 to {MAX_LABEL} characters", field="incidentLabel")
    incident_id = f"INC-{uuid.uuid4().hex[:12]}"
    request = DecisionRequest(
        tip_ids=tip_ids,
        action="bundleTips",
        reason_code="BUNDLE",
        note=note,
        dry_run=dry_run,
        extra={"incidentId": incident_id},
    )

    async def create_incident(tx: Transaction) -> None:
        incident = {
            "id": incident_id,
            "label": label,
            "kind": "BUNDLE",
            "createdAt": datetime.now(UTC),
            "createdBy": trail.viewer.subject,
        }
        await tx.run("incidents/create", incident=incident)

    result = await decide(
        db, trail, request, transition_to(Disposition.BUNDLED, incident_id=incident_id), create_incident
    )
    return result, (incident_id if result.decision_id else None)


async def get_incident(db: Database, viewer: Viewer, incident_id: str) -> Incident | None:
    """An incident with the viewer's tips in it; none for a reporting service (bundling is the
    clearinghouse's decision, and who made it is not the service's to know)."""
    if not viewer.sees_triage:
        return None
    rows = await db.read("incidents/get", id=incident_id, scope=viewer.scope())
    if not rows:
        return None
    row = rows[0]
    incident = row["incident"]
    return Incident(
        id=incident["id"],
        label=incident["label"],
        kind=incident["kind"],
        created_at=native(incident["createdAt"]),
        created_by=incident["createdBy"],
        tip_ids=tuple(sorted(row["tipIds"])),
        accounts=tuple(sorted(row["accounts"])),
        platforms=tuple(sorted(row["platforms"])),
        first_seen=native(row["firstSeen"]),
        last_seen=native(row["lastSeen"]),
    )

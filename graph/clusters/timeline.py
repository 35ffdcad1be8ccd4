"""A cluster's timeline: its visible members' incidents, IP captures and file uploads in time order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from graph.audit import AuditTrail
from graph.clusters.records import ClusterMembers
from graph.kinds import IdentifierKind
from graph.model import TipRecord


class TimelineKind(StrEnum):
    INCIDENT = "INCIDENT"
    IP_CAPTURE = "IP_CAPTURE"
    FILE_UPLOAD = "FILE_UPLOAD"


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    at: datetime
    tip_id: str
    kind: TimelineKind
    detail: str
    identifier: tuple[IdentifierKind, str] | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[TimelineEvent, ...]
    truncated: bool  # more events follow, or the cluster has more members than were looked at


def _upload_events(tip: TipRecord) -> Iterable[TimelineEvent]:
    assert tip.report is not None, "cluster members are read with their reports"
    for file in tip.report.get("files") or ():
        uploaded = file.get("uploadedToEspTimestamp")
        if uploaded:
            name = file.get("fileName") or "a file"
            yield TimelineEvent(
                datetime.fromisoformat(uploaded).astimezone(UTC), tip.id, TimelineKind.FILE_UPLOAD, name
            )


def timeline(trail: AuditTrail, members: ClusterMembers, first: int) -> Timeline:
    """The members' incidents, IP capture events and file uploads in time order (earliest first)."""
    events: list[TimelineEvent] = []
    for tip in members.tips:
        events.append(
            TimelineEvent(
                tip.incident_date_time.astimezone(UTC), tip.id, TimelineKind.INCIDENT, tip.incident_type
            )
        )
        events.extend(_upload_events(tip))
    for row in members.rows:
        if row.kind is IdentifierKind.IP and row.at is not None:
            detail = f"{row.role.value.lower()} seen at {row.key}" + (f" port {row.port}" if row.port else "")
            events.append(
                TimelineEvent(
                    row.at.astimezone(UTC), row.tip_id, TimelineKind.IP_CAPTURE, detail, (row.kind, row.key)
                )
            )
    events.sort(key=lambda e: (e.at, e.tip_id, e.kind.value, e.detail))
    shown = tuple(events[:first])
    trail.read(e.tip_id for e in shown)
    return Timeline(shown, truncated=len(events) > first or members.truncated)

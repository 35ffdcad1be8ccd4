"""The audit log, for auditors."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from api.pagination import PageInfo, audit_cursor, audit_position, page_size
from api.types import Info
from graph.audit import AuditEntry, AuditFilter, audit_log


@strawberry.input(description="Which audit events to list; every condition given must hold.")
class AuditFilterInput:
    actor: str | None = strawberry.field(default=None, description="The token subject who acted.")
    tip_id: strawberry.ID | None = strawberry.field(default=None, description="Events that touched this tip.")
    from_: datetime | None = strawberry.field(default=None, name="from", description="Inclusive.")
    to: datetime | None = strawberry.field(default=None, description="Exclusive.")


@strawberry.type(description="One audited access: who read or changed which tips, when, in which request.")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor: str
    role: str
    agency: str | None
    action: str = strawberry.field(description="read, submitTips, ingest, ...")
    operation_name: str | None
    request_id: str
    tip_ids: list[strawberry.ID]
    change: JSON | None = strawberry.field(description="For writes: what changed.")

    @classmethod
    def from_domain(cls, entry: AuditEntry) -> AuditEvent:
        return cls(
            id=strawberry.ID(entry.id),
            at=entry.at,
            actor=entry.actor,
            role=entry.role,
            agency=entry.agency,
            action=entry.action,
            operation_name=entry.operation_name,
            request_id=entry.request_id,
            tip_ids=[strawberry.ID(t) for t in entry.tip_ids],
            change=JSON(entry.change) if entry.change is not None else None,
        )


@strawberry.type
class AuditEventEdge:
    cursor: str
    node: AuditEvent


@strawberry.type(description="A page of audit events, newest first.")
class AuditEventConnection:
    edges: list[AuditEventEdge]
    page_info: PageInfo


@strawberry.type
class AuditQueries:
    @strawberry.field(description="The append-only audit log (auditors only), newest first.")
    async def audit_log(
        self, info: Info, filter: AuditFilterInput | None = None, first: int = 50, after: str | None = None
    ) -> AuditEventConnection:
        given = filter or AuditFilterInput()
        page = await audit_log(
            info.context.db,
            info.context.viewer,
            AuditFilter(
                actor=given.actor,
                tip_id=str(given.tip_id) if given.tip_id else None,
                start=given.from_,
                end=given.to,
            ),
            page_size(first),
            audit_position(after),
        )
        edges = [
            AuditEventEdge(cursor=audit_cursor(e.at, e.id), node=AuditEvent.from_domain(e))
            for e in page.items
        ]
        return AuditEventConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
        )

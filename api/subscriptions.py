"""GraphQL subscriptions over graphql-ws (the graphql-transport-ws protocol on /graphql).

A websocket carries no Authorization header a browser can set, so the bearer token comes in the
connection_init payload (`{"Authorization": "Bearer …"}`) and is verified as on HTTP before anything is
acknowledged; the connection's context then belongs to that viewer. Every event is read as that viewer
(scoped) and audited like a read (graph/change_feed.py).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

import strawberry
from strawberry.exceptions import ConnectionRejectionError

from api.auth import AuthenticationError, SigningKeysUnavailableError, TokenVerifier
from api.context import Context
from api.triage import TriageFilterInput
from api.types import Info, Tip
from graph.audit import AuditTrail, record_reads
from graph.change_feed import ChangeFeed, queue_changes
from graph.errors import ForbiddenError
from graph.viewer import Role, Viewer

# Until connection_init is verified the context's viewer sees nothing (an auditor's scope holds no tip),
# and strawberry refuses any subscribe before the acknowledgement anyway.
NOBODY = Viewer(subject="websocket-not-yet-authenticated", role=Role.AUDITOR)


@dataclass
class WebSocketContext(Context):
    connection_params: dict[str, Any] | None = None
    authenticated: bool = False
    feed: ChangeFeed | None = field(default=None)


async def authenticate(context: WebSocketContext, verifier: TokenVerifier) -> None:
    """Verifies the token of connection_init and makes the context that viewer's; refuses otherwise."""
    params = context.connection_params or {}
    header = params.get("Authorization") or params.get("authorization")
    if not isinstance(header, str):
        raise ConnectionRejectionError({"message": "missing bearer token"})
    try:
        viewer = await asyncio.to_thread(verifier.verify, header)
    except (AuthenticationError, SigningKeysUnavailableError) as exc:
        raise ConnectionRejectionError(
            {"message": getattr(exc, "message", "token keys unavailable")}
        ) from None
    context.viewer = viewer
    context.__post_init__()
    context.authenticated = True


@strawberry.type(description="What changed in the queue: the tip as the viewer may see it.")
class QueueChange:
    tip: Tip
    in_queue: bool = strawberry.field(
        description="Whether the tip is (still) in the queue under the subscription's filter; false when it "
        "left it (decided, referred, closed) or does not match the filter."
    )


@strawberry.type
class QueueSubscriptions:
    @strawberry.subscription(
        description="New and changed queue entries as they are written, by any API worker (the feed is read "
        "from the database about every half second). Only tips the viewer may see; each is audited as a read."
    )
    async def queue_changes(
        self, info: Info, filter: TriageFilterInput | None = None
    ) -> AsyncGenerator[QueueChange, None]:
        context = info.context
        if not isinstance(context, WebSocketContext) or not context.authenticated or context.feed is None:
            raise ForbiddenError("subscribe over an authenticated graphql-ws connection")
        if not context.viewer.sees_every_tip and context.viewer.role is not Role.INVESTIGATOR:
            raise ForbiddenError("the queue is for analysts, supervisors and investigators")
        viewer = context.viewer

        def fresh_trail() -> AuditTrail:
            trail = AuditTrail(viewer=viewer, request_id=uuid.uuid4().hex, operation="subscription")
            trail.operation_name = "queueChanges"
            return trail

        queue_filter = (filter or TriageFilterInput()).to_domain()
        async for batch in queue_changes(context.db, context.feed, fresh_trail, queue_filter):
            # Whatever nested fields of the previous events read is recorded now; fresh loaders per event,
            # so no event is answered from another's cache.
            await record_reads(context.db, context.trail)
            context.__post_init__()
            for change in batch:
                yield QueueChange(tip=Tip.from_domain(change.tip), in_queue=change.in_queue)

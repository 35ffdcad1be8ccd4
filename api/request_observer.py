"""Every HTTP request, timed: a Prometheus sample and one log line with the request id, the GraphQL
operation name, the status and the duration.

The outermost middleware, so refusals of the guard (401, 413, 429) are counted too. The guard puts the
request id in the scope's state and the GraphQL endpoint the operation name (`note_operation`); a request
refused before it was parsed is labelled `unparsed`. Only the path is logged, never the query string (a
GET request carries its query and variables there).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from api.metrics import GRAPHQL_SECONDS, HTTP_REQUESTS, UNPARSED, OperationLabels, operation_name

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("tipgraph.request")

GRAPHQL_PATH = "/graphql"
OPERATION_KEY = "graphql_operation_name"


def note_operation(state: Any, name: str | None) -> None:
    """Called by the GraphQL endpoint with the operation name the client sent (None: anonymous)."""
    setattr(state, OPERATION_KEY, operation_name(name))


class RequestObserver:
    def __init__(self, app: ASGIApp, *, routes: frozenset[str]) -> None:
        self.app = app
        self.routes = routes
        self.operation_labels = OperationLabels()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        status = 500  # what the client gets if the app fails before it answers
        started = time.perf_counter()

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            self._record(scope, state, status, time.perf_counter() - started)

    def _record(self, scope: Scope, state: dict[str, Any], status: int, seconds: float) -> None:
        path = scope["path"].rstrip("/") or "/"
        route = path if path in self.routes else "other"
        HTTP_REQUESTS.labels(route, str(status)).inc()
        fields: dict[str, Any] = {
            "request_id": state.get("request_id"),
            "method": scope.get("method"),
            "path": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        if route == GRAPHQL_PATH:
            operation = state.get(OPERATION_KEY, UNPARSED)
            GRAPHQL_SECONDS.labels(self.operation_labels(operation)).observe(seconds)
            fields["operation"] = operation
        log.info("request", extra=fields)

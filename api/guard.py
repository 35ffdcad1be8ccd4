"""What happens before any GraphQL work: the body's size, the bearer token, the caller's rate.

A pure ASGI middleware on the GraphQL path, so a refused request costs no parsing: an oversized body is
413, a missing or bad token 401 (with the reason), too many requests for one token 429 with Retry-After.
The viewer and a request id are handed on in the ASGI scope's state.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from starlette.datastructures import Headers

from api.auth import AuthenticationError, SigningKeysUnavailableError, TokenVerifier
from api.graphql_http import is_request_error
from api.rate_limit import Limiter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _refuse(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class GraphQLGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        verifier: TokenVerifier,
        limiter: Limiter,
        max_body_bytes: int,
        ide_enabled: bool,
        path: str = "/graphql",
        prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.verifier = verifier
        self.limiter = limiter
        self.max_body_bytes = max_body_bytes
        self.ide_enabled = ide_enabled
        self.path = path
        self.prefixes = prefixes  # other guarded paths (the tip export downloads), same token and limit

    def _guards(self, path: str) -> bool:
        return path.rstrip("/") == self.path or path.startswith(self.prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._guards(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["path"].rstrip("/") == self.path and self._is_ide_page(scope, headers):
            await self.app(scope, receive, send)
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _refuse(send, 413, "PAYLOAD_TOO_LARGE", f"request body over {self.max_body_bytes} bytes")
            return
        body = await self._read_body(receive)
        if body is None:
            await _refuse(send, 413, "PAYLOAD_TOO_LARGE", f"request body over {self.max_body_bytes} bytes")
            return
        try:
            viewer = self.verifier.verify(headers.get("authorization"))
        except AuthenticationError as exc:
            await _refuse(send, 401, "UNAUTHENTICATED", exc.message, {"WWW-Authenticate": "Bearer"})
            return
        except SigningKeysUnavailableError:
            await _refuse(send, 503, "UNAVAILABLE", "the token issuer's keys cannot be fetched right now")
            return
        allowed, retry_after = self.limiter.allow(viewer.subject)
        if not allowed:
            await _refuse(
                send,
                429,
                "RATE_LIMITED",
                "too many requests for this token; slow down",
                {"Retry-After": str(max(1, math.ceil(retry_after)))},
            )
            return
        state = scope.setdefault("state", {})
        state["viewer"] = viewer
        state["request_id"] = uuid.uuid4().hex
        wants_graphql_response = GRAPHQL_RESPONSE_JSON in headers.get("accept", "")
        await self.app(
            scope, _replay(body, receive), _respond(send, state["request_id"], wants_graphql_response)
        )

    def _is_ide_page(self, scope: Scope, headers: Headers) -> bool:
        return (
            self.ide_enabled
            and scope["method"] == "GET"
            and not scope.get("query_string")
            and "text/html" in headers.get("accept", "")
        )

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past the limit (chunked uploads included)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hands the buffered body on once, then the client's own messages (a disconnect, when it leaves)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def _is_request_error(body: bytes) -> bool:
    """GraphQL over HTTP: a document that could not be parsed or validated, or variables that do not fit,
    never executed, so no data at all."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return isinstance(payload, dict) and "data" not in payload and is_request_error(payload.get("errors"))


def _respond(send: Send, request_id: str, graphql_response_json: bool) -> Send:
    """Adds the request id; for clients that accept application/graphql-response+json, answers in that
    media type with 400 for request errors, as the GraphQL-over-HTTP specification asks."""
    held: Message | None = None

    async def wrapped(message: Message) -> None:
        nonlocal held
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            if graphql_response_json:
                held = message
                return
        elif message["type"] == "http.response.body" and held is not None:
            start, held = held, None
            status = start["status"]
            if status == 200 and not message.get("more_body") and _is_request_error(message.get("body", b"")):
                status = 400
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-type"]
            headers.append((b"content-type", GRAPHQL_RESPONSE_JSON.encode() + b"; charset=utf-8"))
            await send({**start, "status": status, "headers": headers})
        await send(message)

    return wrapped

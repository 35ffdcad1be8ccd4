"""GraphQL over HTTP at the edges: decoding request bodies, and shaping refusals and results.

Every refusal is GraphQL-shaped (`{"errors": [{"message", "extensions": {"code"}}]}`) whatever went wrong:
a body that is not JSON, not UTF-8, nested absurdly deep or not an object is a 400 with BAD_REQUEST, never
a traceback. A request error (the document did not parse or validate, or the variables do not fit) carries
no `data` at all, as the GraphQL-over-HTTP specification asks; a database that cannot be reached is 503.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.responses import Response

log = logging.getLogger("tipgraph.api")

# A tip is a handful of levels deep; graphql-core refuses inputs nested beyond 200 with a RecursionError.
MAX_JSON_DEPTH = 64
REQUEST_ERROR_CODES = frozenset(
    {
        "GRAPHQL_PARSE_FAILED",
        "QUERY_TOO_LARGE",
        "GRAPHQL_VALIDATION_FAILED",
        "QUERY_TOO_COSTLY",
        "BAD_USER_INPUT",
    }
)
STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
}
UNAVAILABLE = "UNAVAILABLE"


def decode_request_json(data: str | bytes) -> object:
    """A request body (or GET `variables`) as JSON: strict UTF-8, no NaN, a bounded depth, an object or a
    list (a batch, which the endpoint then refuses with its own message)."""
    try:
        decoded = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise HTTPException(400, f"the request body is not valid JSON: {error.msg}") from None
    if not isinstance(decoded, dict | list):
        raise HTTPException(400, "the request body must be a JSON object")
    if _depth_exceeds(decoded, MAX_JSON_DEPTH):
        raise HTTPException(400, f"the request body is nested deeper than {MAX_JSON_DEPTH} levels")
    return decoded


def _depth_exceeds(value: object, limit: int) -> bool:
    """Whether JSON containers nest deeper than `limit`; iterative, so the check itself cannot overflow."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(current, dict):
            pending.extend((item, depth + 1) for item in current.values() if isinstance(item, dict | list))
        elif isinstance(current, list):
            pending.extend((item, depth + 1) for item in current if isinstance(item, dict | list))
    return False


def refusal(status: int, message: str) -> Response:
    """A refusal before GraphQL ran (bad body, wrong method), shaped like a GraphQL response."""
    code = STATUS_CODES.get(status, "BAD_REQUEST")
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(body, status_code=status, media_type="application/json")


def shaped_result(response: dict[str, Any], request_id: str) -> dict[str, Any]:
    """The result as sent: every error carries a code, and a request error carries no `data`."""
    errors = response.get("errors")
    if not errors:
        return response
    shaped = {**response, "errors": [_with_code(error, request_id) for error in errors]}
    if shaped.get("data") is None and is_request_error(shaped["errors"]):
        shaped.pop("data", None)
    return shaped


def _with_code(error: Mapping[str, Any], request_id: str) -> Mapping[str, Any]:
    # ErrorCodes gives every error inside an operation its code. One without a code escaped the operation
    # (strawberry reports such exceptions after its extensions ran): unexpected, so masked like the rest.
    if (error.get("extensions") or {}).get("code"):
        return error
    log.error("unexpected error outside the operation in request %s: %s", request_id, error.get("message"))
    return {"message": "Internal error", "extensions": {"code": "INTERNAL", "requestId": request_id}}


def is_request_error(errors: object) -> bool:
    """Errors from before execution (no path), each with a request-error code: the request never ran."""
    if not isinstance(errors, list) or not errors:
        return False
    return all(
        isinstance(error, dict)
        and "path" not in error
        and (error.get("extensions") or {}).get("code") in REQUEST_ERROR_CODES
        for error in errors
    )


def status_of(response: Mapping[str, Any]) -> int | None:
    """503 when the database could not be reached (the caller may retry); else strawberry's choice."""
    errors = response.get("errors") or ()
    if any((error.get("extensions") or {}).get("code") == UNAVAILABLE for error in errors):
        return 503
    return None

"""Maps errors to GraphQL responses in one place.

A TipgraphError keeps its message and gains `extensions.code` (and `field` when it names one). A GraphQL
syntax or validation error keeps its message. Anything else is unexpected: it is logged with the request id
and returned as "Internal error" with code INTERNAL, so no stack detail or stored value leaks.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import TipgraphError

log = logging.getLogger("tipgraph.api")


class ErrorCodes(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: True, error_message="Internal error")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        extensions = dict(error.extensions or {})
        if isinstance(original, TipgraphError):
            extensions["code"] = original.code
            if original.field:
                extensions["field"] = original.field
            message = original.message
        elif original is None:
            extensions.setdefault("code", "GRAPHQL_VALIDATION_FAILED")
            message = error.message
        else:
            request_id = _request_id(self)
            log.error("unexpected error in request %s", request_id, exc_info=original)
            extensions = {"code": "INTERNAL", "requestId": request_id}
            message = "Internal error"
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )


def _request_id(extension: ErrorCodes) -> str:
    context = extension.execution_context.context
    return str(getattr(context, "request_id", "unknown"))

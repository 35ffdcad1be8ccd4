"""Maps errors to GraphQL responses in one place, each with a stable `extensions.code`.

- A TipgraphError keeps its message and gains its code (and `field` when it names one).
- A document that does not parse is GRAPHQL_PARSE_FAILED; one over the parser's limits (tokens, nesting)
  is QUERY_TOO_LARGE. One that fails validation is GRAPHQL_VALIDATION_FAILED, or QUERY_TOO_COSTLY from
  api/limits.py. Variable values that do not fit their types are BAD_USER_INPUT. These are the caller's
  mistakes: request errors, never logged as unexpected.
- Anything else is unexpected: it is logged with the request id and returned as "Internal error" with code
  INTERNAL, so no stack detail or stored value leaks.

Outside dev mode, graphql-core's "Did you mean …?" suggestions are cut from every message: they quote the
schema to callers who may not introspect it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors

from graph.errors import TipgraphError

log = logging.getLogger("tipgraph.api")

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL = "INTERNAL"
# Every parser limit (max_tokens, nesting depth) ends its message so in graphql-core.
PARSER_LIMIT_SUFFIX = "Parsing aborted."
SUGGESTION = re.compile(r" Did you mean [^\n]*?\?")


class ErrorCodes(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: True, error_message="Internal error")
        self.executing = False

    def on_execute(self) -> Iterator[None]:
        # Execution starts only for a document that parsed and validated: an error without a path from
        # here on is about the variables' values.
        self.executing = True
        yield

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        extensions = dict(error.extensions or {})
        message = error.message
        if isinstance(original, TipgraphError):
            extensions["code"] = original.code
            if original.field:
                extensions["field"] = original.field
            message = original.message
        elif isinstance(error, GraphQLSyntaxError):
            extensions["code"] = QUERY_TOO_LARGE if message.endswith(PARSER_LIMIT_SUFFIX) else PARSE_FAILED
        elif (
            self.executing and error.path is None and (original is None or isinstance(original, GraphQLError))
        ):
            extensions["code"] = BAD_USER_INPUT
        elif original is None:
            extensions.setdefault("code", VALIDATION_FAILED)
        else:
            request_id = _request_id(self)
            log.error("unexpected error in request %s", request_id, exc_info=original)
            extensions = {"code": INTERNAL, "requestId": request_id}
            message = "Internal error"
        if not _dev_mode(self):
            message = SUGGESTION.sub("", message)
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


def _dev_mode(extension: ErrorCodes) -> bool:
    settings = getattr(extension.execution_context.context, "settings", None)
    return bool(getattr(settings, "dev_mode", False))

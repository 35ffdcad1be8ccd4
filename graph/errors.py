"""The one error tree of tipgraph. Each error carries a stable `code` that the API maps to GraphQL
`extensions.code`; anything not derived from TipgraphError is unexpected, masked and logged.

    TipgraphError
    ├── BadInputError        BAD_USER_INPUT  the caller sent something invalid (names the field)
    ├── NotFoundError        NOT_FOUND       no such object, or not visible to the viewer
    ├── ForbiddenError       FORBIDDEN       the viewer's role may not do this
    ├── ConflictError        CONFLICT        the change collides with the stored state
    └── UnavailableError     UNAVAILABLE     the database cannot be reached right now
"""

from __future__ import annotations

from typing import ClassVar


class TipgraphError(Exception):
    code: ClassVar[str] = "INTERNAL"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadInputError(TipgraphError):
    code = "BAD_USER_INPUT"


class NotFoundError(TipgraphError):
    code = "NOT_FOUND"


class ForbiddenError(TipgraphError):
    code = "FORBIDDEN"


class ConflictError(TipgraphError):
    code = "CONFLICT"


class UnavailableError(TipgraphError):
    code = "UNAVAILABLE"

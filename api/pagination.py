"""Relay connections with keyset cursors: a cursor is the sort key of its edge, opaque to clients."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import orjson
import strawberry

from graph.audit import AuditPosition
from graph.crossref import LinkPosition
from graph.errors import BadInputError
from graph.model import SizePosition
from graph.tips import TipPosition
from graph.triage import DeadlinePosition

MAX_PAGE_SIZE = 100


@strawberry.type(description="Where a page stands in its list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more edges follow this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to get the next page.")


def page_size(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadInputError(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    return first


def encode_cursor(kind: str, values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([kind, *values])).decode("ascii")


def decode_cursor(kind: str, cursor: str) -> list[Any]:
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        decoded = None
    if not isinstance(decoded, list) or not decoded or decoded[0] != kind:
        raise BadInputError("after is not a cursor of this list", field="after")
    return decoded[1:]


def tip_cursor(received_at: datetime, tip_id: str) -> str:
    return encode_cursor("tip", [received_at.isoformat(), tip_id])


def tip_position(cursor: str | None) -> TipPosition | None:
    if cursor is None:
        return None
    values = decode_cursor("tip", cursor)
    try:
        return TipPosition(datetime.fromisoformat(values[0]), str(values[1]))
    except (ValueError, IndexError, TypeError):
        raise BadInputError("after is not a cursor of this list", field="after") from None


def link_cursor(weight: float, tip_id: str) -> str:
    return encode_cursor("link", [weight, tip_id])


def link_position(cursor: str | None) -> LinkPosition | None:
    if cursor is None:
        return None
    values = decode_cursor("link", cursor)
    try:
        return LinkPosition(float(values[0]), str(values[1]))
    except (ValueError, IndexError, TypeError):
        raise BadInputError("after is not a cursor of this list", field="after") from None


def audit_cursor(at: datetime, event_id: str) -> str:
    return encode_cursor("audit", [at.isoformat(), event_id])


def audit_position(cursor: str | None) -> AuditPosition | None:
    if cursor is None:
        return None
    values = decode_cursor("audit", cursor)
    try:
        return AuditPosition(datetime.fromisoformat(values[0]), str(values[1]))
    except (ValueError, IndexError, TypeError):
        raise BadInputError("after is not a cursor of this list", field="after") from None


def deadline_cursor(deadline: datetime, tip_id: str) -> str:
    return encode_cursor("deadline", [deadline.isoformat(), tip_id])


def deadline_position(cursor: str | None) -> DeadlinePosition | None:
    if cursor is None:
        return None
    values = decode_cursor("deadline", cursor)
    try:
        return DeadlinePosition(datetime.fromisoformat(values[0]), str(values[1]))
    except (ValueError, IndexError, TypeError):
        raise BadInputError("after is not a cursor of this list", field="after") from None


def queue_cursor(queue_key: str | None, tip_id: str) -> str:
    return encode_cursor("queue", [queue_key or "", tip_id])


def queue_position(cursor: str | None) -> str | None:
    """The queue key to continue after (the key itself sorts the queue)."""
    if cursor is None:
        return None
    values = decode_cursor("queue", cursor)
    if not values or not isinstance(values[0], str):
        raise BadInputError("after is not a cursor of this list", field="after")
    return values[0]


def submission_cursor(report_id: str) -> str:
    return encode_cursor("submission", [report_id])


def submission_position(cursor: str | None) -> str | None:
    """The reportId to continue after (a service's submissions are listed by reportId)."""
    if cursor is None:
        return None
    values = decode_cursor("submission", cursor)
    if not values or not isinstance(values[0], str):
        raise BadInputError("after is not a cursor of this list", field="after")
    return values[0]


def size_cursor(list_name: str, size: int, item_id: str) -> str:
    return encode_cursor(list_name, [size, item_id])


def size_position(list_name: str, cursor: str | None) -> SizePosition | None:
    """A largest-first list's cursor (`list_name` keeps one list's cursors out of another)."""
    if cursor is None:
        return None
    values = decode_cursor(list_name, cursor)
    try:
        return SizePosition(int(values[0]), str(values[1]))
    except (ValueError, IndexError, TypeError):
        raise BadInputError("after is not a cursor of this list", field="after") from None

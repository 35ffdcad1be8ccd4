"""The kinds of identifier a tip carries. Tips meet at identifier nodes of one kind and one normal key."""

from __future__ import annotations

from enum import StrEnum


class IdentifierKind(StrEnum):
    """What an identifier is; the values double as the GraphQL enum names."""

    ACCOUNT = "ACCOUNT"
    SCREEN_NAME = "SCREEN_NAME"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    IP = "IP"
    FILE_HASH = "FILE_HASH"
    LOCATION = "LOCATION"
    URL = "URL"
    DEVICE = "DEVICE"
    REPORT = "REPORT"

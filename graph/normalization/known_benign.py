"""Values known to link unrelated tips, shipped with tipgraph: each is generic from its first sighting.

This is the baseline list only; values a supervisor marks generic are stored in the graph. Add an entry as
`normal key: reason`, with the key exactly as the normaliser of its kind produces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from graph.kinds import IdentifierKind

_EMPTY_FILE = "hash of an empty file: every zero-byte upload has it"

KNOWN_BENIGN: Final[Mapping[IdentifierKind, Mapping[str, str]]] = MappingProxyType(
    {
        IdentifierKind.FILE_HASH: MappingProxyType(
            {
                "md5:d41d8cd98f00b204e9800998ecf8427e": _EMPTY_FILE,
                "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709": _EMPTY_FILE,
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855": _EMPTY_FILE,
                "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e": _EMPTY_FILE,
            }
        ),
        IdentifierKind.DEVICE: MappingProxyType(
            {
                # iOS reports an all-zero advertising id when the user limits ad tracking.
                "IDFA:00000000-0000-0000-0000-000000000000": "all-zero advertising id: tracking was limited",
                # An Android 2.2 bug gave this one ANDROID_ID to a great many handsets.
                "ANDROID ID:9774d56d682e549c": "Android ID shared by many Android 2.2 handsets",
            }
        ),
    }
)


def known_benign_reason(kind: IdentifierKind, key: str) -> str | None:
    """Why the shipped list calls this normal key generic, or None when it is not on the list."""
    entries = KNOWN_BENIGN.get(kind)
    return entries.get(key) if entries is not None else None

"""Synthetic files: an id, the digests of pseudo-random bytes standing for its content, and the traits a
service's reviewers would attach to that content (fixed per file, so every report of one file agrees).

No content exists anywhere: the "bytes" are a SHA-256 of the seed and the file's id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

EMPTY_FILE_ID: Final = "empty"

# Traits are drawn from the digest's bytes: each threshold is a share out of 256 (or 65536 for rare ones).
_CLASSIFICATIONS: Final = ((52, "A1"), (90, "A2"), (166, "B1"), (230, "B2"))
_RARE_FLAGS: Final = (
    ("possibleSelfProduction", 3277),  # 5 %
    ("animeDrawingVirtualHentai", 1311),  # 2 %
    ("generativeAi", 1311),
    ("physicalHarm", 1311),
    ("violenceGore", 655),
    ("liveStreaming", 655),
    ("infant", 655),
    ("bestiality", 328),
)


@dataclass(frozen=True, slots=True)
class SyntheticFile:
    file_id: str
    md5: str
    sha1: str
    sha256: str
    industry_classification: str | None
    annotations: tuple[str, ...]


@lru_cache(maxsize=65536)
def synthetic_file(seed: int, file_id: str) -> SyntheticFile:
    if file_id == EMPTY_FILE_ID:
        content = b""
        traits = bytes(32)
    else:
        content = hashlib.sha256(f"tipgraph-synthetic:{seed}:{file_id}".encode()).digest()
        traits = hashlib.sha256(content).digest()
    classification = next((name for limit, name in _CLASSIFICATIONS if traits[0] < limit), None)
    annotations = tuple(
        name
        for index, (name, limit) in enumerate(_RARE_FLAGS)
        if int.from_bytes(traits[2 + 2 * index : 4 + 2 * index], "big") < limit
    )
    return SyntheticFile(
        file_id=file_id,
        md5=hashlib.md5(content, usedforsecurity=False).hexdigest(),
        sha1=hashlib.sha1(content, usedforsecurity=False).hexdigest(),
        sha256=hashlib.sha256(content).hexdigest(),
        industry_classification=classification if file_id != EMPTY_FILE_ID else None,
        annotations=annotations if file_id != EMPTY_FILE_ID else (),
    )

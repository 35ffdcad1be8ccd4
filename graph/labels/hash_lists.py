"""Hash lists: named lists of known file hashes, each with the category the list's keeper gave it,
matched against every reported file at ingest (a HASH_LIST label naming the list, at the ingest time).

The lists come from one JSON file (`TIPGRAPH_HASH_LISTS_FILE`), read once per process:

    {"lists": [{"name": "clearinghouse-confirmed",
                "entries": [{"hashType": "MD5", "value": "9e107d9d...", "category": "A1"}]}]}

Hashes are compared in their normal form (graph/normalization), as identifiers are; a list's order is its
precedence when two lists know one hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from graph.labels.provenance import FileCategory, Label, LabelKind, LabelSource, file_id_of
from graph.normalization import NormalizationError
from graph.normalization.file_hashes import normalize_file_hash
from graph.tip import Tip


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    hashType: str
    value: str
    category: FileCategory


class _List(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    entries: tuple[_Entry, ...]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    lists: tuple[_List, ...]


@dataclass(frozen=True, slots=True)
class Listing:
    list_name: str
    category: FileCategory


@dataclass(frozen=True, slots=True)
class HashLists:
    """Known hashes by normal key; the first list that names a hash is the one that counts."""

    by_key: Mapping[str, Listing]

    def match(self, tip: Tip, tip_id: str, at: datetime) -> list[Label]:
        """One HASH_LIST label per listed file (its first listed hash)."""
        if not self.by_key:
            return []
        labels = []
        for index, file in enumerate(tip.files):
            for reported in file.originalFileHash:
                try:
                    key = normalize_file_hash(reported.hashType, reported.value).key
                except NormalizationError:
                    continue
                listing = self.by_key.get(key)
                if listing is not None:
                    labels.append(
                        Label(
                            LabelKind.CATEGORY,
                            listing.category.value,
                            LabelSource.HASH_LIST,
                            at,
                            file_id=file_id_of(tip_id, index, file),
                            file_index=index,
                            hash_list=listing.list_name,
                        )
                    )
                    break
        return labels


NO_HASH_LISTS = HashLists(MappingProxyType({}))


def parse_hash_lists(text: str | bytes) -> HashLists:
    """The lists of a hash-list file; ValueError naming what is wrong with it."""
    try:
        document = _Document.model_validate_json(text)
    except ValidationError as error:
        raise ValueError(f"hash lists: {error}") from None
    by_key: dict[str, Listing] = {}
    for listed in document.lists:
        for number, entry in enumerate(listed.entries):
            try:
                key = normalize_file_hash(entry.hashType, entry.value).key
            except NormalizationError as error:
                raise ValueError(f"hash list {listed.name!r}, entry {number}: {error}") from None
            by_key.setdefault(key, Listing(listed.name, entry.category))
    return HashLists(MappingProxyType(by_key))


@lru_cache(maxsize=4)
def load_hash_lists(path: Path | None) -> HashLists:
    """The configured lists, read once per process (none when no file is configured)."""
    if path is None:
        return NO_HASH_LISTS
    return parse_hash_lists(path.read_bytes())

"""What a cluster is as it is stored and read: the records a viewer gets, and the JSON forms of a
cluster's evidence and bridges on its `:Cluster` node."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import orjson

from graph.clustering import Bridge, ClusterKind, Evidence, Link, Occurrence
from graph.kinds import IdentifierKind
from graph.model import IdentifierSummary, Role, TipRecord
from graph.tips import native

ROLES: Final = {role.value: role for role in Role}
KINDS: Final = {kind.value: kind for kind in IdentifierKind}
# A named read: Database.read, or Transaction.run inside a write that must see its own changes.
Read = Callable[..., Awaitable[list[dict[str, Any]]]]


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """A stored cluster as one viewer sees it. `size` counts the member tips the viewer may see; `evidence`
    and `bridges` are the stored ones, made from every member (`scoped` says they must not be shown as
    they are: see `evidence_of` and `bridges_of`). `bridges` is None when the cluster was too large."""

    id: str
    kind: ClusterKind
    size: int
    evidence: Evidence
    bridges: tuple[Bridge, ...] | None
    updated_at: datetime
    scoped: bool


@dataclass(frozen=True, slots=True)
class ClusterFilter:
    kind: ClusterKind | None = None
    min_size: int | None = None
    max_size: int | None = None
    has_urgent: bool | None = None

    def params(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value if self.kind else None,
            "minSize": self.min_size,
            "maxSize": self.max_size,
            "hasUrgent": self.has_urgent,
        }


@dataclass(frozen=True, slots=True)
class MemberIdentifier:
    """An identifier carried by members of a cluster: how many members carry it and whether it links."""

    identifier: IdentifierSummary  # tip_count: the tips the viewer may see
    member_count: int
    linking: bool


@dataclass(frozen=True, slots=True)
class ClusterMembers:
    """A cluster's members as one viewer may see them (the first `MEMBER_LIMIT` by id): the tips, the
    identifiers they carry, and the occurrence rows clustering reads."""

    cluster_id: str
    tips: tuple[TipRecord, ...]
    identifiers: tuple[MemberIdentifier, ...]
    rows: tuple[Occurrence, ...]
    truncated: bool
    scoped: bool


def split_uid(uid: str) -> tuple[IdentifierKind, str]:
    """An identifier uid is `KIND|key` (see `graph.crossref.identifier_uid`)."""
    kind, _, key = uid.partition("|")
    return KINDS[kind], key


def evidence_to_json(evidence: Evidence) -> str:
    return orjson.dumps(
        {
            "tips": evidence.tips,
            "accounts": evidence.accounts,
            "accountsPerFile": evidence.accounts_per_file,
            "glue": [[kind.value, count] for kind, count in evidence.glue],
            "platforms": list(evidence.platforms),
            "countries": list(evidence.countries),
            "places": evidence.places,
            "firstSeen": evidence.first_seen.isoformat() if evidence.first_seen else None,
            "lastSeen": evidence.last_seen.isoformat() if evidence.last_seen else None,
            "reason": evidence.reason,
        }
    ).decode()


def evidence_from_json(text: str) -> Evidence:
    data = orjson.loads(text)
    return Evidence(
        tips=data["tips"],
        accounts=data["accounts"],
        accounts_per_file=data["accountsPerFile"],
        glue=tuple((KINDS[kind], count) for kind, count in data["glue"]),
        platforms=tuple(data["platforms"]),
        countries=tuple(data["countries"]),
        places=data["places"],
        first_seen=datetime.fromisoformat(data["firstSeen"]) if data["firstSeen"] else None,
        last_seen=datetime.fromisoformat(data["lastSeen"]) if data["lastSeen"] else None,
        reason=data["reason"],
    )


def bridges_to_json(bridges: Sequence[Bridge] | None) -> str:
    if bridges is None:
        return "null"
    return orjson.dumps(
        [
            {
                "uids": list(b.link.uids),
                "kinds": [k.value for k in b.link.kinds],
                "weight": b.link.weight,
                "parts": list(b.parts),
            }
            for b in bridges
        ]
    ).decode()


def bridges_from_json(text: str | None) -> tuple[Bridge, ...] | None:
    data = orjson.loads(text) if text else None
    if data is None:
        return None
    return tuple(
        Bridge(
            Link(tuple(b["uids"]), tuple(KINDS[k] for k in b["kinds"]), b["weight"]),
            tuple(b["parts"]),
        )
        for b in data
    )


def record_of(props: Mapping[str, Any], size: int, scoped: bool) -> ClusterRecord:
    return ClusterRecord(
        id=props["id"],
        kind=ClusterKind(props["kind"]),
        size=size,
        evidence=evidence_from_json(props["evidence"]),
        bridges=bridges_from_json(props.get("bridges")),
        updated_at=native(props["updatedAt"]),
        scoped=scoped,
    )

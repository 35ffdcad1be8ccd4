"""The identifiers cypher/tips/linked reads of a tip: a map each, the other tips carrying it as lists.

The statement ships each other tip's occurrence as list entries (its id, its role, and only for the kinds
whose weight reads more, the IP capture or the email verification) rather than a map per occurrence, since
decoding maps was most of a request. Here an identifier's map is turned back into the occurrence maps
graph.linking and the evidence model read, but only for the tips that need them: every other tip is ranked
by a weight that for most kinds is the identifier's own, one number for all of its tips.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from graph.kinds import IdentifierKind
from graph.linking import OCCURRENCE_KINDS, shared_weight
from graph.store.database import Row

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _capture_at(seconds: int | None, microsecond: int | None) -> datetime | None:
    """A capture time from the statement's epoch seconds and microsecond (the instant the stored DateTime
    names, as graph.linking compares captures: by the seconds between them)."""
    if seconds is None:
        return None
    return _EPOCH + timedelta(seconds=seconds, microseconds=microsecond or 0)


def _mine(kind: IdentifierKind, entries: list[list[Any]]) -> list[dict[str, Any]]:
    """The tip's own occurrences ([role, ...] lists, see the statement) as occurrence maps."""
    if kind is IdentifierKind.IP:
        return [
            {"role": role, "port": port, "possibleProxy": proxy, "at": _capture_at(seconds, micro)}
            for role, port, proxy, seconds, micro in entries
        ]
    if kind is IdentifierKind.EMAIL:
        return [{"role": role, "verified": verified} for role, verified in entries]
    return [{"role": entry[0]} for entry in entries]


@dataclass(frozen=True, slots=True)
class LinkedRow:
    """One identifier of the tip and the other tips that carry it (`their_tips[i]` with `their_roles[i]`,
    and `their_ip[i]` or `their_verified[i]` for its kind)."""

    kind: IdentifierKind
    key: str
    tip_count: int
    accounts: int | None
    generic: bool
    mine: list[dict[str, Any]]
    their_tips: list[str]
    their_roles: list[str]
    their_ip: list[list[Any]]
    their_verified: list[bool]
    # The hand weight of this identifier for any tip sharing it when its kind's weight reads no occurrence.
    fixed_weight: float | None
    # The kind's name (an enum's value is a property lookup, and ranking reads it for every tip) and the uid.
    kind_name: str
    uid: str

    @classmethod
    def of(cls, row: Row) -> LinkedRow:
        kind = IdentifierKind(row["kind"])
        mine = _mine(kind, row["mine"])
        fixed = None
        if kind not in OCCURRENCE_KINDS:
            fixed = round(shared_weight(kind, row["tipCount"], mine, ())[0], 6)
        return cls(
            kind=kind,
            key=row["key"],
            tip_count=row["tipCount"],
            accounts=row["accounts"],
            generic=row["generic"],
            mine=mine,
            their_tips=row["theirTips"],
            their_roles=row["theirRoles"],
            their_ip=row["theirIp"],
            their_verified=row["theirVerified"],
            fixed_weight=fixed,
            kind_name=kind.value,
            uid=f"{kind.value}|{row['key']}",
        )

    def theirs(self, positions: list[int]) -> list[dict[str, Any]]:
        """The occurrence maps of one other tip, at `positions` of the lists."""
        roles = self.their_roles
        if self.kind is IdentifierKind.IP:
            found = []
            for i in positions:
                port, proxy, seconds, micro = self.their_ip[i]
                at = _capture_at(seconds, micro)
                found.append({"role": roles[i], "port": port, "possibleProxy": proxy, "at": at})
            return found
        if self.kind is IdentifierKind.EMAIL:
            return [{"role": roles[i], "verified": self.their_verified[i]} for i in positions]
        return [{"role": roles[i]} for i in positions]

    def weight(self, positions: list[int]) -> float:
        """The hand weight (rounded as graph.linking.linked_tip rounds it) for the tip at `positions`."""
        if self.fixed_weight is not None:
            return self.fixed_weight
        return round(shared_weight(self.kind, self.tip_count, self.mine, self.theirs(positions))[0], 6)

    def ranked(self, positions: list[int]) -> tuple[float, str, str]:
        """What graph.linking.link_weight ranks the tip at `positions` by: (weight, kind, key)."""
        return self.weight(positions), self.kind_name, self.key

    def shared_with(self, positions: list[int]) -> dict[str, Any]:
        """The row graph.linking.linked_tip and the evidence model read for the tip at `positions`."""
        return {
            "kind": self.kind.value,
            "key": self.key,
            "tipCount": self.tip_count,
            "accounts": self.accounts,
            "generic": self.generic,
            "mine": self.mine,
            "theirs": self.theirs(positions),
        }

"""The rows clustering reads: one per (tip, identifier) occurrence, as the store hands them over.

Clustering never talks to the database. The store reads the HAS relationships of the tips to cluster and
turns each into an `Occurrence`; for an IP the relationship carries the observation (time, port, proxy flag),
which decides how much a shared address says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.kinds import IdentifierKind
from graph.model import Role


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One identifier in one tip.

    `tip_count` is how many tips carry the identifier over the whole store, not just in this batch: it is
    what makes a value specific or generic. `generic` is the store's *explicit* verdict only: a known-benign
    value (genericReason) or one a supervisor marked; the auto threshold on `tip_count` is applied here, per
    kind (see `graph.clustering.thresholds`), so the store must not fold its own global cap into the flag.
    """

    tip_id: str
    uid: str
    kind: IdentifierKind
    key: str
    tip_count: int
    generic: bool = False
    role: Role = Role.SUSPECT
    verified: bool | None = None
    at: datetime | None = None
    port: int | None = None
    possible_proxy: bool | None = None
    # Distinct reported accounts among all tips carrying the identifier, when the store keeps it
    # (`graph.clustering.spread`); None: counted from the rows at hand.
    accounts: int | None = None

    def link_row(self) -> Mapping[str, Any]:
        """The occurrence in the shape `graph.linking.shared_weight` reads."""
        return {
            "at": self.at,
            "port": self.port,
            "possibleProxy": self.possible_proxy,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class IdentifierGroup:
    """The tips that carry one identifier, each with its own occurrences of it (an IP seen twice in a tip
    is two observations)."""

    uid: str
    kind: IdentifierKind
    key: str
    tip_count: int
    generic: bool
    by_tip: Mapping[str, tuple[Occurrence, ...]]

    @property
    def tips(self) -> list[str]:
        return sorted(self.by_tip)


def group_by_identifier(occurrences: Iterable[Occurrence], min_tips: int = 1) -> dict[str, IdentifierGroup]:
    """Occurrences gathered per identifier uid, for identifiers carried by at least `min_tips` tips. The
    largest tip_count seen wins, since rows read at different moments may disagree and the larger one is
    the more recent."""
    rows: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        rows[occurrence.uid].append(occurrence)
    groups: dict[str, IdentifierGroup] = {}
    for uid, found in rows.items():
        if len(found) < min_tips:
            continue
        by_tip: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in found:
            by_tip[occurrence.tip_id].append(occurrence)
        if len(by_tip) < min_tips:
            continue
        first = found[0]
        groups[uid] = IdentifierGroup(
            uid=uid,
            kind=first.kind,
            key=first.key,
            tip_count=max(o.tip_count for o in found),
            generic=any(o.generic for o in found),
            by_tip={tip: tuple(mine) for tip, mine in by_tip.items()},
        )
    return groups

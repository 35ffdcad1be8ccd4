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


def group_by_identifier(occurrences: Iterable[Occurrence]) -> dict[str, IdentifierGroup]:
    """Occurrences gathered per identifier uid. The largest tip_count seen wins, since rows read at
    different moments may disagree and the larger one is the more recent."""
    rows: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    first: dict[str, Occurrence] = {}
    counts: dict[str, int] = {}
    generic: dict[str, bool] = {}
    for occurrence in occurrences:
        uid = occurrence.uid
        rows[uid][occurrence.tip_id].append(occurrence)
        first.setdefault(uid, occurrence)
        counts[uid] = max(counts.get(uid, 0), occurrence.tip_count)
        generic[uid] = generic.get(uid, False) or occurrence.generic
    return {
        uid: IdentifierGroup(
            uid=uid,
            kind=first[uid].kind,
            key=first[uid].key,
            tip_count=counts[uid],
            generic=generic[uid],
            by_tip={tip: tuple(found) for tip, found in by_tip.items()},
        )
        for uid, by_tip in rows.items()
    }

"""The rows clustering reads: one per (tip, identifier) occurrence, as the store hands them over.

Clustering never talks to the database. The store reads the HAS relationships of the tips to cluster and
turns each into an `Occurrence`; for an IP the relationship carries the observation (time, port, proxy flag),
which decides how much a shared address says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

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


class IdentifierGroup(NamedTuple):
    """The tips that carry one identifier, each with its own occurrences of it (an IP seen twice in a tip
    is two observations). A named tuple: a recompute makes one per linking identifier per pass."""

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
    rows: dict[str, list[Occurrence]] = {}
    for occurrence in occurrences:
        found = rows.get(occurrence.uid)
        if found is None:
            rows[occurrence.uid] = [occurrence]
        else:
            found.append(occurrence)
    groups: dict[str, IdentifierGroup] = {}
    # One pass per identifier (a recompute groups every cluster's rows twice).
    for uid, found in rows.items():
        if len(found) < min_tips:
            continue
        gathered = gather_identifier(found)
        if len(gathered.by_tip) < min_tips:
            continue
        groups[uid] = gathered.group(uid, found[0])
    return groups


@dataclass(slots=True)
class GatheredRows:
    """One identifier's rows gathered in one pass: each tip's rows, the largest tip count, any explicit
    generic verdict, and the largest count of accounts behind it the store gave (None: none given)."""

    by_tip: dict[str, tuple[Occurrence, ...]]
    tip_count: int
    generic: bool
    accounts: int | None

    def group(self, uid: str, first: Occurrence) -> IdentifierGroup:
        return IdentifierGroup(
            uid=uid,
            kind=first.kind,
            key=first.key,
            tip_count=self.tip_count,
            generic=self.generic,
            by_tip=self.by_tip,
        )


def gather_identifier(found: Sequence[Occurrence]) -> GatheredRows:
    """The rows of one identifier gathered per tip, tips in the order of their first row (rows read at
    different moments may disagree: the largest tip and account counts are the more recent)."""
    # Most tips carry an identifier once: one row each, gathered without a list per tip.
    by_tip: dict[str, tuple[Occurrence, ...]] = {occurrence.tip_id: (occurrence,) for occurrence in found}
    if len(by_tip) < len(found):
        several: dict[str, list[Occurrence]] = {}
        for occurrence in found:
            mine = several.get(occurrence.tip_id)
            if mine is None:
                several[occurrence.tip_id] = [occurrence]
            else:
                mine.append(occurrence)
        by_tip = {tip: tuple(mine) for tip, mine in several.items()}
    return GatheredRows(by_tip, *counts_of(found))


def counts_of(found: Iterable[Occurrence]) -> tuple[int, bool, int | None]:
    """What one identifier's rows say of it: the largest tip count, whether any row calls it generic, and
    the largest account count (None: no row counts accounts). Rows read at different moments may
    disagree: the larger counts are the more recent."""
    tip_count, generic, accounts = 0, False, None
    for occurrence in found:
        if occurrence.tip_count > tip_count:
            tip_count = occurrence.tip_count
        if occurrence.generic:
            generic = True
        if occurrence.accounts is not None and (accounts is None or occurrence.accounts > accounts):
            accounts = occurrence.accounts
    return tip_count, generic, accounts

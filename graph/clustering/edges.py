"""The hand weights' links between tips, computed per shared identifier: the baseline the benches print next
to the evidence model (`graph.clustering.evidence`, `graph.clustering.pairs`), which clustering, whyMember,
bridges, exports and linkedTips all use. `linking_groups` (which identifiers link, and the people behind
them) is shared by both.

Each linking identifier (`graph.clustering.thresholds.links_people`) contributes `graph.linking.shared_weight`
to every pair of its tips, with the people behind it (`graph.clustering.spread`) in place of its tip count.
Per pair, identifiers of one *evidence class* do not add up: a file's MD5, SHA-1, SHA-256 and its storage URL
are one fact (the same file), so a class counts with its strongest identifier. Classes combine by noisy-or
(`graph.linking.combine`).

Two shapes of the same links:
- `candidate_edges`: every linked pair with its combined weight (pairs within each group, so the cost is
  the sum of the squares of the groups, bounded by the generic thresholds). For small sets and tests.
- `link_graph`: what clustering needs at scale. An identifier strong enough alone links all its tips, so it
  is kept as one hyper-link (n - 1 unions, not n² pairs); only weaker identifiers are paired and combined.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from graph.clustering.occurrences import IdentifierGroup, Occurrence, gather_identifier
from graph.clustering.spread import SPREAD_CAP, effective_count
from graph.clustering.thresholds import LINKING_TIPS_CAP, STRONG_LINK, links_people, links_tips
from graph.clustering.unionfind import UnionFind
from graph.kinds import IdentifierKind
from graph.linking import KIND_STRENGTH, combine, shared_weight
from graph.model import Role

# A weak identifier carried by more tips than this is not paired: alone it merges nothing, and combining
# it with others would cost the square of its size for links that the strong identifiers already make.
WEAK_PAIRING_LIMIT: Final = 60
FILE_EVIDENCE: Final = "FILE"
# A file's storage URL says what its hash says: the same file, with a file's strength.
_FILE_URL_FACTOR: Final = KIND_STRENGTH[IdentifierKind.FILE_HASH] / KIND_STRENGTH[IdentifierKind.URL]


class Edge(NamedTuple):
    """A link between two tips (tip_a < tip_b): its combined weight and the identifiers it runs through.
    A named tuple, not a frozen dataclass: a recompute makes one per strong pair (hundreds of thousands per
    50,000 tips), and a tuple is made in a quarter of the time."""

    tip_a: str
    tip_b: str
    weight: float
    uids: tuple[str, ...]
    kinds: tuple[IdentifierKind, ...]


class StrongIdentifier(NamedTuple):
    """An identifier strong enough alone: any two of its tips are strongly linked. `tips[0]` is its anchor
    (a tip with a verified occurrence where there is one, so every link through it counts as verified)."""

    uid: str
    kind: IdentifierKind
    weight: float
    tips: tuple[str, ...]


class PairPositions(NamedTuple):
    """A link graph's pairs as numbers: `pairs[i]` joins `tips[first[i]]` and `tips[second[i]]` (`tips`
    sorted) with weight `weight[i]` through the identifiers `vias[via[i]]` ((uids, kinds), one number per
    distinct uids), so a partition can union them, and clusters cut their link nodes, as arrays.
    `via_rank[n]`: via number n's place among the vias in the order of their uids (tuples compared)."""

    tips: list[str]
    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    via: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    vias: list[tuple[tuple[str, ...], tuple[IdentifierKind, ...]]]
    via_rank: npt.NDArray[np.int64]


class PairLinkNode(NamedTuple):
    """One link node of a cluster's pairs (`graph.clustering.cluster_links`): a connected set of strong
    pairs through the same identifiers, its tips sorted, weighed by its weakest pair."""

    uids: tuple[str, ...]
    kinds: tuple[IdentifierKind, ...]
    weight: float
    tips: list[str]


@dataclass(frozen=True, slots=True)
class LinkGraph:
    """The strong links among a set of tips: hyper-links through single identifiers, plus pairs whose
    weaker identifiers add up to the threshold."""

    identifiers: tuple[StrongIdentifier, ...]
    pairs: tuple[Edge, ...]
    threshold: float
    # The pairs as numbers, when they were weighed as columns (`graph.clustering.pair_table`).
    positions: PairPositions | None = field(default=None, compare=False, repr=False)
    # The link nodes of the pairs in `ClusterLinks`' order, when cut from a partition's as arrays.
    pair_links: tuple[PairLinkNode, ...] | None = field(default=None, compare=False, repr=False)

    def union_edges(self) -> Iterator[Edge]:
        """Star edges of every strong identifier (from its anchor) and the strong pairs, strongest first;
        lazily, since a large store has hundreds of thousands of star edges."""
        stars = (
            Edge(min(found.tips[0], tip), max(found.tips[0], tip), found.weight, (found.uid,), (found.kind,))
            for found in sorted(self.identifiers, key=lambda f: (-f.weight, f.uid))
            for tip in found.tips[1:]
        )
        return heapq.merge(stars, self.pairs, key=lambda e: -e.weight)


def evidence_class(group: IdentifierGroup) -> str:
    if group.kind is IdentifierKind.FILE_HASH or is_file_url(group):
        return FILE_EVIDENCE
    return group.kind.value


def is_file_url(group: IdentifierGroup) -> bool:
    return group.kind is IdentifierKind.URL and all(
        o.role is Role.FILE for found in group.by_tip.values() for o in found
    )


@lru_cache(maxsize=4096)
def _uniform_weight(kind: IdentifierKind, count: int, verified: bool) -> float:
    row = {"verified": verified}
    return shared_weight(kind, count, [row], [row])[0]


class _Weigher:
    """Link weights of the identifiers of one set of occurrences."""

    def __init__(self, spread: Mapping[str, int]) -> None:
        self.spread = spread
        self._ip_rows: dict[tuple[str, str], list[Mapping[str, Any]]] = {}

    def _rows(self, group: IdentifierGroup, tip: str) -> list[Mapping[str, Any]]:
        rows = self._ip_rows.get((group.uid, tip))
        if rows is None:
            rows = self._ip_rows[(group.uid, tip)] = [o.link_row() for o in group.by_tip[tip]]
        return rows

    def count(self, group: IdentifierGroup) -> int:
        return effective_count(group.tip_count, self.spread.get(group.uid, 0))

    def uniform(self, group: IdentifierGroup, verified: bool) -> float:
        """The weight of a non-IP identifier between two of its tips (the same for every pair but for the
        email's verified flag)."""
        weight = _uniform_weight(group.kind, self.count(group), verified)
        return weight * _FILE_URL_FACTOR if is_file_url(group) else weight

    def pair(self, group: IdentifierGroup, tip_a: str, tip_b: str) -> float:
        if group.kind is IdentifierKind.IP:
            rows_a, rows_b = self._rows(group, tip_a), self._rows(group, tip_b)
            return shared_weight(group.kind, self.count(group), rows_a, rows_b)[0]
        mine, theirs = group.by_tip[tip_a], group.by_tip[tip_b]
        return self.uniform(group, any(o.verified for o in (*mine, *theirs)))


def occurrence_links(row: Occurrence) -> bool:
    """Whether the identifier of one occurrence links, by the people rule, from what the row says of it (the
    people behind it as the store counts them; none said: two tips, or counted from the rows at hand)."""
    return links_people(row.kind, row.tip_count, row.accounts or 0, row.generic)


@dataclass(frozen=True, slots=True)
class Linking:
    """What links among a set of occurrences: the linking identifiers, the people behind each
    (`graph.clustering.spread`) and, per tip, its reported (suspect) accounts, which counted them."""

    groups: dict[str, IdentifierGroup]
    spread: dict[str, int]
    accounts: dict[str, set[str]]


def linking_identifiers(occurrences: Iterable[Occurrence], *, by_people: bool = True) -> Linking:
    """The identifiers that link tips, with the people behind each: by the people rule (`links_people`, the
    product's rule), or with `by_people=False` by the tip-count thresholds (`links_tips`, the bench's
    baseline). The one place that rule is applied to rows: `linking_groups` and `kinds.classify` use it.

    One pass over the rows (gathering each identifier's rows and each tip's suspect accounts), then one
    over the identifiers seen twice or more: what `group_by_identifier`, `suspect_accounts` and
    `account_spread` compute, without a pass each (a recompute runs this for every cluster, twice)."""
    rows_of: dict[str, list[Occurrence]] = {}
    accounts: dict[str, set[str]] = {}
    account, suspect = IdentifierKind.ACCOUNT, Role.SUSPECT
    for o in occurrences:
        found = rows_of.get(o.uid)
        if found is None:
            rows_of[o.uid] = [o]
        else:
            found.append(o)
        if o.kind is account and o.role is suspect:
            held = accounts.get(o.tip_id)
            if held is None:
                accounts[o.tip_id] = {o.uid}
            else:
                held.add(o.uid)
    groups: dict[str, IdentifierGroup] = {}
    spread: dict[str, int] = {}
    for uid, found in rows_of.items():
        if len(found) < 2:
            continue
        # What `group_by_identifier` keeps, and what `account_spread` reads first: the largest account
        # count the store gave.
        g = gather_identifier(found)
        if len(g.by_tip) < 2:
            continue
        kind = found[0].kind
        if by_people:
            if g.generic or g.tip_count > LINKING_TIPS_CAP:
                continue
            people = g.accounts if g.accounts is not None else accounts_behind(g.by_tip, accounts)
            if not links_people(kind, g.tip_count, people, g.generic):
                continue
        else:
            if not links_tips(kind, g.tip_count, g.generic):
                continue
            people = g.accounts if g.accounts is not None else accounts_behind(g.by_tip, accounts)
        groups[uid] = g.group(uid, found[0])
        spread[uid] = people
    return Linking(groups, spread, accounts)


def accounts_behind(tips: Iterable[str], accounts: Mapping[str, set[str]]) -> int:
    """The distinct suspect accounts of the tips, counting up to `SPREAD_CAP` (`spread.account_spread`)."""
    seen: set[str] = set()
    for tip in tips:
        seen.update(accounts.get(tip, ()))
        if len(seen) >= SPREAD_CAP:
            break
    return len(seen)


def linking_groups(
    occurrences: Iterable[Occurrence], *, by_people: bool = True
) -> tuple[dict[str, IdentifierGroup], _Weigher]:
    """The identifiers that link tips (`linking_identifiers`), and their weigher."""
    found = linking_identifiers(occurrences, by_people=by_people)
    return found.groups, _Weigher(found.spread)


class _PairAccumulator:
    """Per pair of tips, the strongest identifier of each evidence class."""

    def __init__(self) -> None:
        self.best: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        self.via: dict[tuple[str, str], list[tuple[str, IdentifierKind]]] = defaultdict(list)

    def add(self, tip_a: str, tip_b: str, group: IdentifierGroup, evidence: str, weight: float) -> None:
        pair = (tip_a, tip_b) if tip_a < tip_b else (tip_b, tip_a)
        classes = self.best[pair]
        if weight > classes.get(evidence, -1.0):
            classes[evidence] = weight
        self.via[pair].append((group.uid, group.kind))

    def edges(self, threshold: float) -> Iterator[Edge]:
        for pair, classes in self.best.items():
            weight = combine(classes.values())
            if weight >= threshold:
                via = sorted(self.via[pair])
                yield Edge(pair[0], pair[1], weight, tuple(u for u, _ in via), tuple(k for _, k in via))


def _add_group_pairs(acc: _PairAccumulator, group: IdentifierGroup, weigher: _Weigher) -> None:
    evidence = evidence_class(group)
    for tip_a, tip_b in combinations(group.tips, 2):
        acc.add(tip_a, tip_b, group, evidence, weigher.pair(group, tip_a, tip_b))


def candidate_edges(occurrences: Iterable[Occurrence], threshold: float = 0.0) -> Iterator[Edge]:
    """Every pair of tips sharing a linking identifier, with its combined weight; strongest first.
    Costs the sum of the squares of the linking groups."""
    groups, weigher = linking_groups(occurrences)
    acc = _PairAccumulator()
    for group in groups.values():
        _add_group_pairs(acc, group, weigher)
    yield from sorted(acc.edges(threshold), key=lambda e: (-e.weight, e.tip_a, e.tip_b))


def _anchor_first(group: IdentifierGroup) -> tuple[str, ...]:
    tips = group.tips
    verified = [tip for tip in tips if any(o.verified for o in group.by_tip[tip])]
    anchor = verified[0] if verified else tips[0]
    return (anchor, *(tip for tip in tips if tip != anchor))


def link_graph(occurrences: Iterable[Occurrence], threshold: float = STRONG_LINK) -> LinkGraph:
    """The strong links of a set of occurrences (see the module's docstring)."""
    groups, weigher = linking_groups(occurrences)
    strong: list[StrongIdentifier] = []
    acc = _PairAccumulator()
    for group in sorted(groups.values(), key=lambda g: g.uid):
        if group.kind is not IdentifierKind.IP:
            tips = _anchor_first(group)
            best = weigher.uniform(group, any(o.verified for o in group.by_tip[tips[0]]))
            if best >= threshold:
                strong.append(StrongIdentifier(group.uid, group.kind, best, tips))
                continue
        if len(group.by_tip) <= WEAK_PAIRING_LIMIT:
            _add_group_pairs(acc, group, weigher)
    pairs = sorted(acc.edges(threshold), key=lambda e: (-e.weight, e.tip_a, e.tip_b))
    return LinkGraph(tuple(strong), tuple(pairs), threshold)


def strong_partners(
    tip_id: str, occurrences: Iterable[Occurrence], threshold: float = STRONG_LINK
) -> set[str]:
    """The tips `tip_id` links strongly to, from its rows and those of the tips sharing its identifiers:
    costs the size of its groups, not their squares. For ingest-time clustering."""
    groups, weigher = linking_groups(occurrences)
    partners: set[str] = set()
    acc = _PairAccumulator()
    for group in groups.values():
        if tip_id not in group.by_tip:
            continue
        if group.kind is not IdentifierKind.IP and weigher.uniform(group, verified=False) >= threshold:
            partners.update(group.by_tip)
            continue
        evidence = evidence_class(group)
        for other in group.by_tip:
            if other != tip_id:
                acc.add(tip_id, other, group, evidence, weigher.pair(group, tip_id, other))
    partners.update(tip for edge in acc.edges(threshold) for tip in (edge.tip_a, edge.tip_b))
    partners.discard(tip_id)
    return partners


def hand_partition(occurrences: Iterable[Occurrence], threshold: float = STRONG_LINK) -> dict[str, str]:
    """Every tip's group (a member tip id) under the hand weights: the baseline benches print next to the
    evidence model's tiers (`graph.clustering.pairs.tier_partition`), which clustering uses."""
    rows = list(occurrences)
    forest = UnionFind(o.tip_id for o in rows)
    for edge in link_graph(rows, threshold).union_edges():
        forest.union(edge.tip_a, edge.tip_b)
    return {tip: forest.find(tip) for tip in forest}

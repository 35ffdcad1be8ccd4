"""Candidate pairs of tips under the evidence model (`graph.clustering.evidence`): their levels, their match
probabilities, and the partition a probability threshold gives (a tier).

A candidate pair shares a linking identifier (`graph.clustering.thresholds.links_people`). As in
`graph.clustering.edges`, an identifier links all its tips at once (n - 1 unions, not n² pairs) when every
pair through it reaches the threshold: it does alone, and no two of its tips share anything that could lower
a pair's weight (`_nothing_lowers`); other identifiers are paired, up to `WEAK_PAIRING_LIMIT` tips each.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import combinations
from typing import Final

import numpy as np

from graph.clustering.components import component_labels, components
from graph.clustering.edges import (
    WEAK_PAIRING_LIMIT,
    Edge,
    LinkGraph,
    PairPositions,
    StrongIdentifier,
    _anchor_first,
    is_file_url,
    linking_groups,
)
from graph.clustering.evidence import (
    _IP_OBSERVATIONS,
    CLASS_LEVELS,
    LEVEL_RANK,
    Comparison,
    EvidenceModel,
    Explained,
    SharedFact,
    compare,
    evidence_class_of,
    explain,
    ip_comparison,
    ip_observation,
    probability_of,
)
from graph.clustering.judgements import Judgement, apply_judgements
from graph.clustering.occurrences import IdentifierGroup, Occurrence
from graph.clustering.pair_table import PairTable
from graph.clustering.thresholds import STRONG_PROBABILITY
from graph.clustering.unionfind import UnionFind
from graph.kinds import IdentifierKind
from graph.linking import SAME_DAY_SECONDS, SAME_SESSION_SECONDS, observation_from

Pair = tuple[str, str]


def people_behind(group: IdentifierGroup, spread: Mapping[str, int]) -> int:
    """How many people the evidence model sees behind a value: the distinct suspect accounts of its tips
    (`graph.clustering.spread`), never more than its tips, at least two (a shared value is shared by two).
    Accounts, not accounts / 3: the model's levels learn what a count means (one person has 1-3)."""
    return people_of(group.tip_count, spread.get(group.uid, 0))


def people_of(tip_count: int, accounts: int) -> int:
    """The people behind a value of `tip_count` tips whose suspects hold `accounts` distinct accounts."""
    return max(2, min(tip_count, accounts))


def shared_fact(group: IdentifierGroup, people: int, tip_a: str, tip_b: str) -> SharedFact:
    """The fact one identifier group gives about two of its tips."""
    return SharedFact(
        kind=group.kind,
        key=group.key,
        people=people,
        mine=[o.link_row() for o in group.by_tip[tip_a]],
        theirs=[o.link_row() for o in group.by_tip[tip_b]],
        file_url=is_file_url(group),
    )


class _Levels:
    """Per pair, the most telling level of each class."""

    def __init__(self) -> None:
        self.levels: dict[Pair, dict[str, str]] = defaultdict(dict)

    def add(self, tip_a: str, tip_b: str, found: Comparison) -> None:
        pair = (tip_a, tip_b) if tip_a < tip_b else (tip_b, tip_a)
        levels = self.levels[pair]
        held = levels.get(found.evidence_class)
        if (
            held is None
            or LEVEL_RANK[found.evidence_class][found.level] < LEVEL_RANK[found.evidence_class][held]
        ):
            levels[found.evidence_class] = found.level


def _group_pairs(group: IdentifierGroup, limit: int, rng: random.Random) -> Iterator[Pair]:
    tips = group.tips
    if len(tips) <= limit:
        yield from combinations(tips, 2)
        return
    # A large group (a heavy offender's account): a chain through its tips in random order, so training
    # sees its pairs without the square of its size.
    shuffled = list(tips)
    rng.shuffle(shuffled)
    yield from zip(shuffled, shuffled[1:], strict=False)


def candidate_levels(
    occurrences: Iterable[Occurrence],
    limit: int = WEAK_PAIRING_LIMIT,
    seed: int = 0,
    *,
    by_people: bool = True,
) -> dict[Pair, dict[str, str]]:
    """The candidate pairs of a set of occurrences with their level per shared class (training input);
    `by_people`: the linking identifiers by the people rule (`linking_groups`)."""
    groups, weigher = linking_groups(occurrences, by_people=by_people)
    rng = random.Random(seed)
    acc = _Levels()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, weigher.spread)
        for tip_a, tip_b in _group_pairs(group, limit, rng):
            found = compare(shared_fact(group, people, tip_a, tip_b))
            if found is not None:
                acc.add(tip_a, tip_b, found)
    return dict(acc.levels)


def _alone_level(group: IdentifierGroup, people: int) -> Comparison | None:
    """The least telling level the group gives any pair of its tips, for a non-IP identifier (the same for
    every pair but for an email's verified flag, taken as unverified)."""
    if group.kind is IdentifierKind.IP:
        return None
    return _alone_comparison(group.kind, people, is_file_url(group))


@lru_cache(maxsize=4096)
def _alone_comparison(kind: IdentifierKind, people: int, file_url: bool) -> Comparison | None:
    """`_alone_level`'s comparison: the same for every value of a kind behind as many people (a recompute
    asks it once per linking identifier)."""
    no_flags: list[dict[str, object]] = [{}]
    return compare(SharedFact(kind, "", people, no_flags, no_flags, file_url))


class _Links:
    """Per pair, the most telling level of each class and the identifiers it shares. Pairs come ordered
    (tip_a < tip_b: a group's tips are sorted), each with its levels by rank (0: most telling) and its via
    list in one entry, so adding a pair costs one lookup."""

    def __init__(self) -> None:
        # pair -> ({class: rank of its most telling level}, [(uid, kind)])
        self.entries: dict[Pair, tuple[dict[str, int], list[tuple[str, IdentifierKind]]]] = {}

    def add_via(self, tip_a: str, tip_b: str, group: IdentifierGroup, found: Comparison) -> None:
        pair = (tip_a, tip_b) if tip_a < tip_b else (tip_b, tip_a)
        self.add_ordered(pair, found.evidence_class, LEVEL_RANK[found.evidence_class][found.level], group)

    def add_ordered(self, pair: Pair, evidence: str, rank: int, group: IdentifierGroup) -> None:
        entry = self.entries.get(pair)
        if entry is None:
            self.entries[pair] = ({evidence: rank}, [(group.uid, group.kind)])
            return
        ranks, via = entry
        held = ranks.get(evidence)
        if held is None or rank < held:
            ranks[evidence] = rank
        via.append((group.uid, group.kind))

    def edges(self, model: EvidenceModel, threshold: float) -> Iterator[Edge]:
        gains = _rank_gains(model)
        base = model.base_weight
        # Most pairs share one class: their probability is looked up, not computed (the same sum).
        alone = {
            (evidence, rank): probability_of(base + gain)
            for evidence, class_gains in gains.items()
            for rank, gain in enumerate(class_gains)
        }
        for pair, (ranks, via) in self.entries.items():
            if len(ranks) == 1:
                probability = alone[next(iter(ranks.items()))]
            else:
                weight = base
                for evidence, rank in ranks.items():
                    weight += gains[evidence][rank]
                probability = probability_of(weight)
            if probability < threshold:
                continue
            if len(via) == 1:
                # Most pairs share one identifier.
                uid, kind = via[0]
                yield Edge(pair[0], pair[1], probability, (uid,), (kind,))
                continue
            found = sorted(via)
            uids, kinds = tuple(u for u, _ in found), tuple(k for _, k in found)
            yield Edge(pair[0], pair[1], probability, uids, kinds)


def _rank_gains(model: EvidenceModel) -> dict[str, list[float]]:
    """Per class, each level's gain by its rank (`EvidenceModel.probability`'s terms, looked up by rank)."""
    return {
        evidence: [model.gain(evidence, level) for level in levels]
        for evidence, levels in CLASS_LEVELS.items()
    }


def _add_group_pairs(links: _Links, group: IdentifierGroup, people: int, alone: Comparison | None) -> None:
    """Every pair of the group's tips with the level the identifier gives it. Only an IP's level (its
    observations) and an email's (verified or not) depend on the pair; the others' is `alone`. The group's
    tips are sorted, so its pairs come ordered."""
    if alone is not None and group.kind is not IdentifierKind.EMAIL:
        # `_Links.add_ordered`, inlined: this loop is most of a recompute's weighing.
        evidence, rank = alone.evidence_class, LEVEL_RANK[alone.evidence_class][alone.level]
        entries, through = links.entries, (group.uid, group.kind)
        for pair in combinations(group.tips, 2):
            entry = entries.get(pair)
            if entry is None:
                entries[pair] = ({evidence: rank}, [through])
                continue
            ranks, via = entry
            held = ranks.get(evidence)
            if held is None or rank < held:
                ranks[evidence] = rank
            via.append(through)
        return
    if group.kind is IdentifierKind.IP:
        _add_ip_pairs(links, group, people)
        return
    if alone is not None:
        _add_email_pairs(links, group, alone)
        return
    for tip_a, tip_b in combinations(group.tips, 2):
        found = compare(shared_fact(group, people, tip_a, tip_b))
        if found is not None:
            links.add_via(tip_a, tip_b, group, found)


def _add_pairs_ranked(
    links: _Links, group: IdentifierGroup, evidence: str, rank_of: Callable[[str, str], int]
) -> None:
    """Every pair of the group's tips (ordered) with the rank `rank_of` gives it: `_Links.add_ordered`,
    inlined."""
    entries, through = links.entries, (group.uid, group.kind)
    for pair in combinations(group.tips, 2):
        rank = rank_of(*pair)
        entry = entries.get(pair)
        if entry is None:
            entries[pair] = ({evidence: rank}, [through])
            continue
        ranks, via = entry
        held = ranks.get(evidence)
        if held is None or rank < held:
            ranks[evidence] = rank
        via.append(through)


def _add_email_pairs(links: _Links, group: IdentifierGroup, alone: Comparison) -> None:
    """An email's pairs: its level is `alone`'s but for the verified flag (any occurrence of either tip's),
    so two ranks looked up once, not a comparison per pair (`compare` gives the same levels)."""
    _add_pairs_ranked(links, group, alone.evidence_class, _email_rank_of(group, alone))


def _email_rank_of(group: IdentifierGroup, alone: Comparison) -> Callable[[str, str], int]:
    """An email's rank for two of its tips: `alone`'s level, verified when either tip's occurrence is."""
    bare = alone.level.removeprefix("UNVERIFIED_").removeprefix("VERIFIED_")
    ranks = LEVEL_RANK[alone.evidence_class]
    verified_rank, unverified_rank = ranks[f"VERIFIED_{bare}"], ranks[f"UNVERIFIED_{bare}"]
    verified = {tip for tip, found in group.by_tip.items() if any(o.verified for o in found)}

    def rank_of(tip_a: str, tip_b: str) -> int:
        return verified_rank if tip_a in verified or tip_b in verified else unverified_rank

    return rank_of


_MICROSECOND: Final = timedelta(microseconds=1)
_EPOCH_AWARE: Final = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE: Final = datetime(1970, 1, 1)


def _capture_micros(at: datetime) -> int:
    """A capture time as whole microseconds since the epoch: differences of these are exactly what
    `ip_observation` gets subtracting the datetimes."""
    return (at - (_EPOCH_AWARE if at.tzinfo is not None else _EPOCH_NAIVE)) // _MICROSECOND


def _add_ip_pairs(links: _Links, group: IdentifierGroup, people: int) -> None:
    """An IP's pairs, each at the most telling observation over its two tips' captures (`_ip_rank_of`)."""
    _add_pairs_ranked(links, group, IdentifierKind.IP.value, _ip_rank_of(group, people))


@lru_cache(maxsize=2)
def _ip_ranks(two_people: bool) -> tuple[int, ...]:
    """Per observation index (past the last: no captures to compare), the rank of an IP's level behind two
    people or more (`ip_comparison`'s level depends on nothing else): made once, not per IP group."""
    evidence, last = IdentifierKind.IP.value, len(_IP_OBSERVATIONS) - 1
    people = 2 if two_people else 3
    return tuple(
        LEVEL_RANK[evidence][ip_comparison(_IP_OBSERVATIONS[min(found, last)], "", people).level]
        for found in range(last + 2)
    )


def _ip_rank_of(group: IdentifierGroup, people: int) -> Callable[[str, str], int]:
    """An IP's rank for two of its tips: the most telling observation over their captures, as
    `ip_observation` finds it (and `ip_comparison` ranks it), from captures read once per tip as
    (proxy, microseconds or None, port) and without the sentence, which clustering does not keep."""
    session, day = SAME_SESSION_SECONDS * 1_000_000, SAME_DAY_SECONDS * 1_000_000
    last = len(_IP_OBSERVATIONS) - 1
    rank_by_found = _ip_ranks(max(2, people) <= 2)
    captures = {
        tip: [
            (bool(o.possible_proxy), None if o.at is None else _capture_micros(o.at), o.port) for o in found
        ]
        for tip, found in group.by_tip.items()
    }

    def rank_of(tip_a: str, tip_b: str) -> int:
        best = last + 1
        for proxy_a, at_a, port_a in captures[tip_a]:
            for proxy_b, at_b, port_b in captures[tip_b]:
                if proxy_a or proxy_b:
                    found = 5
                elif at_a is None or at_b is None:
                    found = 4
                else:
                    apart = at_a - at_b if at_a >= at_b else at_b - at_a
                    if apart <= session:
                        found = 0 if port_a is not None and port_a == port_b else 1
                    else:
                        found = 2 if apart <= day else 3
                if found < best:
                    best = found
        return rank_by_found[best]

    return rank_of


def evidence_link_graph(
    occurrences: Iterable[Occurrence],
    model: EvidenceModel,
    threshold: float = STRONG_PROBABILITY,
    *,
    by_people: bool = True,
) -> LinkGraph:
    """The links of probability >= `threshold` among a set of occurrences, each weighed as
    `graph.clustering.evidence.explain` weighs the pair (every shared identifier, one class one fact); an
    `Edge`'s weight is its match probability. The module's docstring says which identifiers link at once.
    `by_people`: which identifiers link is decided by the people rule (`linking_groups`)."""
    groups, weigher = linking_groups(occurrences, by_people=by_people)
    return _link_graph(groups, weigher.spread, model, threshold)


def _alone_probability(model: EvidenceModel, alone: Comparison) -> float:
    """The lowest probability the identifier alone gives a pair (an email's, verified or not)."""
    if alone.evidence_class != IdentifierKind.EMAIL.value:
        return model.probability({alone.evidence_class: alone.level})
    bare = alone.level.removeprefix("UNVERIFIED_")
    return min(
        model.probability({alone.evidence_class: f"{flag}_{bare}"}) for flag in ("VERIFIED", "UNVERIFIED")
    )


def _lowering_carriers(groups: Mapping[str, IdentifierGroup], model: EvidenceModel) -> dict[str, list[str]]:
    """Per tip, the identifiers it carries of the classes that can lower a pair's weight (a level with a
    negative gain, or one below a more telling level's: a file behind many people, a carrier-NAT session)."""
    lowering = {
        evidence
        for evidence, levels in CLASS_LEVELS.items()
        if any(model.gain(evidence, level) < 0 for level in levels)
        or any(
            model.gain(evidence, a) < model.gain(evidence, b)
            for a, b in zip(levels, levels[1:], strict=False)
        )
    }
    carriers: dict[str, list[str]] = defaultdict(list)
    for uid, group in groups.items():
        if evidence_class_of(group.kind, is_file_url(group)) in lowering:
            for tip in group.by_tip:
                carriers[tip].append(uid)
    return carriers


def _nothing_lowers(group: IdentifierGroup, carriers: Mapping[str, list[str]]) -> bool:
    """Whether no two tips of the group share an identifier of a lowering class (besides the group's own):
    then every pair of its tips weighs at least what the group alone gives. Linear in its incidences."""
    seen: set[str] = set()
    for tip in group.by_tip:
        for uid in carriers.get(tip, ()):
            if uid != group.uid:
                if uid in seen:
                    return False
                seen.add(uid)
    return True


def _link_graph(
    groups: Mapping[str, IdentifierGroup], spread: Mapping[str, int], model: EvidenceModel, threshold: float
) -> LinkGraph:
    strong: list[StrongIdentifier] = []
    links = PairTable(sorted({tip for group in groups.values() for tip in group.by_tip}))
    carriers = _lowering_carriers(groups, model)
    probabilities: dict[Comparison, float] = {}
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, spread)
        alone = _alone_level(group, people)
        large = len(group.by_tip) > WEAK_PAIRING_LIMIT
        if alone is not None:
            alone_probability = probabilities.get(alone)
            if alone_probability is None:
                alone_probability = probabilities[alone] = _alone_probability(model, alone)
            # Linked at once (n - 1 unions, not n² pairs) when every pair through it reaches the threshold;
            # or, with too many tips to pair, when the identifier alone does (what else its pairs share is
            # not weighed; a heavy offender's account is what this is for).
            if alone_probability >= threshold and (large or _nothing_lowers(group, carriers)):
                strong.append(StrongIdentifier(uid, group.kind, alone_probability, _anchor_first(group)))
                continue
        if not large:
            _add_group_rows(links, group, people, alone)
        elif group.kind is IdentifierKind.IP:
            star = _large_ip_links(links, group, people, model, threshold)
            if star is not None:
                strong.append(star)
    edges, positions = links.strong_edges(model, threshold)
    return LinkGraph(tuple(strong), tuple(edges), threshold, positions)


def _add_group_rows(table: PairTable, group: IdentifierGroup, people: int, alone: Comparison | None) -> None:
    """`_add_group_pairs` into a `PairTable`: the same pairs at the same levels, as rows of numbers."""
    if alone is not None and group.kind is not IdentifierKind.EMAIL:
        table.add_group(group, alone.evidence_class, LEVEL_RANK[alone.evidence_class][alone.level])
        return
    rank_of: Callable[[str, str], int] | None = None
    if group.kind is IdentifierKind.IP:
        evidence, rank_of = IdentifierKind.IP.value, _ip_rank_of(group, people)
    elif alone is not None:
        evidence, rank_of = alone.evidence_class, _email_rank_of(group, alone)
    if rank_of is not None:
        table.add_group(group, evidence, [rank_of(a, b) for a, b in combinations(group.tips, 2)])
        return
    for tip_a, tip_b in combinations(group.tips, 2):
        found = compare(shared_fact(group, people, tip_a, tip_b))
        if found is not None:
            table.add_via(tip_a, tip_b, group, found)


def _large_ip_links(
    links: _Links | PairTable, group: IdentifierGroup, people: int, model: EvidenceModel, threshold: float
) -> StrongIdentifier | None:
    """A large IP group (too many tips to pair: only the people rule admits one, a heavy offender's own
    address). Of its tips with no capture flagged as a possible proxy, the timed captures fall into runs
    less than a day apart; two such tips in no common run share the address days apart or with no times to
    compare (DAYS_APART or UNTIMED exactly: any closer captures would share a run), so those outside every
    run of two tips or more are linked at once when both levels alone reach the threshold (what else they
    share is not weighed, as for any large group). The tips of a run are paired one by one (runs up to
    `WEAK_PAIRING_LIMIT` tips). Costs sorting the captures."""
    unflagged = sorted(tip for tip, found in group.by_tip.items() if not any(o.possible_proxy for o in found))
    captures = sorted(
        (o.at.timestamp(), tip) for tip in unflagged for o in group.by_tip[tip] if o.at is not None
    )
    runs: list[set[str]] = []
    last: float | None = None
    for at, tip in captures:
        if last is None or at - last > SAME_DAY_SECONDS:
            runs.append(set())
        runs[-1].add(tip)
        last = at
    close: set[str] = set()
    for run in runs:
        if len(run) < 2:
            continue
        close |= run
        if len(run) <= WEAK_PAIRING_LIMIT:
            seen = {tip: [observation_from(o.link_row()) for o in group.by_tip[tip]] for tip in run}
            for tip_a, tip_b in combinations(sorted(run), 2):
                observation, reason = ip_observation(seen[tip_a], seen[tip_b])
                links.add_via(tip_a, tip_b, group, ip_comparison(observation, reason, people))
    apart = tuple(tip for tip in unflagged if tip not in close)
    probability = min(
        _alone_probability(model, ip_comparison(observation, "", people))
        for observation in ("DAYS_APART", "UNTIMED")
    )
    if len(apart) < 2 or probability < threshold:
        return None
    return StrongIdentifier(group.uid, group.kind, probability, apart)


def weighed_in_pairs(group: IdentifierGroup, people: int, model: EvidenceModel, threshold: float) -> bool:
    """Whether `_link_graph` weighs the pairs of the group's tips one by one, and would weigh the pairs of any
    part of its tips one by one too (the same people behind it, of the same evidence class): it has no more
    than `WEAK_PAIRING_LIMIT` tips, and no pair reaches the threshold through it alone (an IP's level depends
    on the pair; any other's weakest level alone falls short), so it is never linked at once."""
    if len(group.by_tip) > WEAK_PAIRING_LIMIT:
        return False
    alone = _alone_level(group, people)
    return alone is None or _alone_probability(model, alone) < threshold


@dataclass(frozen=True, slots=True)
class TierLinks:
    """A tier's partition and what made it: the forest, the links a DIFFERENT judgement refused, the link
    graph and the linking identifiers it was weighed from (for `cluster_links.cluster_link_graphs`)."""

    forest: UnionFind
    refused: list[Edge]
    graph: LinkGraph
    groups: Mapping[str, IdentifierGroup]
    # The people behind each of `groups` (`people_behind`).
    spread: Mapping[str, int]
    # The forest's sets as `UnionFind.sets` lists them (members sorted, in order of their smallest member).
    partition: list[list[str]]


def tier_links(
    occurrences: Iterable[Occurrence],
    model: EvidenceModel,
    threshold: float,
    judgements: Iterable[Judgement] = (),
    *,
    by_people: bool = True,
) -> TierLinks:
    """`tier_forest`, keeping the link graph and its identifiers."""
    rows = list(occurrences)
    judged = list(judgements)
    groups, weigher = linking_groups(rows, by_people=by_people)
    graph = _link_graph(groups, weigher.spread, model, threshold)
    if not judged and graph.positions is not None:
        # Nothing judged: a union fails only within one set, so the order of the unions does not change
        # the sets, and the links are joined as arrays (`graph.clustering.components`).
        partition = _linked_sets(dict.fromkeys(o.tip_id for o in rows), graph, graph.positions)
        return TierLinks(UnionFind.of_sets(partition), [], graph, groups, weigher.spread, partition)
    forest = UnionFind(dict.fromkeys(o.tip_id for o in rows))
    apply_judgements(forest, judged)
    refused: list[Edge] = []
    union = forest.union
    if not forest.constrained:
        # Nothing to refuse (SAME judgements only): the order of the unions does not change the sets either.
        for found in graph.identifiers:
            anchor = found.tips[0]
            for tip in found.tips[1:]:
                union(anchor, tip)
        for edge in graph.pairs:
            union(edge.tip_a, edge.tip_b)
        return TierLinks(forest, refused, graph, groups, weigher.spread, list(forest.sets()))
    for edge in graph.union_edges():
        if not union(edge.tip_a, edge.tip_b) and not forest.connected(edge.tip_a, edge.tip_b):
            refused.append(edge)
    return TierLinks(forest, refused, graph, groups, weigher.spread, list(forest.sets()))


def _linked_sets(tips: Iterable[str], graph: LinkGraph, positions: PairPositions) -> list[list[str]]:
    """The sets of `tips` the graph's links join (members sorted, in order of their smallest member): the
    tips numbered in sorted order, each strong identifier a star from its first tip, the pairs by their
    positions."""
    every = sorted(tips)
    number = {tip: index for index, tip in enumerate(every)}
    star_first: list[int] = []
    star_second: list[int] = []
    for found in graph.identifiers:
        anchor = number[found.tips[0]]
        others = [number[tip] for tip in found.tips[1:]]
        star_first.extend([anchor] * len(others))
        star_second.extend(others)
    renumber = np.fromiter((number[tip] for tip in positions.tips), dtype=np.int64, count=len(positions.tips))
    first = np.concatenate([np.asarray(star_first, dtype=np.int64), renumber[positions.first]])
    second = np.concatenate([np.asarray(star_second, dtype=np.int64), renumber[positions.second]])
    labels = component_labels(len(every), first, second)
    return [[every[tip] for tip in members.tolist()] for members in components(labels)]


def tier_forest(
    occurrences: Iterable[Occurrence],
    model: EvidenceModel,
    threshold: float,
    judgements: Iterable[Judgement] = (),
    *,
    by_people: bool = True,
) -> tuple[UnionFind, list[Edge]]:
    """Tips joined by links of probability >= `threshold`, strongest first, after the analysts' judgements
    (DIFFERENT keeps apart, SAME joins: always obeyed); with the links a DIFFERENT judgement refused."""
    found = tier_links(occurrences, model, threshold, judgements, by_people=by_people)
    return found.forest, found.refused


def tier_partition(
    occurrences: Iterable[Occurrence],
    model: EvidenceModel,
    threshold: float,
    judgements: Iterable[Judgement] = (),
    *,
    by_people: bool = True,
) -> dict[str, str]:
    """Every tip's group (a member tip id) under `tier_forest`."""
    forest, _ = tier_forest(occurrences, model, threshold, judgements, by_people=by_people)
    return {tip: forest.find(tip) for tip in forest}


class PairWeigher:
    """The evidence of any two tips of a set of occurrences, as linkedTips weighs it: every linking identifier
    they share, through `explain`. For explaining a cluster's links (`graph.clustering.cluster_links`)."""

    def __init__(self, groups: Mapping[str, IdentifierGroup], spread: Mapping[str, int]) -> None:
        self.groups = groups
        self.spread = spread
        self._uids_of: dict[str, set[str]] = defaultdict(set)
        for uid, group in groups.items():
            for tip in group.by_tip:
                self._uids_of[tip].add(uid)

    def shared(self, tip_a: str, tip_b: str) -> list[IdentifierGroup]:
        return [self.groups[uid] for uid in sorted(self._uids_of[tip_a] & self._uids_of[tip_b])]

    def explain(
        self, model: EvidenceModel, tip_a: str, tip_b: str
    ) -> tuple[Explained, list[IdentifierGroup]]:
        shared = self.shared(tip_a, tip_b)
        facts = [shared_fact(g, people_behind(g, self.spread), tip_a, tip_b) for g in shared]
        return explain(model, facts), shared


def candidate_edges(occurrences: Iterable[Occurrence], model: EvidenceModel) -> list[Edge]:
    """Every pair of tips sharing a linking identifier with its match probability, strongest first. Costs
    the sum of the squares of the linking groups: for a cluster's export, not for clustering."""
    groups, weigher = linking_groups(occurrences)
    links = _Links()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, weigher.spread)
        _add_group_pairs(links, group, people, _alone_level(group, people))
    return sorted(links.edges(model, 0.0), key=lambda e: (-e.weight, e.tip_a, e.tip_b))


def pair_probabilities(occurrences: Iterable[Occurrence], model: EvidenceModel) -> Mapping[Pair, float]:
    """Every candidate pair's match probability (pairs within groups up to `WEAK_PAIRING_LIMIT` tips)."""
    return {pair: model.probability(levels) for pair, levels in candidate_levels(occurrences).items()}

"""Candidate pairs of tips under the evidence model (`graph.clustering.evidence`): their levels, their match
probabilities, and the partition a probability threshold gives (a tier).

A candidate pair shares a linking identifier (`graph.clustering.thresholds.links_tips`). As in
`graph.clustering.edges`, an identifier links all its tips at once (n - 1 unions, not n² pairs) when the
lowest probability of any pair through it (`EvidenceModel.lowest_with`) reaches the threshold; weaker
identifiers are paired, up to `WEAK_PAIRING_LIMIT` tips each.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations

from graph.clustering.edges import WEAK_PAIRING_LIMIT, _is_file_url, linking_groups
from graph.clustering.evidence import (
    CLASS_LEVELS,
    Comparison,
    EvidenceModel,
    SharedFact,
    compare,
)
from graph.clustering.judgements import Judgement, Verdict
from graph.clustering.occurrences import IdentifierGroup, Occurrence
from graph.clustering.unionfind import UnionFind
from graph.kinds import IdentifierKind

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
        file_url=_is_file_url(group),
    )


class _Levels:
    """Per pair, the most telling level of each class."""

    def __init__(self) -> None:
        self.levels: dict[Pair, dict[str, str]] = defaultdict(dict)

    def add(self, tip_a: str, tip_b: str, found: Comparison) -> None:
        pair = (tip_a, tip_b) if tip_a < tip_b else (tip_b, tip_a)
        held = self.levels[pair].get(found.evidence_class)
        order = CLASS_LEVELS[found.evidence_class]
        if held is None or order.index(found.level) < order.index(held):
            self.levels[pair][found.evidence_class] = found.level


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
    occurrences: Iterable[Occurrence], limit: int = WEAK_PAIRING_LIMIT, seed: int = 0
) -> dict[Pair, dict[str, str]]:
    """The candidate pairs of a set of occurrences with their level per shared class (training input)."""
    groups, weigher = linking_groups(occurrences)
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
    no_flags: list[dict[str, object]] = [{}]
    return compare(SharedFact(group.kind, group.key, people, no_flags, no_flags, _is_file_url(group)))


def tier_partition(
    occurrences: Iterable[Occurrence],
    model: EvidenceModel,
    threshold: float,
    judgements: Iterable[Judgement] = (),
) -> dict[str, str]:
    """Every tip's group (a member tip id) when tips are joined by links of probability >= `threshold`,
    after the analysts' judgements (DIFFERENT keeps apart, SAME joins: always obeyed)."""
    rows = list(occurrences)
    groups, weigher = linking_groups(rows)
    forest = UnionFind(o.tip_id for o in rows)
    ordered = sorted(judgements, key=lambda j: j.verdict is not Verdict.DIFFERENT)
    for judgement in ordered:
        if judgement.verdict is Verdict.DIFFERENT:
            forest.keep_apart(judgement.tip_a, judgement.tip_b)
        elif judgement.verdict is Verdict.SAME:
            forest.union(judgement.tip_a, judgement.tip_b)
    acc = _Levels()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, weigher.spread)
        alone = _alone_level(group, people)
        large = len(group.by_tip) > WEAK_PAIRING_LIMIT
        if alone is not None and (
            model.lowest_with(alone.evidence_class, alone.level) >= threshold
            # Too many tips to pair: linked at once when the identifier alone reaches the threshold (what
            # else its pairs share is not weighed; a heavy offender's account is what this is for).
            or (large and model.probability({alone.evidence_class: alone.level}) >= threshold)
        ):
            tips = group.tips
            for tip in tips[1:]:
                forest.union(tips[0], tip)
            continue
        if large:
            continue
        for tip_a, tip_b in combinations(group.tips, 2):
            found = compare(shared_fact(group, people, tip_a, tip_b))
            if found is not None:
                acc.add(tip_a, tip_b, found)
    scored = sorted(
        ((model.probability(levels), pair) for pair, levels in acc.levels.items()),
        key=lambda item: (-item[0], item[1]),
    )
    for probability, (tip_a, tip_b) in scored:
        if probability < threshold:
            break
        forest.union(tip_a, tip_b)
    return {tip: forest.find(tip) for tip in forest}


def pair_probabilities(occurrences: Iterable[Occurrence], model: EvidenceModel) -> Mapping[Pair, float]:
    """Every candidate pair's match probability (pairs within groups up to `WEAK_PAIRING_LIMIT` tips)."""
    return {pair: model.probability(levels) for pair, levels in candidate_levels(occurrences).items()}

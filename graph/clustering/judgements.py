"""Analysts' verdicts on pairs of tips, which clustering obeys over any weight."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from graph.clustering.unionfind import UnionFind


class Verdict(StrEnum):
    SAME = "SAME"  # one cluster, whatever the links say
    DIFFERENT = "DIFFERENT"  # never one cluster: the weakest link that would join them is refused
    UNSURE = "UNSURE"  # recorded for the record; clustering ignores it


@dataclass(frozen=True, slots=True)
class Judgement:
    tip_a: str
    tip_b: str
    verdict: Verdict


def apply_judgements(forest: UnionFind, judgements: Iterable[Judgement]) -> None:
    """DIFFERENT pairs become constraints first, then SAME pairs are merged: DIFFERENT wins over SAME, and
    both win over any link (links are unioned after, and a union a constraint forbids is refused)."""
    ordered = sorted(judgements, key=lambda j: j.verdict is not Verdict.DIFFERENT)
    for judgement in ordered:
        if judgement.verdict is Verdict.DIFFERENT:
            forest.keep_apart(judgement.tip_a, judgement.tip_b)
        elif judgement.verdict is Verdict.SAME:
            forest.union(judgement.tip_a, judgement.tip_b)

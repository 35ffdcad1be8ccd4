"""How good a clustering is against ground truth, and the naive baseline it must beat.

Pairwise scores: a pair of tips is a true positive when both the prediction and the truth put it in one
group. All three counts come from the contingency table (sum of C(n, 2) over cells, rows and columns), so
the cost is linear in the tips, not quadratic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.clustering.occurrences import Occurrence
from graph.clustering.unionfind import UnionFind


@dataclass(frozen=True, slots=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> PairwiseScores:
    """Precision, recall and F1 over pairs of tips, for the tips present in both mappings. With no pair on
    a side its score is 1 (nothing claimed, nothing wrong; nothing to find, nothing missed)."""
    tips = [tip for tip in predicted if tip in truth]
    cells = Counter((predicted[tip], truth[tip]) for tip in tips)
    rows = Counter(predicted[tip] for tip in tips)
    columns = Counter(truth[tip] for tip in tips)
    correct = sum(_pairs(n) for n in cells.values())
    claimed = sum(_pairs(n) for n in rows.values())
    real = sum(_pairs(n) for n in columns.values())
    precision = correct / claimed if claimed else 1.0
    recall = correct / real if real else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, real, claimed, correct)


def truth_groups(actor_ids: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Offender groups from the generator's truth (tip -> its actor ids): tips sharing an actor are one
    group, transitively; a tip with no actor (a viral forward) is a group of its own."""
    forest = UnionFind(actor_ids)
    first_tip: dict[str, str] = {}
    for tip, actors in actor_ids.items():
        for actor in actors:
            forest.union(first_tip.setdefault(actor, tip), tip)
    return {tip: forest.find(tip) for tip in actor_ids}


def connected_components(occurrences: Iterable[Occurrence]) -> dict[str, str]:
    """The baseline: tips joined by ANY shared identifier, no weights, no generic filtering."""
    forest = UnionFind()
    first_tip: dict[str, str] = {}
    for occurrence in occurrences:
        forest.union(first_tip.setdefault(occurrence.uid, occurrence.tip_id), occurrence.tip_id)
    return {tip: forest.find(tip) for tip in forest}

"""The tiers of a link by its match probability: STRONG (what bulk decisions act on: precision first),
POSSIBLE (what an investigator should look at), WEAK (the rest). Thresholds: `graph.clustering.thresholds`."""

from __future__ import annotations

from enum import Enum

from graph.clustering.thresholds import POSSIBLE_PROBABILITY, STRONG_PROBABILITY


class Tier(Enum):
    STRONG = "STRONG"
    POSSIBLE = "POSSIBLE"
    WEAK = "WEAK"


_RANK = {Tier.STRONG: 0, Tier.POSSIBLE: 1, Tier.WEAK: 2}


def tier_of(probability: float) -> Tier:
    if probability >= STRONG_PROBABILITY:
        return Tier.STRONG
    if probability >= POSSIBLE_PROBABILITY:
        return Tier.POSSIBLE
    return Tier.WEAK


def at_least(tier: Tier, wanted: Tier) -> bool:
    """Whether a link of `tier` passes a filter asking for `wanted` or better (POSSIBLE includes STRONG)."""
    return _RANK[tier] <= _RANK[wanted]

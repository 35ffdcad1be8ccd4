"""Explainable actionability of a tip: a score summed from one weights table, a classification
(REFERRAL or INFORMATIONAL), a priority, each factor's contribution with its evidence, and what is missing.
Pure: no database; `linked_tip_count` comes from whoever knows the links.
"""

from graph.scoring.actionability import (
    Actionability,
    ActionClass,
    Contribution,
    Priority,
    score_tip,
    score_tip_variants,
)
from graph.scoring.weights import P1_THRESHOLD, REFERRAL_THRESHOLD, WEIGHTS, Weight

__all__ = [
    "P1_THRESHOLD",
    "REFERRAL_THRESHOLD",
    "WEIGHTS",
    "ActionClass",
    "Actionability",
    "Contribution",
    "Priority",
    "Weight",
    "score_tip",
    "score_tip_variants",
]

"""Analysts' verdicts on pairs of tips, which clustering obeys over any weight."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    SAME = "SAME"  # one cluster, whatever the links say
    DIFFERENT = "DIFFERENT"  # never one cluster: the weakest link that would join them is refused
    UNSURE = "UNSURE"  # recorded for the record; clustering ignores it


@dataclass(frozen=True, slots=True)
class Judgement:
    tip_a: str
    tip_b: str
    verdict: Verdict

"""Two clocks age a tip's score: the evidence's own age (from the newest incident, upload or IP-capture
time: how likely the trail behind it still exists) and the preservation deadline (from the finished
report: how long the service must keep the content). Each is cut into bands; a score stays true until the
next band boundary of either clock, which is when the re-score sweep must look at the tip again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from graph.scoring.weights import FRESH_SHARE_OF_PRESERVATION, PRESERVATION_ENDING_DAYS


class EvidenceAge(StrEnum):
    FRESH = "FRESH"
    AGING = "AGING"
    OLD = "OLD"


class PreservationBand(StrEnum):
    KEPT = "KEPT"
    ENDING = "ENDING"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class TimeBands:
    """Where a tip stands on both clocks at one moment, and until when that holds (None: for ever)."""

    evidence_age: EvidenceAge
    evidence_days: float
    preservation: PreservationBand
    preservation_days_left: float
    valid_until: datetime | None


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86_400.0


def time_bands(
    evidence_at: datetime, finished_at: datetime, now: datetime, preservation_days: int
) -> TimeBands:
    period = timedelta(days=preservation_days)
    # In UTC, so that the stored moment compares and indexes alike whatever offset the tip was given in.
    evidence_at = evidence_at.astimezone(UTC)
    finished_at = finished_at.astimezone(UTC)
    fresh_until = evidence_at + period * FRESH_SHARE_OF_PRESERVATION
    old_from = evidence_at + period
    deadline = finished_at + period
    ending_from = deadline - timedelta(days=PRESERVATION_ENDING_DAYS)
    if now < fresh_until:
        age = EvidenceAge.FRESH
    elif now < old_from:
        age = EvidenceAge.AGING
    else:
        age = EvidenceAge.OLD
    if now >= deadline:
        preservation = PreservationBand.EXPIRED
    elif now >= ending_from:
        preservation = PreservationBand.ENDING
    else:
        preservation = PreservationBand.KEPT
    # Every band starts at its boundary, so a tip scored at or after valid_until lands in a new band.
    upcoming = [moment for moment in (fresh_until, old_from, ending_from, deadline) if moment > now]
    return TimeBands(
        evidence_age=age,
        evidence_days=_days(now - evidence_at),
        preservation=preservation,
        preservation_days_left=_days(deadline - now),
        valid_until=min(upcoming) if upcoming else None,
    )

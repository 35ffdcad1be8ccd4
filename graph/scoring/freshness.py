"""Two clocks age a tip's score: the evidence's own age (from the newest incident, upload or IP-capture
time: how likely the trail behind it still exists) and the preservation deadline (from the finished
report: how long the service must keep the content). Each is cut into bands; a score stays true until the
next band boundary of either clock, which is when the re-score sweep must look at the tip again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
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


_DAY_SECONDS = 86_400.0


def time_bands(
    evidence_at: datetime, finished_at: datetime, now: datetime, preservation_days: int
) -> TimeBands:
    # In POSIX seconds: comparing aware datetimes of different offsets costs more than the whole rest of
    # the score, and the moments are the same.
    at = now.timestamp()
    period = preservation_days * _DAY_SECONDS
    evidence = evidence_at.timestamp()
    fresh_until = evidence + period * FRESH_SHARE_OF_PRESERVATION
    old_from = evidence + period
    deadline = finished_at.timestamp() + period
    ending_from = deadline - PRESERVATION_ENDING_DAYS * _DAY_SECONDS
    if at < fresh_until:
        age = EvidenceAge.FRESH
    elif at < old_from:
        age = EvidenceAge.AGING
    else:
        age = EvidenceAge.OLD
    if at >= deadline:
        preservation = PreservationBand.EXPIRED
    elif at >= ending_from:
        preservation = PreservationBand.ENDING
    else:
        preservation = PreservationBand.KEPT
    # Every band starts at its boundary, so a tip scored at or after valid_until lands in a new band.
    upcoming = [moment for moment in (fresh_until, old_from, ending_from, deadline) if moment > at]
    return TimeBands(
        evidence_age=age,
        evidence_days=(at - evidence) / _DAY_SECONDS,
        preservation=preservation,
        preservation_days_left=(deadline - at) / _DAY_SECONDS,
        # In UTC, so that the stored moment compares and indexes alike whatever offset the tip was given in.
        valid_until=datetime.fromtimestamp(min(upcoming), UTC) if upcoming else None,
    )

"""A tip's actionability: a score that is the sum of the weights table's factors, the classification and
priority drawn from it, each factor's contribution with its evidence, and what is missing for a referral.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from graph.scoring.evidence import (
    Capture,
    any_jurisdiction,
    identified_minor_victim,
    identify_suspect,
    locate_suspect,
    most_severe_class,
    suspect_captures,
)
from graph.scoring.weights import (
    FRESH_SHARE_LEFT,
    MAX_SCORE,
    MIN_SCORE,
    P1_THRESHOLD,
    PRESERVATION_ENDING_DAYS,
    REFERRAL_THRESHOLD,
    WEIGHTS,
)
from graph.tip import Tip

MISSING_IDENTIFIER = "no suspect identifier (account id, screen name, profile URL, verified email or phone)"
MISSING_LOCATION = (
    "no resolvable location for the suspect (IP capture with time, port and no proxy flag; "
    "estimated location; address)"
)
MISSING_UPLOAD_IP = "no upload IP with a time"
MISSING_VIEW = "file not viewed by the service (police need a warrant to open it)"
MISSING_USER = "no reported user"


class ActionClass(StrEnum):
    REFERRAL = "REFERRAL"
    INFORMATIONAL = "INFORMATIONAL"


class Priority(StrEnum):
    """How soon the tip must be seen, most pressing first."""

    URGENT = "URGENT"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One factor that fired: its id in WEIGHTS, its points, and where in the tip it was found."""

    factor: str
    points: int
    evidence: str


@dataclass(frozen=True, slots=True)
class Actionability:
    score: int
    classification: ActionClass
    priority: Priority
    urgent_reason: str | None
    contributions: tuple[Contribution, ...]
    missing: tuple[str, ...]


# Table order breaks ties between contributions of equal size, so the order is stable.
_TABLE_ORDER = {factor: position for position, factor in enumerate(WEIGHTS)}


def _contribution(factor: str, evidence: str) -> Contribution:
    return Contribution(factor, WEIGHTS[factor].points, evidence)


def _freshness(finished_at: datetime, now: datetime, preservation_days: int) -> Contribution | None:
    left = finished_at + timedelta(days=preservation_days) - now
    days_left = left.total_seconds() / 86_400.0
    if days_left <= 0:
        return _contribution("preservation_expired", f"preservation ended {-days_left:.0f} days ago")
    if days_left < PRESERVATION_ENDING_DAYS:
        return _contribution("preservation_ending", f"{days_left:.0f} days of preservation left")
    if days_left >= preservation_days * FRESH_SHARE_LEFT:
        return _contribution("fresh", f"{days_left:.0f} of {preservation_days} days of preservation left")
    return None


def _file_contributions(tip: Tip, fired: list[Contribution], missing: list[str]) -> None:
    files = tip.files
    if not files:
        return
    viewed = sum(1 for file in files if file.fileViewedByEsp is True)
    if viewed:
        fired.append(_contribution("file_viewed_by_service", f"{viewed} of {len(files)} files viewed"))
    else:
        fired.append(_contribution("no_file_viewed", f"none of {len(files)} files viewed (fileViewedByEsp)"))
        missing.append(MISSING_VIEW)
    severe = most_severe_class(files)
    if severe is not None:
        level, index = severe
        fired.append(
            _contribution(f"severity_{level.value.lower()}", f"files[{index}].industryClassification")
        )
    flagged: dict[str, int] = {}
    for index, file in enumerate(files):
        notes = file.fileAnnotations
        if notes is None:
            continue
        for factor, flag in (
            ("infant", notes.infant),
            ("physical_harm", notes.physicalHarm),
            ("live_streaming", notes.liveStreaming),
        ):
            if flag:
                flagged.setdefault(factor, index)
        if notes.viral or notes.potentialMeme:
            flagged.setdefault("viral_or_meme_file", index)
    for factor, index in flagged.items():
        fired.append(_contribution(factor, f"files[{index}].fileAnnotations"))


def _suspect_contributions(
    tip: Tip, captures: Sequence[Capture], fired: list[Contribution], missing: list[str]
) -> bool:
    """The suspect's factors; True when the suspect is located."""
    users = tip.personOrUserReported
    identified = identify_suspect(tip)
    if identified is not None:
        fired.append(_contribution("identifiable_suspect", identified))
    else:
        evidence = f"{len(users)} reported users, none identifiable" if users else MISSING_USER
        fired.append(_contribution("no_suspect_identifier", evidence))
        missing.append(MISSING_USER if not users else MISSING_IDENTIFIER)
    located = locate_suspect(tip, captures)
    if located is not None:
        fired.append(_contribution(located.factor, located.evidence))
    else:
        fired.append(_contribution("suspect_unlocatable", "no locating evidence"))
        missing.append(MISSING_LOCATION)
        if tip.files and not any(
            file.ipCaptureEvent is not None and file.ipCaptureEvent.dateTime is not None for file in tip.files
        ):
            missing.append(MISSING_UPLOAD_IP)
    times = [event.dateTime is not None for _, event in captures]
    if times and not any(times):
        fired.append(_contribution("ip_without_time", f"{len(times)} IP captures, none with a time"))
    for index, user in enumerate(users):
        if user.compromisedAccount is True:
            fired.append(
                _contribution("compromised_account", f"personOrUserReported[{index}].compromisedAccount")
            )
            break
    for index, user in enumerate(users):
        if user.thirdPartyUserReported is True:
            fired.append(
                _contribution("third_party_user", f"personOrUserReported[{index}].thirdPartyUserReported")
            )
            break
    for index, user in enumerate(users):
        if user.priorCTReports:
            what = f"personOrUserReported[{index}] cites {len(user.priorCTReports)} earlier reports"
            fired.append(_contribution("prior_reports", what))
            break
    for index, user in enumerate(users):
        if user.groupIdentifier:
            fired.append(_contribution("group_identifier", f"personOrUserReported[{index}].groupIdentifier"))
            break
    return located is not None


def score_tip(
    tip: Tip,
    *,
    linked_tip_count: int = 0,
    now: datetime,
    finished_at: datetime,
    preservation_days: int = 365,
) -> Actionability:
    """Score one tip as of `now`; `finished_at` starts the preservation period the service keeps the
    evidence for, and `linked_tip_count` is how many other tips share identifiers with it."""
    if now.utcoffset() is None or finished_at.utcoffset() is None:
        raise ValueError("now and finished_at must carry a UTC offset")
    summary = tip.incidentSummary
    fired: list[Contribution] = []
    missing: list[str] = []
    urgent_reason: str | None = None
    if summary.escalateToHighPriority:
        fired.append(_contribution("escalated", "incidentSummary.escalateToHighPriority"))
        urgent_reason = "the service says a child is in imminent danger (escalateToHighPriority)"
    victim = identified_minor_victim(tip)
    if victim is not None:
        fired.append(_contribution("identified_minor_victim", victim))
        urgent_reason = urgent_reason or f"{victim}: a child may be in contact with the suspect"
    if tip.batchedReport is not None:
        fired.append(
            _contribution("batched_report", f"batchedReport reason {tip.batchedReport.reason.value}")
        )
    if summary.reportAnnotations is not None and summary.reportAnnotations.spam:
        fired.append(_contribution("spam", "incidentSummary.reportAnnotations.spam"))
    captures = suspect_captures(tip)
    located = _suspect_contributions(tip, captures, fired, missing)
    _file_contributions(tip, fired, missing)
    if linked_tip_count > 0:
        fired.append(_contribution("linked_tips", f"linked to {linked_tip_count} other tips"))
    # A located suspect is a jurisdiction: the provider of the address (even a carrier's shared one) knows it.
    if not located and not any_jurisdiction(tip, captures):
        fired.append(_contribution("no_jurisdiction", "no place for suspect, victim or incident"))
    freshness = _freshness(finished_at, now, preservation_days)
    if freshness is not None:
        fired.append(freshness)

    score = max(MIN_SCORE, min(MAX_SCORE, sum(contribution.points for contribution in fired)))
    classification = ActionClass.REFERRAL if score >= REFERRAL_THRESHOLD else ActionClass.INFORMATIONAL
    if urgent_reason is not None:
        priority = Priority.URGENT
    elif score >= P1_THRESHOLD:
        priority = Priority.P1
    elif score >= REFERRAL_THRESHOLD:
        priority = Priority.P2
    else:
        priority = Priority.P3
    fired.sort(key=lambda contribution: (-abs(contribution.points), _TABLE_ORDER[contribution.factor]))
    return Actionability(
        score=score,
        classification=classification,
        priority=priority,
        urgent_reason=urgent_reason,
        contributions=tuple(fired),
        missing=tuple(missing),
    )

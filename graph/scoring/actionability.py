"""A tip's actionability: a score that is the sum of the weights table's factors, the classification and
priority drawn from it, each factor's contribution with its evidence, what is missing, and until when the
score holds as time passes.

`missing` names every kind of evidence the source documents say makes a tip actionable that the tip
lacks, whatever else it has: an identifiable and a locatable suspect, an upload IP with a time, a victim
location, a file a person viewed. The incident time is never missing: the report schema requires it, so a
tip without one is refused at intake.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from graph.scoring.evidence import (
    SEVERITY_ORDER,
    Capture,
    any_jurisdiction,
    has_timed_capture,
    identified_minor_victim,
    identify_suspect,
    locate_suspect,
    locate_victim,
    newest_evidence_time,
    suspect_captures,
    upload_capture_with_time,
)
from graph.scoring.freshness import EvidenceAge, PreservationBand, TimeBands, time_bands
from graph.scoring.verdicts import NOT_CSAM, FileVerdict
from graph.scoring.weights import (
    MAX_SCORE,
    MIN_SCORE,
    P1_THRESHOLD,
    REFERRAL_THRESHOLD,
    WEIGHTS,
)
from graph.tip import IndustryClassification, Tip

MISSING_IDENTIFIER = "no suspect identifier (account id, screen name, profile URL, verified email or phone)"
MISSING_LOCATION = (
    "no resolvable location for the suspect (IP capture with time, port and no proxy flag; "
    "estimated location; address)"
)
MISSING_UPLOAD_IP = "no upload IP with a time"
MISSING_VICTIM_LOCATION = "no victim location (address or estimated location)"
MISSING_VIEW = "no file viewed by the service (police need a warrant to open a file nobody viewed)"
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
    # When it was computed, and the moment a time band (evidence age, preservation deadline) changes,
    # after which it must be computed again; None when no band can change any more.
    computed_at: datetime
    valid_until: datetime | None


# Contributions are listed largest first, table order breaking ties between equal sizes, so the order is
# stable. A factor's points are its table weight, so its place in that order is known from the factor alone.
_RANK: Final = {
    factor: (-abs(weight.points), position) for position, (factor, weight) in enumerate(WEIGHTS.items())
}
_PRESERVATION_ENDING: Final = "preservation_ending"


def _contribution(factor: str, evidence: str) -> Contribution:
    return Contribution(factor, WEIGHTS[factor].points, evidence)


def _time_contributions(bands: TimeBands, evidence_path: str, preservation_days: int) -> list[Contribution]:
    fired = []
    age = f"newest evidence ({evidence_path}) is {bands.evidence_days:.0f} days old"
    if bands.evidence_age is EvidenceAge.FRESH:
        fired.append(_contribution("fresh", age))
    elif bands.evidence_age is EvidenceAge.OLD:
        fired.append(_contribution("old_evidence", f"{age}: older than the {preservation_days}-day period"))
    left = bands.preservation_days_left
    if bands.preservation is PreservationBand.EXPIRED:
        fired.append(_contribution("preservation_expired", f"preservation ended {-left:.0f} days ago"))
    elif bands.preservation is PreservationBand.ENDING:
        fired.append(_contribution("preservation_ending", f"{left:.0f} days of preservation left"))
    return fired


def _severity(tip: Tip, verdicts: Mapping[int, FileVerdict]) -> tuple[IndustryClassification, str] | None:
    """The most severe category among the files, and which label gave it: a file's verdict (an analyst's
    review, a hash-list match) stands in for the service's industryClassification; NOT_CSAM carries none."""
    best: tuple[IndustryClassification, str] | None = None
    for index, file in enumerate(tip.files):
        verdict = verdicts.get(index)
        if verdict is not None and verdict.category is not None:
            if verdict.category == NOT_CSAM:
                continue
            level, where = IndustryClassification(verdict.category), f"files[{index}]: {verdict.source}"
        elif file.industryClassification is not None:
            level, where = file.industryClassification, f"files[{index}].industryClassification"
        else:
            continue
        if best is None or SEVERITY_ORDER.index(level) < SEVERITY_ORDER.index(best[0]):
            best = (level, where)
    return best


def _file_contributions(
    tip: Tip, verdicts: Mapping[int, FileVerdict], fired: list[Contribution], missing: list[str]
) -> None:
    files = tip.files
    by_service = {index for index, file in enumerate(files) if file.fileViewedByEsp is True}
    by_review = {
        index for index, verdict in verdicts.items() if verdict.viewed and 0 <= index < len(files)
    } - by_service
    viewed = len(by_service) + len(by_review)
    if viewed:
        what = f"{viewed} of {len(files)} files viewed"
        if by_review:
            what += f" ({len(by_review)} by an analyst at review)"
        fired.append(_contribution("file_viewed_by_service", what))
    else:
        missing.append(MISSING_VIEW)
    if not files:
        return
    if not viewed:
        fired.append(_contribution("no_file_viewed", f"none of {len(files)} files viewed (fileViewedByEsp)"))
    severe = _severity(tip, verdicts)
    if severe is not None:
        level, where = severe
        fired.append(_contribution(f"severity_{level.value.lower()}", where))
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
    upload = upload_capture_with_time(captures)
    if upload is not None:
        fired.append(_contribution("upload_ip_with_time", upload))
    else:
        missing.append(MISSING_UPLOAD_IP)
    if not has_timed_capture(captures):
        evidence = f"{len(captures)} IP captures, none with a time" if captures else "no IP capture"
        fired.append(_contribution("no_ip_with_time", evidence))
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
    verdicts: Mapping[int, FileVerdict] | None = None,
) -> Actionability:
    """Score one tip as of `now`; `finished_at` starts the preservation period the service keeps the
    evidence for, the evidence's own times (incident, uploads, IP captures) its age, and
    `linked_tip_count` is how many other tips share identifiers with it; `verdicts` are the clearinghouse's
    own findings on files by index (graph/labels: reviews and hash-list matches), which count a file viewed
    and stand in for the service's industryClassification."""
    (result,) = score_tip_variants(
        tip,
        linked_tip_counts=(linked_tip_count,),
        now=now,
        finished_at=finished_at,
        preservation_days=preservation_days,
        verdicts=verdicts,
    )
    return result


def score_tip_variants(
    tip: Tip,
    *,
    linked_tip_counts: Sequence[int],
    now: datetime,
    finished_at: datetime,
    preservation_days: int = 365,
    verdicts: Mapping[int, FileVerdict] | None = None,
) -> tuple[Actionability, ...]:
    """`score_tip` for each of `linked_tip_counts`, the tip read once: ingest scores every tip as it
    stands and as it will stand once linked, and only the linked_tips factor tells the two apart."""
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
    victim_place = locate_victim(tip)
    if victim_place is not None:
        fired.append(_contribution("victim_located", victim_place))
    else:
        missing.append(MISSING_VICTIM_LOCATION)
    _file_contributions(tip, verdicts or {}, fired, missing)
    # Where the linked_tips factor stands among the others (the order ties keep in the final sort).
    linked_at = len(fired)
    # A located suspect is a jurisdiction: the provider of the address (even a carrier's shared one) knows it.
    if not located and not any_jurisdiction(tip, captures):
        fired.append(_contribution("no_jurisdiction", "no place for suspect, victim or incident"))
    evidence_at, evidence_path = newest_evidence_time(tip, captures)
    bands = time_bands(evidence_at, finished_at, now, preservation_days)
    fired.extend(_time_contributions(bands, evidence_path, preservation_days))
    missed = tuple(missing)
    if any(contribution.factor == _PRESERVATION_ENDING for contribution in fired):
        # Kept or dropped by each variant's own sum (see _actionability): each variant on its own.
        return tuple(
            _actionability(
                _with_linked(fired, linked_at, count), urgent_reason, missed, now, bands.valid_until
            )
            for count in linked_tip_counts
        )
    # Otherwise the variants differ by the linked_tips contribution alone: the others are summed and put
    # in order once, and each variant adds its own to the sum and into its place.
    fired.sort(key=_rank_of)
    total = sum(contribution.points for contribution in fired)
    results = []
    for count in linked_tip_counts:
        if count <= 0:
            results.append(_result(list(fired), total, urgent_reason, missed, now, bands.valid_until))
            continue
        linked = _contribution("linked_tips", f"linked to {count} other tips")
        ordered = list(fired)
        insort(ordered, linked, key=_rank_of)
        results.append(_result(ordered, total + linked.points, urgent_reason, missed, now, bands.valid_until))
    return tuple(results)


def _rank_of(contribution: Contribution) -> tuple[int, int]:
    return _RANK[contribution.factor]


def _with_linked(fired: list[Contribution], at: int, linked_tip_count: int) -> list[Contribution]:
    if linked_tip_count <= 0:
        return list(fired)
    linked = _contribution("linked_tips", f"linked to {linked_tip_count} other tips")
    return [*fired[:at], linked, *fired[at:]]


def _actionability(
    fired: list[Contribution],
    urgent_reason: str | None,
    missing: tuple[str, ...],
    now: datetime,
    valid_until: datetime | None,
) -> Actionability:
    # An ending preservation period raises a referral's priority; it must not make one of a tip that is not.
    if sum(c.points for c in fired if c.factor != _PRESERVATION_ENDING) < REFERRAL_THRESHOLD:
        fired = [c for c in fired if c.factor != _PRESERVATION_ENDING]
    fired.sort(key=_rank_of)
    total = sum(contribution.points for contribution in fired)
    return _result(fired, total, urgent_reason, missing, now, valid_until)


def _result(
    ordered: list[Contribution],
    total: int,
    urgent_reason: str | None,
    missing: tuple[str, ...],
    now: datetime,
    valid_until: datetime | None,
) -> Actionability:
    """The score of contributions in their order (`_RANK`) whose points add up to `total`."""
    score = max(MIN_SCORE, min(MAX_SCORE, total))
    classification = ActionClass.REFERRAL if score >= REFERRAL_THRESHOLD else ActionClass.INFORMATIONAL
    if urgent_reason is not None:
        priority = Priority.URGENT
    elif score >= P1_THRESHOLD:
        priority = Priority.P1
    elif score >= REFERRAL_THRESHOLD:
        priority = Priority.P2
    else:
        priority = Priority.P3
    return Actionability(
        score=score,
        classification=classification,
        priority=priority,
        urgent_reason=urgent_reason,
        contributions=tuple(ordered),
        missing=missing,
        computed_at=now,
        valid_until=valid_until,
    )

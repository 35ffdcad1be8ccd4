"""The one table of what raises and lowers a tip's actionability score, and the lines drawn on the score.

The score is the plain sum of the points of the factors that fire, clamped to 0..100; an analyst can add
it up by hand from a tip's contributions. Three groups of factors fire at most one member each, so
that one fact is not counted twice: the locating evidence (the strongest counts), the industry
classification (the most severe file counts) and freshness.

Why the numbers are what they are: a referral needs an identifiable suspect AND a locatable one. Each of
the two moves the score by 50 points between present (+25, or +20 for weaker locating evidence) and absent
(-25), while everything else that raises (severity, repeat behaviour, a viewed file, freshness, an
identified victim) adds up to less than that. So an unidentified or unlocatable suspect stays below the
threshold however severe the file, and a suspect with both crosses it with nothing else. Each ruling-out
fact (bundled, viral, spam, compromised, third party, unviewed files) outweighs all the extras together.
An escalation outweighs everything but a bundled viral report: the service says a child is in danger now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Weight:
    """A factor's points (negative lowers the score) and one line saying when it fires."""

    points: int
    description: str


REFERRAL_THRESHOLD: Final = 45
# Above this a referral is P1; between REFERRAL_THRESHOLD and P1 it is P2; below the threshold P3.
P1_THRESHOLD: Final = 70
MAX_SCORE: Final = 100
MIN_SCORE: Final = 0
# "Well inside the preservation year": at least this share of the preservation period is left.
FRESH_SHARE_LEFT: Final = 0.5
# Fewer days than this before the service may delete the evidence.
PRESERVATION_ENDING_DAYS: Final = 30

WEIGHTS: Final[Mapping[str, Weight]] = MappingProxyType(
    {
        # ---- raises ----
        "escalated": Weight(
            100, "The service says a child is in imminent danger (escalateToHighPriority has text)."
        ),
        "identified_minor_victim": Weight(
            10, "Enticement, sextortion or trafficking with a minor victim the service identifies."
        ),
        "identifiable_suspect": Weight(
            25, "A reported user has an account id, screen name, profile URL, or a verified email or phone."
        ),
        "suspect_located_by_ip": Weight(
            25, "An IP capture (suspect's or upload) with time, port and no proxy flag on an ordinary address."
        ),
        "suspect_located_by_shared_ip": Weight(
            20, "As above, but on a carrier-NAT or private address: resolvable only with the exact port and time."
        ),
        "suspect_address": Weight(20, "The suspect has an address with a resolvable country or US state."),
        "suspect_estimated_location": Weight(
            20, "The service estimates where the suspect is (a resolvable country or US state)."
        ),
        "file_viewed_by_service": Weight(
            5, "A person at the service viewed a reported file, so police may open it without a warrant."
        ),
        "severity_a1": Weight(8, "The most severe file is industry class A1 (prepubescent, sex act)."),
        "severity_a2": Weight(6, "The most severe file is industry class A2 (prepubescent, lascivious)."),
        "severity_b1": Weight(4, "The most severe file is industry class B1 (pubescent, sex act)."),
        "severity_b2": Weight(2, "The most severe file is industry class B2 (pubescent, lascivious)."),
        "infant": Weight(4, "A file is annotated as showing an infant or toddler."),
        "physical_harm": Weight(4, "A file is annotated as showing physical harm."),
        "live_streaming": Weight(4, "A file is annotated as live-streamed abuse."),
        "prior_reports": Weight(5, "A reported user is named in earlier reports (priorCTReports)."),
        "group_identifier": Weight(3, "A reported user belongs to a named group (groupIdentifier)."),
        "linked_tips": Weight(5, "The tip shares identifiers with other tips (links found at ingest)."),
        "fresh": Weight(5, "At least half of the preservation period is left: the evidence is still kept."),
        # ---- lowers ----
        "batched_report": Weight(-50, "A bundled report (batchedReport): a viral file, users known by id only."),
        "viral_or_meme_file": Weight(-40, "A file is flagged viral or potential meme: shared by many, unknowingly."),
        "spam": Weight(-40, "The service annotates the report as spam."),
        "third_party_user": Weight(
            -40, "A reported user is a third party the service knows nothing more about (thirdPartyUserReported)."
        ),
        "compromised_account": Weight(
            -40, "A reported account is compromised: its owner may not be the offender."
        ),
        "no_file_viewed": Weight(
            -30, "Files are reported by hash only, none viewed by a person: police need a warrant to open them."
        ),
        "no_suspect_identifier": Weight(
            -25, "No reported user, or none with an account id, screen name, profile URL, verified contact."
        ),
        "suspect_unlocatable": Weight(
            -25, "Nothing locates the suspect: no usable IP capture, estimated location or address."
        ),
        "no_jurisdiction": Weight(
            -10, "No location anywhere in the tip (suspect, victim, incident, phone, IP): no agency to route to."
        ),
        "ip_without_time": Weight(
            -5, "The tip has IP captures but none with a time: a provider cannot say who used the address."
        ),
        "preservation_ending": Weight(
            -10, f"Fewer than {PRESERVATION_ENDING_DAYS} days are left before the service may delete the evidence."
        ),
        "preservation_expired": Weight(
            -20, "The preservation period is over: the service may have deleted the evidence."
        ),
    }
)

"""The one table of what raises and lowers a tip's actionability score, and the lines drawn on the score.

The score is the plain sum of the points of the factors that fire, clamped to 0..100; an analyst can add
it up by hand from a tip's contributions. Four groups fire at most one member each, so that one fact is
not counted twice: the locating evidence (the strongest counts), the industry classification (the most
severe file counts), the evidence's age (fresh or old) and the preservation deadline (ending or over).

More evidence never scores lower than less (tests/unit/test_scoring_monotone.py): what is missing costs
points by its absence (no identifier, no location, no IP capture with a time), never by the presence of a
weaker form of it, so an IP without a time scores at least what no IP scores. The facts the source
documents name as lowering a tip (bundled, viral or meme, spam, compromised, third party, a hash nobody
viewed, a proxy flag) are not evidence and do lower it.

Why the numbers are what they are (tests/unit/test_scoring.py checks each of these on the table):
- A referral needs an identifiable AND a locatable suspect. Each moves the score by 80 or more points
  between present (+25; +20 for weaker locating evidence) and absent (-60), while everything else that
  raises (an upload IP with a time, an identified or located victim, a viewed file, severity, repeat
  behaviour, fresh evidence) adds up to at most 68. So no amount of severity or history makes up for a
  suspect who cannot be identified or located.
- The least a referral needs, an identifier and the weakest locating evidence, reaches the threshold even
  with no IP capture with a time, evidence neither fresh nor old, and a preservation period not ending.
- A complete tip in the source documents' sense (identified suspect, upload IP with a time, a file a
  person viewed, fresh evidence) is P1 whatever its severity; old evidence takes it down a priority but
  keeps it a referral.
- A referral whose preservation period is ending needs attention before the evidence may be deleted (the
  source documents: work not done by the deadline may find the evidence gone), so it rises (+10, enough
  to lift a P2 into P1); it never makes a referral of an informational tip, which nobody works.
- Each ruling-out fact (bundled, viral or meme, spam, compromised, third party, no file viewed) takes
  more than the best tip without escalation can have above the threshold.
- An escalation makes a referral even of a tip with nothing else in it: the service says a child is in
  danger now. Only ruling-out facts can outweigh it, on a tip that also lacks an identified or located
  suspect.
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


REFERRAL_THRESHOLD: Final = 40
# Above this a referral is P1; between REFERRAL_THRESHOLD and P1 it is P2; below the threshold P3.
P1_THRESHOLD: Final = 70
MAX_SCORE: Final = 100
MIN_SCORE: Final = 0
# Evidence is fresh while its newest time (incident, upload, IP capture) is younger than this share of the
# preservation period ("well inside the preservation year"), and old once it is older than the whole
# period: older than anything the service had to keep, and than most providers keep their address logs.
FRESH_SHARE_OF_PRESERVATION: Final = 0.5
# Fewer days than this before the service may delete the evidence.
PRESERVATION_ENDING_DAYS: Final = 30

WEIGHTS: Final[Mapping[str, Weight]] = MappingProxyType(
    {
        # ---- raises ----
        "escalated": Weight(
            200, "The service says a child is in imminent danger (escalateToHighPriority has text)."
        ),
        "identified_minor_victim": Weight(
            10, "Enticement, sextortion or trafficking with a minor victim the service identifies."
        ),
        "identifiable_suspect": Weight(
            25, "A reported user has an account id, screen name, profile URL, or a verified email or phone."
        ),
        "suspect_located_by_ip": Weight(
            25,
            "An IP capture (suspect's or upload) with time, port and no proxy flag on an ordinary address.",
        ),
        "suspect_located_by_shared_ip": Weight(
            20,
            "As above, on a carrier-NAT or private address: resolvable only with the exact port and time.",
        ),
        "suspect_address": Weight(20, "The suspect has an address with a resolvable country or US state."),
        "suspect_estimated_location": Weight(
            20, "The service estimates where the suspect is (a resolvable country or US state)."
        ),
        "upload_ip_with_time": Weight(
            10,
            "The IP a file was uploaded from, with its time and no proxy flag: ties the suspect to the file.",
        ),
        "victim_located": Weight(5, "A victim has an address or estimated location that resolves."),
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
        "fresh": Weight(
            5,
            "The newest evidence (incident, upload or IP capture time) is under half a preservation period.",
        ),
        # ---- lowers ----
        "batched_report": Weight(
            -80, "A bundled report (batchedReport): a viral file, users known by id only."
        ),
        "viral_or_meme_file": Weight(
            -80, "A file is flagged viral or potential meme: shared by many, unknowingly."
        ),
        "spam": Weight(-80, "The service annotates the report as spam."),
        "third_party_user": Weight(
            -80,
            "A reported user is a third party the service knows nothing more about (thirdPartyUserReported).",
        ),
        "compromised_account": Weight(
            -80, "A reported account is compromised: its owner may not be the offender."
        ),
        "no_file_viewed": Weight(
            -80,
            "Files are reported by hash only, none viewed by a person: police need a warrant to open them.",
        ),
        "no_suspect_identifier": Weight(
            -60, "No reported user, or none with an account id, screen name, profile URL, verified contact."
        ),
        "suspect_unlocatable": Weight(
            -60, "Nothing locates the suspect: no usable IP capture, estimated location or address."
        ),
        "no_jurisdiction": Weight(
            -10,
            "No location anywhere in the tip (suspect, victim, incident, phone, IP): no agency to route to.",
        ),
        "no_ip_with_time": Weight(
            -5, "No IP capture has a time: no provider can say who used an address (with or without an IP)."
        ),
        "old_evidence": Weight(
            -10,
            "The newest evidence is older than a preservation period: logs and content may be gone.",
        ),
        "preservation_ending": Weight(
            10,
            f"A referral with fewer than {PRESERVATION_ENDING_DAYS} days left before the service may delete "
            "the evidence: work it first (an informational tip does not rise).",
        ),
        "preservation_expired": Weight(
            -20, "The preservation period is over: the service may have deleted the evidence."
        ),
    }
)

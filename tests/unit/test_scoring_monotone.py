"""More evidence never scores lower than less: a property over generated tips.

A tip is generated as a set of pieces of evidence on top of a drawn background (incident type, the ages
of its times, the kind of IP address, and the facts the sources say lower a tip - a proxy flag, a
compromised or third-party account, spam, a viral file - which are not evidence). Adding any one piece
of evidence it lacks must never lower its score, nor make its priority less pressing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.incident_types import IncidentType
from graph.scoring import Actionability, Priority, score_tip
from graph.tip import parse_tip

Json = dict[str, Any]
NOW = datetime(2026, 10, 1, tzinfo=UTC)
RANK = {Priority.URGENT: 0, Priority.P1: 1, Priority.P2: 2, Priority.P3: 3}

EVIDENCE = (
    "escalation",
    "esp_identifier",
    "screen_name",
    "verified_email",
    "unverified_phone",
    "user_ip",
    "user_ip_time",
    "user_ip_port",
    "address",
    "estimated_location",
    "prior_reports",
    "group_identifier",
    "viewed_file",
    "unviewed_second_file",
    "upload_time",
    "upload_ip",
    "upload_ip_time",
    "upload_ip_port",
    "severity",
    "infant",
    "physical_harm",
    "live_streaming",
    "victim",
    "victim_location",
    "linked",
)


@dataclass(frozen=True)
class Background:
    incident_type: IncidentType
    incident_days_ago: int
    upload_days_ago: int
    capture_days_ago: int
    days_after_finish: int
    ip: str
    proxy: bool
    compromised: bool
    third_party: bool
    spam: bool
    viral_file: bool
    severity: str


backgrounds = st.builds(
    Background,
    incident_type=st.sampled_from(list(IncidentType)),
    incident_days_ago=st.integers(0, 900),
    upload_days_ago=st.integers(0, 900),
    capture_days_ago=st.integers(0, 900),
    days_after_finish=st.integers(0, 500),
    ip=st.sampled_from(["203.0.113.7", "100.64.3.9", "2001:db8::5"]),
    proxy=st.booleans(),
    compromised=st.booleans(),
    third_party=st.booleans(),
    spam=st.booleans(),
    viral_file=st.booleans(),
    severity=st.sampled_from(["A1", "A2", "B1", "B2"]),
)


def build(background: Background, pieces: frozenset[str], now: datetime) -> Json:
    def ago(days: int) -> str:
        return (now - timedelta(days=days, hours=1)).isoformat()

    def capture(event: str, prefix: str, days: int) -> Json:
        found: Json = {"ipAddress": background.ip, "eventName": event, "possibleProxy": background.proxy}
        if f"{prefix}_time" in pieces:
            found["dateTime"] = ago(days)
        if f"{prefix}_port" in pieces:
            found["port"] = 40112
        return found

    summary: Json = {
        "incidentType": background.incident_type.value,
        "incidentDateTime": ago(background.incident_days_ago),
    }
    if "escalation" in pieces:
        summary["escalateToHighPriority"] = "A child is in danger."
    if background.spam:
        summary["reportAnnotations"] = {"spam": True}
    user: Json = {}
    person: Json = {}
    if "esp_identifier" in pieces:
        user["espIdentifier"] = "5512093"
    if "screen_name" in pieces:
        user["screenName"] = "quiet_heron_4"
    if "verified_email" in pieces:
        person["email"] = [{"value": "heron@example.com", "verified": True}]
    if "unverified_phone" in pieces:
        person["phone"] = [{"value": "+1-202-555-0147", "verified": False}]
    if "address" in pieces:
        person["address"] = [{"city": "Austin", "state": "TX", "country": "US"}]
    if person:
        user["personOrUserReportedPerson"] = person
    if "user_ip" in pieces:
        user["ipCaptureEvent"] = [capture("Login", "user_ip", background.capture_days_ago)]
    if "estimated_location" in pieces:
        user["estimatedLocation"] = {"countryCode": "US", "region": "TX"}
    if "prior_reports" in pieces:
        user["priorCTReports"] = [171234567]
    if "group_identifier" in pieces:
        user["groupIdentifier"] = "herons"
    if background.compromised:
        user["compromisedAccount"] = True
    if background.third_party:
        user["thirdPartyUserReported"] = True
    files: list[Json] = []
    if "viewed_file" in pieces:
        viewed: Json = {
            "fileName": "a.jpg",
            "fileViewedByEsp": True,
            "originalFileHash": [{"value": "0cc175b9c0f1b6a831c399e269772661", "hashType": "MD5"}],
        }
        if "upload_time" in pieces:
            viewed["uploadedToEspTimestamp"] = ago(background.upload_days_ago)
        if "upload_ip" in pieces:
            viewed["ipCaptureEvent"] = capture("Upload", "upload_ip", background.upload_days_ago)
        if "severity" in pieces:
            viewed["industryClassification"] = background.severity
        notes = {name: True for name in ("infant", "physical_harm", "live_streaming") if name in pieces}
        if notes:
            viewed["fileAnnotations"] = {
                {"physical_harm": "physicalHarm", "live_streaming": "liveStreaming"}.get(name, name): True
                for name in notes
            }
        files.append(viewed)
        if "unviewed_second_file" in pieces:
            files.append(
                {
                    "fileName": "b.jpg",
                    "fileViewedByEsp": False,
                    "originalFileHash": [{"value": "4a8a08f09d37b73795649038408b5f33", "hashType": "MD5"}],
                }
            )
    if background.viral_file:
        files.append(
            {
                "fileName": "meme.jpg",
                "fileAnnotations": {"potentialMeme": True},
                "originalFileHash": [{"value": "8277e0910d750195b448797616e091ad", "hashType": "MD5"}],
            }
        )
    data: Json = {
        "reportId": "PROPERTY-1",
        "incidentSummary": summary,
        "reporter": {"reportingPerson": {"email": [{"value": "reports@pixpost.example.com"}]}},
        "personOrUserReported": [user],
        "files": files,
    }
    victim: Json = {}
    if "victim" in pieces:
        victim.update({"screenName": "sunny.days.09", "victimPerson": {"age": 13}})
    if "victim_location" in pieces:
        victim["estimatedLocation"] = {"countryCode": "US", "region": "TX"}
    if victim:
        data["victim"] = [victim]
    return data


def score(background: Background, pieces: frozenset[str]) -> Actionability:
    now = NOW
    finished = now - timedelta(days=background.days_after_finish)
    tip = parse_tip(build(background, pieces, now), now=now)
    return score_tip(tip, now=now, finished_at=finished, linked_tip_count=int("linked" in pieces))


# Each piece present with even odds, so tips range from bare to complete (a plain set strategy draws
# mostly small sets, and rarely the ones where a weaker form of evidence sits beside a stronger one).
evidence_sets = st.lists(st.booleans(), min_size=len(EVIDENCE), max_size=len(EVIDENCE)).map(
    lambda present: frozenset(piece for piece, keep in zip(EVIDENCE, present, strict=True) if keep)
)


@settings(max_examples=300, deadline=None)
@given(background=backgrounds, pieces=evidence_sets, added=st.sampled_from(EVIDENCE))
def test_adding_evidence_never_lowers_the_score(
    background: Background, pieces: frozenset[str], added: str
) -> None:
    before = score(background, pieces - {added})
    after = score(background, pieces | {added})
    assert after.score >= before.score, (added, before.contributions, after.contributions)
    assert RANK[after.priority] <= RANK[before.priority]


def test_the_property_finds_the_old_inversion() -> None:
    """The defect of issue 12, as the generator builds it: an IP without a time must not score below no
    IP at all, beside an address that locates the suspect."""
    background = Background(
        IncidentType.CHILD_PORNOGRAPHY, 2, 2, 2, 0, "203.0.113.7", False, False, False, False, False, "B1"
    )
    pieces = frozenset({"esp_identifier", "address", "viewed_file", "severity"})
    assert score(background, pieces | {"user_ip"}).score >= score(background, pieces).score

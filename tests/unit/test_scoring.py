"""Actionability scoring: every factor fires on a minimal tip built from the example, the score is
the clamped sum of the weights table, and REFERRAL agrees with the generator's ground truth."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest

from graph.incident_types import IncidentType
from graph.scoring import (
    P1_THRESHOLD,
    REFERRAL_THRESHOLD,
    WEIGHTS,
    Actionability,
    ActionClass,
    Priority,
    score_tip,
    score_tip_variants,
)
from graph.synthetic import GeneratorConfig, generate
from graph.tip import parse_tip
from tests.conftest import EXAMPLES

EXAMPLE_JSON = EXAMPLES / "tip.json"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
FINISHED = datetime(2026, 9, 15, tzinfo=UTC)
WHEN = "2026-09-14T20:55:12-05:00"

Json = dict[str, Any]


def example() -> Json:
    data = orjson.loads(EXAMPLE_JSON.read_bytes())
    assert isinstance(data, dict)
    return data


def minimal() -> Json:
    """The example cut down to a possession report about a user the service knows nothing about."""
    data = example()
    return {
        "reportId": "EX-MINIMAL",
        "incidentSummary": {
            "incidentType": IncidentType.CHILD_PORNOGRAPHY.value,
            "incidentDateTime": data["incidentSummary"]["incidentDateTime"],
        },
        "reporter": data["reporter"],
        "personOrUserReported": [{}],
    }


def score(data: Json, *, linked_tip_count: int = 0, now: datetime = NOW) -> Actionability:
    return score_tip(
        parse_tip(data, now=NOW), linked_tip_count=linked_tip_count, now=now, finished_at=FINISHED
    )


def factors(result: Actionability) -> set[str]:
    return {contribution.factor for contribution in result.contributions}


def user(data: Json) -> Json:
    reported = data["personOrUserReported"][0]
    assert isinstance(reported, dict)
    return reported


def capture(ip: str = "198.51.100.23", **changes: Any) -> Json:
    event: Json = {
        "ipAddress": ip,
        "eventName": "Login",
        "dateTime": WHEN,
        "possibleProxy": False,
        "port": 51544,
    }
    event.update(changes)
    return {key: value for key, value in event.items() if value is not None}


def file(**changes: Any) -> Json:
    entry: Json = {
        "fileName": "f.jpg",
        "fileViewedByEsp": True,
        "originalFileHash": [{"value": "9e107d9d372bb6826bd81d3542a419d6", "hashType": "MD5"}],
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


def complete() -> Json:
    """Identifiable and locatable, nothing else: the least a referral needs."""
    data = minimal()
    user(data)["espIdentifier"] = "88431207"
    user(data)["ipCaptureEvent"] = [capture()]
    return data


# ---- the example tip ------------------------------------------------------------------------------


def test_example_tip_is_an_urgent_referral() -> None:
    result = score(example())
    assert result.classification is ActionClass.REFERRAL
    assert result.priority is Priority.URGENT
    assert result.urgent_reason is not None and "escalateToHighPriority" in result.urgent_reason
    assert result.score == 100
    assert {
        "escalated",
        "identifiable_suspect",
        "suspect_located_by_ip",
        "identified_minor_victim",
        "file_viewed_by_service",
        "severity_b1",
        "prior_reports",
        "group_identifier",
        "fresh",
    } <= factors(result)
    assert result.missing == ()


def test_contributions_come_from_the_table_biggest_first() -> None:
    result = score(example(), linked_tip_count=3)
    for contribution in result.contributions:
        assert contribution.points == WEIGHTS[contribution.factor].points
        assert contribution.evidence
    sizes = [abs(contribution.points) for contribution in result.contributions]
    assert sizes == sorted(sizes, reverse=True)
    assert len(factors(result)) == len(result.contributions)


def test_score_is_the_sum_of_contributions_when_inside_the_range() -> None:
    result = score(complete())
    assert 0 < result.score < 100
    assert result.score == sum(contribution.points for contribution in result.contributions)


# ---- each factor fires on a minimal tip -----------------------------------------------------------


def _escalate(data: Json) -> None:
    data["incidentSummary"]["escalateToHighPriority"] = "The user arranged to meet the child."


def _victim(incident_type: IncidentType | None = None, sextortion: bool = False) -> Callable[[Json], None]:
    def change(data: Json) -> None:
        if incident_type is not None:
            data["incidentSummary"]["incidentType"] = incident_type.value
        if sextortion:
            data["incidentSummary"]["reportAnnotations"] = {"sextortion": True}
        data["victim"] = [{"victimPerson": {"age": 13}, "screenName": "sunny.days"}]

    return change


def _set_user(**fields: Any) -> Callable[[Json], None]:
    def change(data: Json) -> None:
        user(data).update(fields)

    return change


def _set_person(**fields: Any) -> Callable[[Json], None]:
    def change(data: Json) -> None:
        user(data).setdefault("personOrUserReportedPerson", {}).update(fields)

    return change


def _files(*entries: Json) -> Callable[[Json], None]:
    def change(data: Json) -> None:
        data["files"] = list(entries)

    return change


def _summary_flag(name: str) -> Callable[[Json], None]:
    def change(data: Json) -> None:
        data["incidentSummary"]["reportAnnotations"] = {name: True}

    return change


def _batched(data: Json) -> None:
    data["batchedReport"] = {"reason": "VIRAL_POTENTIAL_MEME"}
    data["personOrUserReported"] = [{"espIdentifier": "1"}, {"espIdentifier": "2"}]
    data["files"] = [file(fileAnnotations={"viral": True})]


def _victim_place(data: Json) -> None:
    data["victim"] = [{"victimPerson": {"address": [{"state": "OH", "country": "US"}]}}]


FACTOR_CASES: list[tuple[str, Callable[[Json], None]]] = [
    ("escalated", _escalate),
    ("identified_minor_victim", _victim(IncidentType.ONLINE_ENTICEMENT)),
    ("identified_minor_victim", _victim(IncidentType.CHILD_SEX_TRAFFICKING)),
    ("identified_minor_victim", _victim(sextortion=True)),
    ("identifiable_suspect", _set_user(espIdentifier="88431207")),
    ("identifiable_suspect", _set_user(screenName="Night_Owl_77")),
    ("identifiable_suspect", _set_user(profileUrl=["https://pixpost.example.com/u/night.owl.77"])),
    ("identifiable_suspect", _set_person(email=[{"value": "owl@example.com", "verified": True}])),
    ("identifiable_suspect", _set_person(phone=[{"value": "+1-202-555-0147", "verified": True}])),
    ("suspect_located_by_ip", _set_user(ipCaptureEvent=[capture()])),
    ("suspect_located_by_ip", _set_user(ipCaptureEvent=[capture("2001:db8::1f")])),
    ("suspect_located_by_ip", _files(file(ipCaptureEvent=capture(eventName="Upload")))),
    ("suspect_located_by_shared_ip", _set_user(ipCaptureEvent=[capture("100.64.12.7")])),
    ("suspect_located_by_shared_ip", _set_user(ipCaptureEvent=[capture("192.168.1.20")])),
    ("suspect_address", _set_person(address=[{"city": "Columbus", "state": "OH", "country": "US"}])),
    ("suspect_estimated_location", _set_user(estimatedLocation={"region": "OH", "countryCode": "US"})),
    ("file_viewed_by_service", _files(file(), file(fileViewedByEsp=False))),
    ("no_file_viewed", _files(file(fileViewedByEsp=False), file(fileViewedByEsp=None))),
    ("severity_a1", _files(file(industryClassification="B2"), file(industryClassification="A1"))),
    ("severity_a2", _files(file(industryClassification="A2"), file(industryClassification="B1"))),
    ("severity_b1", _files(file(industryClassification="B1"), file(industryClassification="B2"))),
    ("severity_b2", _files(file(industryClassification="B2"))),
    ("infant", _files(file(fileAnnotations={"infant": True}))),
    ("physical_harm", _files(file(fileAnnotations={"physicalHarm": True}))),
    ("live_streaming", _files(file(fileAnnotations={"liveStreaming": True}))),
    ("prior_reports", _set_user(priorCTReports=[171234567])),
    ("group_identifier", _set_user(groupIdentifier="channel: owls-nest")),
    ("batched_report", _batched),
    ("viral_or_meme_file", _files(file(fileAnnotations={"viral": True}))),
    ("viral_or_meme_file", _files(file(), file(fileAnnotations={"potentialMeme": True}))),
    ("spam", _summary_flag("spam")),
    ("third_party_user", _set_user(thirdPartyUserReported=True)),
    ("compromised_account", _set_user(compromisedAccount=True)),
    ("no_suspect_identifier", _set_person(email=[{"value": "owl@example.com", "verified": False}])),
    ("suspect_unlocatable", _set_user(ipCaptureEvent=[capture(possibleProxy=True)])),
    ("suspect_unlocatable", _set_user(ipCaptureEvent=[capture(port=None)])),
    ("suspect_unlocatable", _set_user(ipCaptureEvent=[capture(dateTime=None)])),
    ("no_jurisdiction", _set_user(espIdentifier="88431207")),
    (
        "no_ip_with_time",
        _set_user(ipCaptureEvent=[capture(dateTime=None), capture("100.64.0.9", dateTime=None)]),
    ),
    ("upload_ip_with_time", _files(file(ipCaptureEvent=capture(eventName="Upload", port=None)))),
    ("upload_ip_with_time", _set_user(ipCaptureEvent=[capture(eventName="Upload")])),
    ("victim_located", _victim_place),
]


@pytest.mark.parametrize(("factor", "change"), FACTOR_CASES)
def test_factor_fires_on_a_minimal_tip(factor: str, change: Callable[[Json], None]) -> None:
    data = minimal()
    assert factor not in factors(score(data)) or factor in {
        "no_suspect_identifier",
        "suspect_unlocatable",
        "no_jurisdiction",
        "no_ip_with_time",
    }
    change(data)
    result = score(data)
    assert factor in factors(result)
    contribution = next(c for c in result.contributions if c.factor == factor)
    assert contribution.points == WEIGHTS[factor].points


def test_every_factor_in_the_table_has_a_case() -> None:
    covered = {factor for factor, _ in FACTOR_CASES} | {
        "linked_tips",
        "fresh",
        "old_evidence",
        "preservation_ending",
        "preservation_expired",
    }
    assert covered == set(WEIGHTS)


def test_the_variants_of_a_tip_are_each_scored_as_alone_would_score_them() -> None:
    # Ingest scores every tip unlinked and linked at once; each variant must be the tip's own score, only
    # the linked_tips contribution added (and what the sum decides: preservation_ending, the classes).
    tips = [parse_tip(example(), now=NOW), parse_tip(minimal(), now=NOW)]
    tips += [parse_tip(made.tip, now=NOW) for made in generate(GeneratorConfig(tips=60, seed=3, now=NOW))]
    for tip in tips:
        alone = [score_tip(tip, linked_tip_count=count, now=NOW, finished_at=NOW) for count in (0, 1, 4)]
        at_once = score_tip_variants(tip, linked_tip_counts=(0, 1, 4), now=NOW, finished_at=NOW)
        assert list(at_once) == alone
        unlinked, linked = at_once[0], at_once[1]
        assert "linked_tips" not in factors(unlinked) and "linked_tips" in factors(linked)
        others = [c for c in linked.contributions if c.factor not in ("linked_tips", "preservation_ending")]
        assert others == [c for c in unlinked.contributions if c.factor != "preservation_ending"]


def test_linked_tips_count_as_repeat_behaviour() -> None:
    assert "linked_tips" not in factors(score(minimal()))
    result = score(minimal(), linked_tip_count=2)
    assert "linked_tips" in factors(result)
    assert "2 other tips" in next(c.evidence for c in result.contributions if c.factor == "linked_tips")


@pytest.mark.parametrize(
    ("days_after_finish", "factor"),
    [
        (10, None),
        (250, None),
        (335, "preservation_ending"),
        (340, "preservation_ending"),
        (366, "preservation_expired"),
    ],
)
def test_preservation_follows_the_deadline(days_after_finish: int, factor: str | None) -> None:
    result = score(complete(), now=FINISHED + timedelta(days=days_after_finish))
    assert factors(result) & {"preservation_ending", "preservation_expired"} == (
        {factor} if factor else set()
    )


def test_an_ending_preservation_raises_a_referral_but_makes_none() -> None:
    before = score(complete(), now=FINISHED + timedelta(days=250))
    ending = score(complete(), now=FINISHED + timedelta(days=340))
    assert ending.score == before.score + WEIGHTS["preservation_ending"].points > before.score
    ranks = list(Priority)  # most pressing first
    assert ranks.index(ending.priority) <= ranks.index(before.priority)
    informational = score(minimal(), now=FINISHED + timedelta(days=340))
    assert informational.classification is ActionClass.INFORMATIONAL
    assert "preservation_ending" not in factors(informational)


@pytest.mark.parametrize(
    ("days_after_evidence", "factor"),
    [(1, "fresh"), (182, "fresh"), (183, None), (364, None), (365, "old_evidence")],
)
def test_freshness_follows_the_evidence_age_not_the_report(
    days_after_evidence: int, factor: str | None
) -> None:
    data = complete()
    evidence = datetime.fromisoformat(WHEN)
    data["incidentSummary"]["incidentDateTime"] = WHEN
    tip = parse_tip(data, now=NOW)
    # Finished just now, whatever the evidence's age: the report's arrival does not make old evidence new.
    now = evidence + timedelta(days=days_after_evidence)
    result = score_tip(tip, now=now, finished_at=now)
    assert factors(result) & {"fresh", "old_evidence"} == ({factor} if factor else set())


def test_a_score_holds_until_the_next_band_boundary() -> None:
    data = complete()
    data["incidentSummary"]["incidentDateTime"] = WHEN
    tip = parse_tip(data, now=NOW)
    evidence = datetime.fromisoformat(WHEN)
    result = score_tip(tip, now=FINISHED, finished_at=FINISHED)
    assert result.computed_at == FINISHED
    assert result.valid_until == evidence + timedelta(days=182.5)
    assert result.valid_until is not None
    later = score_tip(tip, now=result.valid_until, finished_at=FINISHED)
    assert "fresh" in factors(result) and "fresh" not in factors(later)
    # Expired and old: nothing can change any more.
    last = score_tip(tip, now=FINISHED + timedelta(days=800), finished_at=FINISHED)
    assert last.valid_until is None


def test_ninety_day_preservation_expires_sooner() -> None:
    tip = parse_tip(complete(), now=NOW)
    later = FINISHED + timedelta(days=100)
    assert "fresh" in factors(score_tip(tip, now=later, finished_at=FINISHED))
    assert "preservation_expired" in factors(
        score_tip(tip, now=later, finished_at=FINISHED, preservation_days=90)
    )


# ---- factors that must not fire -------------------------------------------------------------------


def test_only_the_strongest_locating_evidence_counts() -> None:
    data = complete()
    user(data)["estimatedLocation"] = {"countryCode": "US"}
    user(data)["ipCaptureEvent"].append(capture("100.64.12.7"))
    located = {f for f in factors(score(data)) if f.startswith("suspect_")}
    assert located == {"suspect_located_by_ip"}


def test_an_adult_or_anonymous_victim_is_not_an_identified_minor() -> None:
    data = minimal()
    _victim(IncidentType.ONLINE_ENTICEMENT)(data)
    data["victim"][0]["victimPerson"]["age"] = 19
    assert "identified_minor_victim" not in factors(score(data))
    data["victim"] = [{"victimPerson": {"age": 13}}]
    assert "identified_minor_victim" not in factors(score(data))


def test_victim_outside_contact_offences_is_not_urgent() -> None:
    data = complete()
    _victim()(data)
    result = score(data)
    assert "identified_minor_victim" not in factors(result)
    assert result.priority is not Priority.URGENT


def test_a_victim_location_is_a_jurisdiction() -> None:
    data = minimal()
    data["victim"] = [
        {"victimPerson": {"age": 13}, "estimatedLocation": {"countryCode": "US", "region": "OH"}}
    ]
    assert "no_jurisdiction" not in factors(score(data))


def test_a_located_suspect_is_a_jurisdiction_even_behind_carrier_nat() -> None:
    data = complete()
    user(data)["ipCaptureEvent"] = [capture("100.64.12.7")]
    assert "no_jurisdiction" not in factors(score(data))


def test_ip_with_a_time_somewhere_is_not_no_ip_with_time() -> None:
    data = complete()
    user(data)["ipCaptureEvent"].append(capture(dateTime=None))
    assert "no_ip_with_time" not in factors(score(data))


def test_a_garbage_ip_locates_nobody() -> None:
    data = minimal()
    user(data)["ipCaptureEvent"] = [capture("not-an-address")]
    assert "suspect_unlocatable" in factors(score(data))


# ---- classification, priority, clamping, missing ---------------------------------------------------


def test_a_batched_viral_report_is_informational() -> None:
    data = minimal()
    _batched(data)
    result = score(data)
    assert result.classification is ActionClass.INFORMATIONAL
    assert {"batched_report", "viral_or_meme_file"} <= factors(result)
    assert result.priority is Priority.P3


def test_identifiable_and_locatable_is_a_referral_and_one_without_the_other_is_not() -> None:
    assert score(complete()).classification is ActionClass.REFERRAL
    unlocated = complete()
    del user(unlocated)["ipCaptureEvent"]
    # Everything else that raises, all at once, still does not make up for the missing location.
    _set_user(priorCTReports=[1], groupIdentifier="g")(unlocated)
    _files(file(industryClassification="A1", fileAnnotations={"infant": True, "physicalHarm": True}))(
        unlocated
    )
    assert score(unlocated, linked_tip_count=5).classification is ActionClass.INFORMATIONAL


def test_missing_says_what_would_make_it_actionable() -> None:
    data = minimal()
    data["files"] = [file(fileViewedByEsp=False)]
    missing = score(data).missing
    for start in (
        "no suspect identifier",
        "no resolvable location",
        "no upload IP with a time",
        "no victim location",
        "no file viewed by the service",
    ):
        assert any(sentence.startswith(start) for sentence in missing), start
    # A located suspect does not hide what else is missing.
    assert [sentence.split(" (")[0] for sentence in score(complete()).missing] == [
        "no upload IP with a time",
        "no victim location",
        "no file viewed by the service",
    ]


def test_no_reported_user_is_missing() -> None:
    data = minimal()
    data["personOrUserReported"] = []
    result = score(data)
    assert "no reported user" in result.missing
    assert "no_suspect_identifier" in factors(result)


def test_score_is_clamped() -> None:
    low = minimal()
    _batched(low)
    _summary_flag("spam")(low)
    result = score(low)
    assert sum(c.points for c in result.contributions) < 0
    assert result.score == 0
    high = score(example(), linked_tip_count=4)
    assert sum(c.points for c in high.contributions) > 100
    assert high.score == 100


def test_priority_bands() -> None:
    assert score(minimal()).priority is Priority.P3
    referral = score(complete())
    assert REFERRAL_THRESHOLD <= referral.score < P1_THRESHOLD
    assert referral.priority is Priority.P2
    strong = complete()
    _set_user(priorCTReports=[1], groupIdentifier="g")(strong)
    _files(file(industryClassification="A1"))(strong)
    result = score(strong, linked_tip_count=1)
    assert result.score >= P1_THRESHOLD
    assert result.priority is Priority.P1
    assert result.urgent_reason is None


def test_an_identified_victim_of_enticement_makes_any_tip_urgent() -> None:
    data = minimal()
    _victim(IncidentType.ONLINE_ENTICEMENT)(data)
    result = score(data)
    assert result.classification is ActionClass.INFORMATIONAL
    assert result.priority is Priority.URGENT
    assert result.urgent_reason is not None and "victim[0]" in result.urgent_reason


def test_priorities_are_listed_most_pressing_first() -> None:
    assert list(Priority) == [Priority.URGENT, Priority.P1, Priority.P2, Priority.P3]


def test_naive_times_are_refused() -> None:
    tip = parse_tip(minimal(), now=NOW)
    with pytest.raises(ValueError, match="UTC offset"):
        score_tip(tip, now=NOW.replace(tzinfo=None), finished_at=FINISHED)


LOCATING = (
    "suspect_located_by_ip",
    "suspect_located_by_shared_ip",
    "suspect_address",
    "suspect_estimated_location",
)
SEVERITY = ("severity_a1", "severity_a2", "severity_b1", "severity_b2")
EXTRAS = (
    "identified_minor_victim",
    "upload_ip_with_time",
    "victim_located",
    "file_viewed_by_service",
    "infant",
    "physical_harm",
    "live_streaming",
    "prior_reports",
    "group_identifier",
    "linked_tips",
    "fresh",
)
RULING_OUT = (
    "batched_report",
    "viral_or_meme_file",
    "spam",
    "third_party_user",
    "compromised_account",
    "no_file_viewed",
)


def points(*names: str) -> int:
    return sum(WEIGHTS[name].points for name in names)


def all_extras() -> int:
    return points(*EXTRAS) + max(points(level) for level in SEVERITY)


def test_nothing_makes_up_for_a_missing_identity_or_location() -> None:
    best_location = max(points(name) for name in LOCATING)
    assert points("identifiable_suspect", "suspect_unlocatable") + all_extras() < REFERRAL_THRESHOLD
    assert points("no_suspect_identifier") + best_location + all_extras() < REFERRAL_THRESHOLD


def test_the_least_complete_tip_reaches_the_threshold() -> None:
    weakest_location = min(points(name) for name in LOCATING)
    assert points("identifiable_suspect", "no_ip_with_time") + weakest_location >= REFERRAL_THRESHOLD


@pytest.mark.parametrize("factor", RULING_OUT)
def test_each_ruling_out_fact_outweighs_the_best_tip(factor: str) -> None:
    best = points("identifiable_suspect") + max(points(name) for name in LOCATING) + all_extras()
    assert best + points(factor) < REFERRAL_THRESHOLD


def test_an_escalation_alone_is_a_referral() -> None:
    alone = points(
        "escalated", "no_suspect_identifier", "suspect_unlocatable", "no_jurisdiction", "no_ip_with_time"
    )
    assert alone >= REFERRAL_THRESHOLD
    data = minimal()
    _escalate(data)
    data["personOrUserReported"] = []
    assert score(data).classification is ActionClass.REFERRAL


def test_the_weights_table_is_documented() -> None:
    for factor, weight in WEIGHTS.items():
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", factor)
        assert weight.points != 0
        assert weight.description.endswith(".") and "\n" not in weight.description
    assert 0 < REFERRAL_THRESHOLD < P1_THRESHOLD <= 100


def test_scoring_does_not_change_the_tip() -> None:
    data = example()
    tip = parse_tip(copy.deepcopy(data), now=NOW)
    before = tip.model_dump()
    score_tip(tip, now=NOW, finished_at=FINISHED)
    assert tip.model_dump() == before


# ---- calibration against the generator's ground truth ---------------------------------------------


def test_referral_agrees_with_the_ground_truth() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    true_positive = false_positive = false_negative = 0
    for generated in generate(GeneratorConfig(tips=3_000, seed=5, now=now)):
        tip = parse_tip(generated.tip, now=now)
        finished = tip.incidentSummary.incidentDateTime
        referral = score_tip(tip, now=finished, finished_at=finished).classification is ActionClass.REFERRAL
        true_positive += referral and generated.truth.complete
        false_positive += referral and not generated.truth.complete
        false_negative += not referral and generated.truth.complete
    assert true_positive / (true_positive + false_positive) >= 0.95
    assert true_positive / (true_positive + false_negative) >= 0.95

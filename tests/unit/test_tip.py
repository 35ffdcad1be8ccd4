"""The tip model: the JSON form of examples/, and every kind of problem it must name by path."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

from graph.errors import BadInputError
from graph.incident_types import IncidentType
from graph.tip import (
    EventName,
    IndustryClassification,
    Tip,
    parse_tip,
    parse_tip_json,
    tip_to_json_dict,
)
from graph.tip_validation import Problem, TipValidationError, json_path
from tests.conftest import EXAMPLES

EXAMPLE_JSON = EXAMPLES / "tip.json"
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def example() -> dict[str, Any]:
    data = orjson.loads(EXAMPLE_JSON.read_bytes())
    assert isinstance(data, dict)
    return data


def batched() -> dict[str, Any]:
    return {
        "reportId": "EX-BATCH-1",
        "batchedReport": {"reason": "VIRAL_POTENTIAL_MEME"},
        "incidentSummary": {
            "incidentType": IncidentType.CHILD_PORNOGRAPHY.value,
            "incidentDateTime": "2026-08-01T00:00:00Z",
        },
        "reporter": {"reportingPerson": {"email": [{"value": "reports@pixpost.example.com"}]}},
        "personOrUserReported": [
            {"espIdentifier": "1001", "espService": "PixPost"},
            {"espIdentifier": "1002"},
            {"espIdentifier": "1003"},
        ],
        "files": [{"fileName": "meme.jpg", "fileAnnotations": {"viral": True, "potentialMeme": True}}],
    }


def problems(data: object) -> list[Problem]:
    with pytest.raises(TipValidationError) as caught:
        parse_tip(data, now=NOW)
    return list(caught.value.problems)


def paths(data: object) -> list[str]:
    return [problem.path for problem in problems(data)]


# ---- the example ---------------------------------------------------------------------------------


def test_example_json_parses_into_typed_values() -> None:
    tip = parse_tip(example(), now=NOW)

    assert tip.reportId == "EX-2026-000317"
    assert tip.incidentSummary.incidentType is IncidentType.ONLINE_ENTICEMENT
    assert tip.incidentSummary.incidentDateTime == datetime(2026, 10, 4, 2, 42, tzinfo=UTC)
    assert tip.incidentSummary.reportAnnotations is not None
    assert tip.incidentSummary.reportAnnotations.sextortion is True
    assert tip.incidentSummary.reportAnnotations.spam is False
    suspect = tip.personOrUserReported[0]
    assert suspect.ipCaptureEvent[0].port == 40122
    assert suspect.ipCaptureEvent[1].eventName is EventName.UPLOAD
    assert suspect.ipCaptureEvent[1].ipAddress == "2001:DB8:0:0:0:0:0:A7"  # the normaliser's job, not ours
    assert suspect.priorCTReports == (182345678,)
    assert suspect.associatedAccount[0].platform is not None
    assert suspect.associatedAccount[0].platform.value == "ReelHaven"
    assert suspect.personOrUserReportedPerson is not None
    assert suspect.personOrUserReportedPerson.email[0].verified is True
    assert tip.internetDetails[1].webPageIncident is not None
    assert tip.victim[0].victimPerson is not None and tip.victim[0].victimPerson.age == 12
    assert tip.files[0].industryClassification is IndustryClassification.B1
    assert tip.files[0].originalFileHash[0].hashType == "MD5"
    assert tip.files[0].ipCaptureEvent is not None


def test_every_incident_type_is_accepted_exactly_as_spelled() -> None:
    assert len(IncidentType) == 8
    for incident_type in IncidentType:
        data = example()
        data["incidentSummary"]["incidentType"] = incident_type.value
        assert parse_tip(data, now=NOW).incidentSummary.incidentType is incident_type


def test_an_incident_type_off_the_list_is_refused() -> None:
    data = example()
    data["incidentSummary"]["incidentType"] = "child sex trafficking"
    assert paths(data) == ["$.incidentSummary.incidentType"]


def test_parse_tip_json_matches_parse_tip() -> None:
    assert parse_tip_json(EXAMPLE_JSON.read_bytes(), now=NOW) == parse_tip(example(), now=NOW)


def test_malformed_json_is_one_problem_at_the_root() -> None:
    with pytest.raises(TipValidationError) as caught:
        parse_tip_json(b'{"reportId": "x",', now=NOW)
    assert [p.path for p in caught.value.problems] == ["$"]
    assert "malformed JSON" in caught.value.problems[0].message


def test_tips_are_frozen() -> None:
    tip = parse_tip(example(), now=NOW)
    with pytest.raises(ValidationError):
        tip.reportId = "other"  # type: ignore[misc]


# ---- problems and their paths ---------------------------------------------------------------------


def test_an_unknown_key_is_named_by_its_path() -> None:
    data = example()
    data["personOrUserReported"][0]["ipCaptureEvent"][1]["colour"] = "blue"
    assert paths(data) == ["$.personOrUserReported[0].ipCaptureEvent[1].colour"]


def test_received_at_is_not_part_of_the_form() -> None:
    data = example()
    data["receivedAt"] = "2026-10-01T00:00:00Z"
    assert paths(data) == ["$.receivedAt"]


@pytest.mark.parametrize("port", [0, 65536, -1])
def test_a_port_outside_1_to_65535_is_refused(port: int) -> None:
    data = example()
    data["personOrUserReported"][0]["ipCaptureEvent"][0]["port"] = port
    assert paths(data) == ["$.personOrUserReported[0].ipCaptureEvent[0].port"]


def test_ports_at_the_edges_are_accepted() -> None:
    data = example()
    data["personOrUserReported"][0]["ipCaptureEvent"][0]["port"] = 1
    data["personOrUserReported"][0]["ipCaptureEvent"][1]["port"] = 65535
    assert [e.port for e in parse_tip(data, now=NOW).personOrUserReported[0].ipCaptureEvent] == [1, 65535]


def test_every_problem_is_reported_at_once() -> None:
    data = example()
    del data["reportId"]
    del data["incidentSummary"]["incidentType"]
    data["personOrUserReported"][0]["ipCaptureEvent"][0]["eventName"] = "Logout"
    data["files"][0]["industryClassification"] = "C3"
    data["files"][0]["fileRelevance"] = "Relevant"
    data["victim"][0]["victimPerson"]["age"] = "13"
    assert sorted(paths(data)) == sorted(
        [
            "$.reportId",
            "$.incidentSummary.incidentType",
            "$.personOrUserReported[0].ipCaptureEvent[0].eventName",
            "$.files[0].industryClassification",
            "$.files[0].fileRelevance",
            "$.victim[0].victimPerson.age",
        ]
    )


def test_types_are_not_coerced_from_strings() -> None:
    data = example()
    data["files"][0]["fileViewedByEsp"] = "true"
    data["personOrUserReported"][0]["priorCTReports"] = ["171234567"]
    data["personOrUserReported"][0]["espIdentifier"] = 88431207
    assert sorted(paths(data)) == [
        "$.files[0].fileViewedByEsp",
        "$.personOrUserReported[0].espIdentifier",
        "$.personOrUserReported[0].priorCTReports[0]",
    ]


def test_a_repeating_element_must_be_an_array() -> None:
    data = example()
    data["personOrUserReported"] = data["personOrUserReported"][0]
    assert paths(data) == ["$.personOrUserReported"]


def test_a_text_with_attributes_element_must_be_an_object_with_value() -> None:
    data = example()
    data["personOrUserReported"][0]["personOrUserReportedPerson"]["email"] = ["owl@example.com"]
    assert paths(data) == ["$.personOrUserReported[0].personOrUserReportedPerson.email[0]"]


def test_the_reporting_person_needs_an_email() -> None:
    data = example()
    data["reporter"]["reportingPerson"]["email"] = []
    assert paths(data) == ["$.reporter.reportingPerson.email"]


def test_a_non_object_tip_is_one_problem_at_the_root() -> None:
    assert paths([example()]) == ["$"]


def test_the_error_is_bad_input_and_names_the_report() -> None:
    data = example()
    data["files"][0]["industryClassification"] = "C3"
    with pytest.raises(TipValidationError) as caught:
        parse_tip(data, now=NOW)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, BadInputError)
    assert caught.value.code == "BAD_USER_INPUT"
    assert caught.value.report_id == "EX-2026-000317"
    assert caught.value.field == "$.files[0].industryClassification"


# ---- date-times ----------------------------------------------------------------------------------


def test_a_date_time_without_offset_is_refused() -> None:
    data = example()
    data["incidentSummary"]["incidentDateTime"] = "2026-09-14T21:07:00"
    found = problems(data)
    assert [p.path for p in found] == ["$.incidentSummary.incidentDateTime"]
    assert "offset" in found[0].message


@pytest.mark.parametrize("value", ["14/09/2026 21:07", 1757901600, "", "2026-13-01T00:00:00Z"])
def test_a_date_time_must_be_iso_8601_text(value: object) -> None:
    data = example()
    data["personOrUserReported"][0]["ipCaptureEvent"][0]["dateTime"] = value
    assert paths(data) == ["$.personOrUserReported[0].ipCaptureEvent[0].dateTime"]


def test_a_date_time_after_now_is_refused_and_now_comes_from_the_caller() -> None:
    data = example()
    data["files"][0]["uploadedToEspTimestamp"] = "2026-11-01T00:00:01Z"
    assert paths(data) == ["$.files[0].uploadedToEspTimestamp"]
    later = datetime(2026, 11, 2, tzinfo=UTC)
    assert parse_tip(data, now=later).files[0].uploadedToEspTimestamp == datetime(
        2026, 11, 1, 0, 0, 1, tzinfo=UTC
    )


def test_the_offset_counts_when_comparing_with_now() -> None:
    data = example()
    # 20:00 at -05:00 is 01:00 UTC the next day: after NOW although the wall-clock date is earlier.
    data["incidentSummary"]["incidentDateTime"] = "2026-10-31T20:00:00-05:00"
    assert paths(data) == ["$.incidentSummary.incidentDateTime"]


def test_the_default_now_is_the_current_time() -> None:
    data = example()
    data["incidentSummary"]["incidentDateTime"] = "2999-01-01T00:00:00Z"
    with pytest.raises(TipValidationError):
        parse_tip(data)
    data["incidentSummary"]["incidentDateTime"] = "2001-01-01T00:00:00Z"
    assert parse_tip(data).incidentSummary.incidentDateTime.year == 2001


def test_now_must_carry_an_offset() -> None:
    with pytest.raises(ValueError, match="offset"):
        parse_tip(example(), now=datetime(2026, 11, 1))


def test_a_date_of_birth_is_a_past_date() -> None:
    data = example()
    data["victim"][0]["victimPerson"]["dateOfBirth"] = "2013-04-30"
    assert parse_tip(data, now=NOW).victim[0].victimPerson.dateOfBirth == date(2013, 4, 30)  # type: ignore[union-attr]
    data["victim"][0]["victimPerson"]["dateOfBirth"] = "2027-01-01"
    assert paths(data) == ["$.victim[0].victimPerson.dateOfBirth"]


# ---- sizes ---------------------------------------------------------------------------------------


def test_a_10_mb_string_is_refused_naming_the_field_without_echoing_it() -> None:
    data = example()
    data["additionalInfo"] = "x" * 10_000_000
    with pytest.raises(TipValidationError) as caught:
        parse_tip(data, now=NOW)
    assert [p.path for p in caught.value.problems] == ["$.additionalInfo"]
    assert len(str(caught.value)) < 500
    assert all(len(p.message) < 200 for p in caught.value.problems)


def test_free_text_may_run_to_64_kib_and_identifiers_to_2000_chars() -> None:
    data = example()
    data["incidentSummary"]["escalateToHighPriority"] = "x" * 65_536
    data["personOrUserReported"][0]["screenName"] = "x" * 2_000
    assert parse_tip(data, now=NOW).personOrUserReported[0].screenName == "x" * 2_000
    data["incidentSummary"]["escalateToHighPriority"] = "x" * 65_537
    data["personOrUserReported"][0]["screenName"] = "x" * 2_001
    assert sorted(paths(data)) == [
        "$.incidentSummary.escalateToHighPriority",
        "$.personOrUserReported[0].screenName",
    ]


# ---- rules across fields -------------------------------------------------------------------------


def test_exif_viewed_only_if_file_viewed() -> None:
    data = example()
    data["files"][0]["exifViewedByEsp"] = True
    assert parse_tip(data, now=NOW).files[0].exifViewedByEsp is True
    data["files"][0]["fileViewedByEsp"] = False
    assert paths(data) == ["$.files[0].exifViewedByEsp"]
    del data["files"][0]["fileViewedByEsp"]
    assert paths(data) == ["$.files[0].exifViewedByEsp"]


def test_internet_details_hold_exactly_one_variant() -> None:
    data = example()
    data["internetDetails"][0]["webPageIncident"] = {"url": ["https://pixpost.example.com/"]}
    data["internetDetails"][1] = {}
    assert paths(data) == ["$.internetDetails[0]", "$.internetDetails[1]"]


def test_a_batched_report_is_accepted() -> None:
    tip = parse_tip(batched(), now=NOW)
    assert tip.batchedReport is not None
    assert [u.espIdentifier for u in tip.personOrUserReported] == ["1001", "1002", "1003"]


def test_a_batched_report_only_names_accounts() -> None:
    data = batched()
    data["personOrUserReported"][1]["screenName"] = "meme_lord"
    data["personOrUserReported"][2] = {"espService": "PixPost"}
    assert paths(data) == [
        "$.personOrUserReported[1].screenName",
        "$.personOrUserReported[2].espIdentifier",
    ]


def test_a_batched_report_has_no_victim_recipient_or_details() -> None:
    data = batched()
    data["victim"] = [{"espIdentifier": "9"}]
    data["intendedRecipient"] = [{"espIdentifier": "8"}]
    data["internetDetails"] = [{"chatImIncident": {"chatClient": "PixPost"}}]
    assert paths(data) == ["$.victim", "$.intendedRecipient", "$.internetDetails"]


def test_a_batched_report_has_exactly_one_flagged_file() -> None:
    data = batched()
    data["files"].append({"fileName": "other.jpg", "fileAnnotations": {"viral": True}})
    assert paths(data) == ["$.files"]
    data = batched()
    data["files"][0]["fileAnnotations"] = {"infant": True}
    assert paths(data) == ["$.files[0].fileAnnotations"]
    data["files"][0]["fileAnnotations"] = {"potentialMeme": True}
    assert parse_tip(data, now=NOW).files[0].fileAnnotations is not None


def test_an_unknown_batch_reason_is_refused() -> None:
    data = batched()
    data["batchedReport"] = {"reason": "SPAM"}
    assert paths(data) == ["$.batchedReport.reason"]


# ---- the canonical JSON form ---------------------------------------------------------------------


def test_canonical_form_parses_back_to_the_same_tip() -> None:
    tip = parse_tip(example(), now=NOW)
    assert parse_tip(tip_to_json_dict(tip), now=NOW) == tip


def test_canonical_form_keeps_the_report_order_and_drops_false_flags_and_absent_fields() -> None:
    canonical = tip_to_json_dict(parse_tip(example(), now=NOW))
    assert list(canonical)[:4] == ["reportId", "incidentSummary", "internetDetails", "reporter"]
    assert canonical["incidentSummary"]["reportAnnotations"] == {"sextortion": True}
    assert canonical["incidentSummary"]["incidentDateTime"] == "2026-10-03T19:42:00-07:00"
    assert "intendedRecipient" not in canonical
    assert canonical["personOrUserReported"][0]["compromisedAccount"] is False  # false, not absent


def test_a_false_flag_spelled_out_or_left_out_is_one_tip() -> None:
    spelled = example()
    left_out = example()
    del left_out["incidentSummary"]["reportAnnotations"]["minorToMinorInteraction"]
    a, b = parse_tip(spelled, now=NOW), parse_tip(left_out, now=NOW)
    assert a == b
    assert orjson.dumps(tip_to_json_dict(a)) == orjson.dumps(tip_to_json_dict(b))


def test_json_path_quotes_keys_that_are_not_names() -> None:
    assert json_path(["files", 0, "port"]) == "$.files[0].port"
    assert json_path(["odd key", 'a"b']) == '$["odd key"]["a\\"b"]'
    assert json_path([]) == "$"


def test_tip_is_the_model_parse_tip_returns() -> None:
    assert type(parse_tip(example(), now=NOW)) is Tip


def test_coordinates_are_numbers_on_the_globe() -> None:
    data = example()
    data["internetDetails"].append({"cellPhoneIncident": {"latitude": 39, "longitude": -83.0}})
    cell = parse_tip(data, now=NOW).internetDetails[2].cellPhoneIncident
    assert cell is not None and (cell.latitude, cell.longitude) == (39.0, -83.0)
    data["internetDetails"][2]["cellPhoneIncident"] = {"latitude": "39.9", "longitude": 181}
    assert paths(data) == [
        "$.internetDetails[2].cellPhoneIncident.latitude",
        "$.internetDetails[2].cellPhoneIncident.longitude",
    ]

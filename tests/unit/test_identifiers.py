"""Extraction remembers each distinct value's normal form: a repeat gets the same answer, good or bad."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.identifiers import extract_identifiers
from graph.tip import validate_tip
from graph.tip_validation import TipValidationError

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _with_upload_ip(example_tip: dict[str, Any], address: str) -> dict[str, Any]:
    data = copy.deepcopy(example_tip)
    data["personOrUserReported"][0]["ipCaptureEvent"][0]["ipAddress"] = address
    return data


def test_a_repeated_value_is_extracted_as_the_first_time(example_tip: dict[str, Any]) -> None:
    tip = validate_tip(example_tip, now=NOW)
    first = extract_identifiers(tip)
    assert extract_identifiers(tip) == first
    assert [(f.normal.kind, f.normal.key, f.raw, f.path) for f in first] == [
        (f.normal.kind, f.normal.key, f.raw, f.path) for f in extract_identifiers(copy.deepcopy(tip))
    ]


def test_a_repeated_bad_value_is_refused_every_time(example_tip: dict[str, Any]) -> None:
    tip = validate_tip(_with_upload_ip(example_tip, "999.1.1.1"), now=NOW)
    for _ in range(2):
        with pytest.raises(TipValidationError) as refused:
            extract_identifiers(tip)
        assert [p.path for p in refused.value.problems] == [
            "$.personOrUserReported[0].ipCaptureEvent[0].ipAddress"
        ]


def test_a_value_made_generic_by_its_place_does_not_make_its_repeats_generic(
    example_tip: dict[str, Any],
) -> None:
    # The reporter's contact address is weak by where it stands; the same address elsewhere is not.
    data = copy.deepcopy(example_tip)
    contact = data["reporter"]["reportingPerson"]["email"][0]["value"]
    data["personOrUserReported"][0]["personOrUserReportedPerson"]["email"] = [{"value": contact}]
    found = extract_identifiers(validate_tip(data, now=NOW))
    reasons = {f.role.value: f.normal.generic_reason for f in found if f.raw == contact}
    assert reasons["REPORTER"] is not None
    assert reasons["SUSPECT"] is None

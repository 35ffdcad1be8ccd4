"""The recompute reads times as numbers (clusters/occurrences, clusters/member_facts): each must come out as
the driver's DateTime.to_native() would have given it, so the stored aggregates (dates in the evidence, the
digest) do not change with the read path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from neo4j.time import DateTime

from graph.clusters.recompute import _captured_at, _incident_at

ZONES = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
NANOSECONDS = [0, 1_000, 123_456_000, 999_999_000, 500, 1_500, 999_999_999]


def _driver(at: datetime, nanosecond: int) -> DateTime:
    return DateTime(at.year, at.month, at.day, at.hour, at.minute, at.second, nanosecond, tzinfo=at.tzinfo)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("nanosecond", NANOSECONDS)
def test_incident_time_as_numbers_is_the_drivers_native_time(zone: timezone, nanosecond: int) -> None:
    at = datetime(2026, 3, 29, 1, 59, 58, tzinfo=zone)
    stored = _driver(at, nanosecond)
    epoch = int((at - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
    offset = int(zone.utcoffset(None).total_seconds())

    read = _incident_at(epoch, nanosecond, offset)

    native = stored.to_native()
    assert read == native
    assert read.isoformat() == native.isoformat()


@pytest.mark.parametrize("nanosecond", NANOSECONDS)
def test_capture_time_as_numbers_is_the_drivers_native_time(nanosecond: int) -> None:
    at = datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)
    epoch = int((at - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())

    read = _captured_at(epoch, nanosecond)

    native = _driver(at, nanosecond).to_native()
    assert read == native
    assert read is not None and read.isoformat() == native.isoformat()
    assert _captured_at(None, None) is None

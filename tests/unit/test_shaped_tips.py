"""A chunk of shaped tips travels as columns: a chunk cut down to some of its tips is those tips shaped
alone, and a link's instant comes back as the same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from graph.bulkload.link_columns import NO_NUMBER, instant_number, number_instant
from graph.bulkload.shape import TipShaper
from graph.ingest import prepare_tip
from graph.settings import Settings
from graph.tip import parse_tip

AT = datetime(2026, 11, 1, tzinfo=UTC)


def _ready(example_tip: dict[str, Any], number: int) -> Any:
    tip = {**example_tip, "reportId": f"EX-{number}"}
    if number % 2:
        # Another number of links, so the cut has to find each tip's own.
        tip["files"] = []
    return prepare_tip(parse_tip(tip), None, AT, Settings())


def test_a_chunk_cut_to_some_tips_is_those_tips_shaped_alone(example_tip: dict[str, Any]) -> None:
    ready = [_ready(example_tip, number) for number in range(5)]
    whole, alone = TipShaper(), TipShaper()
    for index, tip in enumerate(ready):
        whole.add(index, tip)
    kept = [0, 3, 4]
    for index in kept:
        alone.add(index, ready[index])
    assert whole.shaped().only(kept) == alone.shaped()
    assert whole.shaped().only(range(5)) == whole.shaped()
    assert len(set(whole.shaped().link_counts)) > 1


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(1969, 7, 20, 20, 17, 40, 1, tzinfo=UTC),
        datetime(2025, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_an_instant_comes_back_as_the_same_moment_in_utc(moment: datetime) -> None:
    back = number_instant(instant_number(moment))
    assert back == moment and back is not None and back.tzinfo is UTC
    assert repr(back) == repr(moment.astimezone(UTC))


def test_no_instant_is_none() -> None:
    assert instant_number(None) == NO_NUMBER and number_instant(NO_NUMBER) is None

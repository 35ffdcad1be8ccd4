"""Preparing an ingest batch holds the cyclic garbage collector off, and leaves it as it found it (with the
batch's young generation collected once)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from graph import ingest
from graph.bulkload.prepare import prepare_files
from graph.bulkload.shape import ShapedTips
from graph.ingest import IngestOutcome
from graph.settings import Settings
from graph.tip import parse_tip

AT = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def _spied(monkeypatch: pytest.MonkeyPatch, fail: bool = False) -> list[bool]:
    """The collector's state each time a tip is prepared."""
    states: list[bool] = []
    real = ingest.prepare_tip

    def spy(*args: Any, **kwargs: Any) -> ingest.PreparedTip:
        states.append(gc.isenabled())
        if fail:
            raise RuntimeError("the store went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "prepare_tip", spy)
    return states


@pytest.mark.usefixtures("collector_restored")
def test_a_batch_is_prepared_with_the_collector_off_and_it_is_back_on_after(
    monkeypatch: pytest.MonkeyPatch, example_tip: dict[str, Any]
) -> None:
    states = _spied(monkeypatch)
    tips = [(index, parse_tip(example_tip)) for index in range(20)]
    events: list[object] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            events.append(("collect", info["generation"]))

    gc.enable()
    gc.callbacks.append(collected)
    try:
        batch = ingest._prepare_batch(tips, None, AT, Settings())
        events.append("returned")
    finally:
        gc.callbacks.remove(collected)
    assert [index for index, _ in batch.prepared] == [0]
    assert states == [False] * 20
    assert gc.isenabled()
    # The young generation collected once the batch is ready, before it is handed on.
    ready = events[: events.index("returned")]
    assert ready and set(ready) == {("collect", 0)}


@pytest.mark.usefixtures("collector_restored")
def test_a_collector_that_was_off_stays_off(
    monkeypatch: pytest.MonkeyPatch, example_tip: dict[str, Any]
) -> None:
    states = _spied(monkeypatch)
    gc.disable()
    ingest._prepare_batch([(0, parse_tip(example_tip))], None, AT, Settings())
    assert states == [False]
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_the_collector_is_back_on_when_preparing_fails(
    monkeypatch: pytest.MonkeyPatch, example_tip: dict[str, Any]
) -> None:
    _spied(monkeypatch, fail=True)
    gc.enable()
    with pytest.raises(RuntimeError):
        ingest._prepare_batch([(0, parse_tip(example_tip))], None, AT, Settings())
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_invalid_tips_are_still_refused_whole(example_tip: dict[str, Any]) -> None:
    bad = {**example_tip, "files": [{"originalFileHash": [{"hashType": "MD5", "value": "zz"}]}]}
    gc.enable()
    batch = ingest._prepare_batch([(0, parse_tip(bad))], None, AT, Settings())
    assert [result.outcome for result in batch.results.values()] == [IngestOutcome.INVALID]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_a_load_adds_its_chunks_with_the_collector_off_and_it_is_back_on_after(
    example_tip: dict[str, Any], tmp_path: Path
) -> None:
    lines = [orjson.dumps({**example_tip, "reportId": f"EX-{index}"}) for index in range(3)]
    path = tmp_path / "tips.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    states: list[bool] = []
    added: list[str] = []

    def sink(batch: ShapedTips) -> None:
        states.append(gc.isenabled())
        added.extend(batch.ids)

    gc.enable()
    load = prepare_files([path], AT, Settings(), sink, workers=1)
    assert (load.read, load.refused, added) == (3, [], [f"EX-{index}" for index in range(3)])
    assert states and not any(states)
    assert gc.isenabled()

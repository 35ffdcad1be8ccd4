"""`tipgraph ingest` as a user runs it: refused tips are printed briefly, whatever their size, and a
database that cannot be reached is one line and a non-zero exit, not a traceback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from api.cli import DATABASE_LOST, app
from graph.settings import Settings
from graph.store.launcher import free_port
from graph.tip_xml import tip_to_xml

# Generous: after the fix the 2 MB files take a few hundred ms, all of it reading them. Before it, a 20 KB
# reportId took 14 s to print and a 2 MB one minutes.
SECONDS_FOR_A_HUGE_VALUE = 2.0
HUGE = 2_000_000


def write(path: Path, tips: list[dict[str, Any]]) -> Path:
    if path.suffix == ".xml":
        path.write_bytes(tip_to_xml(tips))
    else:
        path.write_bytes(b"".join(orjson.dumps(tip) + b"\n" for tip in tips))
    return path


def run_ingest(path: Path, uri: str, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("TIPGRAPH_CACHE_DIR", str(settings.cache_dir))
    return CliRunner().invoke(app, ["ingest", str(path)])


@pytest.mark.parametrize("suffix", [".jsonl", ".xml"])
@pytest.mark.parametrize("where", ["reportId", "key"])
def test_a_huge_value_is_refused_and_printed_in_constant_time(
    suffix: str,
    where: str,
    example_tip: dict[str, Any],
    neo4j_uri: str,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tip = dict(example_tip)
    if where == "reportId":
        tip["reportId"] = "R" * HUGE
    elif suffix == ".jsonl":
        tip["x" * HUGE] = 1
    else:  # an attribute of that name, which XML can carry where JSON carries a key
        tip["reportId"] = "EX-HUGE-ATTRIBUTE"
    path = write(tmp_path / f"huge{suffix}", [tip])
    if where == "key" and suffix == ".xml":
        path.write_bytes(path.read_bytes().replace(b"<report>", b"<report " + b"x" * HUGE + b'="1">', 1))

    started = time.perf_counter()
    result = run_ingest(path, neo4j_uri, settings, monkeypatch)
    elapsed = time.perf_counter() - started

    assert result.exit_code == 1, result.output
    assert "invalid: 1" in result.output
    assert elapsed < SECONDS_FOR_A_HUGE_VALUE, f"{elapsed:.1f} s"
    assert len(result.output) < 5_000
    if where == "key" and suffix == ".jsonl":
        assert "chars)" in result.output  # the key is clipped, and says how long it was


def test_problems_are_plain_text_and_a_few_per_tip(
    neo4j_uri: str, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_id = "[bold red]R1[/]" + "9" * 1_900  # valid, but too long to print whole
    tip = {"reportId": report_id, **{f"unknown{i}": i for i in range(50)}}
    result = run_ingest(write(tmp_path / "odd.jsonl", [tip]), neo4j_uri, settings, monkeypatch)
    assert result.exit_code == 1
    assert "[bold red]R1[/]99" in result.output  # a reportId is not rich markup
    assert "(1,915 chars)" in result.output
    assert "more problems" in result.output
    assert result.output.count("unknown") <= 5


def test_an_unreachable_database_is_one_line_and_a_non_zero_exit(
    example_tip: dict[str, Any], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "tips.jsonl", [example_tip])
    result = run_ingest(path, f"bolt://127.0.0.1:{free_port()}", settings, monkeypatch)
    assert result.exit_code == DATABASE_LOST
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("tipgraph: lost the graph database at bolt://127.0.0.1:")
    assert "run the same command again" in line

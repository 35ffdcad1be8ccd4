"""`tipgraph load` as a user runs it: what it refuses is said plainly, with an exit code, and nothing
changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.settings import Settings
from graph.store.launcher import install_dir


def _cache(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own (no database in it yet), sharing the built Neo4j jars."""
    cache = tmp_path / "cache"
    cache.mkdir()
    built = install_dir(settings.cache_dir)
    (cache / built.name).symlink_to(built)
    monkeypatch.setenv("TIPGRAPH_CACHE_DIR", str(cache))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return cache


def test_a_server_at_neo4j_uri_is_refused(
    example_tip_json: Path, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, settings, monkeypatch)
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    result = CliRunner().invoke(app, ["load", str(example_tip_json)])
    assert result.exit_code == 2
    assert "cannot load into the server at NEO4J_URI=bolt://127.0.0.1:1" in result.output
    assert not (cache / "neo4j-data").exists()


def test_a_file_with_a_refused_tip_loads_nothing_and_says_why(
    example_tip: dict[str, Any], tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, settings, monkeypatch)
    bad = {**example_tip, "reportId": "EX-BAD", "incidentSummary": {"incidentType": "no such type"}}
    path = tmp_path / "tips.jsonl"
    path.write_bytes(b"".join(orjson.dumps(tip) + b"\n" for tip in (example_tip, bad)))
    result = CliRunner().invoke(app, ["load", str(path), "--workers", "1"])
    assert result.exit_code == 1
    assert "INVALID tip #1 EX-BAD" in result.output
    assert "1 of 2 tips refused; nothing was loaded" in result.output
    assert not (cache / "neo4j-data").exists()


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["load", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    # Typer draws usage errors in a box, wrapped to the terminal's width.
    assert "is not a file" in re.sub(r"[│\s]+", " ", result.output)

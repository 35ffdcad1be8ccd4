"""`tipgraph clusters recompute` as a user runs it: after a recompute with nothing changed since, only what
changed is reclustered (nothing); `--full` reclusters every tip."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.settings import Settings


def run_recompute(uri: str, settings: Settings, monkeypatch: pytest.MonkeyPatch, *options: str) -> str:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("TIPGRAPH_CACHE_DIR", str(settings.cache_dir))
    result = CliRunner().invoke(app, ["clusters", "recompute", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_recompute_after_a_recompute_reclusters_nothing_unless_asked_for_everything(
    neo4j_uri: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_recompute(neo4j_uri, settings, monkeypatch)
    again = run_recompute(neo4j_uri, settings, monkeypatch)
    assert again.startswith("0 changed clusters (0 tips, largest 0); 0 tips, 0 clusters written"), again
    full = run_recompute(neo4j_uri, settings, monkeypatch, "--full")
    assert " clusters (" in full and "changed clusters" not in full, full

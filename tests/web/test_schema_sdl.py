"""The workbench's types are generated from web/schema.graphql: it must be the schema the API serves."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

CHECKED_IN = Path(__file__).resolve().parents[2] / "web" / "schema.graphql"


def test_checked_in_sdl_is_the_served_schema() -> None:
    printed = CliRunner().invoke(app, ["schema"])
    assert printed.exit_code == 0, printed.output
    assert printed.output == CHECKED_IN.read_text(encoding="utf-8"), (
        "web/schema.graphql differs from the served schema: "
        "run `.venv/bin/tipgraph schema > web/schema.graphql`"
    )

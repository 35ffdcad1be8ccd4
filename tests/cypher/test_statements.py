"""Every shipped statement compiles against the real database, and every one is used by the code."""

from __future__ import annotations

import re
from pathlib import Path

from graph.store.database import Database
from graph.store.queries import Mode

REPO = Path(__file__).resolve().parents[2]
CODE_DIRS = ("api", "graph", "bench", "tests")


def _code_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in (REPO / folder).rglob("*.py")
        if path.name != "test_statements.py"
    )


async def test_every_statement_compiles(db: Database) -> None:
    failures: list[str] = []
    for name in db.library.names():
        query = db.library[name]
        if query.mode is Mode.SCHEMA:
            continue
        params = dict.fromkeys(query.params)
        try:
            await db.driver.execute_query("EXPLAIN " + query.text, params, database_=db.database)
        except Exception as exc:  # every failure is listed, not just the first
            failures.append(f"{name}: {exc}")
    assert failures == []


def test_every_statement_is_used() -> None:
    code = _code_text()
    library_names = [
        p.relative_to(REPO / "cypher").with_suffix("").as_posix() for p in (REPO / "cypher").rglob("*.cypher")
    ]
    unused = [
        name
        for name in library_names
        if not name.startswith("schema/") and not re.search(rf"[\"']{re.escape(name)}[\"']", code)
    ]
    assert unused == []

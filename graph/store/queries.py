"""Named Cypher statements, loaded once from `cypher/` and checked before the first one runs.

Each file holds one statement and a `//` header:

    // One sentence of purpose.
    // mode: read | write | schema
    // params: id, scope
    // returns: tip

Its path below `cypher/` without the suffix is its name (`cypher/tips/get_by_ids.cypher` is
`tips/get_by_ids`). The loader refuses a file whose declared params differ from the `$params` it uses, so a
renamed parameter fails at start-up, not on the first request that needs it.

Plans kept. Neo4j plans a statement again once its cached plan is 10 s old and the counts it was planned on
have moved by 75 %: on a store that grows by a batch every few seconds (ingest from empty, or a small one),
every statement of an ingest batch was planned afresh in each batch (bench/ingest_plans.py: 4.1-4.4 s of
compiling per 1,000-tip batch on a loaded machine, 92 ms with plans kept). A statement whose plan does not
depend on the store's size (each node found by a unique key from the parameters, each step from there a walk
of its relationships) starts with `CYPHER replan=skip`: its cached plan is kept, as the same plan would be
made again. bench/ingest_plans.py plans each ingest statement on an empty store and on a filled one; one
whose plan differs is not marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import LiteralString

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


class Mode(StrEnum):
    READ = "read"
    WRITE = "write"
    SCHEMA = "schema"


class QueryFileError(Exception):
    """A .cypher file is malformed; raised at load time."""


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    text: LiteralString
    mode: Mode
    params: frozenset[str]
    returns: tuple[str, ...]
    purpose: str


def _parse(name: str, source: str) -> Query:
    header: dict[str, str] = {}
    purpose: list[str] = []
    body: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if not body and stripped.startswith("//"):
            content = stripped[2:].strip()
            key, sep, value = content.partition(":")
            if sep and key in ("mode", "params", "returns"):
                header[key] = value.strip()
            elif content:
                purpose.append(content)
        elif stripped or body:
            body.append(line)
    text = "\n".join(body).strip()
    if not text:
        raise QueryFileError(f"{name}: no statement")
    if not purpose:
        raise QueryFileError(f"{name}: the header needs a sentence of purpose")
    try:
        mode = Mode(header.get("mode", ""))
    except ValueError:
        raise QueryFileError(f"{name}: header needs 'mode: read|write|schema'") from None
    declared = frozenset(p.strip() for p in header.get("params", "").split(",") if p.strip())
    used = frozenset(_PARAM.findall(_STRING_LITERAL.sub("", text)))
    if declared != used:
        raise QueryFileError(
            f"{name}: params declared {sorted(declared)} but the statement uses {sorted(used)}"
        )
    returns = tuple(r.strip() for r in header.get("returns", "").split(",") if r.strip())
    # The one place a str becomes the driver's LiteralString: the text comes from files shipped with the
    # code, never from a request, and values only ever travel as $parameters.
    statement: LiteralString = text
    return Query(name, statement, mode, declared, returns, " ".join(purpose))


class QueryLibrary:
    """Every statement under a folder, by name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        queries: dict[str, Query] = {}
        for path in sorted(root.rglob("*.cypher")):
            name = path.relative_to(root).with_suffix("").as_posix()
            queries[name] = _parse(name, path.read_text(encoding="utf-8"))
        if not queries:
            raise QueryFileError(f"no .cypher files under {root}")
        self._queries = queries

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryFileError(f"no Cypher statement named {name!r} under {self.root}") from None

    def names(self) -> list[str]:
        return sorted(self._queries)

    def schema(self) -> list[Query]:
        return [q for q in self._queries.values() if q.mode is Mode.SCHEMA]

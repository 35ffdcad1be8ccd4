"""Reading tips from files: JSON Lines (one tip a line), a JSON document (one tip or an array), or XML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from graph.tip import Tip, parse_tip, parse_tip_json
from graph.tip_validation import Problem, TipValidationError
from graph.tip_xml import iter_xml_tips

TipOrError = Tip | TipValidationError


def _located(exc: TipValidationError, where: str) -> TipValidationError:
    problems = tuple(Problem(f"{where} {p.path}", p.message) for p in exc.problems)
    return TipValidationError(problems, report_id=exc.report_id)


def _jsonl(path: Path) -> Iterator[TipOrError]:
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield parse_tip_json(line)
            except TipValidationError as exc:
                yield _located(exc, f"line {number}:")


def _json(path: Path) -> Iterator[TipOrError]:
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        yield TipValidationError((Problem("$", f"malformed JSON: {exc}"),), report_id=None)
        return
    for index, item in enumerate(document if isinstance(document, list) else [document]):
        try:
            yield parse_tip(item)
        except TipValidationError as exc:
            yield _located(exc, f"[{index}]") if isinstance(document, list) else exc


def read_tips(path: Path) -> Iterator[TipOrError]:
    """Every tip in the file, or the error that refused it; streaming for .jsonl and .xml."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl(path)
    if suffix == ".json":
        return _json(path)
    if suffix == ".xml":
        return iter_xml_tips(path)
    raise ValueError(f"{path}: expected a .jsonl, .json or .xml file")

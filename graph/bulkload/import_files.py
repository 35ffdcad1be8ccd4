"""The offline importer's CSV files: one per node label and relationship type, with typed headers.

A column's type is the Python type of its values (bool before int: a bool is an int in Python), so every
property is stored with the type online ingest's driver would give it. An absent value is an empty field
(the importer stores no property); an empty string is `""`. Lists are one quoted field whose elements
are joined by ARRAY_DELIMITER (the unit separator: no identifier, raw value or id holds a control
character, and a value that did would be refused here rather than split).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TextIO

ARRAY_DELIMITER: Final = "\x1f"
# The importer's spelling of ARRAY_DELIMITER (`--array-delimiter`).
ARRAY_DELIMITER_OPTION: Final = "U+001F"
_BUFFER: Final = 1 << 20


class ImportFileError(ValueError):
    """A value the importer's CSV cannot carry as online ingest would store it."""


@dataclass(frozen=True, slots=True)
class ImportFile:
    """One written file: what the importer is told about it (`--nodes=Label=path`)."""

    path: Path
    name: str  # the node label, or the relationship type
    rows: int
    multiline: bool  # some value holds a line break


_SIMPLE_TYPES: Final = {bool: "boolean", int: "long", float: "double", str: "string"}


def _type_of(value: Any) -> str:
    simple = _SIMPLE_TYPES.get(type(value))
    if simple is not None:
        return simple
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, list | tuple):
        if any(not isinstance(item, str) for item in value):
            raise ImportFileError("only lists of strings are imported")
        return "string[]"
    raise ImportFileError(f"no importer type for {type(value).__name__}")


def column_types(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each property's importer type, in first-seen order. A column of whole and fractional numbers is
    a double column, as the driver would store each value; any other mix is refused."""
    types: dict[str, str] = {}
    for row in rows:
        for name, value in row.items():
            if value is None:
                continue
            kind = _type_of(value)
            known = types.setdefault(name, kind)
            if known != kind:
                if {known, kind} == {"long", "double"}:
                    types[name] = "double"
                else:
                    raise ImportFileError(f"property {name} holds both {known} and {kind} values")
    return types


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _field(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string":
        return _quoted(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "datetime":
        return str(value.isoformat())
    if kind == "string[]":
        if any(ARRAY_DELIMITER in item for item in value):
            raise ImportFileError("a list element holds the array delimiter U+001F")
        return _quoted(ARRAY_DELIMITER.join(value))
    return repr(value) if kind == "double" else str(value)


def _header(types: Mapping[str, str], key: str | None, group: str | None) -> list[str]:
    columns = []
    for name, kind in types.items():
        if name == key:
            columns.append(f"{name}:ID({group})")
        else:
            columns.append(f"{name}:{kind}")
    return columns


def _write(sink: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> tuple[int, bool]:
    sink.write(",".join(header) + "\n")
    count, multiline = 0, False
    for fields in rows:
        line = ",".join(fields)
        if "\n" in line or "\r" in line:
            multiline = True
        sink.write(line + "\n")
        count += 1
    return count, multiline


def write_nodes(path: Path, label: str, rows: Sequence[Mapping[str, Any]], key: str) -> ImportFile:
    """Nodes of one label, keyed by the property `key` (stored too, and unique within the label)."""
    types = column_types(rows)
    order = list(types)

    def lines() -> Iterable[list[str]]:
        for row in rows:
            yield [_field(row.get(name), types[name]) for name in order]

    with path.open("w", encoding="utf-8", buffering=_BUFFER) as sink:
        count, multiline = _write(sink, _header(types, key, label), lines())
    return ImportFile(path, label, count, multiline)


def write_relationships(
    path: Path,
    rel_type: str,
    rows: Sequence[Mapping[str, Any]],
    start: tuple[str, str],
    end: tuple[str, str],
) -> ImportFile:
    """Relationships of one type from the node keyed by row[start[0]] (label start[1]) to row[end[0]]."""
    (start_field, start_label), (end_field, end_label) = start, end
    types = column_types({k: v for k, v in row.items() if k not in (start_field, end_field)} for row in rows)
    order = list(types)
    header = [f":START_ID({start_label})", f":END_ID({end_label})", *_header(types, None, None)]

    def lines() -> Iterable[list[str]]:
        for row in rows:
            yield [
                _quoted(row[start_field]),
                _quoted(row[end_field]),
                *(_field(row.get(name), types[name]) for name in order),
            ]

    with path.open("w", encoding="utf-8", buffering=_BUFFER) as sink:
        count, multiline = _write(sink, header, lines())
    return ImportFile(path, rel_type, count, multiline)

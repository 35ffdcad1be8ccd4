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
# Property name -> importer type ("string", "long", "double", "boolean", "datetime", "string[]"; "ID" for
# the key, stored as a string).
TypedColumns = Mapping[str, str]


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
    """Each property's importer type, in first-seen order; a property of two types is refused."""
    types: dict[str, str] = {}
    for row in rows:
        for name, value in row.items():
            if value is None:
                continue
            kind = _type_of(value)
            known = types.setdefault(name, kind)
            if known != kind:
                raise ImportFileError(f"property {name} holds both {known} and {kind} values")
    return types


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


# The Python type each importer type takes, as the driver would store a value of it.
_PYTHON_TYPES: Final = {
    "ID": str,
    "string": str,
    "long": int,
    "double": float,
    "boolean": bool,
    "datetime": datetime,
    "string[]": list,
}


def _check_type(value: object, kind: str, name: str) -> None:
    if type(value) is not _PYTHON_TYPES[kind] and not (kind == "datetime" and isinstance(value, datetime)):
        raise ImportFileError(f"property {name} is a {type(value).__name__}, not a {kind}")


def field_text(value: Any, kind: str, name: str) -> str:
    """One CSV field: `value` as a property of importer type `kind` (refused when it is not of it)."""
    if value is None:
        return ""
    _check_type(value, kind, name)
    if kind == "string" or kind == "ID":
        return _quoted(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "datetime":
        return str(value.isoformat())
    if kind == "string[]":
        if any(not isinstance(item, str) or ARRAY_DELIMITER in item for item in value):
            raise ImportFileError(f"property {name} is not a list of strings without U+001F")
        return _quoted(ARRAY_DELIMITER.join(value))
    return repr(value) if kind == "double" else str(value)


def header_line(columns: TypedColumns, id_group: str | None = None) -> str:
    """The importer's header: `name:type`, the key as `name:ID(group)`, `:START_ID(..)` as it is."""
    names = []
    for name, kind in columns.items():
        if name.startswith(":"):
            names.append(name)
        elif kind == "ID":
            names.append(f"{name}:ID({id_group})")
        else:
            names.append(f"{name}:{kind}")
    return ",".join(names)


def _write(sink: TextIO, header: str, rows: Iterable[Sequence[str]]) -> tuple[int, bool]:
    sink.write(header + "\n")
    count, multiline = 0, False
    for fields in rows:
        line = ",".join(fields)
        if "\n" in line or "\r" in line:
            multiline = True
        sink.write(line + "\n")
        count += 1
    return count, multiline


def write_nodes(path: Path, label: str, rows: Sequence[Mapping[str, Any]], key: str) -> ImportFile:
    """Nodes of one label, keyed by the property `key` (stored too, and unique within the label), with
    each column's type inferred from its values (for the small files: incidents, audit events)."""
    types = {name: ("ID" if name == key else kind) for name, kind in column_types(rows).items()}

    def lines() -> Iterable[list[str]]:
        for row in rows:
            yield [field_text(row.get(name), kind, name) for name, kind in types.items()]

    with path.open("w", encoding="utf-8", buffering=_BUFFER) as sink:
        count, multiline = _write(sink, header_line(types, id_group=label), lines())
    return ImportFile(path, label, count, multiline)

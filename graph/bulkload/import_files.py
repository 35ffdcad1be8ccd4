"""The offline importer's CSV files: one per node label and relationship type, with typed headers.

A column's type is the Python type of its values (bool before int: a bool is an int in Python), so every
property is stored with the type online ingest's driver would give it. An absent value is an empty field
(the importer stores no property); an empty string is `""`. Lists are one quoted field whose elements
are joined by ARRAY_DELIMITER (the unit separator: no identifier, raw value or id holds a control
character, and a value that did would be refused here rather than split).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from graph.store.importer import ImportInput, RunningImport, start_import

ARRAY_DELIMITER: Final = "\x1f"
# The importer's spelling of ARRAY_DELIMITER (`--array-delimiter`).
ARRAY_DELIMITER_OPTION: Final = "U+001F"
_BUFFER: Final = 1 << 20
# The importer's node ids (`--id-type`): every node file starts with a column that numbers its nodes within
# their label (`:ID(Label)`, not stored), and a relationship names its ends by those numbers. Integers are
# what the importer maps fastest and in the least memory; the key properties (a tip's id, an identifier's
# uid) are ordinary string columns.
NODE_ID_TYPE: Final = "integer"
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


def quoted_text(text: str) -> str:
    """A string as a CSV field: quoted, each quote doubled."""
    return '"' + text.replace('"', '""') + '"'


def _refused(value: object, kind: str, name: str) -> ImportFileError:
    return ImportFileError(f"property {name} is a {type(value).__name__}, not a {kind}")


# One formatter per importer type, each taking a value that is not None; the type checks are the cheap
# `type(value) is` kind, since a load formats every field of millions of tips.
def _string_text(value: Any, kind: str, name: str) -> str:
    if type(value) is not str:
        raise _refused(value, kind, name)
    return '"' + value.replace('"', '""') + '"'


def _long_text(value: Any, kind: str, name: str) -> str:
    if type(value) is not int:
        raise _refused(value, kind, name)
    return str(value)


def _double_text(value: Any, kind: str, name: str) -> str:
    if type(value) is not float:
        raise _refused(value, kind, name)
    return repr(value)


def _boolean_text(value: Any, kind: str, name: str) -> str:
    if type(value) is not bool:
        raise _refused(value, kind, name)
    return "true" if value else "false"


# The last datetime formatted and its text: most datetimes of a load are one object (the load's moment on
# every identifier and tip), and datetimes are immutable.
_last_datetime: list[Any] = [None, ""]
# The recent UTC datetimes' texts (a tip's preservation deadline and score times are equal values from
# tip to tip, not one object). Keyed by value only for UTC ones: an equal instant in another zone is
# written with its own offset.
_utc_texts: dict[datetime, str] = {}
_UTC_TEXTS_KEPT: Final = 4096


def _datetime_text(value: Any, kind: str, name: str) -> str:
    last = _last_datetime
    if value is last[0]:
        text: str = last[1]
        return text
    if not isinstance(value, datetime):
        raise _refused(value, kind, name)
    if value.tzinfo is UTC:
        known = _utc_texts.get(value)
        if known is None:
            if len(_utc_texts) >= _UTC_TEXTS_KEPT:
                _utc_texts.clear()
            known = _utc_texts[value] = value.isoformat()
        text = known
    else:
        text = value.isoformat()
    last[0], last[1] = value, text
    return text


def _strings_text(value: Any, kind: str, name: str) -> str:
    if type(value) is not list:
        raise _refused(value, kind, name)
    try:
        joined = ARRAY_DELIMITER.join(value)
    except TypeError:
        joined = None
    # An element holding the delimiter shows as one delimiter too many.
    if joined is None or (value and joined.count(ARRAY_DELIMITER) != len(value) - 1):
        raise ImportFileError(f"property {name} is not a list of strings without U+001F")
    return quoted_text(joined)


_FORMATTERS: Final[Mapping[str, Callable[[Any, str, str], str]]] = {
    "ID": _string_text,
    "string": _string_text,
    "long": _long_text,
    "double": _double_text,
    "boolean": _boolean_text,
    "datetime": _datetime_text,
    "string[]": _strings_text,
}


def field_text(value: Any, kind: str, name: str) -> str:
    """One CSV field: `value` as a property of importer type `kind` (refused when it is not of it)."""
    if value is None:
        return ""
    return _FORMATTERS[kind](value, kind, name)


class RowFormat:
    """A node's or relationship's columns, each with its formatter looked up once: the fields of one row
    in column order, a property the columns do not know refused (`also_known`: properties the row may
    hold that another format writes).

    A row is walked by its own properties, not by the columns: most rows hold a few of their columns (an
    occurrence's HAS has three or four of ten), and a property the columns do not know shows as a
    missing slot at no extra cost."""

    __slots__ = ("columns", "slots", "what")

    def __init__(self, columns: TypedColumns, what: str, also_known: Iterable[str] = ()) -> None:
        self.columns = tuple((name, kind, _FORMATTERS[kind]) for name, kind in columns.items())
        # Property -> (its field's position, type, formatter); None for one another format writes.
        self.slots: dict[str, tuple[int, str, Callable[[Any, str, str], str]] | None] = dict.fromkeys(
            also_known
        )
        for index, (name, kind, text) in enumerate(self.columns):
            self.slots[name] = (index, kind, text)
        self.what = what

    def fields(self, row: Mapping[str, Any]) -> list[str]:
        slots = self.slots
        fields = [""] * len(self.columns)
        for name, value in row.items():
            try:
                slot = slots[name]
            except KeyError:
                unknown = ", ".join(sorted(set(row) - set(slots)))
                raise ImportFileError(f"{self.what} property the loader does not know: {unknown}") from None
            if slot is None or value is None:
                continue
            index, kind, text = slot
            if text is _string_text and type(value) is str:
                # Most fields are strings, most without a quote: formatted here, without a call.
                fields[index] = '"' + (value.replace('"', '""') if '"' in value else value) + '"'
            else:
                fields[index] = text(value, kind, name)
        return fields

    def line(self, row: Mapping[str, Any]) -> str:
        return ",".join(self.fields(row))


def numbered_header(columns: TypedColumns, label: str) -> str:
    """The header of a node file whose first field is each node's number (`NODE_NUMBER`)."""
    return f":ID({label})," + header_line(columns)


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
    """Nodes of one label, keyed by the property `key` (stored as a string, and unique within the label),
    with each column's type inferred from its values (for the small files: incidents, audit events). Each
    node's importer id is its row number (see `NODE_NUMBER`)."""
    types = dict(column_types(rows))
    if types.get(key) != "string":
        raise ImportFileError(f"{label} nodes are keyed by the string property {key}")

    def lines() -> Iterable[list[str]]:
        for number, row in enumerate(rows):
            yield [str(number), *(field_text(row.get(name), kind, name) for name, kind in types.items())]

    with path.open("w", encoding="utf-8", buffering=_BUFFER) as sink:
        count, multiline = _write(sink, numbered_header(types, label), lines())
    return ImportFile(path, label, count, multiline)


def start_graph_import(
    data_dir: Path,
    nodes: Sequence[ImportFile],
    relationships: Sequence[ImportFile],
    database: str,
    cache_dir: Path | None,
) -> RunningImport:
    """Starts Neo4j's importer on the files a GraphWriter wrote (node files without a row left out: they
    hold nothing to import) into `database` of the store in `data_dir`, in this module's
    spelling of arrays and node ids, and returns at once."""
    return start_import(
        data_dir,
        [ImportInput(f.name, f.path, f.multiline) for f in nodes if f.rows],
        [ImportInput(f.name, f.path, f.multiline) for f in relationships],
        ARRAY_DELIMITER_OPTION,
        database,
        cache_dir,
        id_type=NODE_ID_TYPE,
    )

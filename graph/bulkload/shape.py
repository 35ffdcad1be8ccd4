"""The graph online ingest would write for the prepared tips, streamed into the importer's CSV files.

Each piece is ingest's own: identifier entries from `graph.ingest`'s per-batch aggregation, merged across
batches as `_write_identifiers` merges a batch into stored nodes (tip counts add up, the first ten raw
values and the first generic reason are kept); the node properties `prepare_tip` made; the linked score
variant for a tip that shares an identifier which links (`LINKED_FIELDS`); the batched reports'
incidents; one HAS relationship per occurrence; and one audit event per `ingest_batch_size` tips, as
`tipgraph ingest` records one per batch. Counts are final ones: a tip is scored as linked when an
identifier it carries links tips in the loaded graph (online, the same holds once every tip is in, except
where an identifier grew past its kind's threshold within one batch).

The importer stores no property for an empty list, where the driver stores an empty array: the tips
with one get it from `bulkload/empty_lists` once the server runs (`empty_lists`).

A million tips do not fit in memory as prepared rows: each tip's properties are written as they come,
except the fields whose value waits for the final counts (its score variant), kept formatted both ways
and joined to the rest in a last pass over the file. The column tables say what type every property of
a node or relationship is stored with, as the driver stores the Python value online; a property they do
not know is refused (`ImportFileError`) rather than guessed, and the test that compares a load with
online ingest fails when ingest gains one.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Final

from graph.audit import audit_event
from graph.bulkload.import_files import (
    ImportFile,
    ImportFileError,
    TypedColumns,
    field_text,
    header_line,
    write_nodes,
)
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.ingest import LINKED_FIELDS, PreparedTip, _aggregate_identifiers
from graph.kinds import IdentifierKind
from graph.model import Role
from graph.triage import LINKED_SUFFIX
from graph.viewer import Viewer

LOAD_ACTION: Final = "load"
ACCOUNT: Final = IdentifierKind.ACCOUNT.value
SUSPECT: Final = Role.SUSPECT.value
# The fields a tip's score variant decides, in the order they end its line; queueKey follows the open
# variant's queueKeyWhenOpen while the tip is open (see graph.ingest._with_linked_score).
SWITCHED: Final = (*LINKED_FIELDS, "queueKey")
TIP_COLUMNS: Final[TypedColumns] = {
    "id": "ID",
    "service": "string",
    "reportId": "string",
    "contentHash": "string",
    "incidentType": "string",
    "incidentDateTime": "datetime",
    "receivedAt": "datetime",
    "platform": "string",
    "platformKey": "string",
    "escalateToHighPriority": "string",
    "annotations": "string[]",
    "labels": "string[]",  # graph.labels: each label as its stored JSON
    "batched": "boolean",
    "fileCount": "long",
    "submittedBy": "string",
    "referredTo": "string[]",
    "report": "string",
    "finishedAt": "datetime",
    "preservationDeadline": "datetime",
    "version": "long",
    "disposition": "string",
    "incidentId": "string",
    "scoredAt": "datetime",
    "scoreValidUntil": "datetime",
    **{field + LINKED_SUFFIX: ("long" if field == "score" else "string") for field in LINKED_FIELDS},
}
SWITCHED_COLUMNS: Final[TypedColumns] = {
    field: ("long" if field == "score" else "string") for field in SWITCHED
}
IDENTIFIER_COLUMNS: Final[TypedColumns] = {
    "uid": "ID",
    "kind": "string",
    "key": "string",
    "tipCount": "long",
    # identifiers/count_suspect_accounts: the distinct suspect ACCOUNT identifiers of the tips carrying it.
    "suspectAccounts": "long",
    "raws": "string[]",
    "genericReason": "string",
    "generic": "boolean",
    "firstSeen": "datetime",
    "lastSeen": "datetime",
}
# As cypher/tips/link_batch.cypher writes them.
HAS_COLUMNS: Final[TypedColumns] = {
    "role": "string",
    "raw": "string",
    "rule": "string",
    "verified": "boolean",
    "event": "string",
    "at": "datetime",
    "port": "long",
    "possibleProxy": "boolean",
    "fileIndex": "long",
    "personIndex": "long",
}
_RAWS_KEPT: Final = 10


def _line(row: Mapping[str, Any], columns: TypedColumns, what: str) -> list[str]:
    unknown = row.keys() - columns.keys()
    if unknown:
        raise ImportFileError(f"{what} property the loader does not know: {', '.join(sorted(unknown))}")
    return [field_text(row.get(name), kind, name) for name, kind in columns.items()]


class _Identifier:
    """An identifier node as the load's batches have built it so far."""

    __slots__ = ("kind", "key", "tips", "reason", "raws", "accounts")

    def __init__(self, kind: str, key: str, reason: str | None) -> None:
        self.kind, self.key, self.tips, self.reason = kind, key, 0, reason
        self.raws: list[str] = []
        # The distinct suspect accounts behind it: most identifiers have one tip and one account, so a
        # single uid is held as itself and a set made only for the second (memory at a million tips).
        self.accounts: str | set[str] | None = None

    def add_accounts(self, accounts: Iterable[str]) -> None:
        for account in accounts:
            held = self.accounts
            if held is None:
                self.accounts = account
            elif isinstance(held, set):
                held.add(account)
            elif held != account:
                self.accounts = {held, account}

    def account_count(self) -> int:
        held = self.accounts
        return 0 if held is None else len(held) if isinstance(held, set) else 1

    @property
    def generic(self) -> bool:
        return self.reason is not None or self.tips > GENERIC_ABOVE_BY_NAME[self.kind]

    def links(self) -> bool:
        return not self.generic and self.tips >= 2


class GraphWriter:
    """Takes prepared tips batch by batch and writes the importer's files into `folder`."""

    def __init__(self, folder: Path, at: datetime, viewer: Viewer, request_id: str) -> None:
        self.folder, self.at, self.viewer, self.request_id = folder, at, viewer, request_id
        self.identifiers: dict[str, _Identifier] = {}
        self.incidents: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.tips = 0
        # Per tip: the length of its written line head, its two formatted tails, the uids it carries.
        self._head_lengths = array("Q")
        self._tails: list[tuple[str, str]] = []
        self._uids: list[tuple[str, ...]] = []
        self._heads: BinaryIO = (folder / "tips.heads").open("wb")
        self._has = (folder / "has.csv").open("w", encoding="utf-8", buffering=1 << 20)
        self._has.write(header_line({":START_ID(Tip)": "", ":END_ID(Identifier)": "", **HAS_COLUMNS}) + "\n")
        self.relationships = 0
        self.multiline = False
        # The importer stores no property for an empty array: these tips get theirs after the import.
        self.empty_lists: list[dict[str, Any]] = []

    def add_batch(self, batch: Sequence[PreparedTip]) -> None:
        for entry in _aggregate_identifiers(batch):
            known = self.identifiers.get(entry["uid"])
            if known is None:
                uid = sys.intern(entry["uid"])
                known = self.identifiers[uid] = _Identifier(
                    entry["kind"], entry["key"], entry["genericReason"]
                )
            known.tips += entry["tips"]
            known.reason = known.reason or entry["genericReason"]
            room = _RAWS_KEPT - len(known.raws)
            if room > 0:
                known.raws += [raw for raw in entry["raws"] if raw not in known.raws][:room]
        for ready in batch:
            self._add_accounts(ready)
            self._add_tip(ready)
        if batch:
            change = {"created": len(batch)}
            event = audit_event(
                self.viewer, self.request_id, LOAD_ACTION, [r.id for r in batch], change=change
            )
            self.events.append({**event, "at": self.at})

    def _add_accounts(self, ready: PreparedTip) -> None:
        """Counts the tip's suspect accounts behind each of its identifiers as ingest does
        (cypher/identifiers/count_suspect_accounts): an account behind itself only through another of the
        tip's links to it."""
        links = ready.row["links"]
        suspects = {
            sys.intern(link["uid"])
            for link in links
            if link["kind"] == ACCOUNT and link["rel"].get("role") == SUSPECT
        }
        if not suspects:
            return
        carried = Counter(link["uid"] for link in links)
        for uid, times in carried.items():
            behind = suspects if times > 1 or uid not in suspects else suspects - {uid}
            self.identifiers[uid].add_accounts(behind)

    def _add_tip(self, ready: PreparedTip) -> None:
        props = ready.row["props"]
        empty: dict[str, list[str]] = {
            name: [] for name, value in props.items() if isinstance(value, list) and not value
        }
        if empty:
            self.empty_lists.append({"id": ready.id, "lists": empty})
        head = ",".join(_line({k: v for k, v in props.items() if k not in SWITCHED}, TIP_COLUMNS, "a Tip"))
        encoded = (head + ",").encode("utf-8")
        self._heads.write(encoded)
        self._head_lengths.append(len(encoded))
        open_tail = ",".join(_line({k: props.get(k) for k in SWITCHED}, SWITCHED_COLUMNS, "a Tip"))
        linked = {k: props[k + LINKED_SUFFIX] for k in LINKED_FIELDS}
        linked["queueKey"] = linked["queueKeyWhenOpen"] if props.get("queueKey") is not None else None
        linked_tail = ",".join(_line(linked, SWITCHED_COLUMNS, "a Tip"))
        self._tails.append((open_tail, linked_tail))
        self._uids.append(tuple(link["uid"] for link in ready.row["links"]))
        if "\n" in head or "\r" in head:
            self.multiline = True
        start = f'"{_escaped(ready.id)}"'
        for link in ready.row["links"]:
            line = ",".join([start, f'"{_escaped(link["uid"])}"', *_line(link["rel"], HAS_COLUMNS, "a HAS")])
            if "\n" in line or "\r" in line:
                self.multiline = True
            self._has.write(line + "\n")
            self.relationships += 1
        if ready.row["incident"] is not None:
            self.incidents.append(ready.row["incident"])
        self.tips += 1

    def close(self) -> None:
        """Closes the files being written (also when the load is refused half-way)."""
        self._heads.close()
        self._has.close()

    def finish(self) -> tuple[list[ImportFile], list[ImportFile]]:
        """Writes what waited for the final counts; returns the node files and the relationship files."""
        self.close()
        tips = self._write_tips()
        identifiers = self._write_identifiers()
        nodes = [tips, identifiers]
        if self.incidents:
            nodes.append(write_nodes(self.folder / "incidents.csv", "Incident", self.incidents, "id"))
        if self.events:
            nodes.append(write_nodes(self.folder / "audit.csv", "AuditEvent", self.events, "id"))
        has = ImportFile(self.folder / "has.csv", "HAS", self.relationships, self.multiline)
        return nodes, [has] if self.relationships else []

    def _write_tips(self) -> ImportFile:
        path = self.folder / "tips.csv"
        heads_path = self.folder / "tips.heads"
        identifiers = self.identifiers
        with heads_path.open("rb") as heads, path.open("wb") as sink:
            header = header_line({**TIP_COLUMNS, **SWITCHED_COLUMNS}, id_group="Tip")
            sink.write((header + "\n").encode("utf-8"))
            for length, (open_tail, linked_tail), uids in zip(
                self._head_lengths, self._tails, self._uids, strict=True
            ):
                shares = any(identifiers[uid].links() for uid in uids)
                sink.write(heads.read(length))
                sink.write(((linked_tail if shares else open_tail) + "\n").encode("utf-8"))
        heads_path.unlink()
        self._tails, self._uids = [], []
        return ImportFile(path, "Tip", self.tips, self.multiline)

    def _write_identifiers(self) -> ImportFile:
        path = self.folder / "identifiers.csv"
        at, multiline = self.at, False
        with path.open("w", encoding="utf-8", buffering=1 << 20) as sink:
            sink.write(header_line(IDENTIFIER_COLUMNS, id_group="Identifier") + "\n")
            for uid, known in self.identifiers.items():
                row = {
                    "uid": uid,
                    "kind": known.kind,
                    "key": known.key,
                    "tipCount": known.tips,
                    "suspectAccounts": known.account_count(),
                    "raws": known.raws,
                    "genericReason": known.reason,
                    "generic": known.generic,
                    "firstSeen": at,
                    "lastSeen": at,
                }
                line = ",".join(_line(row, IDENTIFIER_COLUMNS, "an Identifier"))
                multiline = multiline or "\n" in line or "\r" in line
                sink.write(line + "\n")
        return ImportFile(path, "Identifier", len(self.identifiers), multiline)


def _escaped(text: str) -> str:
    return text.replace('"', '""')

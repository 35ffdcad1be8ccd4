"""The graph online ingest would write for the prepared tips, streamed into the importer's CSV files.

Each piece is ingest's own: identifier entries from `graph.ingest`'s per-batch aggregation, merged across
batches as `_write_identifiers` merges a batch into stored nodes (tip counts add up, the first ten raw
values and the first generic reason are kept); the node properties `prepare_tip` made; the linked score
variant for a tip that shares an identifier which links (`LINKED_FIELDS`); the batched reports'
incidents; one HAS relationship per occurrence; and one audit event per `ingest_batch_size` tips, as
`tipgraph ingest` records one per batch. Counts are final ones: a tip is scored as linked when an
identifier it carries links tips in the loaded graph (online, the same holds once every tip is in, except
where an identifier grew past its kind's threshold within one batch).

The importer stores no property for an empty list, where the driver stores an empty array: once the
server runs, every tip without one of the list properties (`LIST_COLUMNS`) gets it empty from
`bulkload/empty_lists`, a label scan with no tip ids shipped. That holds because a tip's list property is
never absent (`prepare_tip` always writes a list): an absent one is refused here.

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
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Final, NamedTuple

import numpy as np

from graph.audit import audit_event
from graph.bulkload.account_pairs import AccountPairs
from graph.bulkload.clustering_input import ClusteringInput, LoadedClusters
from graph.bulkload.import_files import (
    ImportFile,
    ImportFileError,
    RowFormat,
    TypedColumns,
    field_text,
    header_line,
    numbered_header,
    quoted_text,
    write_nodes,
)
from graph.clustering.evidence import EvidenceModel
from graph.clustering.thresholds import links_people
from graph.ingest import LINKED_FIELDS, PreparedTip
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
# Each node file starts with the node's number (graph.bulkload.import_files.NODE_ID_TYPE), not stored.
TIP_COLUMNS: Final[TypedColumns] = {
    "id": "string",
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
# The tip properties that are lists: absent after the import where they are empty, and set to [] by
# cypher/bulkload/empty_lists.cypher, which names them (a new one must be added there too).
LIST_COLUMNS: Final = tuple(name for name, kind in TIP_COLUMNS.items() if kind == "string[]")
SWITCHED_COLUMNS: Final[TypedColumns] = {
    field: ("long" if field == "score" else "string") for field in SWITCHED
}
IDENTIFIER_COLUMNS: Final[TypedColumns] = {
    "uid": "string",
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
# The importer's column of a node's further labels, and the label of identifiers two tips or more carry.
LABEL_COLUMN: Final = ":LABEL"
SHARED: Final = "Shared"
# As cypher/tips/create_batch.cypher writes them, after the numbers of the tip and the identifier.
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
_KINDS: Final = {kind.value: kind for kind in IdentifierKind}
_RAWS_KEPT: Final = 10
# Bytes buffered per file written: a tip's head is kilobytes, and the default buffer wrote every few.
_BUFFER: Final = 1 << 20


# The tip's line: its head (every column but the switched ones), then one of its two tails.
_HEAD: Final = RowFormat(TIP_COLUMNS, "a Tip", also_known=SWITCHED)
_TAIL: Final = RowFormat(SWITCHED_COLUMNS, "a Tip", also_known=TIP_COLUMNS)
_HAS: Final = RowFormat(HAS_COLUMNS, "a HAS")


class _Identifier:
    """An identifier node as the load's batches have built it so far, and its number in the import."""

    __slots__ = ("number", "uid", "kind", "tips", "reason", "raws", "accounts", "is_generic")

    def __init__(self, number: int, uid: str, kind: str, reason: str | None) -> None:
        # The uid is the identifiers' dict key, shared; the key is read from it (`kind|key`, as ingest makes
        # it) rather than held a second time: a million tips carry millions of identifiers.
        self.number, self.uid, self.kind, self.tips, self.reason = number, uid, kind, 0, reason
        self.raws: list[str] = []
        # The distinct suspect accounts behind it, and whether that makes it generic, known once every tip
        # is in (GraphWriter.count_accounts; until then they are pairs in graph.bulkload.account_pairs).
        self.accounts: int | None = None
        self.is_generic: bool | None = None

    @property
    def key(self) -> str:
        return self.uid[len(self.kind) + 1 :]

    def account_count(self) -> int:
        if self.accounts is None:
            raise RuntimeError("the suspect accounts are counted once every tip is in")
        return self.accounts

    def count_accounts(self, accounts: int) -> None:
        """Its final suspect accounts, and with them whether it is generic, decided once (the tips' score
        variants and its own line both ask)."""
        self.accounts = accounts
        # As ingest stores it (cypher/identifiers/merge_batch, count_suspect_accounts): the people rule.
        self.is_generic = self.reason is not None or not links_people(
            _KINDS[self.kind], self.tips, accounts, False
        )

    @property
    def generic(self) -> bool:
        if self.is_generic is None:
            raise RuntimeError("an identifier is known generic once every tip is in")
        return self.is_generic

    def links(self) -> bool:
        return not self.generic and self.tips >= 2


# One occurrence as the main process needs it: the identifier's (uid, kind, key, genericReason), the raw
# value, whether it counts the tip (its first occurrence in it), and the HAS relationship clustering reads
# (role, verified, at, port, possibleProxy).
ShapedLink = tuple[
    str, str, str, str | None, str, int, str, bool | None, datetime | None, int | None, bool | None
]


class ShapedTip(NamedTuple):
    """A prepared tip as the importer's lines, formatted in the worker process that prepared it (formatting
    is most of a tip's cost after preparing), and the little the load's own process gathers from it. A
    tuple: every tip crosses from a worker to the load's process, and a tuple is pickled by C code where a
    dataclass is restored field by field in Python."""

    id: str
    report_id: str
    content_hash: str
    head: bytes  # its Tip line (but its number) up to the fields its score variant decides, with a comma
    open_tail: str
    linked_tail: str
    has: tuple[str, ...]  # each occurrence's HAS fields (but the numbers of its ends), as `links`
    multiline: bool
    links: tuple[ShapedLink, ...]
    incident: dict[str, Any] | None
    incident_at: datetime | None


def shape_tip(ready: PreparedTip) -> ShapedTip:
    """The importer's lines of one prepared tip (see the module's docstring)."""
    props = ready.row["props"]
    for name in LIST_COLUMNS:
        if props.get(name) is None:
            # After the import it could not be told from an empty list (see the module's docstring).
            raise ImportFileError(f"a Tip without the list property {name}")
    # The head's format refuses a property neither format knows; a tail reads its own fields only (a tip
    # has some forty properties, and its tails seven).
    head = _HEAD.line(props)
    open_tail = _TAIL.line({name: props.get(name) for name in SWITCHED})
    linked = {k: props[k + LINKED_SUFFIX] for k in LINKED_FIELDS}
    linked["queueKey"] = linked["queueKeyWhenOpen"] if props.get("queueKey") is not None else None
    linked_tail = _TAIL.line(linked)
    lines: list[str] = []
    links: list[ShapedLink] = []
    for link in ready.row["links"]:
        rel = link["rel"]
        lines.append(_HAS.line(rel))
        links.append(
            (
                link["uid"],
                link["kind"],
                link["key"],
                link["genericReason"],
                link["raw"],
                link["countsTip"],
                rel["role"],
                rel.get("verified"),
                rel.get("at"),
                rel.get("port"),
                rel.get("possibleProxy"),
            )
        )
    has = "".join(lines)
    return ShapedTip(
        id=ready.id,
        report_id=ready.key.report_id,
        content_hash=ready.content_hash,
        head=(head + ",").encode("utf-8"),
        open_tail=open_tail,
        linked_tail=linked_tail,
        has=tuple(lines),
        multiline="\n" in head or "\r" in head or "\n" in has or "\r" in has,
        links=tuple(links),
        incident=ready.row["incident"],
        incident_at=props.get("incidentDateTime"),
    )


class GraphWriter:
    """Takes shaped tips batch by batch and writes the importer's files into `folder`."""

    def __init__(self, folder: Path, at: datetime, viewer: Viewer, request_id: str) -> None:
        self.folder, self.at, self.viewer, self.request_id = folder, at, viewer, request_id
        self.identifiers: dict[str, _Identifier] = {}
        self.incidents: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.tips = 0
        # Per tip: the length of its written line head, its two formatted tails, the uids it carries.
        self._head_lengths = array("Q")
        # Its two tails, each tail's length (open, linked), in a file of their own as the heads.
        self._tail_lengths = array("Q")
        # The numbers of the identifiers it carries, all tips' one after the other, and how many are its.
        self._carried = array("Q")
        self._carried_counts = array("Q")
        self._heads: BinaryIO = (folder / "tips.heads").open("wb", buffering=_BUFFER)
        self._tails: BinaryIO = (folder / "tips.tails").open("wb", buffering=_BUFFER)
        self._has = (folder / "has.csv").open("w", encoding="utf-8", buffering=_BUFFER)
        self._has.write(header_line({":START_ID(Tip)": "", ":END_ID(Identifier)": "", **HAS_COLUMNS}) + "\n")
        # Per tip: the numbers of the identifiers it carries, as its links (reused from tip to tip).
        self._numbers: list[int] = []
        self._accounts: AccountPairs | None = AccountPairs()
        self.relationships = 0
        self.multiline = False
        self.clustering: ClusteringInput | None = ClusteringInput()

    def add_batch(self, batch: Sequence[ShapedTip]) -> None:
        for shaped in batch:
            self._add_tip(shaped)
        if batch:
            change = {"created": len(batch)}
            event = audit_event(
                self.viewer, self.request_id, LOAD_ACTION, [r.id for r in batch], change=change
            )
            self.events.append({**event, "at": self.at})

    def _count(self, links: Sequence[ShapedLink]) -> list[int]:
        """Merges a tip's occurrences into the identifiers as ingest merges a batch's into stored nodes
        (`graph.ingest._aggregate_identifiers`, then `_write_identifiers`): tip counts add up, the first
        generic reason and the first ten distinct raw values are kept, in the order tips came. Returns
        the identifiers' numbers, as the links."""
        identifiers = self.identifiers
        numbers = self._numbers
        numbers.clear()
        for link in links:
            uid = link[0]
            known = identifiers.get(uid)
            if known is None:
                kind, key = link[1], link[2]
                if uid != f"{kind}|{key}":
                    raise ImportFileError(f"the identifier {uid} is not its kind and key")
                uid = sys.intern(uid)
                known = identifiers[uid] = _Identifier(len(identifiers), uid, kind, link[3])
            elif known.reason is None:
                known.reason = link[3]
            numbers.append(known.number)
            known.tips += link[5]
            raws = known.raws
            if len(raws) < _RAWS_KEPT and link[4] not in raws:
                raws.append(link[4])
        return numbers

    def _add_accounts(self, links: Sequence[ShapedLink], numbers: Sequence[int]) -> None:
        """Counts the tip's suspect accounts behind each of its identifiers (`numbers`, as `links`) as
        ingest does (cypher/identifiers/count_suspect_accounts): an account behind itself only through
        another of the tip's links to it."""
        suspects = {
            number
            for link, number in zip(links, numbers, strict=True)
            if link[1] == ACCOUNT and link[6] == SUSPECT
        }
        if not suspects:
            return
        pairs = self._accounts
        if pairs is None:
            raise RuntimeError("a tip added after the accounts were counted")
        carried: dict[int, int] = {}
        for number in numbers:
            carried[number] = carried.get(number, 0) + 1
        pairs.add_tip(carried, suspects)

    def count_accounts(self) -> None:
        """Gives each identifier its count of distinct suspect accounts, once every tip is in."""
        if self._accounts is None:
            return
        counts = self._accounts.counts(len(self.identifiers))
        for known in self.identifiers.values():
            known.count_accounts(counts[known.number])
        self._accounts = None

    def _add_tip(self, shaped: ShapedTip) -> None:
        number = self.tips
        numbers = self._count(shaped.links)
        self._add_accounts(shaped.links, numbers)
        head = b"%d,%b" % (number, shaped.head)
        self._heads.write(head)
        self._head_lengths.append(len(head))
        open_tail, linked_tail = shaped.open_tail.encode(), shaped.linked_tail.encode()
        self._tails.write(open_tail)
        self._tails.write(linked_tail)
        self._tail_lengths.extend((len(open_tail), len(linked_tail)))
        self._carried.extend(numbers)
        self._carried_counts.append(len(numbers))
        self.multiline = self.multiline or shaped.multiline
        self._has.write(
            "".join([f"{number},{end},{has}\n" for end, has in zip(numbers, shaped.has, strict=True)])
        )
        self.relationships += len(shaped.links)
        if shaped.incident is not None:
            self.incidents.append(shaped.incident)
        if self.clustering is not None:
            self.clustering.add(shaped.id, shaped.links, shaped.incident_at)
        self.tips += 1

    def close(self) -> None:
        """Closes the files being written (also when the load is refused half-way)."""
        self._heads.close()
        self._tails.close()
        self._has.close()

    def cluster(self, model: EvidenceModel) -> LoadedClusters:
        """Clusters the tips as a full recompute on the loaded store would (graph.bulkload.clustering_input),
        with the store's evidence model: the Cluster nodes and clusterIds to write once the store is up
        (the load computes them while the importer runs, so they are not in the importer's files)."""
        if self.clustering is None:
            raise RuntimeError("the tips were clustered already")
        self.close()
        self.count_accounts()
        clusters = self.clustering.clusters(self.identifiers, self.at, model)
        self.clustering = None
        return clusters

    def finish(self) -> tuple[list[ImportFile], list[ImportFile]]:
        """Writes what waited for the final counts (not the clusters: see `cluster`); returns the node files
        and the relationship files."""
        self.close()
        self.count_accounts()
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
        heads_path, tails_path = self.folder / "tips.heads", self.folder / "tips.tails"
        shares = self._shares()
        lengths = iter(self._tail_lengths)
        with heads_path.open("rb") as heads, tails_path.open("rb") as tails, path.open("wb") as sink:
            header = numbered_header({**TIP_COLUMNS, **SWITCHED_COLUMNS}, "Tip")
            sink.write((header + "\n").encode("utf-8"))
            for length, open_length, linked_length, linked in zip(
                self._head_lengths, lengths, lengths, shares, strict=True
            ):
                sink.write(heads.read(length))
                both = tails.read(open_length + linked_length)
                sink.write(both[open_length:] if linked else both[:open_length])
                sink.write(b"\n")
        heads_path.unlink()
        tails_path.unlink()
        self._carried, self._carried_counts = array("Q"), array("Q")
        return ImportFile(path, "Tip", self.tips, self.multiline)

    def _shares(self) -> list[bool]:
        """Per tip, whether it carries an identifier that links tips (its linked score variant)."""
        # Decided once per identifier rather than once per tip carrying it.
        links = np.zeros(len(self.identifiers), dtype=np.int64)
        for known in self.identifiers.values():
            if known.links():
                links[known.number] = 1
        carried = np.frombuffer(self._carried, dtype=np.uint64).astype(np.int64)
        linking = np.concatenate(([0], np.cumsum(links[carried])))
        counts = np.frombuffer(self._carried_counts, dtype=np.uint64).astype(np.int64)
        ends = np.concatenate(([0], np.cumsum(counts)))
        shared: list[bool] = (linking[ends[1:]] > linking[ends[:-1]]).tolist()
        return shared

    def _write_identifiers(self) -> ImportFile:
        path = self.folder / "identifiers.csv"
        at = field_text(self.at, "datetime", "firstSeen")
        multiline = False
        with path.open("w", encoding="utf-8", buffering=1 << 20) as sink:
            # And a label column: identifiers/merge_batch's Shared on those two tips or more carry.
            sink.write(numbered_header(IDENTIFIER_COLUMNS, "Identifier") + f",{LABEL_COLUMN}\n")
            for known in self.identifiers.values():
                line = _identifier_line(known, at)
                multiline = multiline or "\n" in line or "\r" in line
                sink.write(f"{known.number},{line},{SHARED if known.tips >= 2 else ''}\n")
        return ImportFile(path, "Identifier", len(self.identifiers), multiline)


def _identifier_line(known: _Identifier, at: str) -> str:
    """Its line but its number, as `RowFormat(IDENTIFIER_COLUMNS).line` writes its row, in one
    f-string: millions of identifiers at a million tips, where a row dict and a formatter per field were
    most of the files phase. `at` is the load's moment formatted (firstSeen and lastSeen)."""
    uid, kind, key = known.uid, known.kind, known.key
    if type(uid) is not str or type(kind) is not str:
        raise ImportFileError(f"an Identifier uid or kind that is not a string: {uid!r}")
    tips, accounts = known.tips, known.account_count()
    if type(tips) is not int or type(accounts) is not int:
        raise ImportFileError(f"the identifier {uid} has counts that are not integers")
    raws = field_text(known.raws, "string[]", "raws")
    reason = field_text(known.reason, "string", "genericReason")
    generic = "true" if known.generic else "false"
    return (
        f"{quoted_text(uid)},{quoted_text(kind)},{quoted_text(key)},{tips},{accounts},{raws},{reason},"
        f"{generic},{at},{at}"
    )

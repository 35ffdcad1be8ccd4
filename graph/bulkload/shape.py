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
`bulkload/tips_in_range`, one range seek of tip ids per batch, with the clustered tips' cluster ids (no
tip ids shipped but theirs). That holds because a tip's list property is
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
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import accumulate
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
from graph.bulkload.link_columns import (
    FLAG_CODES,
    KIND_CODES,
    KIND_VALUES,
    NO_NUMBER,
    ROLE_CODES,
    instant_number,
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
_ACCOUNT_CODE: Final = KIND_CODES[ACCOUNT]
_SUSPECT_CODE: Final = ROLE_CODES[SUSPECT]
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
# cypher/bulkload/tips_in_range.cypher and tips_from.cypher, which name them (a new one must be added
# there too).
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


class ShapedTips(NamedTuple):
    """A chunk of prepared tips as the importer's lines, formatted in the worker process that prepared them
    (formatting is most of a tip's cost after preparing), and the little the load's own process gathers
    from them, as columns: per tip (`ids` ...), and per link (`uids` ..., each tip's links one after the
    other, `link_counts` of them per tip). Flat lists of strings, bytes and arrays pickle and unpickle in
    C, in one piece each, where a tuple per link cost both processes a Python object per field."""

    indexes: list[int]  # each tip's place in the input
    ids: list[str]
    report_ids: list[str]
    content_hashes: list[str]
    # Each tip's Tip line (but its number) up to the fields its score variant decides, with a comma.
    heads: bytes
    head_lengths: array[int]
    # Each tip's two tails (open, then linked), one after the other, and their lengths.
    tails: bytes
    tail_lengths: array[int]
    multiline: bytes  # per tip, 1 where a line of it holds a line break
    incidents: list[dict[str, Any] | None]
    incident_at: array[int]  # `instant_number`s
    link_counts: array[int]
    # Per link: the identifier (uid, kind code, genericReason), the raw value, whether it counts the tip
    # (its first occurrence in it), its HAS fields (but the numbers of its ends), and the HAS relationship
    # clustering reads (role code, verified flag, at, port, possibleProxy flag).
    uids: list[str]
    kinds: bytes
    reasons: list[str | None]
    raws: list[str]
    counts_tip: bytes
    has: list[str]
    roles: bytes
    verified: bytes
    at: array[int]
    ports: array[int]
    proxies: bytes

    def only(self, kept: Sequence[int]) -> ShapedTips:
        """These tips (positions in the chunk) alone: for a chunk with a tip repeated from an earlier one."""
        starts = [0, *accumulate(self.link_counts)]
        heads = [0, *accumulate(self.head_lengths)]
        tails = [0, *accumulate(self.tail_lengths)]
        links = [p for tip in kept for p in range(starts[tip], starts[tip + 1])]

        def per_tip(column: Sequence[Any]) -> list[Any]:
            return [column[tip] for tip in kept]

        def per_link(column: Sequence[Any]) -> list[Any]:
            return [column[p] for p in links]

        return ShapedTips(
            per_tip(self.indexes),
            per_tip(self.ids),
            per_tip(self.report_ids),
            per_tip(self.content_hashes),
            b"".join(self.heads[heads[tip] : heads[tip + 1]] for tip in kept),
            array("Q", per_tip(self.head_lengths)),
            b"".join(self.tails[tails[2 * tip] : tails[2 * tip + 2]] for tip in kept),
            array("Q", [n for tip in kept for n in self.tail_lengths[2 * tip : 2 * tip + 2]]),
            bytes(per_tip(self.multiline)),
            per_tip(self.incidents),
            array("q", per_tip(self.incident_at)),
            array("Q", per_tip(self.link_counts)),
            per_link(self.uids),
            bytes(per_link(self.kinds)),
            per_link(self.reasons),
            per_link(self.raws),
            bytes(per_link(self.counts_tip)),
            per_link(self.has),
            bytes(per_link(self.roles)),
            bytes(per_link(self.verified)),
            array("q", per_link(self.at)),
            array("q", per_link(self.ports)),
            bytes(per_link(self.proxies)),
        )


# A link's fields in ShapedTips' order: uid, kind code, genericReason, raw, countsTip, HAS fields, role
# code, verified flag, at, port, possibleProxy flag.
_LinkFields = tuple[str, int, str | None, str, int, str, int, int, int, int, int]
_NO_LINKS: Final = ((),) * 11


class TipShaper:
    """Shapes prepared tips one after the other into the columns of one `ShapedTips`."""

    def __init__(self) -> None:
        self.indexes: list[int] = []
        self.ids: list[str] = []
        self.report_ids: list[str] = []
        self.content_hashes: list[str] = []
        self.heads: list[bytes] = []
        self.head_lengths = array("Q")
        self.tails: list[bytes] = []
        self.tail_lengths = array("Q")
        self.multiline = bytearray()
        self.incidents: list[dict[str, Any] | None] = []
        self.incident_at = array("q")
        self.link_counts = array("Q")
        # Per link, its fields in ShapedTips' order (uids to proxies): one tuple a link, made into the
        # columns once the chunk is shaped (a dozen appends a link cost more than one tuple).
        self.links: list[_LinkFields] = []

    def add(self, index: int, ready: PreparedTip) -> None:
        """One prepared tip's lines and columns (see `ShapedTips`)."""
        props = ready.row["props"]
        for name in LIST_COLUMNS:
            if props.get(name) is None:
                # After the import it could not be told from an empty list (see the module's docstring).
                raise ImportFileError(f"a Tip without the list property {name}")
        # The head's format refuses a property neither format knows; a tail reads its own fields only (a
        # tip has some forty properties, and its tails seven).
        head = _HEAD.line(props)
        open_tail = _TAIL.line({name: props.get(name) for name in SWITCHED}).encode()
        linked = {k: props[k + LINKED_SUFFIX] for k in LINKED_FIELDS}
        linked["queueKey"] = linked["queueKeyWhenOpen"] if props.get("queueKey") is not None else None
        linked_tail = _TAIL.line(linked).encode()
        multiline = "\n" in head or "\r" in head
        append = self.links.append
        links = ready.row["links"]
        for link in links:
            rel = link["rel"]
            # The line first: its format refuses a value of another type (a flag that is not a bool, as
            # `1 == True` would pass for one as a key of FLAG_CODES).
            line = _HAS.line(rel)
            multiline = multiline or "\n" in line or "\r" in line
            uid, kind = link["uid"], link["kind"]
            if uid != f"{kind}|{link['key']}":
                raise ImportFileError(f"the identifier {uid} is not its kind and key")
            at, port = rel.get("at"), rel.get("port")
            append(
                (
                    uid,
                    KIND_CODES[kind],
                    link["genericReason"],
                    link["raw"],
                    link["countsTip"],
                    line,
                    ROLE_CODES[rel["role"]],
                    FLAG_CODES[rel.get("verified")],
                    NO_NUMBER if at is None else instant_number(at),
                    NO_NUMBER if port is None else port,
                    FLAG_CODES[rel.get("possibleProxy")],
                )
            )
        head_bytes = (head + ",").encode("utf-8")
        self.indexes.append(index)
        self.ids.append(ready.id)
        self.report_ids.append(ready.key.report_id)
        self.content_hashes.append(ready.content_hash)
        self.heads.append(head_bytes)
        self.head_lengths.append(len(head_bytes))
        self.tails += (open_tail, linked_tail)
        self.tail_lengths.extend((len(open_tail), len(linked_tail)))
        self.multiline.append(multiline)
        self.incidents.append(ready.row["incident"])
        self.incident_at.append(instant_number(props.get("incidentDateTime")))
        self.link_counts.append(len(links))

    def shaped(self) -> ShapedTips:
        columns: Iterable[tuple[Any, ...]] = zip(*self.links, strict=True) if self.links else _NO_LINKS
        uids, kinds, reasons, raws, counts, has, roles, verified, at, ports, proxies = columns
        return ShapedTips(
            self.indexes,
            self.ids,
            self.report_ids,
            self.content_hashes,
            b"".join(self.heads),
            self.head_lengths,
            b"".join(self.tails),
            self.tail_lengths,
            bytes(self.multiline),
            self.incidents,
            self.incident_at,
            self.link_counts,
            list(uids),
            bytes(kinds),
            list(reasons),
            list(raws),
            bytes(counts),
            list(has),
            bytes(roles),
            bytes(verified),
            array("q", at),
            array("q", ports),
            bytes(proxies),
        )


def shape_tip(ready: PreparedTip, index: int = 0) -> ShapedTips:
    """The importer's lines of one prepared tip (see the module's docstring), as a chunk of one."""
    shaper = TipShaper()
    shaper.add(index, ready)
    return shaper.shaped()


class GraphWriter:
    """Takes shaped tips batch by batch and writes the importer's files into `folder`."""

    def __init__(self, folder: Path, at: datetime, viewer: Viewer, request_id: str) -> None:
        self.folder, self.at, self.viewer, self.request_id = folder, at, viewer, request_id
        self.identifiers: dict[str, _Identifier] = {}
        self.incidents: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.tips = 0
        # Per tip: the length of its written line head (its number is written in front of it once the
        # counts are final), its two formatted tails.
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
        self._accounts: AccountPairs | None = AccountPairs()
        self.relationships = 0
        self.multiline = False
        self.clustering: ClusteringInput | None = ClusteringInput()

    def add_batch(self, batch: ShapedTips) -> None:
        if not batch.ids:
            return
        first = self.tips
        numbers = self._count(batch)
        self._add_accounts(batch, numbers)
        self._heads.write(batch.heads)
        self._head_lengths.extend(batch.head_lengths)
        self._tails.write(batch.tails)
        self._tail_lengths.extend(batch.tail_lengths)
        self._carried.extend(numbers)
        self._carried_counts.extend(batch.link_counts)
        self.multiline = self.multiline or any(batch.multiline)
        # Each HAS line starts with its tip's number and its identifier's.
        tip_numbers = [
            number
            for number, count in zip(range(first, first + len(batch.ids)), batch.link_counts, strict=True)
            for _ in range(count)
        ]
        self._has.write(
            "".join(
                [
                    f"{tip},{end},{has}\n"
                    for tip, end, has in zip(tip_numbers, numbers, batch.has, strict=True)
                ]
            )
        )
        self.relationships += len(numbers)
        self.incidents.extend([incident for incident in batch.incidents if incident is not None])
        if self.clustering is not None:
            self.clustering.add(batch)
        self.tips += len(batch.ids)
        change = {"created": len(batch.ids)}
        event = audit_event(self.viewer, self.request_id, LOAD_ACTION, list(batch.ids), change=change)
        self.events.append({**event, "at": self.at})

    def _count(self, batch: ShapedTips) -> list[int]:
        """Merges the tips' occurrences into the identifiers as ingest merges a batch's into stored nodes
        (`graph.ingest._aggregate_identifiers`, then `_write_identifiers`): tip counts add up, the first
        generic reason and the first ten distinct raw values are kept, in the order tips came. Returns
        the identifiers' numbers, link by link."""
        identifiers = self.identifiers
        numbers: list[int] = []
        append = numbers.append
        for uid, kind, reason, raw, counts in zip(
            batch.uids, batch.kinds, batch.reasons, batch.raws, batch.counts_tip, strict=True
        ):
            known = identifiers.get(uid)
            if known is None:
                uid = sys.intern(uid)
                known = identifiers[uid] = _Identifier(len(identifiers), uid, KIND_VALUES[kind], reason)
            elif known.reason is None:
                known.reason = reason
            append(known.number)
            known.tips += counts
            raws = known.raws
            if len(raws) < _RAWS_KEPT and raw not in raws:
                raws.append(raw)
        return numbers

    def _add_accounts(self, batch: ShapedTips, numbers: Sequence[int]) -> None:
        """Counts each tip's suspect accounts behind each of its identifiers (`numbers`, link by link) as
        ingest does (cypher/identifiers/count_suspect_accounts): an account behind itself only through
        another of the tip's links to it."""
        # Most tips have no suspect account: the links that are one are found first.
        suspect_links = [
            link
            for link, (kind, role) in enumerate(zip(batch.kinds, batch.roles, strict=True))
            if kind == _ACCOUNT_CODE and role == _SUSPECT_CODE
        ]
        if not suspect_links:
            return
        pairs = self._accounts
        if pairs is None:
            raise RuntimeError("a tip added after the accounts were counted")
        starts = list(accumulate(batch.link_counts, initial=0))
        suspects_of: dict[int, set[int]] = {}
        for link in suspect_links:
            # The last tip whose links start at or before it (a tip without links starts where the next does).
            tip = bisect_right(starts, link) - 1
            suspects_of.setdefault(tip, set()).add(numbers[link])
        for tip, suspects in suspects_of.items():
            carried: dict[int, int] = {}
            for number in numbers[starts[tip] : starts[tip + 1]]:
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
        clusters = self.clustering.clusters(
            self.identifiers, self._carried, self._carried_counts, self.at, model
        )
        self.clustering = None
        self._carried, self._carried_counts = array("Q"), array("Q")
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
            for number, (length, open_length, linked_length, linked) in enumerate(
                zip(self._head_lengths, lengths, lengths, shares, strict=True)
            ):
                sink.write(b"%d," % number)
                sink.write(heads.read(length))
                both = tails.read(open_length + linked_length)
                sink.write(both[open_length:] if linked else both[:open_length])
                sink.write(b"\n")
        heads_path.unlink()
        tails_path.unlink()
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

"""Labels with provenance: every classification of a tip or a file, with who gave it.

A label says one thing (its kind and value) about a tip or one of its files, and where it came from: the
reporting service (as submitted; made once at ingest from the report and never rewritten), a hash-list
match (which list, when), or an analyst's review (who, when, whether they viewed the file). Labels only
accumulate: a review adds a label beside the service's, it does not replace it. Two labels of an exclusive
kind on one subject with different values disagree, and each is flagged so.

Pure: no database. Files get ids here: deterministic from the tip's id and the file's position and first
hash, so the same report resubmitted (UNCHANGED) keeps them, and a migration computes the same ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

import orjson

from graph.scoring.verdicts import FileVerdict
from graph.tip import FileDetails, FileRelevance, Tip
from graph.viewer import Role, Viewer


class LabelKind(StrEnum):
    """What a label classifies: a tip's incident type, or a file's category, virality or relevance."""

    INCIDENT_TYPE = "INCIDENT_TYPE"
    CATEGORY = "CATEGORY"
    VIRAL_OR_MEME = "VIRAL_OR_MEME"
    FILE_RELEVANCE = "FILE_RELEVANCE"


class LabelSource(StrEnum):
    REPORTING_SERVICE = "REPORTING_SERVICE"
    HASH_LIST = "HASH_LIST"
    ANALYST = "ANALYST"


class FileCategory(StrEnum):
    """A file's category: the industry classification (A prepubescent before B; 1 sex act before 2
    lascivious) or, from the clearinghouse's side, not child sexual abuse material at all."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    NOT_CSAM = "NOT_CSAM"


class FileStatus(StrEnum):
    """Where a reported file stands: REPORTED until an analyst reviews it, then what the review made of it."""

    REPORTED = "REPORTED"
    CONFIRMED = "CONFIRMED"
    NOT_CSAM = "NOT_CSAM"


# Kinds whose values exclude each other on one subject: two different values are a disagreement. A file
# flagged viral by one source and not by another is no disagreement, just a missing flag.
EXCLUSIVE_KINDS: Final = frozenset({LabelKind.INCIDENT_TYPE, LabelKind.CATEGORY, LabelKind.FILE_RELEVANCE})


@dataclass(frozen=True, slots=True)
class Label:
    kind: LabelKind
    value: str
    source: LabelSource
    at: datetime
    # For file labels: the file's id and its position in the report's files.
    file_id: str | None = None
    file_index: int | None = None
    service: str | None = None  # REPORTING_SERVICE: the service that submitted it
    hash_list: str | None = None  # HASH_LIST: the list's name
    analyst: str | None = None  # ANALYST: who (shown only to the clearinghouse's own viewers)
    role: str | None = None  # ANALYST: their role (analyst or supervisor)
    viewed: bool | None = None  # ANALYST: whether they viewed the file
    note: str | None = None
    # Set per viewer (`labels_for`): another label this viewer may see says otherwise.
    disagrees: bool = False

    def to_stored(self) -> str:
        # `_value_`: the member's value as an attribute (`.value` is a property, several times slower);
        # every tip stores its service's labels as it is prepared.
        fields: dict[str, Any] = {
            "kind": self.kind._value_,
            "value": self.value,
            "source": self.source._value_,
            "at": self.at.isoformat(),
        }
        # The optional fields in their stored order, each only when set (a service's label has two).
        for name, value in (
            ("fileId", self.file_id),
            ("fileIndex", self.file_index),
            ("service", self.service),
            ("hashList", self.hash_list),
            ("analyst", self.analyst),
            ("role", self.role),
            ("viewed", self.viewed),
            ("note", self.note),
        ):
            if value is not None:
                fields[name] = value
        return orjson.dumps(fields).decode()

    @classmethod
    def from_stored(cls, text: str) -> Label:
        props: Mapping[str, Any] = orjson.loads(text)
        return cls(
            kind=LabelKind(props["kind"]),
            value=props["value"],
            source=LabelSource(props["source"]),
            at=datetime.fromisoformat(props["at"]),
            file_id=props.get("fileId"),
            file_index=props.get("fileIndex"),
            service=props.get("service"),
            hash_list=props.get("hashList"),
            analyst=props.get("analyst"),
            role=props.get("role"),
            viewed=props.get("viewed"),
            note=props.get("note"),
        )


def _first_hash(hashes: Iterable[tuple[str, str]]) -> str:
    for hash_type, value in hashes:
        return f"{hash_type.strip().casefold()}:{value.strip().lower()}"
    return ""


def file_id(tip_id: str, index: int, hashes: Iterable[tuple[str, str]]) -> str:
    """A file's id: from the tip, its position and its first hash (as given, case-folded); both are part
    of the report's content, so they hold as long as the tip does."""
    digest = hashlib.sha256(f"{tip_id}\x00{index}\x00{_first_hash(hashes)}".encode()).hexdigest()
    return f"file-{digest[:20]}"


def file_id_of(tip_id: str, index: int, file: FileDetails) -> str:
    return file_id(tip_id, index, ((h.hashType, h.value) for h in file.originalFileHash))


def file_id_in_report(tip_id: str, index: int, file: Mapping[str, Any]) -> str:
    """The id of a file as the stored report (the JSON form) holds it."""
    hashes = file.get("originalFileHash") or []
    return file_id(tip_id, index, ((h["hashType"], h["value"]) for h in hashes))


_DEFAULT_RELEVANCE_NOTE: Final = "not given: the CyberTipline's default"
# What the service said about the tip or one of its files: kind, value, file index, note.
_Said = tuple[LabelKind, str, int | None, str | None]


def _service_said(tip: Tip) -> list[_Said]:
    """What the reporting service said, as submitted: the incident type, and per file its relevance
    (Reported when not given, as the CyberTipline defaults it), industry classification and viral or
    meme flags."""
    said: list[_Said] = [(LabelKind.INCIDENT_TYPE, tip.incidentSummary.incidentType._value_, None, None)]
    for index, file in enumerate(tip.files):
        if file.fileRelevance is None:
            said.append(
                (LabelKind.FILE_RELEVANCE, FileRelevance.REPORTED._value_, index, _DEFAULT_RELEVANCE_NOTE)
            )
        else:
            said.append((LabelKind.FILE_RELEVANCE, file.fileRelevance._value_, index, None))
        if file.industryClassification is not None:
            said.append((LabelKind.CATEGORY, file.industryClassification._value_, index, None))
        flags = file.fileAnnotations
        if flags is not None and (flags.viral or flags.potentialMeme):
            named = (("viral", flags.viral), ("potentialMeme", flags.potentialMeme))
            said.append((LabelKind.VIRAL_OR_MEME, " and ".join(n for n, on in named if on), index, None))
    return said


def _file_ids(tip: Tip, tip_id: str) -> dict[int, str]:
    # A file has two or three labels: its id (a digest) is made once.
    return {index: file_id_of(tip_id, index, file) for index, file in enumerate(tip.files)}


def service_labels(tip: Tip, tip_id: str, service: str | None, at: datetime) -> list[Label]:
    """What the reporting service said (`_service_said`), as labels."""
    file_ids = _file_ids(tip, tip_id)
    return [
        Label(
            kind,
            value,
            LabelSource.REPORTING_SERVICE,
            at,
            file_id=None if index is None else file_ids[index],
            file_index=index,
            service=service or None,
            note=note,
        )
        for kind, value, index, note in _service_said(tip)
    ]


def stored_service_labels(tip: Tip, tip_id: str, service: str | None, at: datetime) -> list[str]:
    """`[label.to_stored() for label in service_labels(...)]`, written straight from what the service said:
    ingest and the load store every tip's service labels, and the labels themselves are read by no one
    there (a service's label is no verdict on a file: `file_verdicts`)."""
    file_ids = _file_ids(tip, tip_id) if tip.files else {}
    when = at.isoformat()
    source = LabelSource.REPORTING_SERVICE._value_
    stored = []
    # The fields in Label.to_stored's order, each only when set.
    for kind, value, index, note in _service_said(tip):
        fields: dict[str, Any] = {"kind": kind._value_, "value": value, "source": source, "at": when}
        if index is not None:
            fields["fileId"] = file_ids[index]
            fields["fileIndex"] = index
        if service:
            fields["service"] = service
        if note is not None:
            fields["note"] = note
        stored.append(orjson.dumps(fields).decode())
    return stored


def labels_for(viewer: Viewer, labels: Sequence[Label]) -> tuple[Label, ...]:
    """The labels `viewer` may see, with disagreements flagged among those alone (a flag must not hint at
    a label the viewer cannot see). A reporting service sees what it submitted, nothing of the
    clearinghouse's side; an investigator sees every label of a tip referred to it, an analyst's without
    the analyst's name or note (as a supervisor's generic mark shows without its words)."""
    if viewer.role is Role.REPORTER:
        shown = [label for label in labels if label.source is LabelSource.REPORTING_SERVICE]
    elif viewer.sees_every_tip:
        shown = list(labels)
    else:
        shown = [
            replace(label, analyst=None, note=None) if label.source is LabelSource.ANALYST else label
            for label in labels
        ]
    values: dict[tuple[str | None, LabelKind], set[str]] = {}
    for label in shown:
        if label.kind in EXCLUSIVE_KINDS:
            values.setdefault((label.file_id, label.kind), set()).add(label.value)
    return tuple(
        replace(label, disagrees=True)
        if label.kind in EXCLUSIVE_KINDS and len(values[(label.file_id, label.kind)]) > 1
        else label
        for label in shown
    )


def file_status(labels: Iterable[Label], file_id_: str) -> FileStatus:
    """REPORTED until an analyst reviews the file; then the latest review's finding."""
    status = FileStatus.REPORTED
    for label in labels:
        if (
            label.source is LabelSource.ANALYST
            and label.file_id == file_id_
            and label.kind is LabelKind.CATEGORY
        ):
            status = FileStatus.NOT_CSAM if label.value == FileCategory.NOT_CSAM else FileStatus.CONFIRMED
    return status


def file_verdicts(labels: Iterable[Label]) -> dict[int, FileVerdict]:
    """The clearinghouse's findings per file index, for the score: the latest analyst review's category
    (else the first hash-list match's), and viewed once any review viewed the file."""
    reviewed: dict[int, Label] = {}
    listed: dict[int, Label] = {}
    viewed: set[int] = set()
    for label in labels:
        if label.file_index is None or label.kind is not LabelKind.CATEGORY:
            continue
        if label.source is LabelSource.ANALYST:
            reviewed[label.file_index] = label
            if label.viewed:
                viewed.add(label.file_index)
        elif label.source is LabelSource.HASH_LIST:
            listed.setdefault(label.file_index, label)
    verdicts: dict[int, FileVerdict] = {}
    for index in reviewed.keys() | listed.keys():
        if index in reviewed:
            label = reviewed[index]
            source = f"{label.value} by an analyst's review"
        else:
            label = listed[index]
            source = f"{label.value} on hash list {label.hash_list}"
        verdicts[index] = FileVerdict(label.value, source, viewed=index in viewed)
    return verdicts

"""Clusters in the store: the full recompute that writes them, and what a viewer may read and decide on them.

Recompute (`recompute_clusters`; `tipgraph clusters recompute` runs it when it cannot tell what changed
since the last recompute, else reclusters that only: graph/cluster_refresh.py) reads the input in pages of
identifiers (uid order): only identifiers that may link (carried by 2 tips or more, linking by the people rule
`graph.clustering.thresholds.links_people`), each with the distinct suspect accounts behind it counted in the
store (how many people stand behind a value, `graph.clustering.spread`). Singletons and super-nodes are never
read; the locations and single-tip accounts that classifying needs are read afterwards for clustered tips
only. With the judgements in force and the previous assignment (for stable ids) it runs
`graph.clustering.recompute` and writes back in batches:

- `t.clusterId` on every tip of a cluster of two or more; null on a tip that left every cluster. Only tips
  whose id changed are written, so a recompute after a small ingest writes little;
- one `(:Cluster {id, kind, size, evidence, bridges, digest, updatedAt})` per cluster of two or more, with
  kind and evidence from `classify` and bridges from `ClusterLinks` (JSON strings). A cluster is rewritten
  only when its digest (members, kind, evidence, bridges) changed; clusters no longer produced are deleted.

Bridges cost a link graph and a Tarjan pass over the cluster: linear, but a cluster above `BRIDGE_MAX_TIPS`
is one person's thousands of reports, where a single bridge says little, so its bridges are not computed
(stored null) and at most `MAX_BRIDGES` are kept per cluster. Each batch is its own transaction: a reader
during a recompute may see some tips already moved to their new cluster; clusters are written before tips
point at them and deleted only after no tip does.

Reads carry the viewer's `$scope`: a scoped viewer (investigator, reporter) sees a cluster only if it may
see one of its tips, and every size, count, evidence, bridge, identifier, timeline and chain is made from
those tips only. Member-level views (identifiers, timeline, whyMember, export) look at the first
`MEMBER_LIMIT` visible members in id order and say so when a cluster is larger.
"""

from __future__ import annotations

import asyncio
import csv
import gc
import hashlib
import io
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from itertools import islice
from typing import Any, Final

import orjson

from graph.access import require_role
from graph.agencies import AgencyRegistry
from graph.audit import AuditTrail
from graph.clustering import (
    Bridge,
    ClusterAssignment,
    ClusterKind,
    ClusterLinks,
    Edge,
    Evidence,
    Link,
    LinkGraph,
    Occurrence,
    Step,
    classify,
    recompute,
)
from graph.clustering.content import is_content_cluster_id
from graph.clustering.edges import occurrence_links
from graph.clustering.evidence import PEOPLE_COUNTED, EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.pairs import candidate_edges, evidence_link_graph
from graph.clustering.thresholds import LINKING_TIPS_CAP, RULE_PARAMS, STRONG_PROBABILITY, links_people
from graph.content_clusters import content_cluster_tip_ids
from graph.dispositions import (
    DECIDERS,
    MAX_TIPS_PER_DECISION,
    DecisionRequest,
    DecisionResult,
    Disposition,
    set_disposition,
)
from graph.errors import NotFoundError
from graph.incidents import bundle_tips
from graph.judgements import judgements_in_force
from graph.jurisdiction import IpGeolocator
from graph.kinds import IdentifierKind
from graph.model import IdentifierSummary, Page, Role, SizePosition, TipCard, TipRecord
from graph.referral import refer_tips
from graph.store.database import Database
from graph.tips import TipPosition, head_or_card, identifier_for, native, tip_from_row
from graph.viewer import Viewer

# Identifiers per page of the recompute's read: each page is one round trip of a few MB.
OCCURRENCE_PAGE: Final = 20_000
# Identifier kinds whose clustering input is read at once (one session each).
READERS: Final = 3
# Rows per write transaction.
WRITE_BATCH: Final = 10_000
# Clustered tips per read of their facts when several readers share them out.
FACTS_BATCH: Final = 2_500
BRIDGE_MAX_TIPS: Final = 5_000
MAX_BRIDGES: Final = 20
MEMBER_LIMIT: Final = 5_000
# Above this many candidate pairs an export lists the strong links only (see `member_links`).
EXPORT_PAIR_LIMIT: Final = 200_000
_ROLES: Final = {role.value: role for role in Role}
_KINDS: Final = {kind.value: kind for kind in IdentifierKind}
# A named read: Database.read, or Transaction.run inside a write that must see its own changes.
Read = Callable[..., Awaitable[list[dict[str, Any]]]]


# ---------------------------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class RecomputeSummary:
    """What a full recompute did, and where its time went (seconds)."""

    tips: int  # tips with clustering input
    rows: int  # occurrence rows read
    clusters: int  # clusters of two tips or more
    clustered_tips: int
    largest: int
    refused_links: int  # links a DIFFERENT judgement refused
    tips_changed: int  # tips whose clusterId was written
    clusters_written: int
    clusters_deleted: int
    read_seconds: float
    compute_seconds: float
    write_seconds: float
    # Only the components changed since the last recompute were reclustered (graph/cluster_refresh.py):
    # the counts above are theirs.
    changed_only: bool = False

    @property
    def total_seconds(self) -> float:
        return self.read_seconds + self.compute_seconds + self.write_seconds

    @classmethod
    def of(
        cls,
        assignment: ClusterAssignment,
        clusters: Mapping[str, Sequence[str]],
        rows: int,
        writes: tuple[int, int, int],
        seconds: tuple[float, float, float] = (0.0, 0.0, 0.0),
    ) -> RecomputeSummary:
        """The summary of a recompute's `assignment`, its clusters of two or more and its `rows` occurrences;
        `writes`: how many tips changed cluster, clusters were written and were deleted; `seconds`: reading,
        computing, writing."""
        sizes = [len(tips) for tips in clusters.values()]
        return cls(
            tips=len(assignment.cluster_of),
            rows=rows,
            clusters=len(clusters),
            clustered_tips=sum(sizes),
            largest=max(sizes, default=0),
            refused_links=len(assignment.refused),
            tips_changed=writes[0],
            clusters_written=writes[1],
            clusters_deleted=writes[2],
            read_seconds=seconds[0],
            compute_seconds=seconds[1],
            write_seconds=seconds[2],
        )


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """A stored cluster as one viewer sees it. `size` counts the member tips the viewer may see; `evidence`
    and `bridges` are the stored ones, made from every member (`scoped` says they must not be shown as
    they are: see `evidence_of` and `bridges_of`). `bridges` is None when the cluster was too large."""

    id: str
    kind: ClusterKind
    size: int
    evidence: Evidence
    bridges: tuple[Bridge, ...] | None
    updated_at: datetime
    scoped: bool


@dataclass(frozen=True, slots=True)
class ClusterFilter:
    kind: ClusterKind | None = None
    min_size: int | None = None
    max_size: int | None = None
    has_urgent: bool | None = None

    def params(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value if self.kind else None,
            "minSize": self.min_size,
            "maxSize": self.max_size,
            "hasUrgent": self.has_urgent,
        }


@dataclass(frozen=True, slots=True)
class MemberIdentifier:
    """An identifier carried by members of a cluster: how many members carry it and whether it links."""

    identifier: IdentifierSummary  # tip_count: the tips the viewer may see
    member_count: int
    linking: bool


@dataclass(frozen=True, slots=True)
class ClusterMembers:
    """A cluster's members as one viewer may see them (the first `MEMBER_LIMIT` by id): the tips, the
    identifiers they carry, and the occurrence rows clustering reads."""

    cluster_id: str
    tips: tuple[TipRecord, ...]
    identifiers: tuple[MemberIdentifier, ...]
    rows: tuple[Occurrence, ...]
    truncated: bool
    scoped: bool


@dataclass(frozen=True, slots=True)
class MemberStrength:
    """How strongly a member is held: its strongest STRONG-tier link to another member (that link's match
    probability and the member at its other end); None for a member held only by an analyst's SAME
    judgement, or, for a scoped viewer, only through tips it may not see."""

    tip_id: str
    match_probability: float | None
    linked_to: str | None


class TimelineKind(StrEnum):
    INCIDENT = "INCIDENT"
    IP_CAPTURE = "IP_CAPTURE"
    FILE_UPLOAD = "FILE_UPLOAD"


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    at: datetime
    tip_id: str
    kind: TimelineKind
    detail: str
    identifier: tuple[IdentifierKind, str] | None = None


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[TimelineEvent, ...]
    truncated: bool  # more events follow, or the cluster has more members than were looked at


@dataclass(frozen=True, slots=True)
class TriageSummary:
    tips: int
    actionable: int  # classified REFERRAL
    urgent: int  # priority URGENT
    referred: int  # disposition REFERRED
    closed: int  # disposition CLOSED
    by_disposition: tuple[tuple[Disposition, int], ...]


@dataclass(frozen=True, slots=True)
class MemberLink:
    """A link between two members for a case file: its weight and the identifiers it runs through."""

    tip_a: str
    tip_b: str
    weight: float
    identifiers: tuple[tuple[IdentifierKind, str], ...]


class ExportFormat(StrEnum):
    JSON = "JSON"
    CSV = "CSV"


def split_uid(uid: str) -> tuple[IdentifierKind, str]:
    """An identifier uid is `KIND|key` (see `graph.crossref.identifier_uid`)."""
    kind, _, key = uid.partition("|")
    return _KINDS[kind], key


# ----------------------------------------------------------------------------------- stored JSON forms


def evidence_to_json(evidence: Evidence) -> str:
    return orjson.dumps(
        {
            "tips": evidence.tips,
            "accounts": evidence.accounts,
            "accountsPerFile": evidence.accounts_per_file,
            "glue": [[kind.value, count] for kind, count in evidence.glue],
            "platforms": list(evidence.platforms),
            "countries": list(evidence.countries),
            "places": evidence.places,
            "firstSeen": evidence.first_seen.isoformat() if evidence.first_seen else None,
            "lastSeen": evidence.last_seen.isoformat() if evidence.last_seen else None,
            "reason": evidence.reason,
        }
    ).decode()


def evidence_from_json(text: str) -> Evidence:
    data = orjson.loads(text)
    return Evidence(
        tips=data["tips"],
        accounts=data["accounts"],
        accounts_per_file=data["accountsPerFile"],
        glue=tuple((_KINDS[kind], count) for kind, count in data["glue"]),
        platforms=tuple(data["platforms"]),
        countries=tuple(data["countries"]),
        places=data["places"],
        first_seen=datetime.fromisoformat(data["firstSeen"]) if data["firstSeen"] else None,
        last_seen=datetime.fromisoformat(data["lastSeen"]) if data["lastSeen"] else None,
        reason=data["reason"],
    )


def bridges_to_json(bridges: Sequence[Bridge] | None) -> str:
    if bridges is None:
        return "null"
    return orjson.dumps(
        [
            {
                "uids": list(b.link.uids),
                "kinds": [k.value for k in b.link.kinds],
                "weight": b.link.weight,
                "parts": list(b.parts),
            }
            for b in bridges
        ]
    ).decode()


def bridges_from_json(text: str | None) -> tuple[Bridge, ...] | None:
    data = orjson.loads(text) if text else None
    if data is None:
        return None
    return tuple(
        Bridge(
            Link(tuple(b["uids"]), tuple(_KINDS[k] for k in b["kinds"]), b["weight"]),
            tuple(b["parts"]),
        )
        for b in data
    )


def _record(props: Mapping[str, Any], size: int, scoped: bool) -> ClusterRecord:
    return ClusterRecord(
        id=props["id"],
        kind=ClusterKind(props["kind"]),
        size=size,
        evidence=evidence_from_json(props["evidence"]),
        bridges=bridges_from_json(props.get("bridges")),
        updated_at=native(props["updatedAt"]),
        scoped=scoped,
    )


# ------------------------------------------------------------------------------------------ recompute


def occurrences_of(row: Mapping[str, Any]) -> Iterator[Occurrence]:
    """The occurrences of one row of clusters/groups_of_tips (clusters set aside), times as the driver's."""
    uid, key, tip_count, generic, accounts = (
        row["uid"],
        row["key"],
        row["tipCount"],
        row["generic"],
        row["accounts"],
    )
    kind = _KINDS[row["kind"]]
    for tip_id, role, at, port, proxy, verified in row["occurrences"]:
        yield Occurrence(
            tip_id=tip_id,
            uid=uid,
            kind=kind,
            key=key,
            tip_count=tip_count,
            generic=generic,
            role=_ROLES[role],
            verified=verified,
            at=at.to_native() if at is not None else None,
            port=port,
            possible_proxy=proxy,
            accounts=accounts,
        )


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _captured_at(epoch_seconds: int | None, nanosecond: int | None) -> datetime | None:
    """A capture time read as numbers (clusters/occurrences), as the driver's DateTime.to_native() gives it:
    stored times are UTC (made from epoch seconds at ingest and by the bulk load), nanoseconds cut to
    microseconds."""
    if epoch_seconds is None:
        return None
    return _EPOCH + timedelta(seconds=epoch_seconds, microseconds=(nanosecond or 0) // 1000)


def _incident_at(epoch_seconds: int, nanosecond: int, offset_seconds: int) -> datetime:
    """An incident time read as numbers (clusters/member_facts), in its stored offset, as the driver's
    DateTime.to_native() gives it."""
    at = _EPOCH + timedelta(seconds=epoch_seconds, microseconds=nanosecond // 1000)
    return at.astimezone(timezone(timedelta(seconds=offset_seconds))) if offset_seconds else at


def occurrences_of_page(identifiers: Sequence[Sequence[Any]]) -> Iterator[Occurrence]:
    """The occurrences of a page of clusters/occurrences: the same rows `occurrences_of` makes, the times
    read as numbers."""
    roles = _ROLES
    for uid, kind_name, key, tip_count, generic, accounts, occurrences in identifiers:
        kind = _KINDS[kind_name]
        for tip_id, role, seconds, nanosecond, port, proxy, verified in occurrences:
            yield Occurrence(
                tip_id,
                uid,
                kind,
                key,
                tip_count,
                generic,
                roles[role],
                verified,
                None if seconds is None else _captured_at(seconds, nanosecond),
                port,
                proxy,
                accounts,
            )


async def read_occurrences(db: Database, page: int = OCCURRENCE_PAGE) -> list[Occurrence]:
    """The clustering input of the whole store, in uid order. Each row carries the distinct suspect accounts
    behind its identifier (counted in the store), so the accounts carried by one tip only, most of them,
    need not be read for specificity. Each identifier kind's uids (`KIND|key`) are one range, read a page
    of identifiers at a time by its own reader, `READERS` ranges at once: Neo4j works on the next page
    of one range while this process decodes another's."""
    gate = asyncio.Semaphore(READERS)

    async def read_range(kind: IdentifierKind) -> list[Occurrence]:
        # Every uid of the kind, and nothing else, lies strictly between `KIND|` and `KIND}`.
        after, before = f"{kind.value}|", f"{kind.value}}}"
        found: list[Occurrence] = []
        async with gate:
            while True:
                rows = await db.read(
                    "clusters/occurrences",
                    after=after,
                    before=before,
                    limit=page,
                    **RULE_PARAMS,
                )
                identifiers = rows[0]["identifiers"]
                found.extend(occurrences_of_page(identifiers))
                if len(identifiers) < page:
                    return found
                after = max(identifier[0] for identifier in identifiers)

    kinds = sorted(IdentifierKind, key=lambda kind: kind.value)
    ranges = await asyncio.gather(*(read_range(kind) for kind in kinds))
    return [occurrence for found in ranges for occurrence in found]


async def member_facts(
    read: Read, tip_ids: Sequence[str], readers: int = 1
) -> tuple[dict[str, datetime], dict[str, list[Occurrence]]]:
    """Incident times, locations and suspect accounts of clustered tips: classify dates and places clusters
    with them, and counts the accounts behind them (most accounts are carried by one tip, so not read
    with the linking rows). `readers`: batches read at once (1 inside a transaction, which runs one
    statement at a time; a full recompute reads with `READERS` sessions, so Neo4j walks one batch's
    tips while this process decodes another's)."""
    seen_at: dict[str, datetime] = {}
    extra: dict[str, list[Occurrence]] = defaultdict(list)
    gate = asyncio.Semaphore(readers)

    async def read_batch(ids: list[str]) -> None:
        async with gate:
            rows = await read("clusters/member_facts", ids=ids)
        for tip_id, seconds, nanosecond, offset, identifiers in rows[0]["tips"]:
            if seconds is not None:
                seen_at[tip_id] = _incident_at(seconds, nanosecond, offset)
            for uid, key, tip_count, role in identifiers:
                kind, _ = split_uid(uid)
                extra[tip_id].append(Occurrence(tip_id, uid, kind, key, tip_count, role=_ROLES[role]))

    batch = FACTS_BATCH if readers > 1 else WRITE_BATCH
    starts = range(0, len(tip_ids), batch)
    await asyncio.gather(*(read_batch(list(tip_ids[start : start + batch])) for start in starts))
    return seen_at, extra


async def previous_clusters(db: Database) -> dict[str, str]:
    """Every clustered tip's stored cluster id."""
    rows = await db.read("clusters/previous")
    return dict(rows[0]["assignments"])


async def stored_digests(db: Database) -> dict[str, str]:
    """Every stored cluster's content digest, by id."""
    rows = await db.read("clusters/stored")
    return dict(rows[0]["digests"])


def _digest(members: Sequence[str], kind: ClusterKind, evidence: str, bridges: str) -> str:
    text = orjson.dumps([list(members), kind.value, evidence, bridges])
    return hashlib.sha256(text).hexdigest()


def _cluster_bridges(
    rows: Sequence[Occurrence],
    size: int,
    threshold: float,
    model: EvidenceModel,
    graph: LinkGraph | None = None,
) -> list[Bridge] | None:
    if size > BRIDGE_MAX_TIPS:
        return None
    return ClusterLinks(rows, model, threshold, graph=graph).bridges()[:MAX_BRIDGES]


async def _write_batches(db: Database, name: str, param: str, rows: Sequence[Any]) -> None:
    for start in range(0, len(rows), WRITE_BATCH):
        await db.write(name, **{param: list(rows[start : start + WRITE_BATCH])})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Millions of long-lived rows, none of them cyclic: the cyclic collector's full passes over them would
    be a third of a recompute's time (or of a load's gathering), for nothing to collect."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def recompute_clusters(
    db: Database,
    threshold: float = STRONG_PROBABILITY,
    now: datetime | None = None,
    model: EvidenceModel | None = None,
) -> RecomputeSummary:
    """Clusters every tip of the store from scratch and writes the result back (see the module's docstring):
    the STRONG tier of the evidence model (`model`: the store's, `graph.clustering.model_store.load_model`;
    default the shipped one). Safe to run after any ingest, and again: ids are kept, unchanged clusters and
    tips are not rewritten."""
    with collector_paused():
        return await _recompute(db, threshold, now or datetime.now(UTC), model or default_model())


async def _recompute(db: Database, threshold: float, now: datetime, model: EvidenceModel) -> RecomputeSummary:
    started = time.perf_counter()
    rows, previous, judgements, stored = await asyncio.gather(
        read_occurrences(db), previous_clusters(db), judgements_in_force(db), stored_digests(db)
    )
    read_seconds = time.perf_counter() - started

    started = time.perf_counter()
    assignment = recompute(rows, judgements, previous, threshold, model=model, keep_links=True)
    clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
    compute_seconds = time.perf_counter() - started

    started = time.perf_counter()
    clustered = sorted(tip for tips in clusters.values() for tip in tips)
    seen_at, extra = await member_facts(db.read, clustered, READERS)
    read_seconds += time.perf_counter() - started

    started = time.perf_counter()
    written, changes, stale = cluster_writes(
        rows, clusters, previous, stored, seen_at, extra, threshold, now, model, assignment.link_graphs
    )
    compute_seconds += time.perf_counter() - started

    started = time.perf_counter()
    await _write_batches(db, "clusters/upsert", "clusters", written)
    await _write_batches(db, "clusters/assign", "assignments", changes)
    await _write_batches(db, "clusters/delete", "ids", stale)
    write_seconds = time.perf_counter() - started

    return RecomputeSummary.of(
        assignment,
        clusters,
        len(rows),
        (len(changes), len(written), len(stale)),
        (read_seconds, compute_seconds, write_seconds),
    )


def cluster_writes(
    rows: Sequence[Occurrence],
    clusters: Mapping[str, Sequence[str]],
    previous: Mapping[str, str],
    stored: Mapping[str, str],
    seen_at: Mapping[str, datetime],
    extra: Mapping[str, Sequence[Occurrence]],
    threshold: float,
    now: datetime,
    model: EvidenceModel,
    link_graphs: Mapping[str, LinkGraph] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, str | None]], list[str]]:
    """What a recompute writes for its clusters of two or more (id -> sorted members), given the clusters
    stored before (id -> digest) and each tip's previous cluster: the clusters to upsert (`{id, props}`,
    only those whose digest changed), the tips whose cluster id changed, and the stale cluster ids. The
    bulk load writes the same into the importer's files (`graph.bulkload`), from nothing stored.
    `link_graphs`: clusters' link graphs already weighed (`ClusterAssignment.link_graphs`); the others'
    are weighed from their rows."""
    graphs = link_graphs or {}
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        by_tip[row.tip_id].append(row)
    written: list[dict[str, Any]] = []
    for cluster_id, tips in clusters.items():
        props = cluster_aggregates(
            tips, by_tip, extra, seen_at, threshold, now, model, graph=graphs.get(cluster_id)
        )
        if stored.get(cluster_id) != props["digest"]:
            written.append({"id": cluster_id, "props": props})
    wanted = {tip: cid for cid, tips in clusters.items() for tip in tips}
    changes: list[dict[str, str | None]] = [
        {"tipId": tip, "clusterId": cid} for tip, cid in wanted.items() if previous.get(tip) != cid
    ]
    changes += [{"tipId": tip, "clusterId": None} for tip in previous if tip not in wanted]
    stale = sorted(set(stored) - set(clusters))
    return written, changes, stale


# ------------------------------------------------------------------------------------------ aggregates


def cluster_aggregates(
    tips: Sequence[str],
    by_tip: Mapping[str, Sequence[Occurrence]],
    extra: Mapping[str, Sequence[Occurrence]],
    seen_at: Mapping[str, datetime],
    threshold: float,
    now: datetime,
    model: EvidenceModel,
    *,
    graph: LinkGraph | None = None,
) -> dict[str, Any]:
    """What a cluster stores about its members (sorted tip ids): kind, size, evidence, bridges and the digest
    of them all, from the members' clustering rows (`by_tip`) and facts (`extra`). The one definition, used
    by recompute and by ingest (`graph.cluster_ingest`), so both write the same for the same partition.
    `graph`: the cluster's link graph when already weighed (`graph.clustering.cluster_link_graphs`)."""
    linking = [row for tip in tips for row in by_tip.get(tip, ())]
    known = {(row.tip_id, row.uid) for row in linking}
    facts = [row for tip in tips for row in extra.get(tip, ()) if (tip, row.uid) not in known]
    kind, evidence = classify([*linking, *facts], seen_at)
    evidence_text = evidence_to_json(evidence)
    bridges_text = bridges_to_json(_cluster_bridges(linking, len(tips), threshold, model, graph))
    return {
        "kind": kind.value,
        "size": len(tips),
        "evidence": evidence_text,
        "bridges": bridges_text,
        "digest": _digest(tips, kind, evidence_text, bridges_text),
        "updatedAt": now,
    }


# ----------------------------------------------------------------------------------------------- reads


async def get_cluster(db: Database, viewer: Viewer, cluster_id: str) -> ClusterRecord | None:
    """A cluster if the viewer may see one of its tips, else None."""
    rows = await db.read("clusters/get", id=cluster_id, scope=viewer.scope())
    if not rows:
        return None
    return _record(rows[0]["cluster"], rows[0]["size"], not viewer.sees_every_tip)


async def clusters_of_tips(db: Database, viewer: Viewer, tip_ids: Sequence[str]) -> dict[str, ClusterRecord]:
    """The clusters of tips already loaded for this viewer; a tip in no cluster is absent."""
    rows = await db.read("clusters/of_tips", ids=list(tip_ids), scope=viewer.scope())
    scoped = not viewer.sees_every_tip
    return {row["tipId"]: _record(row["cluster"], row["size"], scoped) for row in rows}


async def list_clusters(
    db: Database, viewer: Viewer, cluster_filter: ClusterFilter, first: int, after: SizePosition | None
) -> Page[ClusterRecord]:
    """Clusters holding a tip the viewer may see, largest first (by the tips it may see)."""
    position = after.params() if after else None
    if viewer.sees_every_tip:
        rows = await db.read("clusters/list", filter=cluster_filter.params(), after=position, limit=first + 1)
    else:
        rows = await db.read(
            "clusters/list_scoped",
            filter=cluster_filter.params(),
            scope=viewer.scope(),
            after=position,
            limit=first + 1,
        )
    records = [_record(row["cluster"], row["size"], not viewer.sees_every_tip) for row in rows]
    return Page(items=tuple(records[:first]), has_next=len(records) > first)


async def cluster_tips(
    db: Database,
    trail: AuditTrail,
    cluster: ClusterRecord,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> Page[TipRecord | TipCard]:
    """A page of the cluster's tips the viewer may see, newest received first (cards only when `cards`)."""
    rows = await db.read(
        "clusters/tips",
        id=cluster.id,
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    tips = [head_or_card(row["tip"], cards) for row in rows]
    trail.read(t.id for t in tips[:first])
    return Page(items=tuple(tips[:first]), has_next=len(tips) > first, total=cluster.size)


async def cluster_with_tips(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> tuple[ClusterRecord, Page[TipRecord | TipCard]] | None:
    """`get_cluster` and then `cluster_tips` in one read: the cluster if the viewer may see one of its tips,
    with a page of those tips (cards only when `cards`); None as `get_cluster` gives it."""
    viewer = trail.viewer
    rows = await db.read(
        "clusters/page",
        id=cluster_id,
        scope=viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    if not rows:
        return None
    record = _record(rows[0]["cluster"], rows[0]["size"], not viewer.sees_every_tip)
    tips = [head_or_card(row, cards) for row in rows[0]["tips"]]
    trail.read(t.id for t in tips[:first])
    return record, Page(items=tuple(tips[:first]), has_next=len(tips) > first, total=record.size)


def _member_occurrence(
    tip_id: str,
    identifier: IdentifierSummary,
    uid: str,
    props: Mapping[str, Any],
    tip_count: int,
    generic: bool,
    accounts: int | None,
) -> Occurrence:
    return Occurrence(
        tip_id=tip_id,
        uid=uid,
        kind=identifier.kind,
        key=identifier.key,
        tip_count=tip_count,
        generic=generic,
        role=_ROLES[props["role"]],
        verified=props.get("verified"),
        at=native(props.get("at")),
        port=props.get("port"),
        possible_proxy=props.get("possibleProxy"),
        accounts=accounts,
    )


async def cluster_members(db: Database, viewer: Viewer, cluster: ClusterRecord) -> ClusterMembers:
    """The cluster's members the viewer may see (at most `MEMBER_LIMIT`), with their identifiers.

    Weights between members come from the counts the viewer may see (as linkedTips does), and so does
    whether an identifier links at all (graph/generic.py): for a scoped viewer, by what reveals nothing of
    hidden tips. No tip is handed to the viewer here; the functions that name tips audit them."""
    scope = viewer.scope()
    tip_rows = await db.read("clusters/member_tips", id=cluster.id, scope=scope, limit=MEMBER_LIMIT)
    identifier_rows = await db.read(
        "clusters/member_identifiers",
        id=cluster.id,
        scope=scope,
        limit=MEMBER_LIMIT,
        linkingCap=LINKING_TIPS_CAP,
        peopleCounted=PEOPLE_COUNTED,
    )
    identifiers: list[MemberIdentifier] = []
    rows: list[Occurrence] = []
    for row in identifier_rows:
        props = row["identifier"]
        summary = identifier_for(viewer, {**props, "tipCount": row["visibleTipCount"]})
        explicit = props.get("genericReason") is not None or bool(props.get("markedGeneric"))
        # The people rule on the store's counts (as clustering reads them), or for a scoped viewer the
        # policy's verdict (graph/generic.py): the store's would count hidden tips and their accounts.
        generic = (
            explicit or not links_people(summary.kind, props["tipCount"], row["accounts"] or 0, False)
            if viewer.sees_every_tip
            else summary.generic
        )
        occurrences = row["occurrences"]
        members = {o["tipId"] for o in occurrences}
        identifiers.append(MemberIdentifier(summary, len(members), not generic))
        rows.extend(
            _member_occurrence(
                o["tipId"], summary, props["uid"], o, summary.tip_count, generic, row["accounts"]
            )
            for o in occurrences
        )
    identifiers.sort(key=lambda m: (-m.member_count, m.identifier.kind.value, m.identifier.key))
    return ClusterMembers(
        cluster_id=cluster.id,
        tips=tuple(tip_from_row(row["tip"]) for row in tip_rows),
        identifiers=tuple(identifiers),
        rows=tuple(rows),
        truncated=cluster.size > MEMBER_LIMIT,
        scoped=cluster.scoped,
    )


def evidence_of(cluster: ClusterRecord, members: ClusterMembers | None) -> Evidence:
    """The stored evidence for a viewer who sees every tip; for a scoped one, made from its tips only."""
    if not cluster.scoped:
        return cluster.evidence
    assert members is not None, "a scoped viewer's evidence is made from its members"
    seen_at = {tip.id: tip.incident_date_time for tip in members.tips}
    return classify(members.rows, seen_at)[1]


def bridges_of(
    cluster: ClusterRecord, members: ClusterMembers | None, model: EvidenceModel | None = None
) -> tuple[Bridge, ...] | None:
    """The stored bridges for a viewer who sees every tip; for a scoped one, from its tips only."""
    if not cluster.scoped:
        return cluster.bridges
    assert members is not None, "a scoped viewer's bridges are made from its members"
    found = _cluster_bridges(members.rows, len(members.tips), STRONG_PROBABILITY, model or default_model())
    return None if found is None else tuple(found)


@dataclass(frozen=True, slots=True)
class JoiningLink:
    """A strong link of a cluster and the members it joins: an identifier's carriers, or a pair's two tips."""

    link: Link
    tips: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StrongLinks:
    links: tuple[JoiningLink, ...]
    truncated: bool


def _joining_links(members: ClusterMembers, model: EvidenceModel | None) -> list[JoiningLink]:
    """The strong links among the members the viewer may see (the graph `bridges` and `whyMember` walk:
    the evidence model's STRONG tier), the strongest first."""
    graph = evidence_link_graph(members.rows, model or default_model())
    found = [
        JoiningLink(Link((strong.uid,), (strong.kind,), strong.weight), tuple(sorted(strong.tips)))
        for strong in graph.identifiers
    ]
    found.extend(
        JoiningLink(Link(edge.uids, edge.kinds, edge.weight), tuple(sorted((edge.tip_a, edge.tip_b))))
        for edge in graph.pairs
    )
    found.sort(key=lambda joining: (-joining.link.weight, joining.link.uids, joining.tips))
    return found


def strong_links(
    trail: AuditTrail, members: ClusterMembers, first: int, model: EvidenceModel | None = None
) -> StrongLinks:
    """The first `first` strong links among the members the viewer may see, with the tips each joins."""
    found = _joining_links(members, model)
    shown = tuple(found[:first])
    trail.read({tip for joining in shown for tip in joining.tips})
    return StrongLinks(shown, truncated=len(found) > first)


def bridge_tips(
    trail: AuditTrail,
    members: ClusterMembers,
    bridges: Sequence[Bridge],
    model: EvidenceModel | None = None,
) -> list[tuple[str, ...]]:
    """For each bridge, the members the viewer may see that its link joins, in id order (every pair with
    the bridge's identifiers when several pairs share exactly those)."""
    joined_by: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for joining in _joining_links(members, model):
        joined_by[joining.link.uids].update(joining.tips)
    joined = [tuple(sorted(joined_by.get(bridge.link.uids, ()))) for bridge in bridges]
    trail.read({tip for tips in joined for tip in tips})
    return joined


def why_member(
    trail: AuditTrail, members: ClusterMembers, tip_id: str, model: EvidenceModel | None = None
) -> tuple[Step, ...] | None:
    """The chain of strong links from the cluster's first linked member to `tip_id`, through the members the
    viewer may see; None when the tip is not a visible member or no such chain exists (a SAME judgement
    joined it, or, for a scoped viewer, the chain runs through tips it may not see)."""
    links = ClusterLinks(members.rows, model)
    if tip_id not in set(links.tips):
        return None
    steps = links.why_member(tip_id)
    if steps is not None:
        trail.read({tip_id, *(tip for step in steps for tip in (step.from_tip, step.to_tip))})
    return steps


def member_strengths(
    trail: AuditTrail, members: ClusterMembers, model: EvidenceModel | None = None
) -> tuple[MemberStrength, ...]:
    """Every visible member's `MemberStrength`, in tip id order (the members looked at)."""
    strongest = ClusterLinks(members.rows, model).strongest
    found = []
    for tip in sorted(t.id for t in members.tips):
        held = strongest.get(tip)
        probability, other = (round(held[0], 6), held[1]) if held is not None else (None, None)
        found.append(MemberStrength(tip, probability, other))
    trail.read({tip for m in found for tip in (m.tip_id, m.linked_to) if tip is not None})
    return tuple(found)


def _upload_events(tip: TipRecord) -> Iterable[TimelineEvent]:
    assert tip.report is not None, "cluster members are read with their reports"
    for file in tip.report.get("files") or ():
        uploaded = file.get("uploadedToEspTimestamp")
        if uploaded:
            name = file.get("fileName") or "a file"
            yield TimelineEvent(
                datetime.fromisoformat(uploaded).astimezone(UTC), tip.id, TimelineKind.FILE_UPLOAD, name
            )


def timeline(trail: AuditTrail, members: ClusterMembers, first: int) -> Timeline:
    """The members' incidents, IP capture events and file uploads in time order (earliest first)."""
    events: list[TimelineEvent] = []
    for tip in members.tips:
        events.append(
            TimelineEvent(
                tip.incident_date_time.astimezone(UTC), tip.id, TimelineKind.INCIDENT, tip.incident_type
            )
        )
        events.extend(_upload_events(tip))
    for row in members.rows:
        if row.kind is IdentifierKind.IP and row.at is not None:
            detail = f"{row.role.value.lower()} seen at {row.key}" + (f" port {row.port}" if row.port else "")
            events.append(
                TimelineEvent(
                    row.at.astimezone(UTC), row.tip_id, TimelineKind.IP_CAPTURE, detail, (row.kind, row.key)
                )
            )
    events.sort(key=lambda e: (e.at, e.tip_id, e.kind.value, e.detail))
    shown = tuple(events[:first])
    trail.read(e.tip_id for e in shown)
    return Timeline(shown, truncated=len(events) > first or members.truncated)


async def triage_summary(db: Database, viewer: Viewer, cluster: ClusterRecord) -> TriageSummary:
    """How the cluster's tips the viewer may see stand in triage; a reporting service, which sees no
    triage, gets its tips' count and nothing of how they stand."""
    rows = await db.read("clusters/triage", id=cluster.id, scope=viewer.scope())
    if not viewer.sees_triage:
        return TriageSummary(sum(row["tips"] for row in rows), 0, 0, 0, 0, ())
    by_disposition: Counter[Disposition] = Counter()
    actionable = urgent = 0
    for row in rows:
        by_disposition[Disposition(row["disposition"])] += row["tips"]
        actionable += row["tips"] if row["actionClass"] == "REFERRAL" else 0
        urgent += row["tips"] if row["priority"] == "URGENT" else 0
    return TriageSummary(
        tips=sum(by_disposition.values()),
        actionable=actionable,
        urgent=urgent,
        referred=by_disposition[Disposition.REFERRED],
        closed=by_disposition[Disposition.CLOSED],
        by_disposition=tuple((d, by_disposition[d]) for d in Disposition if by_disposition[d]),
    )


# ------------------------------------------------------------------------------------ whole-cluster decisions


async def cluster_tip_ids(db: Database, viewer: Viewer, cluster_id: str) -> tuple[str, ...]:
    """The member tips the viewer may see: what a decision on the cluster acts on (an actor cluster, or a
    content cluster: the natural bundle of a viral campaign)."""
    if is_content_cluster_id(cluster_id):
        return await content_cluster_tip_ids(db, viewer, cluster_id)
    rows = await db.read(
        "clusters/member_ids", id=cluster_id, scope=viewer.scope(), limit=MAX_TIPS_PER_DECISION + 1
    )
    if not rows:
        raise NotFoundError(f"no cluster {cluster_id}")
    return tuple(row["tipId"] for row in rows)


async def bundle_cluster(
    db: Database, trail: AuditTrail, cluster_id: str, label: str, note: str | None, dry_run: bool
) -> tuple[DecisionResult, str | None]:
    """Bundles the cluster's tips into a new incident (one decision, one audit record per tip)."""
    require_role(trail.viewer, *DECIDERS)
    tip_ids = await cluster_tip_ids(db, trail.viewer, cluster_id)
    return await bundle_tips(db, trail, tip_ids, label, note, dry_run)


async def set_cluster_disposition(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    disposition: Disposition,
    reason_code: str,
    note: str | None,
    dry_run: bool,
) -> DecisionResult:
    """Sets the disposition of every tip of the cluster, as one decision that records the cluster."""
    require_role(trail.viewer, *DECIDERS)
    request = DecisionRequest(
        tip_ids=await cluster_tip_ids(db, trail.viewer, cluster_id),
        action="setClusterDisposition",
        reason_code=reason_code,
        note=note,
        dry_run=dry_run,
        extra={"clusterId": cluster_id},
    )
    return await set_disposition(db, trail, request, disposition)


async def refer_cluster(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    agency_id: str,
    note: str | None,
    override_reason: str | None,
    dry_run: bool,
    registry: AgencyRegistry,
    geolocator: IpGeolocator,
) -> DecisionResult:
    """Refers the cluster's ACTIONABLE or BUNDLED tips to an agency, as one decision."""
    require_role(trail.viewer, *DECIDERS)
    request = DecisionRequest(
        tip_ids=await cluster_tip_ids(db, trail.viewer, cluster_id),
        action="referCluster",
        reason_code="REFERRAL",
        note=note,
        dry_run=dry_run,
        extra={"clusterId": cluster_id},
    )
    return await refer_tips(db, trail, request, agency_id, override_reason, registry, geolocator)


# -------------------------------------------------------------------------------------------------- export


def _as_member_link(edge: Edge) -> MemberLink:
    return MemberLink(
        edge.tip_a, edge.tip_b, round(edge.weight, 4), tuple(split_uid(uid) for uid in edge.uids)
    )


def member_links(
    rows: Sequence[Occurrence], model: EvidenceModel | None = None
) -> tuple[tuple[MemberLink, ...], bool]:
    """Every weighted link among the members (all pairs sharing a linking identifier), or, when that would
    be more than `EXPORT_PAIR_LIMIT` pairs (one actor's thousand reports share an account: half a million
    pairs), only the strong links clustering unites on, each strong identifier as a star from its first tip.
    The flag says which (True: strong links only)."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if occurrence_links(row):
            carriers[row.uid].add(row.tip_id)
    pairs = sum(len(tips) * (len(tips) - 1) // 2 for tips in carriers.values())
    model = model or default_model()
    if pairs <= EXPORT_PAIR_LIMIT:
        return tuple(_as_member_link(e) for e in candidate_edges(rows, model)), False
    edges = islice(evidence_link_graph(rows, model).union_edges(), EXPORT_PAIR_LIMIT)
    return tuple(_as_member_link(e) for e in edges), True


def _identifier_name(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}:{key}"


async def export_cluster(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    export_format: ExportFormat,
    model: EvidenceModel | None = None,
) -> str:
    """A case file of the cluster as the viewer may see it: its tips, identifiers and weighted links (each
    link's weight is its match probability under the evidence model, as linkedTips gives it)."""
    cluster = await get_cluster(db, trail.viewer, cluster_id)
    if cluster is None:
        raise NotFoundError(f"no cluster {cluster_id}")
    members = await cluster_members(db, trail.viewer, cluster)
    links, strong_only = member_links(members.rows, model)
    trail.read(tip.id for tip in members.tips)
    evidence = evidence_of(cluster, members)
    tips = [
        {
            "id": tip.id,
            "incidentType": tip.incident_type,
            "incidentDateTime": tip.incident_date_time.isoformat(),
            "receivedAt": tip.received_at.isoformat(),
            "platform": tip.platform,
            "disposition": tip.disposition,
            "priority": tip.triage.priority if tip.triage else None,
            "actionClass": tip.triage.action_class if tip.triage else None,
        }
        for tip in members.tips
    ]
    identifiers = [
        {
            "kind": m.identifier.kind.value,
            "key": m.identifier.key,
            "memberCount": m.member_count,
            "tipCount": m.identifier.tip_count,
            "generic": m.identifier.generic or not m.linking,
        }
        for m in members.identifiers
    ]
    link_rows = [
        {
            "tipA": link.tip_a,
            "tipB": link.tip_b,
            "weight": link.weight,
            "via": [_identifier_name(kind, key) for kind, key in link.identifiers],
        }
        for link in links
    ]
    if export_format is ExportFormat.JSON:
        document = {
            "cluster": {
                "id": cluster.id,
                "kind": cluster.kind.value,
                "size": cluster.size,
                "evidence": orjson.loads(evidence_to_json(evidence)),
                "membersIncluded": len(members.tips),
                "strongLinksOnly": strong_only,
            },
            "tips": tips,
            "identifiers": identifiers,
            "links": link_rows,
        }
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    return _csv(cluster, tips, identifiers, link_rows)


CSV_COLUMNS: Final = (
    "record",
    "cluster_id",
    "tip_id",
    "incident_type",
    "incident_date_time",
    "platform",
    "disposition",
    "priority",
    "identifier_kind",
    "identifier_key",
    "member_count",
    "generic",
    "tip_a",
    "tip_b",
    "weight",
    "via",
)


def _csv(
    cluster: ClusterRecord,
    tips: Sequence[Mapping[str, Any]],
    identifiers: Sequence[Mapping[str, Any]],
    links: Sequence[Mapping[str, Any]],
) -> str:
    """One table, a `record` column saying what each row is (tip, identifier, link), so a case file is one
    file a spreadsheet opens."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for tip in tips:
        writer.writerow(
            {
                "record": "tip",
                "cluster_id": cluster.id,
                "tip_id": tip["id"],
                "incident_type": tip["incidentType"],
                "incident_date_time": tip["incidentDateTime"],
                "platform": tip["platform"],
                "disposition": tip["disposition"],
                "priority": tip["priority"],
            }
        )
    for identifier in identifiers:
        writer.writerow(
            {
                "record": "identifier",
                "cluster_id": cluster.id,
                "identifier_kind": identifier["kind"],
                "identifier_key": identifier["key"],
                "member_count": identifier["memberCount"],
                "generic": str(identifier["generic"]).lower(),
            }
        )
    for link in links:
        writer.writerow(
            {
                "record": "link",
                "cluster_id": cluster.id,
                "tip_a": link["tipA"],
                "tip_b": link["tipB"],
                "weight": link["weight"],
                "via": " ".join(link["via"]),
            }
        )
    return out.getvalue()

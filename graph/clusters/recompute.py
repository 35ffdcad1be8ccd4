"""The full recompute: every tip of the store clustered from scratch and written back.

Recompute (`recompute_clusters`; `tipgraph clusters recompute` runs it when it cannot tell what changed
since the last recompute, else reclusters that only: graph/clusters/refresh.py) reads the input in pages of
identifiers (uid order): only identifiers that may link (carried by 2 tips or more, which bear the Shared
label that ingest, the bulk load and a migration keep, read by a seek of its uid index; linking by the people
rule `graph.clustering.thresholds.links_people`), each with the distinct suspect accounts behind it counted in
the store (how many people stand behind a value, `graph.clustering.spread`). Singletons and super-nodes are
never read; the locations and single-tip accounts that classifying needs are read afterwards for clustered
tips only. With the judgements in force and the previous assignment (for stable ids) it runs
`graph.clustering.recompute` and writes back in batches:

- `t.clusterId` on every tip of a cluster of two or more; null on a tip that left every cluster. Only tips
  whose id changed are written, so a recompute after a small ingest writes little;
- one `(:Cluster {id, kind, size, evidence, bridges, digest, updatedAt})` per cluster of two or more, with
  kind and evidence from `classify` and bridges from `ClusterLinks` (JSON strings). A cluster is rewritten
  only when its digest (members, kind, evidence, bridges) changed; clusters no longer produced are deleted.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from graph.clustering import ClusterAssignment, LinkGraph, Occurrence, recompute
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.thresholds import RULE_PARAMS, STRONG_PROBABILITY
from graph.clusters.aggregates import cluster_aggregates
from graph.clusters.batch_writes import WRITE_BATCH, write_batches
from graph.clusters.records import KINDS, ROLES, Read, split_uid
from graph.collector import collector_paused
from graph.judgements import judgements_in_force
from graph.kinds import IdentifierKind
from graph.store.database import Database
from graph.store_version import require_current

# Identifiers per page of the recompute's read: each page is one round trip of a few MB.
OCCURRENCE_PAGE: Final = 20_000
# Identifier kinds whose clustering input is read at once (one session each).
READERS: Final = 3
# Write transactions of one kind in flight at once. The kinds still follow each other (clusters, then
# tips' ids, then stale clusters), so a tip never names a cluster not yet written or already deleted.
WRITERS: Final = 2
# Clustered tips per read of their facts when several readers share them out.
FACTS_BATCH: Final = 2_500


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
    # Only the components changed since the last recompute were reclustered (graph/clusters/refresh.py):
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


def occurrences_of(row: Mapping[str, Any]) -> Iterator[Occurrence]:
    """The occurrences of one row of clusters/groups_of_tips (clusters set aside), times read as numbers."""
    uid, key, tip_count, generic, accounts = (
        row["uid"],
        row["key"],
        row["tipCount"],
        row["generic"],
        row["accounts"],
    )
    kind = KINDS[row["kind"]]
    for tip_id, role, seconds, nanosecond, port, proxy, verified in row["occurrences"]:
        yield Occurrence(
            tip_id=tip_id,
            uid=uid,
            kind=kind,
            key=key,
            tip_count=tip_count,
            generic=generic,
            role=ROLES[role],
            verified=verified,
            at=None if seconds is None else _captured_at(seconds, nanosecond),
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
    roles = ROLES
    for uid, kind_name, key, tip_count, generic, accounts, occurrences in identifiers:
        kind = KINDS[kind_name]
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


async def read_occurrences(
    db: Database, page: int = OCCURRENCE_PAGE, statement: str = "clusters/occurrences"
) -> list[Occurrence]:
    """The clustering input of the whole store, in uid order. Each row carries the distinct suspect accounts
    behind its identifier (counted in the store), so the accounts carried by one tip only, most of them,
    need not be read for specificity. Each identifier kind's uids (`KIND|key`) are one range, read a page
    of identifiers at a time by its own reader, `READERS` ranges at once: Neo4j works on the next page
    of one range while this process decodes another's. `statement`: a bench's other way to read the pages.
    Raises StoreBehindError on a store that lacks a migration: one whose identifiers were never labelled
    Shared would read nothing here, and the recompute would delete every cluster they made.
    """
    await require_current(db)
    gate = asyncio.Semaphore(READERS)

    async def read_range(kind: IdentifierKind) -> list[Occurrence]:
        # Every uid of the kind, and nothing else, lies strictly between `KIND|` and `KIND}`.
        after, before = f"{kind.value}|", f"{kind.value}}}"
        found: list[Occurrence] = []
        async with gate:
            while True:
                rows = await db.read(
                    statement,
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
                extra[tip_id].append(Occurrence(tip_id, uid, kind, key, tip_count, role=ROLES[role]))

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
    await write_batches(db, "clusters/upsert", "clusters", written, WRITERS)
    await write_batches(db, "clusters/assign", "assignments", changes, WRITERS)
    await write_batches(db, "clusters/delete", "ids", stale, WRITERS)
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

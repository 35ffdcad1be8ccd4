"""Content clusters kept in the store (the model: graph/clustering/content.py), built three ways that agree.

Stored as `(:ContentCluster {id, kind: 'VIRAL_CONTENT', digests, size, firstSeen, lastSeen, updatedAt})`
nodes, apart from the actor clusters' `:Cluster` nodes (no actor read sees them). Membership is the
digests' own `contentClusterId` (every content digest has one, even one carried by a single tip): a
cluster's tips are the tips that HAS one of its digests, so a file that becomes content late (its 51st
tip, or its first viral flag) costs one label per digest, never a write per earlier tip.

- `refresh_content_clusters` runs inside the ingest transaction on the batch's new tips only: their
  content digests, the groups those are in, and (once per digest, when it becomes content) the other
  digests listed beside it in any file. Groups only ever merge (tips and links are never removed and a
  digest never stops being content), so the groups it keeps are the groups a recompute finds, whatever
  the arrival order and batching. A group whose digests changed is then counted afresh; the others add
  the batch's new tips to their stored size and dates (no tip is ever counted twice: they are new).
- `recompute_content_clusters` (run by `tipgraph clusters recompute` after the actor clusters, and by
  `tipgraph load` on the loaded store) groups every content digest's file entries from scratch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.clustering.content import (
    ContentCluster,
    FileEntry,
    content_clusters,
    digest_groups,
    qualification_params,
)
from graph.store.database import Database, Row, Transaction

FILE_HASH_UID = "FILE_HASH|"
_WRITE_BATCH = 5_000


def epoch_at(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _cluster_row(cluster: ContentCluster) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "digests": list(cluster.digests),
        "size": cluster.size,
        "firstSeen": int(cluster.first_seen.timestamp()) if cluster.first_seen else None,
        "lastSeen": int(cluster.last_seen.timestamp()) if cluster.last_seen else None,
    }


@dataclass(frozen=True, slots=True)
class ContentRecomputeSummary:
    clusters: int
    digests: int
    largest: int
    written: int
    deleted: int
    relabelled: int
    # Nothing since the last recompute changed what ingest does not keep (graph/clusters/content_refresh.py):
    # the stored groups were trusted, nothing read or written.
    changed_only: bool = False


Run = Callable[..., Awaitable[list[Row]]]


async def in_batches(run: Run, name: str, param: str, rows: Sequence[Any]) -> None:
    for start in range(0, len(rows), _WRITE_BATCH):
        await run(name, **{param: list(rows[start : start + _WRITE_BATCH])})


async def recompute_content_clusters(db: Database, now: datetime | None = None) -> ContentRecomputeSummary:
    """Every content cluster from the whole store, written back: digests relabelled where their group
    changed, clusters written where they changed, clusters no longer found deleted (run again, it changes
    nothing). Its own statements, after (and apart from) the actor clusters' recompute."""
    rows = await db.read("content/entries", **qualification_params())
    # On a thread: the computation takes minutes at a million tips and would hold the event loop the whole
    # time, stalling what runs beside it (the load's cluster writes wait for it between statements).
    group_of, clusters = await asyncio.to_thread(_grouped, rows)
    stored_labels = {row["uid"]: row["group"] for row in await db.read("content/labelled")}
    labels = {f"{FILE_HASH_UID}{digest}": group for digest, group in group_of.items()}
    changed: list[dict[str, str | None]] = [
        {"uid": uid, "id": group} for uid, group in labels.items() if stored_labels.get(uid) != group
    ]
    changed += [{"uid": uid, "id": None} for uid in stored_labels if uid not in labels]
    stored = {row["id"]: row for row in await db.read("content/stored")}
    return await write_content(db, now or datetime.now(UTC), clusters, len(group_of), changed, stored)


def _grouped(rows: Sequence[Row]) -> tuple[dict[str, str], dict[str, ContentCluster]]:
    """Every content digest's group and the content clusters, from the rows of content/entries."""
    entries = [
        FileEntry(row["tipId"], row["fileIndex"], row["digest"], epoch_at(row["incidentAt"])) for row in rows
    ]
    return digest_groups(entries), content_clusters(entries)


async def write_content(
    db: Database,
    now: datetime,
    clusters: Mapping[str, ContentCluster],
    digests: int,
    labels: Sequence[dict[str, str | None]],
    stored: Mapping[str, Mapping[str, Any]],
) -> ContentRecomputeSummary:
    """Writes a recompute's content clusters against the stored ones they replace (`stored`: every stored
    cluster the recompute covered, by id): digests relabelled, clusters upserted where they changed, the
    stored ones no longer found deleted."""
    stale = sorted(set(stored) - set(clusters))
    rows = [_cluster_row(c) for c in sorted(clusters.values(), key=lambda c: c.id)]
    written = [row for row in rows if stored.get(row["id"]) != row]

    async def write(name: str, **params: Any) -> list[Row]:
        return await db.write(name, **params, **({"now": now} if name == "content/upsert" else {}))

    await in_batches(write, "content/label", "labels", labels)
    await in_batches(write, "content/upsert", "clusters", written)
    await in_batches(write, "content/delete", "ids", stale)
    return ContentRecomputeSummary(
        clusters=len(clusters),
        digests=digests,
        largest=max((c.size for c in clusters.values()), default=0),
        written=len(written),
        deleted=len(stale),
        relabelled=len(labels),
    )


def _merged_groups(
    entries: Iterable[FileEntry], stored: Mapping[str, str | None]
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The group of every digest seen after uniting what the batch lists together, and the stored groups
    that merge into another (`from` -> `to`)."""
    known = {digest: group for digest, group in stored.items() if group is not None}
    group_of = digest_groups(entries, known)
    moves = {group: group_of[digest] for digest, group in known.items() if group_of[digest] != group}
    return group_of, [{"from": old, "to": new} for old, new in sorted(moves.items())]


@dataclass(frozen=True, slots=True)
class BatchFileEntry:
    """A content digest a batch's new tip lists in one of its files, as the batch knows it (the digest is
    content by `qualifies` on its stored reason and its tip count after the batch)."""

    tip_id: str
    file_index: int | None
    digest: str
    incident_at: int  # the tip's incident time, epoch seconds


async def refresh_content_clusters(
    tx: Transaction, batch: Sequence[BatchFileEntry], now: datetime, groups: Mapping[str, str]
) -> None:
    """Keeps the content clusters current for a batch of new tips (see the module's docstring), given the
    content digests they list and the stored content cluster of each of their identifiers in one (`groups`,
    by uid: ingest's identifiers/merge_batch reads them under the locks it holds in this transaction), so
    nothing is read to find either."""
    if not batch:
        return
    params = qualification_params()
    rows: list[dict[str, Any]] = [
        {
            "tipId": entry.tip_id,
            "fileIndex": entry.file_index,
            "uid": f"{FILE_HASH_UID}{entry.digest}",
            "digest": entry.digest,
            "group": groups.get(f"{FILE_HASH_UID}{entry.digest}"),
            "incidentAt": entry.incident_at,
        }
        for entry in batch
    ]
    stored: dict[str, str | None] = {row["digest"]: row["group"] for row in rows}
    entries = [FileEntry(row["tipId"], row["fileIndex"], row["digest"], None) for row in rows]
    became = sorted({row["uid"] for row in rows if row["group"] is None})
    if became:
        for row in await tx.run("content/siblings", uids=became, **params):
            stored.setdefault(row["digest"], row["group"])
            entries.append(FileEntry(row["tipId"], row["fileIndex"], row["digest"], None))
    group_of, moves = _merged_groups(entries, stored)
    labels = [
        {"uid": f"{FILE_HASH_UID}{digest}", "id": group}
        for digest, group in sorted(group_of.items())
        if stored.get(digest) != group
    ]
    if moves or labels:
        await tx.run("content/merge_and_label", changes={"moves": moves, "labels": labels})
    # A group whose digests changed (merged, or a digest joined it) is counted whole; the others only add
    # the batch's new tips, which no count held before.
    changed = {move["to"] for move in moves} | {label["id"] for label in labels}
    grown: dict[str, tuple[set[str], list[int]]] = {}
    for row in rows:
        group = group_of[row["digest"]]
        if group not in changed:
            tips, times = grown.setdefault(group, (set(), []))
            tips.add(row["tipId"])
            times.append(row["incidentAt"])
    found: set[str] = set()
    if grown:
        growth = [
            {"id": group, "added": len(tips), "firstSeen": min(times), "lastSeen": max(times)}
            for group, (tips, times) in sorted(grown.items())
        ]
        found = {row["id"] for row in await tx.run("content/grow", rows=growth, now=now)}
    touched = sorted(set(group_of.values()) - found)
    if not touched:
        return
    # Counted and stored (two tips or more) in Neo4j: no group's rows come back to be sent again.
    await tx.run("content/recount_and_upsert", groups={"ids": touched}, now=now)

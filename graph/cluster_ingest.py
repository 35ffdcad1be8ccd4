"""Clusters kept current as tips arrive: each new tip joins the clusters of the tips it links strongly to.

Runs inside the ingest transaction, on the identifiers the batch's new tips may link through, reading a
bounded number of the newest tips per identifier (an identifier strong enough to link is shared inside one
cluster already, so a few of its tips suffice). Merged clusters keep the id of the largest.

The partition is incremental; what is stored about each cluster is not: every cluster the batch grew, and
every cluster whose members carry an identifier the batch made more common (or too common to link), gets
its size, kind, evidence, bridges and digest rewritten from all its members, by the function recompute uses
(`graph.clusters.cluster_aggregates`). So a stored aggregate always equals what `tipgraph clusters
recompute` would write for the same members; what only a recompute changes is the partition itself
(links that weakened as identifiers grew common, judgements between tips of clusters this step merges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.clustering import Occurrence, UnionFind, link_graph
from graph.clustering.clusters import fresh_cluster_id
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME, STRONG_LINK
from graph.clusters import refreshed_aggregates
from graph.kinds import IdentifierKind
from graph.model import Role
from graph.store.database import Transaction
from graph.tips import native

# Earlier tips read per identifier: an identifier that links strongly already holds its earlier tips in
# one cluster, so a few of them tell which; the batch's own tips come from memory, not the database.
PER_IDENTIFIER = 2


@dataclass(frozen=True, slots=True)
class BatchIdentifier:
    """An identifier the batch's new tips may link through, as the batch knows it."""

    kind: str
    key: str
    tip_count: int
    generic: bool
    earlier_tips: int
    new_links: tuple[tuple[str, Mapping[str, Any]], ...]


def _occurrences(
    rows: Sequence[dict[str, Any]], batch: Mapping[str, BatchIdentifier]
) -> tuple[list[Occurrence], dict[str, str]]:
    """Occurrence rows for clustering: the earlier tips' as read, and the batch's own from memory."""
    read = {row["uid"]: row for row in rows}
    occurrences: list[Occurrence] = []
    cluster_of: dict[str, str] = {}
    for uid, known in batch.items():
        stored = read.get(uid)
        earlier = [tuple(o) for o in stored["occurrences"]] if stored else []
        mine = [
            (
                tip_id,
                None,
                rel["role"],
                rel.get("at"),
                rel.get("port"),
                rel.get("possibleProxy"),
                rel.get("verified"),
            )
            for tip_id, rel in known.new_links
        ]
        generic = stored["generic"] if stored else known.generic
        for tip_id, cluster_id, role, at, port, proxy, verified in [*earlier, *mine]:
            occurrences.append(
                Occurrence(
                    tip_id=tip_id,
                    uid=uid,
                    kind=IdentifierKind(known.kind),
                    key=known.key,
                    tip_count=known.tip_count,
                    generic=generic,
                    role=Role(role),
                    verified=verified,
                    at=native(at),
                    port=port,
                    possible_proxy=proxy,
                )
            )
            if cluster_id is not None:
                cluster_of[tip_id] = cluster_id
    return occurrences, cluster_of


async def cluster_new_tips(
    tx: Transaction, batch: Mapping[str, BatchIdentifier], new_tips: Sequence[str], received_at: datetime
) -> int:
    """Assigns the batch's new tips to clusters, merging the clusters they bridge; returns how many joined."""
    if not batch:
        await _refresh_aggregates(tx, set(), batch, new_tips)
        return 0
    # Only identifiers that earlier tips carry need the database; the rest live wholly in this batch.
    earlier = sorted(uid for uid, known in batch.items() if known.earlier_tips > 0)
    rows = (
        await tx.run(
            "clusters/ingest_context",
            uids=earlier,
            thresholds=GENERIC_ABOVE_BY_NAME,
            before=received_at,
            perIdentifier=PER_IDENTIFIER,
        )
        if earlier
        else []
    )
    occurrences, cluster_of = _occurrences(rows, batch)
    # The strong links among every tip read, found in one pass over the rows (not once per new tip).
    forest = UnionFind(new_tips)
    for edge in link_graph(occurrences, STRONG_LINK).union_edges():
        forest.add(edge.tip_a)
        forest.add(edge.tip_b)
        forest.union(edge.tip_a, edge.tip_b)
    # A stored cluster is one component whole: two of its tips reached through different new tips would
    # otherwise make two components that each claim (or merge away) the same cluster.
    one_tip_of: dict[str, str] = {}
    for tip in list(forest):
        cluster_id = cluster_of.get(tip)
        if cluster_id is not None:
            forest.union(one_tip_of.setdefault(cluster_id, tip), tip)
    components: dict[str, list[str]] = defaultdict(list)
    for tip in forest:
        components[forest.find(tip)].append(tip)
    existing = sorted({cluster_of[t] for members in components.values() for t in members if t in cluster_of})
    sizes = (
        {row["id"]: row["size"] for row in await tx.run("clusters/sizes", ids=existing)} if existing else {}
    )
    assignments: list[dict[str, Any]] = []
    merges: list[dict[str, str]] = []
    grown: set[str] = set()
    for members in components.values():
        if len(members) < 2:
            continue
        joined = sorted(
            {cluster_of[t] for t in members if t in cluster_of}, key=lambda c: (-sizes.get(c, 0), c)
        )
        target = joined[0] if joined else fresh_cluster_id(min(members))
        merges += [{"from": other, "to": target} for other in joined[1:]]
        assignments += [{"tipId": t, "clusterId": target} for t in members if t not in cluster_of]
        grown.add(target)
    if merges:
        await tx.run("clusters/relabel", merges=merges)
    if assignments:
        await tx.run("clusters/assign", assignments=assignments)
    await _refresh_aggregates(tx, grown, batch, new_tips)
    return len(assignments)


async def _refresh_aggregates(
    tx: Transaction, grown: set[str], batch: Mapping[str, BatchIdentifier], new_tips: Sequence[str]
) -> None:
    """Rewrites every stored aggregate from the members, as a recompute would write it for this partition:
    of the clusters that grew, and of those whose members carry an identifier the batch made more common
    (its specificity and the accounts behind it moved) or too common to link at all."""
    recounted = [
        uid for uid, known in batch.items() if 0 < known.earlier_tips <= GENERIC_ABOVE_BY_NAME[known.kind]
    ]
    touched = set(grown)
    if recounted:
        touched.update(row["id"] for row in await tx.run("clusters/of_identifiers", uids=recounted))
    if new_tips:
        crossed = await tx.run(
            "clusters/of_crossed_identifiers", ids=list(new_tips), thresholds=GENERIC_ABOVE_BY_NAME
        )
        touched.update(row["id"] for row in crossed)
    if touched:
        upserts = await refreshed_aggregates(tx.run, touched, datetime.now(UTC))
        await tx.run("clusters/upsert", clusters=upserts)

"""Clusters kept current as tips arrive: each new tip joins the clusters of the tips it links strongly to.

Runs inside the ingest transaction, on the identifiers the batch's new tips may link through, reading a
bounded number of the newest tips per identifier (an identifier strong enough to link is shared inside one
cluster already, so a few of its tips suffice). Merged clusters keep the id of the largest. Cluster kinds
and evidence are refreshed here from the rows at hand and fully by `tipgraph clusters recompute`, which
also applies what only the whole graph tells: weights that fell as identifiers grew common, and
judgements between tips of clusters this step merges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.clustering import Occurrence, UnionFind, classify, link_graph
from graph.clustering.clusters import fresh_cluster_id
from graph.clustering.thresholds import GENERIC_ABOVE, STRONG_LINK
from graph.clusters import bridges_to_json, evidence_to_json
from graph.kinds import IdentifierKind
from graph.model import Role
from graph.store.database import Transaction
from graph.tips import native

# Earlier tips read per identifier: an identifier that links strongly already holds its earlier tips in
# one cluster, so a few of them tell which; the batch's own tips come from memory, not the database.
PER_IDENTIFIER = 2
THRESHOLDS = {kind.value: count for kind, count in GENERIC_ABOVE.items()}


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
        return 0
    # Only identifiers that earlier tips carry need the database; the rest live wholly in this batch.
    earlier = sorted(uid for uid, known in batch.items() if known.earlier_tips > 0)
    rows = (
        await tx.run(
            "clusters/ingest_context",
            uids=earlier,
            thresholds=THRESHOLDS,
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
    components: dict[str, list[str]] = defaultdict(list)
    for tip in forest:
        components[forest.find(tip)].append(tip)
    existing = sorted({cluster_of[t] for members in components.values() for t in members if t in cluster_of})
    sizes = (
        {row["id"]: row["size"] for row in await tx.run("clusters/sizes", ids=existing)} if existing else {}
    )
    assignments: list[dict[str, Any]] = []
    merges: list[dict[str, str]] = []
    upserts: list[dict[str, Any]] = []
    now = datetime.now(UTC)
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in occurrences:
        by_tip[row.tip_id].append(row)
    for members in components.values():
        if len(members) < 2:
            continue
        joined = sorted(
            {cluster_of[t] for t in members if t in cluster_of}, key=lambda c: (-sizes.get(c, 0), c)
        )
        target = joined[0] if joined else fresh_cluster_id(min(members))
        merges += [{"from": other, "to": target} for other in joined[1:]]
        newcomers = [t for t in members if cluster_of.get(t) != target and t not in cluster_of]
        assignments += [{"tipId": t, "clusterId": target} for t in newcomers]
        size = max(sum(sizes.get(c, 0) for c in joined) + len(newcomers), len(members))
        # No digest: the next recompute rewrites this cluster from the whole graph.
        props: dict[str, Any] = {"size": size, "digest": "", "updatedAt": now}
        if not joined:
            # A new cluster gets its kind and evidence from the rows at hand; a grown one keeps its own
            # until the next recompute, which saves classifying large clusters on every batch.
            kind, evidence = classify([row for t in members for row in by_tip.get(t, ())])
            props |= {
                "kind": kind.value,
                "evidence": evidence_to_json(evidence),
                "bridges": bridges_to_json(None),
            }
        upserts.append({"id": target, "props": props})
    if merges:
        await tx.run("clusters/relabel", merges=merges)
    if assignments:
        await tx.run("clusters/assign", assignments=assignments)
    if upserts:
        await tx.run("clusters/upsert", clusters=upserts)
    return len(assignments)

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
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from graph.clustering import Occurrence, UnionFind, classify, strong_partners
from graph.clustering.clusters import fresh_cluster_id
from graph.clustering.thresholds import GENERIC_ABOVE, STRONG_LINK
from graph.clusters import bridges_to_json, evidence_to_json
from graph.kinds import IdentifierKind
from graph.model import Role
from graph.store.database import Transaction
from graph.tips import native

# Newest tips read per identifier: enough for this batch's tips (read first) and a few earlier ones.
PER_IDENTIFIER = 64
THRESHOLDS = {kind.value: count for kind, count in GENERIC_ABOVE.items()}


def _occurrences(rows: Sequence[dict[str, Any]]) -> tuple[list[Occurrence], dict[str, str]]:
    occurrences: list[Occurrence] = []
    cluster_of: dict[str, str] = {}
    for row in rows:
        kind = IdentifierKind(row["kind"])
        for tip_id, cluster_id, role, at, port, proxy, verified in row["occurrences"]:
            occurrences.append(
                Occurrence(
                    tip_id=tip_id,
                    uid=row["uid"],
                    kind=kind,
                    key=row["key"],
                    tip_count=row["tipCount"],
                    generic=row["generic"],
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


async def cluster_new_tips(tx: Transaction, new_tips: Sequence[str], linking_uids: Sequence[str]) -> int:
    """Assigns the batch's new tips to clusters, merging the clusters they bridge; returns how many joined."""
    if not linking_uids:
        return 0
    rows = await tx.run(
        "clusters/ingest_context",
        uids=list(linking_uids),
        thresholds=THRESHOLDS,
        perIdentifier=PER_IDENTIFIER,
    )
    occurrences, cluster_of = _occurrences(rows)
    forest = UnionFind()
    for tip in new_tips:
        forest.add(tip)
        for partner in strong_partners(tip, occurrences, STRONG_LINK):
            forest.add(partner)
            forest.union(tip, partner)
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
        size = sum(sizes.get(c, 0) for c in joined) + len(newcomers)
        kind, evidence = classify([row for t in members for row in by_tip.get(t, ())])
        upserts.append(
            {
                "id": target,
                "props": {
                    "kind": kind.value,
                    "size": max(size, len(members)),
                    "evidence": evidence_to_json(evidence),
                    "bridges": bridges_to_json(None),
                    # No digest: the next recompute rewrites this cluster from the whole graph.
                    "digest": "",
                    "updatedAt": now,
                },
            }
        )
    if merges:
        await tx.run("clusters/relabel", merges=merges)
    if assignments:
        await tx.run("clusters/assign", assignments=assignments)
    if upserts:
        await tx.run("clusters/upsert", clusters=upserts)
    return len(assignments)

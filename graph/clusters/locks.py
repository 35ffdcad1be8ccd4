"""Two writers reclustering at once stay exact: what a recluster read is locked, then checked, before it
is written.

Two ingest batches that share no identifier never wait on each other's identifier nodes, yet both can touch
one stored cluster (each new tip joins it through an identifier of its own). Each would read the cluster
without the other's tip (Neo4j reads what is committed) and the last to commit would overwrite the first's
cluster ids and aggregates. So before a recluster trusts what it read, it locks the units it rewrites: every
stored cluster of its affected set, and every affected tip in no cluster (a tip's cluster id changes only in
a transaction holding both), in id order, and reads them back under the locks (clusters/lock). If another
writer committed a change to them since they were read (a cluster's members, a loose tip's cluster, the tip
count of an identifier group read whole), the recluster runs again on what is now committed, keeping the
locks it holds; once what it read holds under its locks nothing can change it before this transaction
commits: any writer that changes a group adds a tip to it, and that writer's affected set holds every
carrier of the group, so it must take one of these locks first.

Linear in the affected set: one statement, an index seek per unit. Writers that lock in a cycle (a second
round locks more) are aborted by Neo4j's deadlock detection and retried by `Database.write_transaction`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Final

from graph.store.database import Transaction

if TYPE_CHECKING:
    from graph.clusters.ingest import AffectedSet

# A recluster that another writer keeps changing under it runs again; each round holds more locks, so this
# only guards against a loop.
MAX_LOCK_ROUNDS: Final = 100


class StaleRead(Exception):
    """A recluster read what another writer has since changed: it must read again under its locks."""


async def lock_what_was_read(
    tx: Transaction, affected: AffectedSet, created: Collection[str] = (), fresh: Collection[str] = ()
) -> tuple[dict[str, str], set[str]]:
    """Locks the affected set's stored clusters and its tips in no cluster (`created`: tips this transaction
    created, locked already) and checks that what was read of them still holds; returns the stored digest
    of each locked cluster, and which of the `fresh` cluster ids the recluster made name a stored cluster
    already. Raises StaleRead when another writer changed any of it since it was read."""
    held = {affected.cluster_of[tip] for tip in affected.tips if tip in affected.cluster_of}
    clusters = sorted(affected.clusters | held)
    new = set(created)
    loose = sorted(t for t in affected.tips if t not in affected.cluster_of and t not in new)
    counts = {uid: group[0].tip_count for uid, group in affected.groups.items() if group}
    read = {"clusterIds": clusters, "tipIds": loose, "uids": sorted(counts), "freshIds": sorted(fresh)}
    (row,) = await tx.run("clusters/lock", read=read)
    digests: dict[str, str] = {}
    members_read: dict[str, set[str]] = {}
    for tip in affected.tips:
        cluster = affected.cluster_of.get(tip)
        if cluster is not None:
            members_read.setdefault(cluster, set()).add(tip)
    for cluster_id, digest, members in row["clusters"]:
        digests[cluster_id] = digest
        if set(members) != members_read.get(cluster_id, set()):
            raise StaleRead(f"cluster {cluster_id}")
    # A cluster read but gone (another writer merged or emptied it) or a loose tip now in a cluster.
    if len(digests) != len(clusters):
        raise StaleRead("a cluster was deleted")
    if any(cluster_id is not None for _, cluster_id in row["tips"]):
        raise StaleRead("a loose tip joined a cluster")
    if any(counts.get(uid) != tip_count for uid, tip_count in row["counts"]):
        raise StaleRead("an identifier group grew")
    return digests, set(row["taken"])

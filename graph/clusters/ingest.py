"""Clusters kept current as tips arrive: the components a batch touches are reclustered whole, as a recompute
would cluster them, so the clusters kept at ingest do not depend on arrival order or batching.

Why this is exact. The stored partition is what a recompute gives (by induction over batches). A batch changes
link weights only through the identifiers its new tips carry (their counts and the accounts behind them move,
or they cross the people rule's line and stop or start linking), so every changed link joins two tips of those
identifiers' groups. The stored clusters holding such a tip (and the new tips) are the *affected* set; the
rest of the store keeps its links and its clusters. The affected set is then closed: any tip outside it with a
strong link or a SAME judgement to a tip inside joins it with its whole cluster (this happens only where a
DIFFERENT judgement refused a link, or where the store had drifted from a recompute). On a closed set
`graph.clustering.recompute`, fed the whole groups of every identifier the set carries (the weights need every
carrier), gives the same clusters as a recompute of the whole store. The recompute itself finds the strong
links that cross the boundary: they make clusters that mix tips inside and outside the set.

What it costs: the groups of the affected tips' linking identifiers, each bounded by the people rule's
`LINKING_TIPS_CAP` (super-nodes are never read), plus the members of the clusters touched; the same clusters
whose aggregates had to be rewritten anyway. Ids are kept as a recompute keeps them (`stable_ids`); a fresh
id never takes one stored for another cluster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from graph.clustering import Judgement, Occurrence, Verdict, recompute
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.thresholds import RULE_PARAMS, STRONG_PROBABILITY
from graph.clusters.aggregates import cluster_aggregates
from graph.clusters.locks import MAX_LOCK_ROUNDS, StaleRead, lock_what_was_read
from graph.clusters.recompute import member_facts, occurrences_of
from graph.clusters.records import split_uid
from graph.model import Role
from graph.store.database import Transaction

# Rounds of closing the affected set before giving up on exactness would be a defect: each round adds at
# least one cluster, so this only guards against a loop the argument above says cannot happen.
MAX_CLOSING_ROUNDS: Final = 1_000


@dataclass(frozen=True, slots=True)
class BatchIdentifier:
    """An identifier the batch's new tips may link through, as the batch knows it."""

    kind: str
    key: str
    tip_count: int
    generic: bool
    earlier_tips: int
    new_links: tuple[tuple[str, Mapping[str, Any]], ...]
    # The suspect accounts behind it after the batch, when no earlier tip carries it (None: not known).
    accounts: int | None = None

    def new_occurrences(
        self, uid: str, tip_count: int, generic: bool, accounts: int | None
    ) -> list[Occurrence]:
        """The batch's new tips' occurrences of the identifier, as clusters/groups would read them, given
        what the store says of the identifier as a whole."""
        kind, _ = split_uid(uid)
        return [
            Occurrence(
                tip_id,
                uid,
                kind,
                self.key,
                tip_count,
                generic,
                Role(rel["role"]),
                rel.get("verified"),
                _stored_instant(rel.get("at")),
                rel.get("port"),
                rel.get("possibleProxy"),
                accounts,
            )
            for tip_id, rel in self.new_links
        ]

    def whole_group(self, uid: str) -> list[Occurrence] | None:
        """The identifier's whole group when the batch's new tips are all its carriers (then nothing needs
        reading); None otherwise."""
        if self.earlier_tips != 0 or self.accounts is None:
            return None
        if len({tip_id for tip_id, _ in self.new_links}) != self.tip_count:
            return None
        accounts = self.accounts if self.tip_count > 2 else None
        return self.new_occurrences(uid, self.tip_count, self.generic, accounts)


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _stored_instant(at: datetime | None) -> datetime | None:
    """A capture time as the store gives it back: UTC, to the microsecond."""
    return None if at is None else _EPOCH + (at - _EPOCH)


@dataclass(frozen=True, slots=True)
class NewTipFacts:
    """What clusters/member_facts would read about one of the batch's new tips, as the batch knows it: its
    incident time and its locations and suspect accounts as (uid, key, tipCount after the batch, role)."""

    incident_at: datetime
    identifiers: tuple[tuple[str, str, int, str], ...]

    def occurrences(self, tip_id: str) -> list[Occurrence]:
        return [
            Occurrence(tip_id, uid, split_uid(uid)[0], key, tip_count, role=Role(role))
            for uid, key, tip_count, role in self.identifiers
        ]


@dataclass(slots=True)
class AffectedSet:
    """The tips to recluster, what the store says about them, and what is still to read."""

    tips: set[str] = field(default_factory=set)
    cluster_of: dict[str, str] = field(default_factory=dict)  # stored cluster of every tip seen
    clusters: set[str] = field(default_factory=set)  # stored clusters whose members are all in `tips`
    groups: dict[str, list[Occurrence]] = field(default_factory=dict)  # uid -> its whole group
    expanded: set[str] = field(default_factory=set)  # tips whose groups are read
    judgements: dict[tuple[str, str], tuple[Verdict, str | None, str | None]] = field(default_factory=dict)

    def occurrences(self) -> list[Occurrence]:
        return [o for group in self.groups.values() for o in group]


_GROUP_FIELDS: Final = ("uid", "kind", "key", "tipCount", "generic", "accounts", "occurrences")


def _group_rows(result: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The groups of a clusters/groups or clusters/groups_of_tips record, one row each, in uid order."""
    return [dict(zip(_GROUP_FIELDS, group, strict=True)) for group in result[0]["groups"]]


def _group_row(row: Mapping[str, Any], cluster_of: dict[str, str]) -> dict[str, Any]:
    """A clusters/groups_of_tips row in the shape of clusters/occurrences, noting each carrier's cluster."""
    occurrences = []
    for tip_id, cluster_id, *rest in row["occurrences"]:
        if cluster_id is not None:
            cluster_of[tip_id] = cluster_id
        occurrences.append([tip_id, *rest])
    return {**row, "occurrences": occurrences}


async def _read_members(tx: Transaction, affected: AffectedSet, cluster_ids: Iterable[str]) -> None:
    wanted = sorted(set(cluster_ids) - affected.clusters)
    if not wanted:
        return
    affected.clusters.update(wanted)
    for row in await tx.run("clusters/members", ids=wanted):
        for tip in row["tips"]:
            affected.tips.add(tip)
            affected.cluster_of[tip] = row["id"]


def _add_groups(affected: AffectedSet, rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Keeps groups read whole; returns the tips they hold."""
    carriers: list[str] = []
    for row in rows:
        group = _group_row(row, affected.cluster_of)
        affected.groups[row["uid"]] = list(occurrences_of(group))
        carriers.extend(occurrence[0] for occurrence in group["occurrences"])
    return carriers


async def _expand_new(
    tx: Transaction,
    affected: AffectedSet,
    groups: Collection[str],
    batch: Mapping[str, BatchIdentifier],
    new_tips: Sequence[str],
    read_ahead: Sequence[Sequence[Any]] | None = None,
) -> list[str]:
    """The whole groups of the batch's new tips, named by the batch (no walk from the tips to find them):
    only their earlier carriers are read (the batch knows its own occurrences), and nothing for a group
    only new tips carry; returns the tips they hold. A tip created in this transaction has no judgement.
    `read_ahead`: clusters/groups rows of earlier carriers read in this transaction already (by ingest's
    identifiers/count_suspect_accounts, after every write of the batch's identifiers): not read again."""
    affected.expanded.update(affected.tips)
    known: dict[str, list[Occurrence]] = {}
    for uid in groups:
        whole = batch[uid].whole_group(uid) if uid in batch else None
        if whole is not None:
            known[uid] = whole
    rows: dict[str, Mapping[str, Any]] = {}
    wanted = sorted(set(groups) - set(known))
    earlier = [uid for uid in wanted if uid in batch]
    ahead = {group[0]: group for group in read_ahead or ()}
    rows.update((uid, dict(zip(_GROUP_FIELDS, ahead[uid], strict=True))) for uid in earlier if uid in ahead)
    missing = [uid for uid in earlier if uid not in ahead]
    if missing:
        found = await tx.run("clusters/groups", uids=missing, newIds=new_tips)
        rows.update((row["uid"], row) for row in _group_rows(found))
    # A group the batch does not describe (none, as ingest names them) is read whole.
    unknown = [uid for uid in wanted if uid not in batch]
    if unknown:
        found = await tx.run("clusters/groups", uids=unknown, newIds=[])
        rows.update((row["uid"], row) for row in _group_rows(found))
    carriers: list[str] = []
    # In uid order, as the one read of every group gave them.
    for uid in sorted(groups):
        if uid in rows:
            row = rows[uid]
            group = _group_row(row, affected.cluster_of)
            known[uid] = list(occurrences_of(group))
            if uid in batch:
                known[uid][:0] = batch[uid].new_occurrences(
                    uid, row["tipCount"], row["generic"], row["accounts"]
                )
        if uid in known:
            affected.groups[uid] = known[uid]
            carriers.extend(occurrence.tip_id for occurrence in known[uid])
    return carriers


async def _expand(tx: Transaction, affected: AffectedSet) -> list[str]:
    """Reads the groups and judgements of the affected tips not read yet; returns the tips their groups
    hold (each group read whole)."""
    pending = sorted(affected.tips - affected.expanded)
    affected.expanded.update(pending)
    if not pending:
        return []
    # Their groups and their judgements in one statement (one round trip).
    found = await tx.run(
        "clusters/groups_of_tips",
        ids=pending,
        known=sorted(affected.groups),
        **RULE_PARAMS,
    )
    carriers = _add_groups(affected, _group_rows(found))
    for tip_a, tip_b, verdict, cluster_a, cluster_b in found[0]["judgements"]:
        # A later judgement on a pair overrides an earlier one, and the pair keeps its first place.
        affected.judgements[(tip_a, tip_b)] = (Verdict(verdict), cluster_a, cluster_b)
    return carriers


def _same_partners(affected: AffectedSet) -> set[str]:
    """Tips outside the affected set that a SAME judgement ties to a tip inside it."""
    inside = affected.tips
    outside: set[str] = set()
    for (tip_a, tip_b), (verdict, cluster_a, cluster_b) in affected.judgements.items():
        if verdict is Verdict.SAME and (tip_a in inside) != (tip_b in inside):
            partner, cluster = (tip_b, cluster_b) if tip_a in inside else (tip_a, cluster_a)
            outside.add(partner)
            if cluster is not None:
                affected.cluster_of[partner] = cluster
    return outside


def _judgements_inside(affected: AffectedSet) -> list[Judgement]:
    return [
        Judgement(tip_a, tip_b, verdict)
        for (tip_a, tip_b), (verdict, _, _) in affected.judgements.items()
        if tip_a in affected.tips and tip_b in affected.tips
    ]


async def close_and_recluster(
    tx: Transaction,
    affected: AffectedSet,
    touched: set[str],
    threshold: float,
    model: EvidenceModel,
    taken: Collection[str] = (),
) -> tuple[list[Occurrence], dict[str, tuple[str, ...]], int]:
    """Closes the affected set (the clusters `touched` and those of its tips read whole, every group of its
    tips read whole, SAME partners and tips a strong link crosses the boundary to pulled in) and reclusters
    it: its clustering rows, its clusters of two or more as a recompute names them, and how many links a
    judgement refused. Shared by ingest and the recompute of what changed (`graph.clusters.refresh`).

    Recompute runs on the whole groups, outside carriers included: a cluster mixing affected and outside
    tips means a strong link crosses the boundary, so those tips' clusters join the set and it runs again.
    `taken`: ids the clusters may not be given (stored for clusters outside the set, which are not in
    `previous`: the caller checks a fresh id against the store, `recluster_locked` under its locks)."""
    for _ in range(MAX_CLOSING_ROUNDS):
        touched.update(affected.cluster_of[t] for t in affected.tips if t in affected.cluster_of)
        await _read_members(tx, affected, touched)
        while affected.tips - affected.expanded:
            await _expand(tx, affected)
        outside = _same_partners(affected)
        rows = affected.occurrences()
        previous = {tip: cid for tip, cid in affected.cluster_of.items() if tip in affected.tips}
        assignment = recompute(rows, _judgements_inside(affected), previous, threshold, set(taken), model)
        clusters: dict[str, tuple[str, ...]] = {}
        for cluster_id, tips in assignment.members.items():
            inside = sum(1 for tip in tips if tip in affected.tips)
            if 0 < inside < len(tips):
                outside.update(tip for tip in tips if tip not in affected.tips)
            elif inside >= 2:
                clusters[cluster_id] = tips
        if outside:
            affected.tips.update(outside)
            continue
        return rows, clusters, len(assignment.refused)
    raise AssertionError("the affected set did not close")


@dataclass(frozen=True, slots=True)
class ReclusteredWrites:
    """What reclustering an affected set writes, as a recompute writes it: the clusters whose digest
    changed, the tips whose cluster id changed, and the clusters left without members."""

    upserts: list[dict[str, Any]]
    moved: list[dict[str, str | None]]
    stale: list[str]


def reclustered_writes(
    affected: AffectedSet,
    rows: Sequence[Occurrence],
    clusters: Mapping[str, Sequence[str]],
    stored: Mapping[str, str],
    facts: tuple[Mapping[str, datetime], Mapping[str, Sequence[Occurrence]]],
    threshold: float,
    now: datetime,
    model: EvidenceModel,
) -> ReclusteredWrites:
    """The writes for an affected set's `clusters` (`stored`: their stored digests; `facts`: the members'
    incident times and extra occurrences, as `member_facts` gives them)."""
    seen_at, extra = facts
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        if row.tip_id in affected.tips:
            by_tip[row.tip_id].append(row)
    upserts = []
    for cluster_id, tips in sorted(clusters.items()):
        props = cluster_aggregates(tips, by_tip, extra, seen_at, threshold, now, model)
        if stored.get(cluster_id) != props["digest"]:
            upserts.append({"id": cluster_id, "props": props})
    wanted = {tip: cid for cid, tips in clusters.items() for tip in tips}
    moved: list[dict[str, str | None]] = [
        {"tipId": tip, "clusterId": wanted.get(tip)}
        for tip in sorted(affected.tips)
        if affected.cluster_of.get(tip) != wanted.get(tip)
    ]
    return ReclusteredWrites(upserts, moved, sorted(affected.clusters - set(clusters)))


async def write_reclustered(tx: Transaction, writes: ReclusteredWrites) -> None:
    # As a recompute writes (a cluster exists before tips point at it, and goes only once none does), in
    # one statement where three cost three round trips (and, whenever Neo4j re-plans, three plans).
    if writes.upserts or writes.moved or writes.stale:
        await tx.run(
            "clusters/write_reclustered",
            clusters=writes.upserts,
            assignments=writes.moved,
            stale=writes.stale,
        )


@dataclass(frozen=True)
class LockedRecluster:
    """An affected set reclustered (`close_and_recluster`) and still as read under the locks of what it
    rewrites (graph/clusters/locks.py)."""

    affected: AffectedSet
    rows: list[Occurrence]
    clusters: dict[str, tuple[str, ...]]
    refused: int
    stored: dict[str, str]  # the stored digest of each cluster kept (a fresh id names no stored cluster)


async def recluster_locked(
    tx: Transaction,
    seed: Callable[[], Awaitable[tuple[AffectedSet, set[str]]]],
    threshold: float,
    model: EvidenceModel,
    created: Collection[str] = (),
) -> LockedRecluster:
    """Reads the affected set (`seed`: it and the clusters touched), reclusters it and locks what that
    rewrites; while another writer changed any of it meanwhile, reads and reclusters again under the locks
    already held. Shared by ingest and the recompute of what changed (`created`: tips this transaction
    created, locked already)."""
    for _ in range(MAX_LOCK_ROUNDS):
        affected, touched = await seed()
        try:
            locked = await _recluster_and_lock(tx, affected, touched, threshold, model, created)
        except StaleRead:
            continue
        return locked
    raise AssertionError("another writer kept changing the affected set")


async def _recluster_and_lock(
    tx: Transaction,
    affected: AffectedSet,
    touched: set[str],
    threshold: float,
    model: EvidenceModel,
    created: Collection[str],
) -> LockedRecluster:
    """Reclusters the affected set and locks it; a fresh cluster id that the lock finds stored already (for
    a cluster outside the set) is taken, and the set is reclustered again without it."""
    taken: set[str] = set()
    for _ in range(MAX_CLOSING_ROUNDS):
        rows, clusters, refused = await close_and_recluster(tx, affected, touched, threshold, model, taken)
        fresh = set(clusters) - affected.clusters
        digests, clashing = await lock_what_was_read(tx, affected, created, fresh)
        if not clashing:
            stored = {cluster_id: digests[cluster_id] for cluster_id in clusters if cluster_id in digests}
            return LockedRecluster(affected, rows, clusters, refused, stored)
        taken |= clashing
    raise AssertionError("fresh cluster ids kept clashing")


async def _reclustered(
    tx: Transaction,
    new_tips: Sequence[str],
    groups: Collection[str],
    crossed: Collection[str],
    model: EvidenceModel,
    batch: Mapping[str, BatchIdentifier],
    read_ahead: Sequence[Sequence[Any]] | None = None,
) -> LockedRecluster:
    """The batch's affected set reclustered as a recompute names its clusters, under the locks."""
    # Groups read ahead hold for the first reading only: one read again (another writer changed what it
    # read) reads them again.
    ahead = [read_ahead]

    async def seed() -> tuple[AffectedSet, set[str]]:
        affected = AffectedSet(tips=set(new_tips))
        # Every carrier of a new tip's identifiers has links that changed: it and its cluster are affected.
        first = ahead.pop() if ahead else None
        affected.tips.update(await _expand_new(tx, affected, groups, batch, new_tips, first))
        touched = (
            {row["id"] for row in await tx.run("clusters/of_identifiers", uids=sorted(crossed))}
            if crossed
            else set()
        )
        return affected, touched

    return await recluster_locked(tx, seed, STRONG_PROBABILITY, model, new_tips)


async def cluster_new_tips(
    tx: Transaction,
    batch: Mapping[str, BatchIdentifier],
    new_tips: Sequence[str],
    received_at: datetime,
    model: EvidenceModel | None = None,
    *,
    groups: Collection[str],
    crossed: Collection[str],
    facts: Mapping[str, NewTipFacts] | None = None,
    read_ahead: Sequence[Sequence[Any]] | None = None,
) -> int:
    """Reclusters the components the batch's new tips touch (see the module's docstring) and writes what a
    recompute would: tips' cluster ids, clusters' aggregates, and no cluster left without members. Returns
    how many new tips joined a cluster. `batch` holds the identifiers through which the new tips may link;
    `groups` the uids the new tips carry that link (carried by two tips or more, linking by the people rule:
    every one the new tips carry, as clusters/groups_of_tips would find them); `crossed` the uids the new
    tips just made too common to link (generic by the people rule now, not before them: known from the
    batch's own identifier write, so nothing is read to find them);
    `facts` what member facts the batch knows of its new tips (those are not read); `read_ahead` groups the
    batch read already, as clusters/groups rows (`_expand_new`);
    `received_at` is the batch's arrival (the new tips are in the store already); `model` the evidence model
    (the store's; default the shipped one), whose STRONG tier makes the clusters as recompute does."""
    del received_at  # the store holds the new tips already; every read sees this transaction's writes
    if not new_tips:
        return 0
    if not batch and not crossed:
        # No new tip links to anything, and none made an identifier too common to link.
        return 0
    model = model or default_model()
    locked = await _reclustered(tx, new_tips, groups, crossed, model, batch, read_ahead)
    affected, rows, clusters = locked.affected, locked.rows, locked.clusters
    now = datetime.now(UTC)
    clustered = sorted(tip for tips in clusters.values() for tip in tips)
    known = facts or {}
    seen_at, extra = await member_facts(tx.run, [tip for tip in clustered if tip not in known])
    for tip in clustered:
        if tip in known:
            seen_at[tip] = known[tip].incident_at
            extra[tip] = known[tip].occurrences(tip)
    writes = reclustered_writes(
        affected, rows, clusters, locked.stored, (seen_at, extra), STRONG_PROBABILITY, now, model
    )
    await write_reclustered(tx, writes)
    wanted = {tip for tips in clusters.values() for tip in tips}
    return sum(1 for tip in new_tips if tip in wanted)

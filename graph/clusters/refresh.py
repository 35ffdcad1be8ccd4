"""A recompute of what changed: `tipgraph clusters recompute` reclusters only the components changed since the
last recompute, and writes what a full recompute (`graph.clusters.recompute.recompute_clusters`) would write.

What changed is read from the audit log, the store's change log: every write of a tip, a judgement or a
generic mark records an audit event in its own transaction (graph/audit.py). Each recompute (full or not)
leaves a `ClusterState`: the fingerprint of what clustered the store (the evidence model, the threshold, the
linking rule, the bridge limits), the time it started and the events of the `OVERLAP` before it that it
found committed. The next one reads the events since then, looking back `OVERLAP` for those committed out
of `at` order (a transaction's `at` is taken before it commits) and skipping those already seen, and
sorts them:

- `CLUSTERING_NEUTRAL` actions (reads, dispositions, referrals, labels, scores...) change nothing clustering
  reads (occurrence rows, identifier counts and flags, judgements, incident times, places, accounts);
- new tips (`ingest`, `submitTips`) written after the last recompute finished need no re-check: ingest
  reclusters what they touch in its own transaction exactly as a recompute would, under the locks of
  graph/clusters/locks.py (which hold against another ingest and a recompute of what changed). Those written
  before it finished may have raced it (a full recompute takes no locks and writes what it read before they
  committed), so they, judgements (`judgeLink`, `withdrawJudgement`) and a generic mark
  (`markIdentifierGeneric`) seed the recompute: the tips named, or the carriers of the identifier marked,
  and the clusters holding them are reclustered whole, closed as ingest closes its affected set
  (graph/clusters/ingest.py explains why that is exact: links change only through the identifiers and
  judgements of the seeds, and the closure pulls in every cluster a changed link or judgement reaches);
- anything else (a purge deletes tips, a bulk load replaces the store, an action this module does not
  know), no state, a different fingerprint, or more than `MAX_SEEDS` seed tips: a full recompute.

Changes made without an audit event (a migration, a wipe of the clusters) forget the state
(clusters/forget_state), so the next recompute is a full one; `full=True` forces one.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import orjson

from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.thresholds import LINKING_TIPS_CAP, RULE_PARAMS, STRONG_PROBABILITY
from graph.clusters.aggregates import BRIDGE_MAX_TIPS, MAX_BRIDGES
from graph.clusters.ingest import AffectedSet, recluster_locked, reclustered_writes, write_reclustered
from graph.clusters.recompute import RecomputeSummary, member_facts, recompute_clusters
from graph.collector import collector_paused
from graph.store.database import Database, Transaction
from graph.store_version import require_current
from graph.tips import native

# Bump when what a recompute stores for the same input changes (a new aggregate, another digest).
STATE_VERSION: Final = 1
# Transactions commit out of `at` order: events stamped this long before the last recompute started are
# read again (an ingest batch or a decision commits well within it).
OVERLAP: Final = timedelta(minutes=5)
# Above this many seed tips a recompute of what changed reads most of the store in one transaction: the
# full recompute's paged, parallel read is then cheaper.
MAX_SEEDS: Final = 20_000
# Actions that change nothing clustering reads.
CLUSTERING_NEUTRAL: Final = (
    "read",
    "setDisposition",
    "setClusterDisposition",
    "undoDecision",
    "recordOutcome",
    "referTips",
    "referCluster",
    "bundleTips",
    "rescore",
    "reviewFile",
    "openReport",
    "triage",
    "retractReport",
)
# Actions whose events name the tips whose links or judgements changed.
TIP_ACTIONS: Final = frozenset({"ingest", "submitTips", "judgeLink", "withdrawJudgement"})
# Actions whose tips ingest reclustered in their own transaction.
INGEST_ACTIONS: Final = frozenset({"ingest", "submitTips"})
GENERIC_MARK: Final = "markIdentifierGeneric"


def fingerprint(model: EvidenceModel, threshold: float) -> str:
    """What the stored clusters were made with: a recompute of what changed is exact only under the same."""
    text = orjson.dumps(
        [STATE_VERSION, model.to_json(), threshold, RULE_PARAMS, BRIDGE_MAX_TIPS, MAX_BRIDGES],
        default=dict,  # the rule's thresholds are a read-only mapping
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(text).hexdigest()


@dataclass(slots=True)
class Changes:
    """What changed since the last recompute: the tips named, the identifiers whose generic mark changed,
    or why only a full recompute will do."""

    tips: set[str] = field(default_factory=set)
    uids: set[str] = field(default_factory=set)
    full_because: str | None = None


def changes_of(events: Iterable[Mapping[str, Any]], settled: datetime | None = None) -> Changes:
    """Sorts the audit events read by clusters/changes (see the module's docstring); `settled`: when the
    last recompute finished (None: not known), after which ingest's events need no re-check."""
    changes = Changes()
    for event in events:
        action = event["action"]
        if action in INGEST_ACTIONS and settled is not None and native(event["at"]) > settled:
            continue
        if action in TIP_ACTIONS:
            changes.tips.update(event["tipIds"] or ())
        elif action == GENERIC_MARK:
            changes.uids.add(orjson.loads(event["change"])["identifier"])
        else:
            changes.full_because = f"{action} since the last recompute"
            return changes
    return changes


@dataclass(frozen=True, slots=True)
class ChangeLog:
    """What the audit log says at the start of a recompute: the changes since the last one, and the events
    of the look-back window already committed now (its result will reflect them: the next recompute skips
    them)."""

    changes: Changes
    seen: tuple[str, ...]


async def read_changes(db: Database, model: EvidenceModel, threshold: float, as_of: datetime) -> ChangeLog:
    """What changed since the last recompute, from its stored state and the audit log."""
    rows = await db.read("clusters/state")
    state = rows[0] if rows else None
    last = native(state["asOf"]) if state is not None else as_of
    events = await db.read(
        "clusters/changes", since=min(last, as_of) - OVERLAP, neutral=list(CLUSTERING_NEUTRAL)
    )
    seen = tuple(event["id"] for event in events if native(event["at"]) >= as_of - OVERLAP)
    if state is None:
        return ChangeLog(Changes(full_because="no recompute state"), seen)
    if state["fingerprint"] != fingerprint(model, threshold):
        return ChangeLog(Changes(full_because="another model, threshold or linking rule"), seen)
    done = set(state["seen"] or ())
    settled = native(state["finishedAt"]) if state["finishedAt"] is not None else None
    return ChangeLog(changes_of((event for event in events if event["id"] not in done), settled), seen)


async def save_state(
    db: Database, model: EvidenceModel, threshold: float, as_of: datetime, seen: Iterable[str]
) -> None:
    # Saved once the recompute's writes committed: an ingest stamped after this cannot have raced it.
    await db.write(
        "clusters/save_state",
        fingerprint=fingerprint(model, threshold),
        asOf=as_of,
        seen=sorted(seen),
        finishedAt=datetime.now(UTC),
    )


async def keep_state(db: Database, model: EvidenceModel, threshold: float = STRONG_PROBABILITY) -> None:
    """Records that the store's clusters are what a full recompute would write now (the bulk load computes
    them with `graph.clustering.recompute` from the rows it loaded), so the next recompute reclusters only
    what changes after this."""
    as_of = datetime.now(UTC)
    log = await read_changes(db, model, threshold, as_of)
    await save_state(db, model, threshold, as_of, log.seen)


async def forget_state(db: Database) -> None:
    """The next recompute is a full one (clustering input changed with no audit event)."""
    await db.write("clusters/forget_state")


async def refresh_clusters(
    db: Database,
    threshold: float = STRONG_PROBABILITY,
    now: datetime | None = None,
    model: EvidenceModel | None = None,
    *,
    full: bool = False,
) -> RecomputeSummary:
    """Reclusters what changed since the last recompute, or everything when that cannot be known (see the
    module's docstring); either way the store ends as `recompute_clusters` leaves it. Raises
    StoreBehindError, changing nothing, on a store that lacks a migration (graph/store_version.py)."""
    await require_current(db)
    model = model or default_model()
    as_of = datetime.now(UTC)
    started = time.perf_counter()
    log = await read_changes(db, model, threshold, as_of)
    changes = Changes(full_because="asked for") if full else log.changes
    seeds = len(changes.tips) + len(changes.uids)
    if changes.full_because is not None or seeds > MAX_SEEDS:
        summary = await recompute_clusters(db, threshold, now, model)
    else:
        read_seconds = time.perf_counter() - started
        with collector_paused():
            summary = await _recompute_changed(db, changes, threshold, now or datetime.now(UTC), model)
        summary = replace(summary, read_seconds=summary.read_seconds + read_seconds)
    await save_state(db, model, threshold, as_of, log.seen)
    return summary


async def _seed(tx: Transaction, changes: Changes) -> AffectedSet:
    """The seed tips (those named that still exist, and the carriers of the identifiers marked) with their
    stored clusters."""
    affected = AffectedSet()
    rows = await tx.run("clusters/assigned", ids=sorted(changes.tips)) if changes.tips else []
    if changes.uids:
        rows += await tx.run("clusters/carriers", uids=sorted(changes.uids), linkingCap=LINKING_TIPS_CAP)
    for row in rows:
        affected.tips.add(row["tipId"])
        if row["clusterId"] is not None:
            affected.cluster_of[row["tipId"]] = row["clusterId"]
    return affected


async def _recompute_changed(
    db: Database, changes: Changes, threshold: float, now: datetime, model: EvidenceModel
) -> RecomputeSummary:
    """Reclusters the seeds' components in one write transaction and writes what a full recompute would."""

    async def work(tx: Transaction) -> RecomputeSummary:
        started = time.perf_counter()

        async def seed() -> tuple[AffectedSet, set[str]]:
            return await _seed(tx, changes), set()

        # Locked as ingest locks what it reclusters: neither overwrites the other.
        locked = await recluster_locked(tx, seed, threshold, model)
        affected, rows, clusters, refused = locked.affected, locked.rows, locked.clusters, locked.refused
        clustered = sorted(tip for tips in clusters.values() for tip in tips)
        facts = await member_facts(tx.run, clustered)
        # Reading the affected set and partitioning it interleave (each closing round reads more): both
        # count as the read; the aggregates are the compute.
        closed = time.perf_counter()
        writes = reclustered_writes(affected, rows, clusters, locked.stored, facts, threshold, now, model)
        computed = time.perf_counter()
        await write_reclustered(tx, writes)
        sizes = [len(tips) for tips in clusters.values()]
        return RecomputeSummary(
            tips=len(affected.tips),
            rows=len(rows),
            clusters=len(clusters),
            clustered_tips=sum(sizes),
            largest=max(sizes, default=0),
            refused_links=refused,
            tips_changed=len(writes.moved),
            clusters_written=len(writes.upserts),
            clusters_deleted=len(writes.stale),
            read_seconds=closed - started,
            compute_seconds=computed - closed,
            write_seconds=time.perf_counter() - computed,
            changed_only=True,
        )

    if not changes.tips and not changes.uids:
        return RecomputeSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, changed_only=True)
    return await db.write_transaction(work)

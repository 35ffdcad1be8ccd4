"""A recompute of the content clusters after what changed: `tipgraph clusters recompute` recomputes the
content groups only when something it cannot trust changed them since the last recompute, and otherwise
finds the stored groups already what a full content recompute
(`graph.clusters.content_build.recompute_content_clusters`) would write.

Content groups are a function of the content digests' file entries (`graph.clustering.content`): which
digests are content (a viral flag, or more tips than the spread threshold) and which of them one file of one
tip lists together. Read from the audit log as the actor refresh reads it (graph/clusters/refresh.py):

- new tips (`ingest`, `submitTips`) are the only change to those entries, and ingest keeps the content
  groups of its tips exact in the very transaction that writes them and their audit event
  (`graph.clusters.content_build.refresh_content_clusters`; exact whatever the arrival order, batching or
  concurrency: tests/store/test_content_upkeep.py), so their events ask for nothing, unless the last
  recompute wrote something: its writes, made from what it read before, may have overwritten the upkeep of
  an ingest it had not seen committed (one full recompute then, which writes nothing unless repairing);
- `CONTENT_NEUTRAL` actions change no entry either: a purge keeps a tip's digests, links and incident time
  (tips/purge_content), a judgement or a generic mark touches neither (a mark leaves `genericReason`, which
  is what makes a digest content, alone);
- anything else (an action this module does not know), no state, or another content rule: a full recompute.

Changes made without an audit event (a migration, a wipe) forget the state (clusters/forget_state), so the
next recompute is a full one; `full=True` forces one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import orjson

from graph.clustering.content import qualification_params
from graph.clusters.content_build import ContentRecomputeSummary, recompute_content_clusters
from graph.clusters.refresh import CLUSTERING_NEUTRAL, OVERLAP
from graph.store.database import Database
from graph.tips import native

# Bump when what a content recompute stores for the same input changes.
CONTENT_STATE_VERSION: Final = 1
# New tips: ingest keeps their content groups in the transaction that writes them.
KEPT_BY_INGEST: Final = frozenset({"ingest", "submitTips"})
# Actions that change no content digest's file entries. New tips' events are read whatever the actor refresh
# skips: they decide whether to trust ingest's upkeep after a recompute that wrote.
CONTENT_NEUTRAL: Final = tuple(
    action
    for action in (*CLUSTERING_NEUTRAL, "judgeLink", "withdrawJudgement", "markIdentifierGeneric", "purge")
    if action not in KEPT_BY_INGEST
)


def content_fingerprint() -> str:
    """The content rule the stored groups were made with: trusting them is exact only under the same."""
    text = orjson.dumps([CONTENT_STATE_VERSION, qualification_params()], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(text).hexdigest()


@dataclass(frozen=True, slots=True)
class ContentChanges:
    """Why only a full recompute will do (None: the stored groups are exact), and the events of the
    look-back window already committed (the next recompute skips them)."""

    full_because: str | None = None
    seen: tuple[str, ...] = ()


def full_because(events: Iterable[Mapping[str, Any]], *, after_writes: bool) -> str | None:
    """Why the audit events read by clusters/changes (`CONTENT_NEUTRAL` left out) since a recompute that
    wrote something (`after_writes`) or not ask for a full recompute, or None."""
    for event in events:
        action = event["action"]
        if action not in KEPT_BY_INGEST:
            return f"{action} since the last content recompute"
        if after_writes:
            return f"{action} during or after a content recompute that wrote"
    return None


async def read_content_changes(db: Database, as_of: datetime) -> ContentChanges:
    """What changed since the last content recompute, from its stored state and the audit log."""
    rows = await db.read("content/state")
    state = rows[0] if rows else None
    last = native(state["asOf"]) if state is not None else as_of
    since = min(last, as_of) - OVERLAP
    events = await db.read("clusters/changes", since=since, neutral=list(CONTENT_NEUTRAL))
    seen = tuple(event["id"] for event in events if native(event["at"]) >= as_of - OVERLAP)
    if state is None:
        return ContentChanges("no content recompute state", seen)
    if state["fingerprint"] != content_fingerprint():
        return ContentChanges("another content rule", seen)
    done = set(state["seen"] or ())
    unseen = (event for event in events if event["id"] not in done)
    return ContentChanges(full_because(unseen, after_writes=state["wrote"]), seen)


async def save_content_state(db: Database, as_of: datetime, seen: Iterable[str], *, wrote: bool) -> None:
    await db.write(
        "content/save_state", fingerprint=content_fingerprint(), asOf=as_of, seen=sorted(seen), wrote=wrote
    )


def wrote(summary: ContentRecomputeSummary) -> bool:
    return summary.relabelled + summary.written + summary.deleted > 0


async def keep_content_state(db: Database) -> None:
    """Records that the stored content clusters are what a full recompute would write now (the bulk load
    recomputes them in full, with no ingest running), so the next recompute looks only at what changes
    after this."""
    as_of = datetime.now(UTC)
    changes = await read_content_changes(db, as_of)
    await save_content_state(db, as_of, changes.seen, wrote=False)


async def recluster_content(
    db: Database, now: datetime | None = None, *, full: bool = False
) -> ContentRecomputeSummary:
    """Recomputes every content group when the stored ones cannot be trusted (see the module's
    docstring), and nothing otherwise; either way the store ends as `recompute_content_clusters` leaves it."""
    as_of = datetime.now(UTC)
    changes = await read_content_changes(db, as_of)
    if full or changes.full_because is not None:
        summary = await recompute_content_clusters(db, now)
    else:
        summary = ContentRecomputeSummary(0, 0, 0, 0, 0, 0, changed_only=True)
    await save_content_state(db, as_of, changes.seen, wrote=wrote(summary))
    return summary

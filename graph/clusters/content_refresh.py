"""A recompute of the content clusters around what changed: `tipgraph clusters recompute` recomputes only the
content groups the tips written since the last recompute belong to, and writes what a full content recompute
(`graph.clusters.content_build.recompute_content_clusters`) would write.

Content groups are a function of the content digests' file entries (`graph.clustering.content`): which
digests are content (a viral flag, or more tips than the spread threshold) and which of them one file of one
tip lists together. Only new tips change either (a purge keeps digests and links; a judgement or a generic
mark touches neither), so, read from the audit log as the actor refresh reads it (graph/clusters/refresh.py):

- `CONTENT_NEUTRAL` actions change nothing;
- new tips (`ingest`, `submitTips`) name their tips: their content digests, and every digest listed beside
  one of those in any file of any tip, transitively, and every digest stored in a group any of those is in,
  are one closed set: no file lists a digest of it beside a digest outside it, so its groups, their tips and
  their dates are the full recompute's, read from its digests' entries only. Content only grows, so a
  stored group already holds every digest listed beside its digests in the tips before the change: the
  other files of a digest's tips are read only for the new tips and for digests with no stored group;
- anything else, no state, another content rule, or more than `MAX_SEED_TIPS` tips: a full recompute.

Ingest keeps the content groups of its tips in its own transaction (`refresh_content_clusters`); this
recomputes the groups around them from the stored entries and trusts the stored groups for which digests
belong together in earlier tips (the files of a digest's tips are read again only when it has no stored
group); `--full` recomputes every group from the entries alone.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import orjson

from graph.clustering.content import FileEntry, content_clusters, digest_groups, qualification_params
from graph.clusters.content_build import (
    FILE_HASH_UID,
    ContentRecomputeSummary,
    epoch_at,
    recompute_content_clusters,
    write_content,
)
from graph.clusters.refresh import CLUSTERING_NEUTRAL, OVERLAP
from graph.store.database import Database
from graph.tips import native

# Bump when what a content recompute stores for the same input changes.
CONTENT_STATE_VERSION: Final = 1
# Actions that change no content digest's entries (judgements and generic marks change actor clustering only).
CONTENT_NEUTRAL: Final = (*CLUSTERING_NEUTRAL, "judgeLink", "withdrawJudgement", "markIdentifierGeneric")
NEW_TIP_ACTIONS: Final = frozenset({"ingest", "submitTips"})
# Above this many new tips the full recompute's single read is cheaper than reading round by round.
MAX_SEED_TIPS: Final = 50_000


def content_fingerprint() -> str:
    """The content rule the stored groups were made with: a recompute around changes is exact under it."""
    text = orjson.dumps([CONTENT_STATE_VERSION, qualification_params()], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(text).hexdigest()


@dataclass(slots=True)
class ContentChanges:
    """The tips written since the last content recompute, or why only a full recompute will do."""

    tips: set[str] = field(default_factory=set)
    full_because: str | None = None
    seen: tuple[str, ...] = ()


def content_changes_of(events: Iterable[Mapping[str, Any]]) -> ContentChanges:
    """Sorts the audit events read by clusters/changes with `CONTENT_NEUTRAL` left out."""
    changes = ContentChanges()
    for event in events:
        if event["action"] not in NEW_TIP_ACTIONS:
            changes.full_because = f"{event['action']} since the last content recompute"
            return changes
        changes.tips.update(event["tipIds"] or ())
    return changes


async def read_content_changes(db: Database, as_of: datetime) -> ContentChanges:
    """What changed since the last content recompute, from its stored state and the audit log."""
    rows = await db.read("content/state")
    state = rows[0] if rows else None
    last = native(state["asOf"]) if state is not None else as_of
    since = min(last, as_of) - OVERLAP
    events = await db.read("clusters/changes", since=since, neutral=list(CONTENT_NEUTRAL))
    seen = tuple(event["id"] for event in events if native(event["at"]) >= as_of - OVERLAP)
    if state is None:
        return ContentChanges(full_because="no content recompute state", seen=seen)
    if state["fingerprint"] != content_fingerprint():
        return ContentChanges(full_because="another content rule", seen=seen)
    done = set(state["seen"] or ())
    changes = content_changes_of(event for event in events if event["id"] not in done)
    changes.seen = seen
    return changes


async def save_content_state(db: Database, as_of: datetime, seen: Iterable[str]) -> None:
    await db.write("content/save_state", fingerprint=content_fingerprint(), asOf=as_of, seen=sorted(seen))


async def keep_content_state(db: Database) -> None:
    """Records that the stored content clusters are what a full recompute would write now (the bulk load
    recomputes them in full), so the next recompute looks only around what changes after this."""
    as_of = datetime.now(UTC)
    changes = await read_content_changes(db, as_of)
    await save_content_state(db, as_of, changes.seen)


async def recluster_content(
    db: Database, now: datetime | None = None, *, full: bool = False
) -> ContentRecomputeSummary:
    """Recomputes the content groups around the tips written since the last recompute, or every group
    when that cannot be known (see the module's docstring); either way the store ends as
    `recompute_content_clusters` leaves it."""
    as_of = datetime.now(UTC)
    changes = await read_content_changes(db, as_of)
    if full or changes.full_because is not None or len(changes.tips) > MAX_SEED_TIPS:
        summary = await recompute_content_clusters(db, now)
    elif not changes.tips:
        summary = ContentRecomputeSummary(0, 0, 0, 0, 0, 0, changed_only=True)
    else:
        summary = await _recompute_around(db, sorted(changes.tips), now or datetime.now(UTC))
    await save_content_state(db, as_of, changes.seen)
    return summary


@dataclass(slots=True)
class _Closure:
    """The content digests around some tips, with every file entry read so far and the stored groups."""

    digests: set[str] = field(default_factory=set)  # keys
    entries: dict[tuple[str, int, str], int | None] = field(default_factory=dict)
    files: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str | None] = field(default_factory=dict)  # uid -> stored group
    groups: set[str] = field(default_factory=set)

    def add_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            self.entries[(row["tipId"], row["fileIndex"], row["digest"])] = row["incidentAt"]
            self.files[(row["tipId"], row["fileIndex"])].add(row["digest"])

    def listed_beside(self) -> set[str]:
        """Digests some file lists beside a digest of the set, not in it yet."""
        return {
            digest
            for listed in self.files.values()
            if not listed.isdisjoint(self.digests)
            for digest in listed
            if digest not in self.digests
        }


async def _closure(db: Database, tip_ids: Sequence[str]) -> _Closure:
    """The closed set of content digests around the tips (see the module's docstring), round by round."""
    params = qualification_params()
    found = _Closure()
    rows = await db.read("content/around", ids=list(tip_ids), uids=[], **params)
    found.add_rows(rows)
    pending = {row["digest"] for row in rows}
    while pending:
        found.digests |= pending
        uids = sorted(f"{FILE_HASH_UID}{digest}" for digest in pending)
        stored_groups = await db.read("content/groups_of", uids=uids)
        found.labels.update({row["uid"]: row["group"] for row in stored_groups})
        found.add_rows(await db.read("content/entries_of", uids=uids, **params))
        # A digest in a stored group has its co-listed digests in that group (kept by ingest and by every
        # recompute); one that became content since may be listed beside others in any file of its tips.
        became = [uid for uid in uids if found.labels.get(uid) is None]
        if became:
            found.add_rows(await db.read("content/around", ids=[], uids=became, **params))
        groups = {group for group in found.labels.values() if group is not None} - found.groups
        found.groups |= groups
        stored_beside = {
            row["uid"].removeprefix(FILE_HASH_UID)
            for row in await db.read("content/group_digests", ids=sorted(groups))
        }
        pending = (found.listed_beside() | stored_beside) - found.digests
    return found


async def _recompute_around(db: Database, tip_ids: Sequence[str], now: datetime) -> ContentRecomputeSummary:
    found = await _closure(db, tip_ids)
    entries = [
        FileEntry(tip, file_index, digest, epoch_at(at))
        for (tip, file_index, digest), at in found.entries.items()
        if digest in found.digests
    ]
    group_of = digest_groups(entries)
    clusters = content_clusters(entries)
    labels: list[dict[str, str | None]] = [
        {"uid": uid, "id": group}
        for digest, group in sorted(group_of.items())
        if found.labels.get(uid := f"{FILE_HASH_UID}{digest}") != group
    ]
    involved = sorted(found.groups | set(group_of.values()))
    stored = {row["id"]: row for row in await db.read("content/stored_of", ids=involved)}
    return await write_content(db, now, clusters, len(group_of), labels, stored, changed_only=True)

"""Content clusters: the tips carrying one viral or widely spread file, whoever sent them.

An actor cluster says "one offender"; a content cluster says "one file going round" (a viral campaign, a
meme). They are kept apart: a tip has at most one actor cluster and any number of content clusters, and a
content cluster never joins actors (the file's digests stay generic for actor clustering, so nothing here
feeds `graph.clustering.recompute`).

Which files qualify. A file digest (a FILE_HASH identifier) is *content* when some tip's service flagged
the file viral or potential meme (the stored `genericReason` is `VIRAL_FILE_REASON`), or when more tips
carry it than the kind's generic threshold (`GENERIC_ABOVE[FILE_HASH]`, spread past what one actor
reshares). A digest generic by a static rule (the empty file) is never content. Both conditions only grow
as tips arrive (tips and their links are never removed; retention keeps identifiers and links), so the
clusters are a function of the stored data, whatever the arrival order.

One cluster per file. The digests of one file (its MD5, SHA1, SHA256 as one report lists them) are one
fact: content digests listed for the same file of the same tip are united, transitively. Two different
files carried by one tip are *not* united: a collector who forwards two campaigns' files would otherwise
weld the campaigns into one, and an analyst bundling a campaign wants the tips of that file; such a tip is
in both content clusters.

A content cluster's id comes from its smallest digest key (`content:` + key, e.g. `content:md5:9e10...`): it
does not depend on arrival order, and changes only when the file's group gains a smaller digest.
A cluster needs two tips; a content digest carried by one tip keeps its group id, with no cluster.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from graph.clustering.thresholds import GENERIC_ABOVE
from graph.clustering.unionfind import UnionFind
from graph.identifiers import VIRAL_FILE_REASON
from graph.kinds import IdentifierKind

CONTENT_PREFIX: Final = "content:"
# Tips past which a digest is content by spread alone (the kind's generic threshold).
SPREAD_ABOVE: Final = GENERIC_ABOVE[IdentifierKind.FILE_HASH]
MIN_TIPS: Final = 2


def is_content_cluster_id(cluster_id: str) -> bool:
    return cluster_id.startswith(CONTENT_PREFIX)


def content_cluster_id(digest_key: str) -> str:
    return f"{CONTENT_PREFIX}{digest_key}"


def qualification_params() -> dict[str, object]:
    """The parameters every statement testing whether a digest is content takes."""
    return {"viralReason": VIRAL_FILE_REASON, "spreadAbove": SPREAD_ABOVE}


def qualifies(kind: str, generic_reason: str | None, tip_count: int) -> bool:
    """Whether an identifier is a content digest (the rule the `content/*` statements apply in Cypher)."""
    if kind != IdentifierKind.FILE_HASH.value:
        return False
    return generic_reason == VIRAL_FILE_REASON or (generic_reason is None and tip_count > SPREAD_ABOVE)


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One content digest as one file of one tip lists it."""

    tip_id: str
    file_index: int
    digest: str  # the digest's key, e.g. "md5:9e10..."
    incident_at: datetime | None


@dataclass(frozen=True, slots=True)
class ContentCluster:
    id: str
    digests: tuple[str, ...]  # keys, sorted
    tips: frozenset[str]
    first_seen: datetime | None  # earliest incident time of its tips
    last_seen: datetime | None

    @property
    def size(self) -> int:
        return len(self.tips)


def digest_groups(entries: Iterable[FileEntry], known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each digest's group id: digests listed for one file of one tip are united, transitively. `known`
    maps digests to group ids already stored (digests with one id stay together)."""
    union = UnionFind()
    by_file: dict[tuple[str, int], list[str]] = defaultdict(list)
    for entry in entries:
        union.add(entry.digest)
        by_file[(entry.tip_id, entry.file_index)].append(entry.digest)
    for digests in by_file.values():
        for other in digests[1:]:
            union.union(digests[0], other)
    by_known: dict[str, str] = {}
    for digest, group in (known or {}).items():
        union.add(digest)
        if group in by_known:
            union.union(by_known[group], digest)
        else:
            by_known[group] = digest
    group_of: dict[str, str] = {}
    for members in union.sets():
        ids = [content_cluster_id(d) for d in members] + [known[d] for d in members if known and d in known]
        smallest = min(ids)
        for digest in members:
            group_of[digest] = smallest
    return group_of


def content_clusters(entries: Iterable[FileEntry]) -> dict[str, ContentCluster]:
    """The content clusters (two tips or more) of every content digest's file entries."""
    listed = list(entries)
    group_of = digest_groups(listed)
    tips: dict[str, set[str]] = defaultdict(set)
    digests: dict[str, set[str]] = defaultdict(set)
    times: dict[str, dict[str, datetime | None]] = defaultdict(dict)
    for entry in listed:
        group = group_of[entry.digest]
        tips[group].add(entry.tip_id)
        digests[group].add(entry.digest)
        times[group][entry.tip_id] = entry.incident_at
    found: dict[str, ContentCluster] = {}
    for group, members in tips.items():
        if len(members) < MIN_TIPS:
            continue
        seen = [at for at in times[group].values() if at is not None]
        found[group] = ContentCluster(
            id=group,
            digests=tuple(sorted(digests[group])),
            tips=frozenset(members),
            first_seen=min(seen) if seen else None,
            last_seen=max(seen) if seen else None,
        )
    return found

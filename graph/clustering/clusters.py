"""Clusters of tips: a recompute with stable ids, of the whole store or of the part a batch touches.

Recompute: judgements first (DIFFERENT pairs become constraints, then SAME pairs are merged), then the
links of the STRONG tier under the evidence model (`graph.clustering.pairs.tier_forest`) strongest first,
so when a DIFFERENT judgement forces a refusal the refused link is the weakest one that would have joined
the pair. DIFFERENT wins over SAME: a SAME that would join a DIFFERENT pair,
directly or through other SAMEs, is refused.

Stable ids: each new cluster keeps the id of the previous cluster most of its members came from; the biggest
overlaps are served first, ties go to the smaller (older) id, and an id goes to one new cluster at most.
A cluster that inherits nothing gets `C-` and twelve hex digits of the SHA-256 of its smallest member.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from graph.clustering.cluster_links import cluster_link_graphs
from graph.clustering.edges import Edge, LinkGraph
from graph.clustering.evidence import EvidenceModel
from graph.clustering.judgements import Judgement
from graph.clustering.model_store import default_model
from graph.clustering.occurrences import Occurrence
from graph.clustering.pairs import tier_links
from graph.clustering.thresholds import STRONG_PROBABILITY

CLUSTER_ID_PREFIX = "C-"


@dataclass(frozen=True, slots=True)
class ClusterAssignment:
    """Every tip's cluster id, and each cluster's members (sorted). Singletons are clusters too."""

    cluster_of: Mapping[str, str]
    members: Mapping[str, tuple[str, ...]]
    # Links a DIFFERENT judgement refused, for the record.
    refused: tuple[Edge, ...] = ()
    # Per cluster id, its link graph already weighed (`cluster_links.cluster_link_graphs`), when asked for.
    link_graphs: Mapping[str, LinkGraph] = field(default_factory=dict, compare=False, repr=False)

    def sizes(self) -> list[int]:
        return sorted((len(m) for m in self.members.values()), reverse=True)


def fresh_cluster_id(smallest_member: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    salt = 0
    while True:
        text = smallest_member if salt == 0 else f"{smallest_member}#{salt}"
        candidate = CLUSTER_ID_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:12]
        if candidate not in taken:
            return candidate
        salt += 1


def stable_ids(
    groups: Sequence[Sequence[str]], previous: Mapping[str, str], taken_elsewhere: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    """Ids for the new groups of tips (each sorted), inheriting from `previous` (tip -> old cluster id). A
    fresh id avoids `taken_elsewhere` too: ids of clusters that these groups do not replace."""
    claims: list[tuple[int, str, int]] = []
    for index, members in enumerate(groups):
        votes = Counter(previous[tip] for tip in members if tip in previous)
        claims.extend((count, old, index) for old, count in votes.items())
    claims.sort(key=lambda claim: (-claim[0], claim[1], claim[2]))
    named: dict[int, str] = {}
    taken: set[str] = set()
    for _, old, index in claims:
        if index not in named and old not in taken:
            named[index] = old
            taken.add(old)
    # A fresh id never takes an id of `previous`, even one no new cluster inherited.
    retired = taken | set(previous.values()) | set(taken_elsewhere)
    result: dict[str, tuple[str, ...]] = {}
    for index, members in enumerate(groups):
        cluster_id = named.get(index)
        if cluster_id is None:
            cluster_id = fresh_cluster_id(members[0], retired)
            retired.add(cluster_id)
        result[cluster_id] = tuple(members)
    return result


def recompute(
    occurrences: Iterable[Occurrence],
    judgements: Iterable[Judgement] = (),
    previous: Mapping[str, str] | None = None,
    threshold: float = STRONG_PROBABILITY,
    taken_elsewhere: Iterable[str] = (),
    model: EvidenceModel | None = None,
    *,
    keep_links: bool = False,
) -> ClusterAssignment:
    """Clusters every tip that appears in `occurrences` or in a judgement, from scratch: the partition of
    the links of match probability >= `threshold` under the evidence model (default: the shipped one), the
    STRONG tier's by default. Ingest reclusters part of the store with it (`graph.clusters.ingest`), so a
    fresh id may have to avoid `taken_elsewhere`. `keep_links`: also hand over the clusters' link graphs
    cut from the partition's (`ClusterAssignment.link_graphs`), so that their bridges need no second
    weighing."""
    rows = list(occurrences)
    model = model or default_model()
    found = tier_links(rows, model, threshold, judgements)
    members = stable_ids(found.partition, previous or {}, taken_elsewhere)
    cluster_of = {tip: cluster_id for cluster_id, tips in members.items() for tip in tips}
    link_graphs = (
        cluster_link_graphs(found.graph, found.groups, members, found.spread, model) if keep_links else {}
    )
    return ClusterAssignment(
        MappingProxyType(cluster_of), MappingProxyType(members), tuple(found.refused), link_graphs
    )

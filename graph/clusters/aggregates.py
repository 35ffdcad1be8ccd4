"""What a cluster stores about its members (kind, size, evidence, bridges, digest): one definition
shared by the full recompute, ingest (`graph.clusters.ingest`) and the bulk load, so all three write the same
for the same partition.

Bridges cost a link graph and a Tarjan pass over the cluster: linear, but a cluster above `BRIDGE_MAX_TIPS`
is one person's thousands of reports, where a single bridge says little, so its bridges are not computed
(stored null) and at most `MAX_BRIDGES` are kept per cluster."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import orjson

from graph.clustering import Bridge, ClusterKind, ClusterLinks, LinkGraph, Occurrence, classify
from graph.clustering.cluster_links import two_tip_bridges
from graph.clustering.evidence import EvidenceModel
from graph.clusters.records import bridges_to_json, evidence_to_json

BRIDGE_MAX_TIPS: Final = 5_000
MAX_BRIDGES: Final = 20


def _digest(members: Sequence[str], kind: ClusterKind, evidence: str, bridges: str) -> str:
    text = orjson.dumps([list(members), kind.value, evidence, bridges])
    return hashlib.sha256(text).hexdigest()


def cluster_bridges(
    rows: Sequence[Occurrence],
    size: int,
    threshold: float,
    model: EvidenceModel,
    graph: LinkGraph | None = None,
) -> list[Bridge] | None:
    if size > BRIDGE_MAX_TIPS:
        return None
    if size == 2 and graph is not None:
        # Most clusters: their one link, or none of their links, is a bridge.
        return two_tip_bridges(graph)
    return ClusterLinks(rows, model, threshold, graph=graph).bridges()[:MAX_BRIDGES]


def cluster_aggregates(
    tips: Sequence[str],
    by_tip: Mapping[str, Sequence[Occurrence]],
    extra: Mapping[str, Sequence[Occurrence]],
    seen_at: Mapping[str, datetime],
    threshold: float,
    now: datetime,
    model: EvidenceModel,
    *,
    graph: LinkGraph | None = None,
) -> dict[str, Any]:
    """What a cluster stores about its members (sorted tip ids): kind, size, evidence, bridges and the digest
    of them all, from the members' clustering rows (`by_tip`) and facts (`extra`). The one definition, used
    by recompute and by ingest (`graph.clusters.ingest`), so both write the same for the same partition.
    `graph`: the cluster's link graph when already weighed (`graph.clustering.cluster_link_graphs`)."""
    linking = [row for tip in tips for row in by_tip.get(tip, ())]
    known = {(row.tip_id, row.uid) for row in linking}
    facts = [row for tip in tips for row in extra.get(tip, ()) if (tip, row.uid) not in known]
    kind, evidence = classify([*linking, *facts], seen_at)
    evidence_text = evidence_to_json(evidence)
    bridges_text = bridges_to_json(cluster_bridges(linking, len(tips), threshold, model, graph))
    return {
        "kind": kind.value,
        "size": len(tips),
        "evidence": evidence_text,
        "bridges": bridges_text,
        "digest": _digest(tips, kind, evidence_text, bridges_text),
        "updatedAt": now,
    }

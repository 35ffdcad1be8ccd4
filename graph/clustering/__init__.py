"""Clustering tips from weighted links: super-node-proof, with stable ids, kinds, bridges and judgements.

Pure Python, no database: the store hands over occurrence rows and judgements, and writes back what
`recompute` returns. Module map:

- `occurrences`: the input rows (`Occurrence`) and their grouping per identifier;
- `thresholds`: when an identifier links at all (the people rule `links_people`, per kind `GENERIC_ABOVE`)
  and `STRONG_LINK`;
- `spread`: the people behind an identifier, which replaces its tip count for specificity;
- `evidence`, `pairs`, `tiers`: the evidence model (one weight per pair), its links and tiers;
- `edges`: the hand weights (`candidate_edges`, `link_graph`): the benches' baseline;
- `unionfind`: union-find with cannot-link constraints;
- `judgements`: SAME / DIFFERENT / UNSURE;
- `clusters`: `recompute` with stable ids (ingest runs it on the components a batch touches);
- `kinds`: `classify` a cluster with its evidence;
- `cluster_links`: `why_member` chains and `bridges`;
- `quality`: pairwise precision/recall/F1 and the connected-components baseline.
"""

from graph.clustering.cluster_links import Bridge, ClusterLinks, Link, Step, bridges, why_member
from graph.clustering.clusters import ClusterAssignment, recompute, stable_ids
from graph.clustering.edges import (
    Edge,
    LinkGraph,
    StrongIdentifier,
    candidate_edges,
    link_graph,
    strong_partners,
)
from graph.clustering.judgements import Judgement, Verdict
from graph.clustering.kinds import ClusterKind, Evidence, classify
from graph.clustering.occurrences import IdentifierGroup, Occurrence, group_by_identifier
from graph.clustering.quality import PairwiseScores, connected_components, pairwise_scores, truth_groups
from graph.clustering.spread import account_spread, suspect_accounts
from graph.clustering.thresholds import GENERIC_ABOVE, STRONG_LINK, links_tips
from graph.clustering.unionfind import UnionFind

__all__ = [
    "GENERIC_ABOVE",
    "STRONG_LINK",
    "Bridge",
    "ClusterAssignment",
    "ClusterKind",
    "ClusterLinks",
    "Edge",
    "Evidence",
    "IdentifierGroup",
    "Judgement",
    "Link",
    "LinkGraph",
    "Occurrence",
    "PairwiseScores",
    "Step",
    "StrongIdentifier",
    "UnionFind",
    "Verdict",
    "account_spread",
    "bridges",
    "candidate_edges",
    "classify",
    "connected_components",
    "group_by_identifier",
    "link_graph",
    "links_tips",
    "pairwise_scores",
    "recompute",
    "stable_ids",
    "strong_partners",
    "suspect_accounts",
    "truth_groups",
    "why_member",
]

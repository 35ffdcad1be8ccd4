"""Why a cluster holds together, from the members a viewer may see: its strong links, the tips each
bridge joins, the chain that makes a tip a member, how strongly each member is held, and every weighted link
among the members for a case file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Final

from graph.audit import AuditTrail
from graph.clustering import Bridge, ClusterLinks, Edge, Link, Occurrence, Step
from graph.clustering.edges import occurrence_links
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.pairs import candidate_edges, evidence_link_graph
from graph.clusters.records import ClusterMembers, split_uid
from graph.kinds import IdentifierKind

# Above this many candidate pairs an export lists the strong links only (see `member_links`).
EXPORT_PAIR_LIMIT: Final = 200_000


@dataclass(frozen=True, slots=True)
class MemberStrength:
    """How strongly a member is held: its strongest STRONG-tier link to another member (that link's match
    probability and the member at its other end); None for a member held only by an analyst's SAME
    judgement, or, for a scoped viewer, only through tips it may not see."""

    tip_id: str
    match_probability: float | None
    linked_to: str | None


@dataclass(frozen=True, slots=True)
class MemberLink:
    """A link between two members for a case file: its weight and the identifiers it runs through."""

    tip_a: str
    tip_b: str
    weight: float
    identifiers: tuple[tuple[IdentifierKind, str], ...]


@dataclass(frozen=True, slots=True)
class JoiningLink:
    """A strong link of a cluster and the members it joins: an identifier's carriers, or a pair's two tips."""

    link: Link
    tips: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StrongLinks:
    links: tuple[JoiningLink, ...]
    truncated: bool


def _joining_links(members: ClusterMembers, model: EvidenceModel | None) -> list[JoiningLink]:
    """The strong links among the members the viewer may see (the graph `bridges` and `whyMember` walk:
    the evidence model's STRONG tier), the strongest first."""
    graph = evidence_link_graph(members.rows, model or default_model())
    found = [
        JoiningLink(Link((strong.uid,), (strong.kind,), strong.weight), tuple(sorted(strong.tips)))
        for strong in graph.identifiers
    ]
    found.extend(
        JoiningLink(Link(edge.uids, edge.kinds, edge.weight), tuple(sorted((edge.tip_a, edge.tip_b))))
        for edge in graph.pairs
    )
    found.sort(key=lambda joining: (-joining.link.weight, joining.link.uids, joining.tips))
    return found


def strong_links(
    trail: AuditTrail, members: ClusterMembers, first: int, model: EvidenceModel | None = None
) -> StrongLinks:
    """The first `first` strong links among the members the viewer may see, with the tips each joins."""
    found = _joining_links(members, model)
    shown = tuple(found[:first])
    trail.read({tip for joining in shown for tip in joining.tips})
    return StrongLinks(shown, truncated=len(found) > first)


def bridge_tips(
    trail: AuditTrail,
    members: ClusterMembers,
    bridges: Sequence[Bridge],
    model: EvidenceModel | None = None,
) -> list[tuple[str, ...]]:
    """For each bridge, the members the viewer may see that its link joins, in id order (every pair with
    the bridge's identifiers when several pairs share exactly those)."""
    joined_by: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for joining in _joining_links(members, model):
        joined_by[joining.link.uids].update(joining.tips)
    joined = [tuple(sorted(joined_by.get(bridge.link.uids, ()))) for bridge in bridges]
    trail.read({tip for tips in joined for tip in tips})
    return joined


def why_member(
    trail: AuditTrail, members: ClusterMembers, tip_id: str, model: EvidenceModel | None = None
) -> tuple[Step, ...] | None:
    """The chain of strong links from the cluster's first linked member to `tip_id`, through the members the
    viewer may see; None when the tip is not a visible member or no such chain exists (a SAME judgement
    joined it, or, for a scoped viewer, the chain runs through tips it may not see)."""
    links = ClusterLinks(members.rows, model)
    if tip_id not in set(links.tips):
        return None
    steps = links.why_member(tip_id)
    if steps is not None:
        trail.read({tip_id, *(tip for step in steps for tip in (step.from_tip, step.to_tip))})
    return steps


def member_strengths(
    trail: AuditTrail, members: ClusterMembers, model: EvidenceModel | None = None
) -> tuple[MemberStrength, ...]:
    """Every visible member's `MemberStrength`, in tip id order (the members looked at)."""
    strongest = ClusterLinks(members.rows, model).strongest
    found = []
    for tip in sorted(t.id for t in members.tips):
        held = strongest.get(tip)
        probability, other = (round(held[0], 6), held[1]) if held is not None else (None, None)
        found.append(MemberStrength(tip, probability, other))
    trail.read({tip for m in found for tip in (m.tip_id, m.linked_to) if tip is not None})
    return tuple(found)


def _as_member_link(edge: Edge) -> MemberLink:
    return MemberLink(
        edge.tip_a, edge.tip_b, round(edge.weight, 4), tuple(split_uid(uid) for uid in edge.uids)
    )


def member_links(
    rows: Sequence[Occurrence], model: EvidenceModel | None = None
) -> tuple[tuple[MemberLink, ...], bool]:
    """Every weighted link among the members (all pairs sharing a linking identifier), or, when that would
    be more than `EXPORT_PAIR_LIMIT` pairs (one actor's thousand reports share an account: half a million
    pairs), only the strong links clustering unites on, each strong identifier as a star from its first tip.
    The flag says which (True: strong links only)."""
    carriers: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if occurrence_links(row):
            carriers[row.uid].add(row.tip_id)
    pairs = sum(len(tips) * (len(tips) - 1) // 2 for tips in carriers.values())
    model = model or default_model()
    if pairs <= EXPORT_PAIR_LIMIT:
        return tuple(_as_member_link(e) for e in candidate_edges(rows, model)), False
    edges = islice(evidence_link_graph(rows, model).union_edges(), EXPORT_PAIR_LIMIT)
    return tuple(_as_member_link(e) for e in edges), True

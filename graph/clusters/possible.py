"""A cluster's possible links: the tips outside it that the evidence model links to one of its members at the
POSSIBLE tier or better (match probability >= 0.5), each with its strongest link in.

Why not a POSSIBLE partition: the components of the POSSIBLE graph chain strangers (a file two people swapped
links their whole clusters, and the next such file the next cluster), so a "possible cluster" would grow with
the store while saying less. An investigator looks at a cluster and asks which other tips might be the same
offender: that is one list per cluster, each tip with its probability, and the STRONG clusters stay what bulk
decisions act on. A tip an analyst judged DIFFERENT from the member it links to is left out (judgements are
always obeyed).

Scope: the members are those the viewer may see (`graph.clusters.reads.cluster_members`, with the counts and
generic verdicts the viewer may know), the outside tips too, and each pair is weighed by `explain` as
linkedTips weighs it, so the probabilities agree with Tip.linkedTips for the same two tips. Cost: the
member's linking identifiers times at most `PER_IDENTIFIER` outside tips each, and per outside tip the
members it shares an identifier with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graph.audit import AuditTrail
from graph.clustering.edges import occurrence_links
from graph.clustering.evidence import EvidenceModel
from graph.clustering.judgements import Verdict
from graph.clustering.occurrences import Occurrence, group_by_identifier
from graph.clustering.pairs import PairWeigher
from graph.clustering.thresholds import POSSIBLE_PROBABILITY
from graph.clustering.tiers import Tier, tier_of
from graph.clusters.records import ClusterMembers
from graph.model import Role
from graph.store.database import Database
from graph.tips import native
from graph.viewer import Viewer

# Outside tips read per linking identifier of the members: bounds the read, since the people rule lets one
# heavy offender's own address or account link hundreds of tips (graph/clustering/thresholds.py).
PER_IDENTIFIER: Final = 200
_ROLES: Final = {role.value: role for role in Role}


@dataclass(frozen=True, slots=True)
class PossibleLink:
    """A tip outside the cluster and its strongest link to a member: the member, the match probability and
    weight (as linkedTips gives them for that pair) and the link's tier."""

    tip_id: str
    linked_to: str
    match_probability: float
    match_weight: float
    tier: Tier


@dataclass(frozen=True, slots=True)
class PossibleLinks:
    links: tuple[PossibleLink, ...]
    truncated: bool


def _outside_occurrence(template: Occurrence, tip_id: str, props: Mapping[str, Any]) -> Occurrence:
    """An outside tip's occurrence of a member's identifier, with the counts the viewer was given for it."""
    return Occurrence(
        tip_id=tip_id,
        uid=template.uid,
        kind=template.kind,
        key=template.key,
        tip_count=template.tip_count,
        generic=template.generic,
        role=_ROLES[props["role"]],
        verified=props.get("verified"),
        at=native(props.get("at")),
        port=props.get("port"),
        possible_proxy=props.get("possibleProxy"),
        accounts=template.accounts,
    )


def strongest_links(
    member_rows: Sequence[Occurrence],
    outside_rows: Sequence[Occurrence],
    model: EvidenceModel,
    different: set[tuple[str, str]] | None = None,
) -> list[PossibleLink]:
    """Per outside tip, its strongest link to a member when it reaches the POSSIBLE tier (pairs judged
    DIFFERENT left out), strongest first, then by tip id."""
    groups = group_by_identifier([*member_rows, *outside_rows], min_tips=2)
    spread = {
        uid: max(
            (o.accounts for found in g.by_tip.values() for o in found if o.accounts is not None), default=0
        )
        for uid, g in groups.items()
    }
    weigher = PairWeigher(groups, spread)
    members = {o.tip_id for o in member_rows}
    partners: dict[str, set[str]] = defaultdict(set)
    for group in groups.values():
        inside = [tip for tip in group.by_tip if tip in members]
        for tip in group.by_tip:
            if tip not in members:
                partners[tip].update(inside)
    refused = different or set()
    found: list[PossibleLink] = []
    for outside in sorted(partners):
        best: tuple[float, float, str] | None = None
        for member in sorted(partners[outside]):
            if (min(outside, member), max(outside, member)) in refused:
                continue
            pair = weigher.explain(model, outside, member)[0].pair
            if best is None or pair.probability > best[0]:
                best = (pair.probability, pair.match_weight, member)
        if best is not None and best[0] >= POSSIBLE_PROBABILITY:
            probability, weight, member = best
            found.append(PossibleLink(outside, member, round(probability, 6), weight, tier_of(probability)))
    found.sort(key=lambda link: (-link.match_probability, link.tip_id))
    return found


async def possible_links(
    db: Database,
    viewer: Viewer,
    trail: AuditTrail,
    members: ClusterMembers,
    first: int,
    model: EvidenceModel,
) -> PossibleLinks:
    """The first `first` tips outside the cluster (that the viewer may see) with a link of the POSSIBLE tier
    or better to a member it may see; see the module's docstring."""
    templates: dict[str, Occurrence] = {}
    member_rows: list[Occurrence] = []
    for row in members.rows:
        if occurrence_links(row):
            templates.setdefault(row.uid, row)
            member_rows.append(row)
    if not templates:
        return PossibleLinks((), truncated=False)
    outside_rows: list[Occurrence] = []
    for carrier in await db.read(
        "clusters/outside_carriers",
        id=members.cluster_id,
        uids=sorted(templates),
        scope=viewer.scope(),
        perIdentifier=PER_IDENTIFIER,
    ):
        template = templates[carrier["uid"]]
        outside_rows.extend(
            _outside_occurrence(template, carrier["tipId"], o) for o in carrier["occurrences"]
        )
    verdicts: dict[tuple[str, str], str] = {}
    outside_tips = sorted({o.tip_id for o in outside_rows})
    if outside_tips:
        # Oldest first: a later judgement on a pair overrides an earlier one.
        for judged in await db.read("clusters/judgements_of_tips", ids=outside_tips):
            verdicts[(min(judged["tipA"], judged["tipB"]), max(judged["tipA"], judged["tipB"]))] = judged[
                "verdict"
            ]
    different = {pair for pair, verdict in verdicts.items() if verdict == Verdict.DIFFERENT.value}
    found = strongest_links(member_rows, outside_rows, model, different)
    shown = tuple(found[:first])
    trail.read({tip for link in shown for tip in (link.tip_id, link.linked_to)})
    return PossibleLinks(shown, truncated=len(found) > first)

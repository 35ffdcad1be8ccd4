"""Clusters as one viewer may read them: a cluster, a list, a page of its tips, its members and
triage standing.

Reads carry the viewer's `$scope`: a scoped viewer (investigator, reporter) sees a cluster only if it may
see one of its tips, and every size, count, evidence, bridge, identifier, timeline and chain is made from
those tips only. Member-level views (identifiers, timeline, whyMember, export) look at the first
`MEMBER_LIMIT` visible members in id order and say so when a cluster is larger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graph.audit import AuditTrail
from graph.clustering import Bridge, Evidence, Occurrence, classify
from graph.clustering.evidence import PEOPLE_COUNTED, EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.thresholds import LINKING_TIPS_CAP, STRONG_PROBABILITY, links_people
from graph.clusters.aggregates import cluster_bridges
from graph.clusters.records import (
    ROLES,
    ClusterFilter,
    ClusterMembers,
    ClusterRecord,
    MemberIdentifier,
    record_of,
)
from graph.dispositions import Disposition
from graph.model import IdentifierSummary, Page, SizePosition, TipCard, TipRecord
from graph.store.database import Database
from graph.tips import TipPosition, audited_page, head_or_card, identifier_for, native, tip_from_row
from graph.viewer import Viewer

MEMBER_LIMIT: Final = 5_000


@dataclass(frozen=True, slots=True)
class TriageSummary:
    tips: int
    actionable: int  # classified REFERRAL
    urgent: int  # priority URGENT
    referred: int  # disposition REFERRED
    closed: int  # disposition CLOSED
    by_disposition: tuple[tuple[Disposition, int], ...]


async def get_cluster(db: Database, viewer: Viewer, cluster_id: str) -> ClusterRecord | None:
    """A cluster if the viewer may see one of its tips, else None."""
    rows = await db.read("clusters/get", id=cluster_id, scope=viewer.scope())
    if not rows:
        return None
    return record_of(rows[0]["cluster"], rows[0]["size"], not viewer.sees_every_tip)


async def clusters_of_tips(db: Database, viewer: Viewer, tip_ids: Sequence[str]) -> dict[str, ClusterRecord]:
    """The clusters of tips already loaded for this viewer; a tip in no cluster is absent."""
    rows = await db.read("clusters/of_tips", ids=list(tip_ids), scope=viewer.scope())
    scoped = not viewer.sees_every_tip
    return {row["tipId"]: record_of(row["cluster"], row["size"], scoped) for row in rows}


async def list_clusters(
    db: Database, viewer: Viewer, cluster_filter: ClusterFilter, first: int, after: SizePosition | None
) -> Page[ClusterRecord]:
    """Clusters holding a tip the viewer may see, largest first (by the tips it may see)."""
    position = after.params() if after else None
    if viewer.sees_every_tip:
        rows = await db.read("clusters/list", filter=cluster_filter.params(), after=position, limit=first + 1)
    else:
        rows = await db.read(
            "clusters/list_scoped",
            filter=cluster_filter.params(),
            scope=viewer.scope(),
            after=position,
            limit=first + 1,
        )
    records = [record_of(row["cluster"], row["size"], not viewer.sees_every_tip) for row in rows]
    return Page(items=tuple(records[:first]), has_next=len(records) > first)


async def cluster_tips(
    db: Database,
    trail: AuditTrail,
    cluster: ClusterRecord,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> Page[TipRecord | TipCard]:
    """A page of the cluster's tips the viewer may see, newest received first (cards only when `cards`)."""
    rows = await db.read(
        "clusters/tips",
        id=cluster.id,
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    tips = [head_or_card(row["tip"], cards) for row in rows]
    return audited_page(trail, tips, first, cluster.size)


async def cluster_with_tips(
    db: Database,
    trail: AuditTrail,
    cluster_id: str,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> tuple[ClusterRecord, Page[TipRecord | TipCard]] | None:
    """`get_cluster` and then `cluster_tips` in one read: the cluster if the viewer may see one of its tips,
    with a page of those tips (cards only when `cards`); None as `get_cluster` gives it."""
    viewer = trail.viewer
    rows = await db.read(
        "clusters/page",
        id=cluster_id,
        scope=viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    if not rows:
        return None
    record = record_of(rows[0]["cluster"], rows[0]["size"], not viewer.sees_every_tip)
    tips = [head_or_card(row, cards) for row in rows[0]["tips"]]
    return record, audited_page(trail, tips, first, record.size)


def _member_occurrence(
    tip_id: str,
    identifier: IdentifierSummary,
    uid: str,
    props: Mapping[str, Any],
    tip_count: int,
    generic: bool,
    accounts: int | None,
) -> Occurrence:
    return Occurrence(
        tip_id=tip_id,
        uid=uid,
        kind=identifier.kind,
        key=identifier.key,
        tip_count=tip_count,
        generic=generic,
        role=ROLES[props["role"]],
        verified=props.get("verified"),
        at=native(props.get("at")),
        port=props.get("port"),
        possible_proxy=props.get("possibleProxy"),
        accounts=accounts,
    )


async def cluster_members(db: Database, viewer: Viewer, cluster: ClusterRecord) -> ClusterMembers:
    """The cluster's members the viewer may see (at most `MEMBER_LIMIT`), with their identifiers.

    Weights between members come from the counts the viewer may see (as linkedTips does), and so does
    whether an identifier links at all (graph/generic.py): for a scoped viewer, by what reveals nothing of
    hidden tips. No tip is handed to the viewer here; the functions that name tips audit them."""
    scope = viewer.scope()
    tip_rows = await db.read("clusters/member_tips", id=cluster.id, scope=scope, limit=MEMBER_LIMIT)
    identifier_rows = await db.read(
        "clusters/member_identifiers",
        id=cluster.id,
        scope=scope,
        limit=MEMBER_LIMIT,
        linkingCap=LINKING_TIPS_CAP,
        peopleCounted=PEOPLE_COUNTED,
    )
    identifiers: list[MemberIdentifier] = []
    rows: list[Occurrence] = []
    for row in identifier_rows:
        props = row["identifier"]
        summary = identifier_for(viewer, {**props, "tipCount": row["visibleTipCount"]})
        explicit = props.get("genericReason") is not None or bool(props.get("markedGeneric"))
        # The people rule on the store's counts (as clustering reads them), or for a scoped viewer the
        # policy's verdict (graph/generic.py): the store's would count hidden tips and their accounts.
        generic = (
            explicit or not links_people(summary.kind, props["tipCount"], row["accounts"] or 0, False)
            if viewer.sees_every_tip
            else summary.generic
        )
        occurrences = row["occurrences"]
        members = {o["tipId"] for o in occurrences}
        identifiers.append(MemberIdentifier(summary, len(members), not generic))
        rows.extend(
            _member_occurrence(
                o["tipId"], summary, props["uid"], o, summary.tip_count, generic, row["accounts"]
            )
            for o in occurrences
        )
    identifiers.sort(key=lambda m: (-m.member_count, m.identifier.kind.value, m.identifier.key))
    return ClusterMembers(
        cluster_id=cluster.id,
        tips=tuple(tip_from_row(row["tip"]) for row in tip_rows),
        identifiers=tuple(identifiers),
        rows=tuple(rows),
        truncated=cluster.size > MEMBER_LIMIT,
        scoped=cluster.scoped,
    )


def evidence_of(cluster: ClusterRecord, members: ClusterMembers | None) -> Evidence:
    """The stored evidence for a viewer who sees every tip; for a scoped one, made from its tips only."""
    if not cluster.scoped:
        return cluster.evidence
    assert members is not None, "a scoped viewer's evidence is made from its members"
    seen_at = {tip.id: tip.incident_date_time for tip in members.tips}
    return classify(members.rows, seen_at)[1]


def bridges_of(
    cluster: ClusterRecord, members: ClusterMembers | None, model: EvidenceModel | None = None
) -> tuple[Bridge, ...] | None:
    """The stored bridges for a viewer who sees every tip; for a scoped one, from its tips only."""
    if not cluster.scoped:
        return cluster.bridges
    assert members is not None, "a scoped viewer's bridges are made from its members"
    found = cluster_bridges(members.rows, len(members.tips), STRONG_PROBABILITY, model or default_model())
    return None if found is None else tuple(found)


async def triage_summary(db: Database, viewer: Viewer, cluster: ClusterRecord) -> TriageSummary:
    """How the cluster's tips the viewer may see stand in triage; a reporting service, which sees no
    triage, gets its tips' count and nothing of how they stand."""
    rows = await db.read("clusters/triage", id=cluster.id, scope=viewer.scope())
    if not viewer.sees_triage:
        return TriageSummary(sum(row["tips"] for row in rows), 0, 0, 0, 0, ())
    by_disposition: Counter[Disposition] = Counter()
    actionable = urgent = 0
    for row in rows:
        by_disposition[Disposition(row["disposition"])] += row["tips"]
        actionable += row["tips"] if row["actionClass"] == "REFERRAL" else 0
        urgent += row["tips"] if row["priority"] == "URGENT" else 0
    return TriageSummary(
        tips=sum(by_disposition.values()),
        actionable=actionable,
        urgent=urgent,
        referred=by_disposition[Disposition.REFERRED],
        closed=by_disposition[Disposition.CLOSED],
        by_disposition=tuple((d, by_disposition[d]) for d in Disposition if by_disposition[d]),
    )

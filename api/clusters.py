"""Clusters of tips: reading them (with why each tip is in), deciding on a whole cluster, exporting one."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

import strawberry

from api.context import Context
from api.decisions import Decision
from api.enums import Disposition, IdentifierKind, LinkTier
from api.incidents import BundlePayload, Incident
from api.lookahead import TipsPageArguments, cluster_tips_arguments
from api.pagination import PageInfo, page_size, size_cursor, size_position, tip_position
from api.types import Identifier, Info, Tip, TipConnection, reads_tip_cards
from graph.agencies import default_registry
from graph.audit import send_reads_ahead
from graph.clustering import Bridge, ClusterKind, Evidence, Link, Step
from graph.clustering.model_store import load_model
from graph.clusters.aggregates import BRIDGE_MAX_TIPS, MAX_BRIDGES
from graph.clusters.decisions import bundle_cluster, refer_cluster, set_cluster_disposition
from graph.clusters.explanations import (
    JoiningLink,
    MemberStrength,
    bridge_tips,
    member_strengths,
    strong_links,
    why_member,
)
from graph.clusters.export import ExportFormat, export_cluster
from graph.clusters.possible import possible_links
from graph.clusters.reads import (
    MEMBER_LIMIT,
    bridges_of,
    cluster_members,
    cluster_tips,
    cluster_with_tips,
    evidence_of,
    get_cluster,
    list_clusters,
    triage_summary,
)
from graph.clusters.records import ClusterFilter, ClusterMembers, ClusterRecord, split_uid
from graph.clusters.timeline import TimelineEvent, TimelineKind, timeline
from graph.errors import BadInputError
from graph.incidents import get_incident
from graph.model import Page, SizePosition, TipCard, TipRecord
from graph.referral import default_geolocator

strawberry.enum(
    ClusterKind,
    description="SINGLE_ACTOR (held by one person's identifiers), VIRAL_CONTENT (by files many accounts "
    "spread), MIXED, or UNKNOWN.",
)
strawberry.enum(TimelineKind, description="What happened at a point of a cluster's timeline.")
strawberry.enum(ExportFormat, description="The format of a case-file export.")

MAX_TIMELINE = 1_000
MAX_STRONG_LINKS = 1_000
MAX_POSSIBLE_LINKS = 500


@strawberry.type(description="An identifier named by its kind and normal key.")
class IdentifierRef:
    kind: IdentifierKind
    key: str

    @classmethod
    def from_uid(cls, uid: str) -> IdentifierRef:
        kind, key = split_uid(uid)
        return cls(kind=kind, key=key)


@strawberry.type(description="How many of a cluster's glue identifiers are of one kind.")
class GlueCount:
    kind: IdentifierKind
    identifiers: int


@strawberry.type(description="Why a cluster got its kind: what holds it together and what it spans.")
class ClusterEvidence:
    tips: int = strawberry.field(description="Member tips the evidence was made from.")
    accounts: int = strawberry.field(description="Distinct reported (suspect) accounts.")
    accounts_per_file: int = strawberry.field(
        description="Most distinct accounts behind one shared file (0 without file glue)."
    )
    glue: list[GlueCount] = strawberry.field(
        description="Linking identifiers carried by two members or more, per kind."
    )
    platforms: list[str]
    countries: list[str]
    places: int = strawberry.field(description="Distinct locations.")
    first_seen: datetime | None = strawberry.field(description="Earliest incident time.")
    last_seen: datetime | None = strawberry.field(description="Latest incident time.")
    span_days: float | None
    reason: str = strawberry.field(description="The kind's reason in one sentence.")

    @classmethod
    def from_domain(cls, evidence: Evidence) -> ClusterEvidence:
        return cls(
            tips=evidence.tips,
            accounts=evidence.accounts,
            accounts_per_file=evidence.accounts_per_file,
            glue=[GlueCount(kind=kind, identifiers=count) for kind, count in evidence.glue],
            platforms=list(evidence.platforms),
            countries=list(evidence.countries),
            places=evidence.places,
            first_seen=evidence.first_seen,
            last_seen=evidence.last_seen,
            span_days=evidence.span_days,
            reason=evidence.reason,
        )


@strawberry.type(
    description="A STRONG link of the evidence model (match probability >= 0.99), the links strong clusters "
    "are made of: in a whyMember step, the identifiers its two tips share, weighed as linkedTips weighs that "
    "pair (the same numbers); in a bridge, the identifiers a set of member pairs shares (or one identifier "
    "linking a heavy offender's many tips at once), weighed by its weakest pair."
)
class ClusterLink:
    identifiers: list[IdentifierRef]
    match_probability: float = strawberry.field(
        description="The probability that the linked tips are one offender's, under the evidence model "
        "(Tip.linkedTips' matchProbability for a whyMember step)."
    )
    match_weight: float | None = strawberry.field(
        description="log2 of the odds that the two tips of a whyMember step are one offender's (each +1 "
        "doubles the odds; Tip.linkedTips' matchWeight); null on a bridge."
    )
    weight: float = strawberry.field(
        description="The match probability, as before the evidence model was used for clusters.",
        deprecation_reason="Use matchProbability.",
    )

    @classmethod
    def from_domain(cls, link: Link) -> ClusterLink:
        return cls(
            identifiers=[IdentifierRef.from_uid(uid) for uid in link.uids],
            match_probability=link.weight,
            match_weight=link.match_weight,
            weight=link.weight,
        )


@strawberry.type(description="A link whose removal would split the cluster, and into what.")
class ClusterBridge:
    link: ClusterLink
    parts: list[int] = strawberry.field(description="Tip counts of the parts, largest first.")
    joined: strawberry.Private[Callable[[Info], Awaitable[list[tuple[str, ...]]]]]
    index: strawberry.Private[int]

    @strawberry.field(
        description="The members you may see that its link joins (an identifier's carriers, or a pair's two "
        "tips; every such pair's when several share exactly its identifiers), in id order."
    )
    async def tips(self, info: Info) -> list[strawberry.ID]:
        return [strawberry.ID(tip) for tip in (await self.joined(info))[self.index]]

    @classmethod
    def from_domain(
        cls, bridge: Bridge, index: int, joined: Callable[[Info], Awaitable[list[tuple[str, ...]]]]
    ) -> ClusterBridge:
        link = ClusterLink.from_domain(bridge.link)
        return cls(link=link, parts=list(bridge.parts), joined=joined, index=index)


@strawberry.type(description="A strong link of a cluster and the members it joins.")
class StrongLink:
    link: ClusterLink
    tips: list[strawberry.ID] = strawberry.field(
        description="The members you may see that it joins (an identifier's carriers, or a pair's two tips), "
        "in id order."
    )

    @classmethod
    def from_domain(cls, joining: JoiningLink) -> StrongLink:
        return cls(link=ClusterLink.from_domain(joining.link), tips=[strawberry.ID(t) for t in joining.tips])


@strawberry.type(description="The strong links among a cluster's members: what its chart draws.")
class ClusterStrongLinks:
    links: list[StrongLink]
    truncated: bool = strawberry.field(description="More strong links exist than were asked for.")


@strawberry.type(description="One step of a chain of strong links from one member to another.")
class MembershipStep:
    from_tip: strawberry.ID
    to_tip: strawberry.ID
    link: ClusterLink

    @classmethod
    def from_domain(cls, step: Step) -> MembershipStep:
        return cls(
            from_tip=strawberry.ID(step.from_tip),
            to_tip=strawberry.ID(step.to_tip),
            link=ClusterLink.from_domain(step.link),
        )


@strawberry.type(
    description="How strongly a member is held in its cluster: its strongest STRONG-tier link to another "
    "member, weighed as linkedTips weighs that pair."
)
class ClusterMemberLink:
    tip_id: strawberry.ID
    match_probability: float | None = strawberry.field(
        description="The match probability of the member's strongest link into the rest of the cluster "
        "(>= 0.99); null when only an analyst's SAME judgement holds it, or the link runs through tips you "
        "may not see."
    )
    linked_to: strawberry.ID | None = strawberry.field(
        description="The member at the other end of that link."
    )

    @classmethod
    def from_domain(cls, found: MemberStrength) -> ClusterMemberLink:
        return cls(
            tip_id=strawberry.ID(found.tip_id),
            match_probability=found.match_probability,
            linked_to=strawberry.ID(found.linked_to) if found.linked_to is not None else None,
        )


@strawberry.type(
    description="A tip outside the cluster that the evidence model links to one of its members at the "
    "POSSIBLE tier or better: its strongest link in, weighed as linkedTips weighs that pair."
)
class ClusterPossibleLink:
    tip: Tip
    linked_to: strawberry.ID = strawberry.field(description="The member at the other end of that link.")
    match_probability: float = strawberry.field(
        description="The probability that the tip and that member come from one offender (>= 0.5)."
    )
    match_weight: float = strawberry.field(description="The same link's match weight (log2 odds).")
    tier: LinkTier = strawberry.field(
        description="POSSIBLE (0.5 to 0.99: worth an investigator's look), or STRONG when only an analyst's "
        "DIFFERENT judgement with another member, or tips you may not see, keep it out of the cluster."
    )


@strawberry.type(description="Tips outside a cluster possibly of its offender, the likeliest first.")
class ClusterPossibleLinks:
    links: list[ClusterPossibleLink]
    truncated: bool = strawberry.field(description="More such tips exist than were asked for.")


@strawberry.type(description="An identifier the cluster's tips carry, with how many of them carry it.")
class ClusterIdentifier:
    identifier: Identifier
    member_count: int = strawberry.field(description="Member tips (that you may see) carrying it.")
    linking: bool = strawberry.field(
        description="Whether it links tips for clustering: false for generic ones (known-benign, marked, or "
        "behind more people than its kind allows, by the suspect accounts of the tips you may see)."
    )


@strawberry.type(description="A dated event of a cluster: an incident, an IP capture, a file upload.")
class ClusterTimelineEvent:
    at: datetime
    tip_id: strawberry.ID
    kind: TimelineKind
    detail: str
    identifier: IdentifierRef | None

    @classmethod
    def from_domain(cls, event: TimelineEvent) -> ClusterTimelineEvent:
        return cls(
            at=event.at,
            tip_id=strawberry.ID(event.tip_id),
            kind=event.kind,
            detail=event.detail,
            identifier=IdentifierRef(kind=event.identifier[0], key=event.identifier[1])
            if event.identifier
            else None,
        )


@strawberry.type(description="A cluster's events in time order, earliest first.")
class ClusterTimeline:
    events: list[ClusterTimelineEvent]
    truncated: bool = strawberry.field(
        description="More events exist than were asked for, or the cluster is larger than the members "
        "looked at."
    )


@strawberry.type(description="Tips of one disposition.")
class DispositionCount:
    disposition: Disposition
    tips: int


@strawberry.type(description="Where a cluster's tips (that you may see) stand in triage.")
class ClusterTriageSummary:
    tips: int
    actionable: int = strawberry.field(description="Classified REFERRAL.")
    urgent: int = strawberry.field(description="Priority URGENT.")
    referred: int = strawberry.field(description="Disposition REFERRED.")
    closed: int = strawberry.field(description="Disposition CLOSED.")
    by_disposition: list[DispositionCount]


@strawberry.type(
    description="Tips that one actor or one piece of content holds together: the STRONG tier of the evidence "
    "model (links of match probability >= 0.99 over shared identifiers, generic ones left out; what bulk "
    "decisions act on), with analysts' SAME / DIFFERENT judgements always obeyed. POSSIBLE links (>= 0.5) "
    "form no cluster: they stay per tip, as Tip.linkedTips(tier: POSSIBLE), and per cluster, as "
    "possibleLinks (tips outside it with their probability), so a weak link never drags "
    "whole clusters together. Ids are stable across recomputes. A viewer who does not see "
    "every tip sees a cluster only through its own tips: sizes, evidence, bridges and everything listed "
    "come from those tips only."
)
class Cluster:
    id: strawberry.ID
    kind: ClusterKind = strawberry.field(description="Classified over every member at the last recompute.")
    size: int = strawberry.field(description="Member tips you may see.")
    updated_at: datetime = strawberry.field(description="When a recompute last changed it.")
    members_looked_at: int = strawberry.field(
        description=f"Members that identifiers, timeline, whyMember and export look at (at most "
        f"{MEMBER_LIMIT:,}, the first by id)."
    )
    record: strawberry.Private[ClusterRecord]
    loading: strawberry.Private[list[asyncio.Task[ClusterMembers]]]
    # A page of tips read with the cluster because its selection asked for them (api/lookahead.py), with the
    # arguments it was read for: `tips` answers from it when asked exactly those.
    prefetched_tips: strawberry.Private[tuple[TipsPageArguments, Page[TipRecord | TipCard]] | None] = None

    async def members(self, info: Info) -> ClusterMembers:
        """The visible members, read once per Cluster object however many fields ask."""
        if not self.loading:
            ctx = info.context
            self.loading.append(asyncio.ensure_future(cluster_members(ctx.db, ctx.viewer, self.record)))
        return await self.loading[0]

    @strawberry.field(description="Why the cluster has its kind.")
    async def evidence(self, info: Info) -> ClusterEvidence:
        members = await self.members(info) if self.record.scoped else None
        return ClusterEvidence.from_domain(evidence_of(self.record, members))

    @strawberry.field(description="Its tips that you may see, newest received first.")
    async def tips(self, info: Info, first: int = 20, after: str | None = None) -> TipConnection:
        prefetched = self.prefetched_tips
        if prefetched is not None and prefetched[0] == TipsPageArguments(first, after):
            return TipConnection.from_page(prefetched[1])
        ctx = info.context
        page = await cluster_tips(
            ctx.db,
            ctx.trail,
            self.record,
            page_size(first),
            tip_position(after),
            cards=reads_tip_cards(info),
        )
        return TipConnection.from_page(page)

    @strawberry.field(
        description="Identifiers carried by at least `minMembers` of its tips, most shared first; generic "
        "ones are listed and flagged (linking: false)."
    )
    async def identifiers(self, info: Info, min_members: int = 2) -> list[ClusterIdentifier]:
        members = await self.members(info)
        return [
            ClusterIdentifier(
                identifier=Identifier.from_domain(m.identifier),
                member_count=m.member_count,
                linking=m.linking,
            )
            for m in members.identifiers
            if m.member_count >= min_members
        ]

    @strawberry.field(description="Incidents, IP capture events and file uploads of its tips in time order.")
    async def timeline(self, info: Info, first: int = 100) -> ClusterTimeline:
        if not 1 <= first <= MAX_TIMELINE:
            raise BadInputError(f"first must be between 1 and {MAX_TIMELINE}", field="first")
        found = timeline(info.context.trail, await self.members(info), first)
        return ClusterTimeline(
            events=[ClusterTimelineEvent.from_domain(e) for e in found.events], truncated=found.truncated
        )

    @strawberry.field(
        description="The chain of strong links from the cluster's first linked member to this tip: why it is "
        "here. Empty for that first member; null if the tip is not a member you may see, or it joined only "
        "through an analyst's SAME judgement (or through tips you may not see)."
    )
    async def why_member(self, info: Info, tip_id: strawberry.ID) -> list[MembershipStep] | None:
        steps = why_member(
            info.context.trail,
            await self.members(info),
            str(tip_id),
            load_model(info.context.settings.cache_dir),
        )
        return None if steps is None else [MembershipStep.from_domain(s) for s in steps]

    @strawberry.field(
        description="Every member you may see (those looked at, in id order) with its match probability to "
        "the cluster: the strongest link that holds it in."
    )
    async def member_links(self, info: Info) -> list[ClusterMemberLink]:
        found = member_strengths(
            info.context.trail, await self.members(info), load_model(info.context.settings.cache_dir)
        )
        return [ClusterMemberLink.from_domain(m) for m in found]

    @strawberry.field(
        description="The strong links among the members you may see (each identifier strong enough alone, "
        "each pair of tips whose weaker shared identifiers add up), the strongest first: the graph that "
        "bridges and whyMember are read from."
    )
    async def strong_links(self, info: Info, first: int = 200) -> ClusterStrongLinks:
        if not 1 <= first <= MAX_STRONG_LINKS:
            raise BadInputError(f"first must be between 1 and {MAX_STRONG_LINKS}", field="first")
        found = strong_links(
            info.context.trail,
            await self.members(info),
            first,
            load_model(info.context.settings.cache_dir),
        )
        return ClusterStrongLinks(
            links=[StrongLink.from_domain(j) for j in found.links], truncated=found.truncated
        )

    @strawberry.field(
        description="The POSSIBLE tier around the cluster: tips you may see outside it that the evidence "
        "model links to a member you may see with match probability >= 0.5, each with its strongest link in "
        "(tips judged DIFFERENT from that member left out), the likeliest first. A list per cluster, not a "
        "cluster of its own: components of possible links would chain strangers together."
    )
    async def possible_links(self, info: Info, first: int = 50) -> ClusterPossibleLinks:
        if not 1 <= first <= MAX_POSSIBLE_LINKS:
            raise BadInputError(f"first must be between 1 and {MAX_POSSIBLE_LINKS}", field="first")
        ctx = info.context
        found = await possible_links(
            ctx.db, ctx.viewer, ctx.trail, await self.members(info), first, load_model(ctx.settings.cache_dir)
        )
        tips = await ctx.loaders.tips.load_many([link.tip_id for link in found.links])
        return ClusterPossibleLinks(
            links=[
                ClusterPossibleLink(
                    tip=Tip.from_domain(tip),
                    linked_to=strawberry.ID(link.linked_to),
                    match_probability=link.match_probability,
                    match_weight=link.match_weight,
                    tier=LinkTier(link.tier),
                )
                for link, tip in zip(found.links, tips, strict=True)
                if tip is not None
            ],
            truncated=found.truncated,
        )

    @strawberry.field(
        description="Links whose removal would split the cluster, the most splitting first (at most "
        f"{MAX_BRIDGES}); null for clusters above {BRIDGE_MAX_TIPS:,} tips (not computed)."
    )
    async def bridges(self, info: Info) -> list[ClusterBridge] | None:
        members = await self.members(info) if self.record.scoped else None
        model = load_model(info.context.settings.cache_dir)
        found = bridges_of(self.record, members, model)
        if found is None:
            return None
        bridges = found
        computed: list[list[tuple[str, ...]]] = []

        async def joined(info: Info) -> list[tuple[str, ...]]:
            # Made once for all of this cluster's bridges, and only when a bridge's tips are asked for.
            if not computed:
                members = await self.members(info)
                if not computed:  # another bridge's tips may have been made while the members were read
                    computed.append(bridge_tips(info.context.trail, members, bridges, model))
            return computed[0]

        return [ClusterBridge.from_domain(b, i, joined) for i, b in enumerate(found)]

    @strawberry.field(description="How many of its tips are actionable, urgent, referred, closed.")
    async def triage_summary(self, info: Info) -> ClusterTriageSummary:
        found = await triage_summary(info.context.db, info.context.viewer, self.record)
        return ClusterTriageSummary(
            tips=found.tips,
            actionable=found.actionable,
            urgent=found.urgent,
            referred=found.referred,
            closed=found.closed,
            by_disposition=[DispositionCount(disposition=d, tips=n) for d, n in found.by_disposition],
        )

    @classmethod
    def from_domain(
        cls,
        record: ClusterRecord,
        tips: tuple[TipsPageArguments, Page[TipRecord | TipCard]] | None = None,
    ) -> Cluster:
        return cls(
            id=strawberry.ID(record.id),
            kind=record.kind,
            size=record.size,
            updated_at=record.updated_at,
            members_looked_at=min(record.size, MEMBER_LIMIT),
            record=record,
            loading=[],
            prefetched_tips=tips,
        )


async def cluster_of_tip(info: Info, tip_id: str) -> Cluster | None:
    """The cluster of a tip already loaded for this viewer (None when it is in none)."""
    ctx: Context = info.context
    # Batched across the tips of one response (a queue page, a cluster's members) by the loader.
    record = await ctx.loaders.tip_clusters.load(tip_id)
    return Cluster.from_domain(record) if record else None


def cluster_cursor(size: int, cluster_id: str) -> str:
    return size_cursor("cluster", size, cluster_id)


def cluster_position(cursor: str | None) -> SizePosition | None:
    return size_position("cluster", cursor)


@strawberry.type(description="A cluster in a list.")
class ClusterEdge:
    cursor: str
    node: Cluster


@strawberry.type(description="A page of clusters, largest first.")
class ClusterConnection:
    edges: list[ClusterEdge]
    page_info: PageInfo


@strawberry.input(description="Which clusters to list; every condition given must hold.")
class ClusterFilterInput:
    kind: ClusterKind | None = strawberry.field(
        default=None,
        description="Actor clusters of this kind (VIRAL_CONTENT: an actor cluster held mostly by files many "
        "accounts spread). The campaigns themselves, tips grouped by one file whoever sent them, are listed "
        "by contentClusters.",
    )
    min_size: int | None = strawberry.field(default=None, description="Inclusive; by the tips you may see.")
    max_size: int | None = strawberry.field(default=None, description="Inclusive; by the tips you may see.")
    has_urgent: bool | None = strawberry.field(
        default=None, description="True: only clusters with an URGENT tip you may see; false: only without."
    )

    def to_domain(self) -> ClusterFilter:
        return ClusterFilter(self.kind, self.min_size, self.max_size, self.has_urgent)


@strawberry.type
class ClusterQueries:
    @strawberry.field(description="One cluster; null when it does not exist or holds no tip you may see.")
    async def cluster(self, info: Info, id: strawberry.ID) -> Cluster | None:
        ctx = info.context
        wanted = cluster_tips_arguments([s for field in info.selected_fields for s in field.selections])
        converted = wanted.converted() if wanted is not None else None
        if wanted is None or converted is None:
            found = await get_cluster(ctx.db, ctx.viewer, str(id))
            return Cluster.from_domain(found) if found else None
        # The selection asks for a page of its tips: read it with the cluster (one round trip, not two).
        first, after = converted
        page = await cluster_with_tips(ctx.db, ctx.trail, str(id), first, after, cards=reads_tip_cards(info))
        if page is None:
            return None
        # The page's record is written while the answer is built (it leaves once the record is written).
        send_reads_ahead(ctx.db, ctx.trail, [tip.id for tip in page[1].items])
        return Cluster.from_domain(page[0], tips=(wanted, page[1]))

    @strawberry.field(
        description="Clusters holding a tip you may see, largest first (by the tips you may see)."
    )
    async def clusters(
        self, info: Info, filter: ClusterFilterInput | None = None, first: int = 20, after: str | None = None
    ) -> ClusterConnection:
        page = await list_clusters(
            info.context.db,
            info.context.viewer,
            (filter or ClusterFilterInput()).to_domain(),
            page_size(first),
            cluster_position(after),
        )
        edges = [
            ClusterEdge(cursor=cluster_cursor(r.size, r.id), node=Cluster.from_domain(r)) for r in page.items
        ]
        return ClusterConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
        )

    @strawberry.field(
        description="A case file of the cluster as you may see it: its tips, identifiers (with how many "
        "members carry each) and the weighted links among the tips, as JSON or as one CSV table."
    )
    async def cluster_export(
        self, info: Info, id: strawberry.ID, format: ExportFormat = ExportFormat.JSON
    ) -> str:
        return await export_cluster(
            info.context.db, info.context.trail, str(id), format, load_model(info.context.settings.cache_dir)
        )


@strawberry.type
class ClusterMutations:
    @strawberry.mutation(
        description="Bundles every tip of the cluster you may see into a new Incident: one decision, one "
        "audit record per tip, undone with undoDecision. `dryRun` writes nothing. `clusterId` is an actor "
        "cluster's or a content cluster's (a viral campaign's: the natural bundle); so for "
        "setClusterDisposition and referCluster."
    )
    async def bundle_cluster(
        self,
        info: Info,
        cluster_id: strawberry.ID,
        incident_label: str,
        note: str | None = None,
        dry_run: bool = False,
    ) -> BundlePayload:
        ctx = info.context
        result, incident_id = await bundle_cluster(
            ctx.db, ctx.trail, str(cluster_id), incident_label, note, dry_run
        )
        incident = await get_incident(ctx.db, ctx.viewer, incident_id) if incident_id else None
        return BundlePayload(
            decision=Decision.from_domain(result),
            incident=Incident.from_domain(incident) if incident else None,
        )

    @strawberry.mutation(
        description="Sets the disposition (ACTIONABLE, NON_ACTIONABLE, BUNDLED) of every tip of the cluster "
        "as one decision; a tip that cannot make the transition is reported and the rest proceed. `dryRun` "
        "writes nothing."
    )
    async def set_cluster_disposition(
        self,
        info: Info,
        cluster_id: strawberry.ID,
        disposition: Disposition,
        reason_code: str,
        note: str | None = None,
        dry_run: bool = False,
    ) -> Decision:
        ctx = info.context
        result = await set_cluster_disposition(
            ctx.db, ctx.trail, str(cluster_id), disposition, reason_code, note, dry_run
        )
        return Decision.from_domain(result)

    @strawberry.mutation(
        description="Refers the cluster's ACTIONABLE or BUNDLED tips to an agency as one decision; tips "
        "outside its jurisdiction are refused unless `overrideReason` says why. `dryRun` writes nothing."
    )
    async def refer_cluster(
        self,
        info: Info,
        cluster_id: strawberry.ID,
        agency_id: strawberry.ID,
        note: str | None = None,
        override_reason: str | None = None,
        dry_run: bool = False,
    ) -> Decision:
        ctx = info.context
        result = await refer_cluster(
            ctx.db,
            ctx.trail,
            str(cluster_id),
            str(agency_id),
            note,
            override_reason,
            dry_run,
            default_registry(),
            default_geolocator(),
        )
        return Decision.from_domain(result)

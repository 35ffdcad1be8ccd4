"""GraphQL object types: thin views over graph/ domain values, each made by `from_domain`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from api.context import Context
from api.enums import (
    ActionClass,
    Disposition,
    IdentifierKind,
    IdentifierRole,
    IncidentType,
    LinkTier,
    Outcome,
    Priority,
)
from api.labels import Label, labels_of_tip
from api.lookahead import (
    LINKED_TIPS_PAGE,
    LinkedTipsArguments,
    TipsPageArguments,
    card_reads,
    identifier_verdicts,
    selects_evidence,
)
from api.pagination import PageInfo, link_cursor, link_position, page_size, tip_cursor, tip_position
from graph import crossref, identifier_lookup
from graph.labels.provenance import FileStatus, file_id_in_report, file_status
from graph.model import (
    IdentifierSummary,
    LinkedTip,
    Page,
    SharedIdentifier,
    TipCard,
    TipIdentifier,
    TipRecord,
    TriageState,
)
from graph.tip import FileRelevance
from graph.viewer import Role as ViewerRole

if TYPE_CHECKING:
    from api.clusters import Cluster
    from api.content_clusters import ContentCluster
    from api.judgements import Judgement
    from api.referral import AgencySuggestion, Routing

Info = strawberry.Info[Context, None]
# A tip as a read gave it: its head, or its card when the request selects nothing beyond one.
ReadTip = TypeVar("ReadTip", TipRecord, TipCard, TipRecord | TipCard)
# A page of links read with a tip: the arguments it was read for, the page, its linked tips in page order.
PrefetchedLinks = tuple[LinkedTipsArguments, Page[LinkedTip], tuple[TipRecord | TipCard | None, ...]]


def reads_tip_cards(info: Info) -> bool:
    """Whether this request's tips may be read as cards: it selects nothing beyond one on any tip."""
    raw = info._raw_info
    return card_reads(raw.schema, raw.operation, raw.fragments.values())


def reads_identifier_verdicts(info: Info) -> bool:
    """Whether this request shows any tip's identifier its generic flag (else a scoped viewer's tip
    identifiers may be read without what only that flag needs)."""
    raw = info._raw_info
    return identifier_verdicts(raw.schema, raw.operation, raw.fragments.values())


def identifiers_loader(info: Info) -> DataLoader[str, list[TipIdentifier]]:
    """The request's loader of tips' identifiers: one for the whole request, read with the generic verdicts
    when the request shows any identifier's flag (`reads_identifier_verdicts`), else without them."""
    loaders = info.context.loaders
    return loaders.tip_identifiers if reads_identifier_verdicts(info) else loaders.tip_identifiers_unflagged


async def load_tips(info: Info, ids: list[str]) -> list[TipRecord | TipCard | None]:
    """Tips by id for this request (None where absent or hidden): their cards when it needs no more."""
    loaders = info.context.loaders
    if reads_tip_cards(info):
        return list(await loaders.tip_cards.load_many(ids))
    return list(await loaders.tips.load_many(ids))


@strawberry.type(description="An IP capture event: the address as observed with port, time and event.")
class IpCapture:
    event: str | None = strawberry.field(
        description="Login, Registration, Purchase, Upload, Other or Unknown."
    )
    at: datetime | None = strawberry.field(description="When the service captured it.")
    port: int | None = strawberry.field(
        description="Source port; with carrier NAT, the port tells users apart."
    )
    possible_proxy: bool | None = strawberry.field(description="The service flagged a proxy or VPN.")


@strawberry.type(description="A normalised identifier shared by tips (a node of the graph).")
class Identifier:
    kind: IdentifierKind = strawberry.field(description="What the identifier is.")
    key: str = strawberry.field(description="The normal form every raw value of it maps to.")
    raw_values: list[str] = strawberry.field(
        description="Raw spellings seen (at most 10), in the tips you may see."
    )
    tip_count: int = strawberry.field(description="How many tips you may see carry it.")
    generic: bool = strawberry.field(
        description="Too common or known-benign to link tips (carrier-NAT IP, empty-file hash, country): "
        "common by the people behind it (distinct suspect accounts), not its tips alone. If you do not see "
        "every tip: by a rule on the value, a supervisor's mark, or the tips you may see and their accounts."
    )
    generic_reason: str | None = strawberry.field(description="Why it is generic.")
    # A page of its tips read with it (api.queries.IdentifierQueries.identifier), for these arguments.
    prefetched_tips: strawberry.Private[tuple[TipsPageArguments, Page[TipRecord | TipCard]] | None] = None

    @strawberry.field(description="The tips you may see that carry it, newest received first.")
    async def tips(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Annotated[TipConnection, strawberry.lazy("api.types")]:
        prefetched = self.prefetched_tips
        if prefetched is not None and prefetched[0] == TipsPageArguments(first, after):
            return TipConnection.from_page(prefetched[1])
        ctx = info.context
        page = await identifier_lookup.identifier_tips(
            ctx.db,
            ctx.trail,
            self.kind,
            self.key,
            page_size(first),
            tip_position(after),
            cards=reads_tip_cards(info),
        )
        return TipConnection.from_page(page)

    @classmethod
    def from_domain(
        cls,
        summary: IdentifierSummary,
        tips: tuple[TipsPageArguments, Page[TipRecord | TipCard]] | None = None,
    ) -> Identifier:
        """`summary` as its viewer may see it (graph.tips.identifier_for); `tips`, a page of its tips
        already read for the arguments given."""
        return cls(
            kind=summary.kind,
            key=summary.key,
            raw_values=list(summary.raws),
            tip_count=summary.tip_count,
            generic=summary.generic,
            generic_reason=summary.generic_reason,
            prefetched_tips=tips,
        )


@strawberry.type(
    name="TipIdentifier",
    description="One appearance of an identifier in a tip: role, raw value, and the rule that normalised it.",
)
class TipIdentifierView:
    kind: IdentifierKind
    key: str
    raw: str | None = strawberry.field(
        description="The value exactly as the report gave it (null once retention purged the tip)."
    )
    role: IdentifierRole
    rule: str = strawberry.field(description="The normalisation rule that produced `key`.")
    verified: bool | None = strawberry.field(description="For emails and phones: the service verified it.")
    ip_capture: IpCapture | None = strawberry.field(description="For IPs: the capture event.")
    file_index: int | None = strawberry.field(description="For file hashes and upload IPs: the file's index.")
    generic: bool = strawberry.field(description="As Identifier.generic: what you may learn of it.")
    tip_count: int = strawberry.field(description="How many tips you may see carry this identifier.")

    @classmethod
    def from_domain(cls, item: TipIdentifier) -> TipIdentifierView:
        occ, ident = item.occurrence, item.identifier
        obs = occ.observation
        return cls(
            kind=ident.kind,
            key=ident.key,
            raw=occ.raw,
            role=occ.role,
            rule=occ.rule,
            verified=occ.verified,
            ip_capture=IpCapture(event=obs.event, at=obs.at, port=obs.port, possible_proxy=obs.possible_proxy)
            if obs
            else None,
            file_index=occ.file_index,
            generic=ident.generic,
            tip_count=ident.tip_count,
        )


@strawberry.type(description="A file hash as reported (value normalised to lowercase hex where it is hex).")
class FileHash:
    hash_type: str
    value: str


@strawberry.type(
    description="A reported file's metadata, id, status and labels. tipgraph never holds file content, only "
    "metadata and hashes."
)
class TipFile:
    id: strawberry.ID = strawberry.field(
        description="Stable: from the tip and the file's position and first hash (pass it to reviewFile)."
    )
    file_name: str | None
    original_file_name: str | None
    uploaded_to_esp_timestamp: datetime | None
    location_of_file: str | None
    file_viewed_by_esp: bool = strawberry.field(
        description="A person at the service viewed the file; without it police need a warrant to open it."
    )
    exif_viewed_by_esp: bool
    publicly_available: bool
    file_relevance: str = strawberry.field(
        description="Reported or Supplemental Reported; Reported when the service did not say (the "
        "CyberTipline's default)."
    )
    industry_classification: str | None = strawberry.field(
        description="The service's classification as submitted; `labels` has every source's."
    )
    annotations: list[str] = strawberry.field(description="fileAnnotations flags that are set.")
    hashes: list[FileHash]
    tip_id: strawberry.Private[str]

    @strawberry.field(
        description="REPORTED until an analyst reviews the file, then what the latest review made of it; "
        "null for reporting services (the clearinghouse's review is not theirs to see)."
    )
    async def status(self, info: Info) -> FileStatus | None:
        if info.context.viewer.role is ViewerRole.REPORTER:
            return None
        return file_status(await labels_of_tip(info, self.tip_id), str(self.id))

    @strawberry.field(
        description="Every label of this file you may see, oldest first, disagreements flagged: the "
        "service's as submitted, hash-list matches, analysts' reviews."
    )
    async def labels(self, info: Info) -> list[Label]:
        labels = await labels_of_tip(info, self.tip_id)
        return [Label.from_domain(label) for label in labels if label.file_id == str(self.id)]

    @classmethod
    def from_report(cls, tip_id: str, index: int, file: dict[str, Any]) -> TipFile:
        uploaded = file.get("uploadedToEspTimestamp")
        return cls(
            id=strawberry.ID(file_id_in_report(tip_id, index, file)),
            file_name=file.get("fileName"),
            original_file_name=file.get("originalFileName"),
            uploaded_to_esp_timestamp=datetime.fromisoformat(uploaded) if uploaded else None,
            location_of_file=file.get("locationOfFile"),
            file_viewed_by_esp=bool(file.get("fileViewedByEsp")),
            exif_viewed_by_esp=bool(file.get("exifViewedByEsp")),
            publicly_available=bool(file.get("publiclyAvailable")),
            file_relevance=file.get("fileRelevance") or FileRelevance.REPORTED.value,
            industry_classification=file.get("industryClassification"),
            annotations=sorted(k for k, v in (file.get("fileAnnotations") or {}).items() if v),
            hashes=[
                FileHash(hash_type=h["hashType"], value=h["value"])
                for h in file.get("originalFileHash") or []
            ],
            tip_id=tip_id,
        )


@strawberry.type(description="One factor of an actionability score: its points and the evidence for them.")
class ScoreContribution:
    factor: str = strawberry.field(description="The factor's id in the weights table (README).")
    points: int = strawberry.field(description="What it adds (or, negative, takes away).")
    evidence: str


@strawberry.type(
    description="How actionable a tip is, and why: a score, its class and priority, what is missing."
)
class Actionability:
    score: int = strawberry.field(description="0 to 100: the sum of the contributions, clamped.")
    classification: ActionClass = strawberry.field(description="REFERRAL (actionable) or INFORMATIONAL.")
    priority: Priority = strawberry.field(description="URGENT, then P1 to P3 from the score.")
    urgent_reason: str | None
    contributions: list[ScoreContribution] = strawberry.field(
        description="Every factor that fired, largest first."
    )
    missing: list[str] = strawberry.field(description="What would make the tip (more) actionable.")
    computed_at: datetime = strawberry.field(
        description="When the score was computed; time re-scores it when the evidence's age or the "
        "preservation deadline enters a new band (`tipgraph rescore`)."
    )

    @classmethod
    def from_domain(cls, state: TriageState) -> Actionability:
        return cls(
            score=state.score,
            classification=ActionClass(state.action_class),
            priority=Priority(state.priority),
            urgent_reason=state.urgent_reason,
            contributions=[
                ScoreContribution(factor=c.factor, points=c.points, evidence=c.evidence)
                for c in state.contributions
            ],
            missing=list(state.missing),
            computed_at=state.computed_at,
        )


@strawberry.type(description="A tip: one CyberTipline report as received, with its links into the graph.")
class Tip:
    id: strawberry.ID = strawberry.field(
        description="Its id: the reportId for tips the clearinghouse ingested, 'service:reportId' for a "
        "service's own submissions (reportIds are unique only per service)."
    )
    report_id: str = strawberry.field(description="The reportId it was submitted with.")
    incident_type: IncidentType
    incident_date_time: datetime
    received_at: datetime = strawberry.field(description="When tipgraph accepted it.")
    # The tip's head: its indexed fields and the clearinghouse's side of it (shown through the fields below
    # to viewers who see triage only). None for a tip read as its card, because the request selects no field
    # beyond api/lookahead.CARD_FIELDS on any tip: then no resolver below runs.
    record: strawberry.Private[TipRecord | None]
    # The report when the read that made this Tip carried it; else `report_of` loads it when selected.
    loaded_report: strawberry.Private[dict[str, Any] | None]
    # A page of links read with this Tip because its selection asked for them (api/lookahead.py), with the
    # arguments it was read for and the page's linked tips (None where one is gone).
    prefetched_links: strawberry.Private[PrefetchedLinks | None] = None

    def head(self) -> TipRecord:
        if self.record is None:
            # Look-ahead read a card for a selection that needs more: an error, never a made-up value.
            raise RuntimeError(f"tip {self.id} was read as a card, but a field beyond its card is selected")
        return self.record

    @strawberry.field
    def platform(self) -> str | None:
        return self.head().platform

    @strawberry.field(description="The service's words when it says a child is in imminent danger.")
    def escalate_to_high_priority(self) -> str | None:
        return self.head().escalate_to_high_priority

    @strawberry.field(description="reportAnnotations flags that are set.")
    def annotations(self) -> list[str]:
        return list(self.head().annotations)

    @strawberry.field(description="A bundled report of a viral or meme file.")
    def batched(self) -> bool:
        return self.head().batched

    @strawberry.field(description="Changes with every decision; pass it back to decide on it.")
    def version(self) -> int:
        return self.head().version

    @strawberry.field(
        description="Until when the service must keep the content (finish time + the preservation period)."
    )
    def preservation_deadline(self) -> datetime | None:
        return self.head().preservation_deadline

    @strawberry.field(description="Where the tip stands in triage; null for a reporting service.")
    def disposition(self, info: Info) -> Disposition | None:
        return Disposition(self.head().disposition) if info.context.viewer.sees_triage else None

    @strawberry.field(
        description="Agencies it was referred to (that you may know of); empty for a reporting service."
    )
    def referred_to(self, info: Info) -> list[str]:
        return list(self.head().referred_to) if info.context.viewer.sees_triage else []

    @strawberry.field(description="What the investigating agency reported; null for a reporting service.")
    def outcome(self, info: Info) -> Outcome | None:
        outcome = self.head().outcome if info.context.viewer.sees_triage else None
        return Outcome(outcome) if outcome else None

    @strawberry.field(description="The incident it is bundled into; null for a reporting service.")
    def incident_id(self, info: Info) -> strawberry.ID | None:
        incident_id = self.head().incident_id if info.context.viewer.sees_triage else None
        return strawberry.ID(incident_id) if incident_id else None

    @strawberry.field(
        description="Explainable score, class and priority; recomputed when the tip gains links and when its "
        "evidence age or preservation deadline enters a new band (`tipgraph rescore`). Null for a reporting "
        "service."
    )
    def actionability(self, info: Info) -> Actionability | None:
        triage = self.head().triage if info.context.viewer.sees_triage else None
        return Actionability.from_domain(triage) if triage else None

    async def report_of(self, info: Info) -> dict[str, Any]:
        if self.loaded_report is not None:
            return self.loaded_report
        found = await info.context.loaders.tip_reports.load(str(self.id))
        assert found is not None  # this Tip was itself loaded for this viewer
        return found

    @strawberry.field(description="The whole report in its JSON form, as validated at ingest.")
    async def report(self, info: Info) -> JSON:
        return JSON(await self.report_of(info))

    @strawberry.field(description="The reported files' metadata.")
    async def files(self, info: Info) -> list[TipFile]:
        report = await self.report_of(info)
        tip_id = str(self.id)
        return [TipFile.from_report(tip_id, i, f) for i, f in enumerate(report.get("files") or [])]

    @strawberry.field(
        description="Every classification of the tip and its files you may see, oldest first, each with "
        "its source (the reporting service as submitted, a hash list, an analyst's review) and "
        "disagreements flagged. Reporting services see their own labels only."
    )
    async def labels(self, info: Info) -> list[Label]:
        return [Label.from_domain(label) for label in await labels_of_tip(info, str(self.id))]

    @strawberry.field(description="Every identifier the tip carries, with role, raw value and normal key.")
    async def identifiers(self, info: Info) -> list[TipIdentifierView]:
        items = await identifiers_loader(info).load(str(self.id))
        return [TipIdentifierView.from_domain(item) for item in items]

    @strawberry.field(
        description="Where the suspect and victim are (IP capture events, estimated locations, addresses, "
        "phone country codes, each with source and confidence) and the agencies that fits, best first. "
        "Empty for a reporting service (it would tell where the report went)."
    )
    async def routing(self, info: Info) -> Annotated[Routing, strawberry.lazy("api.referral")]:
        from api.referral import Routing, routing_of  # the referral types build on Tip: they come in late

        if not info.context.viewer.sees_triage:
            return Routing(locations=[], suggested_agencies=[])
        found = await routing_of(info, str(self.id))
        assert found is not None  # this Tip was itself loaded for this viewer
        return found

    @strawberry.field(
        description="Analysts' judgements on links of this tip (SAME, DIFFERENT, UNSURE), newest first, "
        "withdrawn ones included; empty for viewers who do not judge."
    )
    async def judgements(self, info: Info) -> list[Annotated[Judgement, strawberry.lazy("api.judgements")]]:
        from api.judgements import judgements_of  # the judgement types build on Tip, so they come in late

        found: list[Judgement] = await judgements_of(info, str(self.id))
        return found

    @strawberry.field(
        description="The agencies whose jurisdiction fits this tip, best first, with the reasons; empty for "
        "a reporting service."
    )
    async def suggested_agencies(
        self, info: Info
    ) -> list[Annotated[AgencySuggestion, strawberry.lazy("api.referral")]]:
        routing: Routing = await self.routing(info)
        return routing.suggested_agencies

    @strawberry.field(
        description="The actor cluster this tip belongs to (the STRONG tier, as of the last recompute or "
        "ingest); null when it is in none. The files it shares with a viral campaign are contentClusters."
    )
    async def cluster(self, info: Info) -> Annotated[Cluster, strawberry.lazy("api.clusters")] | None:
        from api.clusters import cluster_of_tip  # the cluster types build on Tip, so they come in late

        return await cluster_of_tip(info, str(self.id))

    @strawberry.field(
        description="The content clusters (viral campaigns: tips grouped by one file, whoever sent it) this "
        "tip is in, kept apart from its actor cluster; empty when it carries no viral or widely spread file."
    )
    async def content_clusters(
        self, info: Info
    ) -> list[Annotated[ContentCluster, strawberry.lazy("api.content_clusters")]]:
        from api.content_clusters import content_clusters_of_tip  # built on Tip, so it comes in late

        return await content_clusters_of_tip(info, str(self.id))

    @strawberry.field(
        description="Other tips sharing identifiers with this one, strongest link first. Generic identifiers "
        "(super-nodes) are left out unless includeGeneric; the connection says how many were skipped."
    )
    async def linked_tips(
        self,
        info: Info,
        first: int = LINKED_TIPS_PAGE,
        after: str | None = None,
        include_generic: bool = False,
        tier: Annotated[
            LinkTier | None,
            strawberry.argument(
                description="Only links of this tier or stronger (POSSIBLE includes STRONG); all when null."
            ),
        ] = None,
    ) -> LinkedTipConnection:
        ctx = info.context
        prefetched = self.prefetched_links
        if (
            prefetched is not None
            and tier is None
            and prefetched[0] == LinkedTipsArguments(first, after, include_generic)
        ):
            return LinkedTipConnection.of_tips(prefetched[1], prefetched[2])
        page = await crossref.linked_tips(
            ctx.db,
            ctx.settings,
            ctx.viewer,
            str(self.id),
            page_size(first),
            link_position(after),
            include_generic,
            tier,
            evidence=any(selects_evidence(field.selections) for field in info.selected_fields),
        )
        return await LinkedTipConnection.from_page(info, page)

    @classmethod
    def from_domain(cls, tip: TipRecord | TipCard, links: PrefetchedLinks | None = None) -> Tip:
        """The tip from its head, or from its card when the request selects nothing beyond it."""
        record = tip if isinstance(tip, TipRecord) else None
        return cls(
            id=strawberry.ID(tip.id),
            report_id=tip.report_id,
            incident_type=IncidentType(tip.incident_type),
            incident_date_time=tip.incident_date_time,
            received_at=tip.received_at,
            record=record,
            loaded_report=record.report if record is not None else None,
            prefetched_links=links,
        )


@strawberry.type(
    name="SharedIdentifier",
    description="One shared identifier on a link, what it adds to the weight and why.",
)
class SharedIdentifierView:
    kind: IdentifierKind
    key: str
    tip_count: int = strawberry.field(description="How many tips carry it: the more, the weaker.")
    generic: bool
    weight: float = strawberry.field(description="Its contribution in [0, 1].")
    reason: str = strawberry.field(description="Why it weighs what it does.")
    roles_here: list[IdentifierRole] = strawberry.field(description="Its roles in this tip.")
    roles_there: list[IdentifierRole] = strawberry.field(description="Its roles in the linked tip.")
    level: str = strawberry.field(
        description="Its comparison level in the evidence model: its evidence class's level (for an IP the "
        "observation, e.g. DAYS_APART_PEOPLE_2; else how many people stand behind the value, e.g. PEOPLE_2)."
    )
    match_weight: float = strawberry.field(
        description="What it adds to the link's matchWeight, in bits (log2 of a Bayes factor: +1 doubles the "
        "odds of one offender); 0 when a stronger identifier of its class (a file's other hashes) counts."
    )

    @classmethod
    def from_domain(cls, s: SharedIdentifier) -> SharedIdentifierView:
        return cls(
            kind=s.kind,
            key=s.key,
            tip_count=s.tip_count,
            generic=s.generic,
            weight=s.weight,
            reason=s.reason,
            roles_here=list(s.roles_here),
            roles_there=list(s.roles_there),
            level=s.level,
            match_weight=s.match_weight,
        )


@strawberry.type(description="A linked tip with the identifiers it shares and the link's weight.")
class LinkedTipEdge:
    cursor: str
    node: Tip
    weight: float = strawberry.field(
        description="The hand-set link strength in [0, 1] (noisy-or of the shared identifiers' weights): the "
        "baseline, and the order of the edges. Not a probability; see matchProbability."
    )
    match_weight: float = strawberry.field(
        description="The evidence model's match weight: log2 of the odds that both tips come from one "
        "offender (a Fellegi-Sunter weight: the prior plus each evidence class's log2 Bayes factor)."
    )
    match_probability: float = strawberry.field(
        description="The evidence model's probability in [0, 1] that both tips come from one offender: "
        "2^matchWeight / (1 + 2^matchWeight)."
    )
    tier: LinkTier = strawberry.field(
        description="STRONG (probability >= 0.99: what bulk decisions may act on), POSSIBLE (>= 0.5: "
        "worth an investigator's look) or WEAK."
    )
    shared: list[SharedIdentifierView]


@strawberry.type(description="Tips linked to a tip, strongest first.")
class LinkedTipConnection:
    edges: list[LinkedTipEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many linked tips you may see in all.")
    skipped_generic_identifiers: int = strawberry.field(
        description="Generic identifiers of this tip left out of the links."
    )
    truncated: bool = strawberry.field(
        description="A generic identifier was expanded only partly (includeGeneric with a huge super-node)."
    )

    @classmethod
    async def from_page(cls, info: Info, page: Page[LinkedTip]) -> LinkedTipConnection:
        return cls.of_tips(page, await load_tips(info, [link.tip_id for link in page.items]))

    @classmethod
    def of_tips(
        cls, page: Page[LinkedTip], tips: Sequence[TipRecord | TipCard | None]
    ) -> LinkedTipConnection:
        """The page with its linked tips (in page order, None where one is gone: its edge is left out)."""
        edges = [
            LinkedTipEdge(
                cursor=link_cursor(link.weight, link.tip_id),
                node=Tip.from_domain(tip),
                weight=link.weight,
                match_weight=link.match_weight,
                match_probability=link.match_probability,
                tier=LinkTier(link.tier),
                shared=[SharedIdentifierView.from_domain(s) for s in link.shared],
            )
            for link, tip in zip(page.items, tips, strict=True)
            if tip is not None
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=page.total or 0,
            skipped_generic_identifiers=page.skipped_generic,
            truncated=page.truncated,
        )


@strawberry.type(description="A tip in a list.")
class TipEdge:
    cursor: str
    node: Tip


@strawberry.type(description="A page of tips, newest received first.")
class TipConnection:
    edges: list[TipEdge]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="How many tips match in all (only where the list can count cheaply)."
    )

    @classmethod
    def from_page(
        cls, page: Page[ReadTip], cursor_of: Callable[[ReadTip], str] | None = None
    ) -> TipConnection:
        """A page of tips (heads or cards); `cursor_of` gives each edge the keyset cursor of the list's own
        order (newest received first when None)."""
        edges = [
            TipEdge(
                cursor=cursor_of(t) if cursor_of else tip_cursor(t.received_at, t.id), node=Tip.from_domain(t)
            )
            for t in page.items
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None),
            total_count=page.total,
        )

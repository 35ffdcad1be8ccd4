"""Jurisdiction and referral: where a tip's parties are, which agencies fit, and referring to one."""

from __future__ import annotations

import strawberry

from api.decisions import Decision
from api.types import Info
from graph.agencies import Agency as DomainAgency
from graph.agencies import AgencyKind, default_registry
from graph.dispositions import DecisionRequest
from graph.jurisdiction import Located, LocationSource, Party
from graph.referral import default_geolocator, refer_tips

strawberry.enum(
    AgencyKind, description="ICAC_TASK_FORCE (a US state's), FEDERAL_DESK or NATIONAL (a country's)."
)
strawberry.enum(LocationSource, description="Which part of the tip a location came from.")
strawberry.enum(Party, description="Whose location: the suspect's or the victim's.")


@strawberry.type(description="An agency that can receive referrals.")
class Agency:
    id: strawberry.ID
    name: str
    kind: AgencyKind
    country: str
    regions: list[str] = strawberry.field(description="US state codes an ICAC task force covers.")

    @classmethod
    def from_domain(cls, agency: DomainAgency) -> Agency:
        return cls(
            id=strawberry.ID(agency.id),
            name=agency.name,
            kind=agency.kind,
            country=agency.country,
            regions=list(agency.regions),
        )


@strawberry.type(description="One reading of where a party is, with its source and how much it is worth.")
class Location:
    party: Party
    country: str
    region: str | None
    source: LocationSource
    confidence: float
    evidence: str

    @classmethod
    def from_domain(cls, loc: Located) -> Location:
        return cls(
            party=loc.party,
            country=loc.country,
            region=loc.region,
            source=loc.source,
            confidence=loc.confidence,
            evidence=loc.evidence,
        )


@strawberry.type(description="An agency whose jurisdiction fits the tip, and why.")
class AgencySuggestion:
    agency: Agency
    confidence: float
    reasons: list[str]


@strawberry.type(description="Where a tip's suspect and victim are, and the agencies that fits, best first.")
class Routing:
    locations: list[Location]
    suggested_agencies: list[AgencySuggestion]


async def routing_of(info: Info, tip_id: str) -> Routing | None:
    """Where a visible tip's parties are and which agencies fit (None if the viewer may not see it)."""
    found = await info.context.loaders.tip_routings.load(tip_id)
    if found is None:
        return None
    return Routing(
        locations=[Location.from_domain(loc) for loc in found.located],
        suggested_agencies=[
            AgencySuggestion(
                agency=Agency.from_domain(s.agency), confidence=s.confidence, reasons=list(s.reasons)
            )
            for s in found.suggestions
        ],
    )


@strawberry.type
class ReferralQueries:
    @strawberry.field(description="Every agency that can receive referrals.")
    def agencies(self) -> list[Agency]:
        return [Agency.from_domain(a) for a in default_registry().all()]


@strawberry.type
class ReferralMutations:
    @strawberry.mutation(
        description="Refers ACTIONABLE or BUNDLED tips to an agency. A tip outside the agency's jurisdiction "
        "is refused (JURISDICTION) unless `overrideReason` says why, which the decision records."
    )
    async def refer_tips(
        self,
        info: Info,
        tip_ids: list[strawberry.ID],
        agency_id: strawberry.ID,
        note: str | None = None,
        override_reason: str | None = None,
        versions: list[int] | None = None,
        dry_run: bool = False,
    ) -> Decision:
        request = DecisionRequest(
            tip_ids=tuple(str(t) for t in tip_ids),
            action="referTips",
            reason_code="REFERRAL",
            note=note,
            versions=tuple(versions) if versions is not None else None,
            dry_run=dry_run,
        )
        ctx = info.context
        result = await refer_tips(
            ctx.db,
            ctx.trail,
            request,
            str(agency_id),
            override_reason,
            default_registry(),
            default_geolocator(),
        )
        return Decision.from_domain(result)

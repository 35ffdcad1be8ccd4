"""Referral: routing tips to the agency whose jurisdiction they fall in.

The places of suspect and victim come from the tip itself (IP capture events geolocated offline,
estimated locations, addresses, phone country codes); a referral to an agency whose jurisdiction does not
match is refused per tip unless the analyst gives an override reason, which the decision records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from graph.access import require_role
from graph.agencies import Agency, AgencyRegistry
from graph.audit import AuditTrail
from graph.dispositions import (
    DECIDERS,
    DecisionRequest,
    DecisionResult,
    Disposition,
    ProblemCode,
    TipProblem,
    TipState,
    decide,
)
from graph.errors import BadInputError
from graph.jurisdiction import (
    AgencySuggestion,
    IpGeolocator,
    Located,
    jurisdiction_matches,
    locate,
    suggest_agencies,
)
from graph.store.database import Database
from graph.tip import parse_tip
from graph.tips import get_tip_reports

MAX_OVERRIDE = 500


@dataclass(frozen=True, slots=True)
class Routing:
    """Where a tip's parties are, and the agencies that fits, best first."""

    located: tuple[Located, ...]
    suggestions: tuple[AgencySuggestion, ...]


@cache
def default_geolocator() -> IpGeolocator:
    """The offline IP database, loaded once per process (it takes a moment)."""
    return IpGeolocator()


def route(report: Mapping[str, Any], registry: AgencyRegistry, geolocator: IpGeolocator) -> Routing:
    """Where a tip's report places its suspect and victim, and the agencies that fits."""
    if report.get("purged"):
        return Routing((), suggest_agencies((), registry))
    parsed = parse_tip(report)
    located = locate(parsed, geolocator)
    return Routing(located, suggest_agencies(located, registry))


async def refer_tips(
    db: Database,
    trail: AuditTrail,
    request: DecisionRequest,
    agency_id: str,
    override_reason: str | None,
    registry: AgencyRegistry,
    geolocator: IpGeolocator,
) -> DecisionResult:
    """Refers ACTIONABLE or BUNDLED tips to an agency; the tips become REFERRED and visible to it."""
    require_role(trail.viewer, *DECIDERS)
    agency = registry.get(agency_id)
    if agency is None:
        raise BadInputError(f"no agency {agency_id!r}", field="agencyId")
    override = (override_reason or "").strip() or None
    if override is not None and len(override) > MAX_OVERRIDE:
        raise BadInputError(
            f"an override reason has at most {MAX_OVERRIDE} characters", field="overrideReason"
        )
    outside = await _outside_jurisdiction(db, trail, request.tip_ids, agency, registry, geolocator)

    def rule(state: TipState) -> TipState | TipProblem:
        if state.disposition not in (Disposition.ACTIONABLE, Disposition.BUNDLED):
            return TipProblem(
                state.id,
                ProblemCode.INVALID_TRANSITION,
                f"only an ACTIONABLE or BUNDLED tip is referred, not a {state.disposition.value} one",
            )
        if state.id in outside and override is None:
            return TipProblem(
                state.id,
                ProblemCode.JURISDICTION,
                f"{agency.id} does not cover where this tip's suspect or victim is; give an override reason",
            )
        referred = state.referred_to if agency.id in state.referred_to else (*state.referred_to, agency.id)
        return replace(state, disposition=Disposition.REFERRED, referred_to=referred)

    extra = {"agencyId": agency.id, **({"overrideReason": override} if override else {})}
    return await decide(db, trail, replace(request, extra={**request.extra, **extra}), rule)


async def _outside_jurisdiction(
    db: Database,
    trail: AuditTrail,
    tip_ids: Sequence[str],
    agency: Agency,
    registry: AgencyRegistry,
    geolocator: IpGeolocator,
) -> set[str]:
    outside: set[str] = set()
    for tip_id, report in zip(tip_ids, await get_tip_reports(db, trail, tip_ids), strict=True):
        if report is None:
            continue
        if not jurisdiction_matches(agency, route(report, registry, geolocator).located):
            outside.add(tip_id)
    return outside

"""The agencies tips are routed to, read from a JSON registry (graph/data/agencies.json by default).

Three kinds: ICAC task forces (US, each covering one or more states; populous states have several), one
federal desk (the US catch-all for tips that cannot be placed or whose country has no agency listed), and
one national agency per country. An agency may also have national access ("certain federal agencies see
all reports"): `"nationalAccess": true` with `"nationalAccessIncidentTypes"`, the incident types of which
its investigators see every tip, referred to it or not (reads audited as any other).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Final

import orjson

from graph.incident_types import IncidentType
from graph.normalization.geography import COUNTRY_CODES, US_STATE_CODES

DEFAULT_REGISTRY_PATH: Final = Path(__file__).resolve().parent / "data" / "agencies.json"


class AgencyKind(StrEnum):
    ICAC_TASK_FORCE = "ICAC_TASK_FORCE"
    FEDERAL_DESK = "FEDERAL_DESK"
    NATIONAL = "NATIONAL"


@dataclass(frozen=True, slots=True)
class Agency:
    """An agency that can receive referrals. `regions` lists the US state codes an ICAC task force covers
    (empty for the other kinds); `national_incident_types` the incident types it has national access to."""

    id: str
    name: str
    kind: AgencyKind
    country: str
    regions: tuple[str, ...] = ()
    national_incident_types: tuple[str, ...] = ()


class AgencyRegistryError(ValueError):
    """A registry file that cannot be used; the message names the entry and what is wrong with it."""


def _text(entry: Mapping[str, object], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise AgencyRegistryError(f"{where}: {field!r} must be a non-empty string")
    return value


def _agency_from_entry(entry: object, index: int) -> Agency:
    where = f"agencies[{index}]"
    if not isinstance(entry, Mapping):
        raise AgencyRegistryError(f"{where}: must be an object")
    agency_id = _text(entry, "id", where)
    where = f"{where} ({agency_id})"
    kind_text = _text(entry, "kind", where)
    try:
        kind = AgencyKind(kind_text)
    except ValueError:
        raise AgencyRegistryError(f"{where}: unknown kind {kind_text!r}") from None
    country = _text(entry, "country", where)
    if country not in COUNTRY_CODES:
        raise AgencyRegistryError(f"{where}: {country!r} is not an ISO 3166 alpha-2 country code")
    raw_regions = entry.get("regions", [])
    if not isinstance(raw_regions, list) or not all(isinstance(r, str) for r in raw_regions):
        raise AgencyRegistryError(f"{where}: 'regions' must be a list of US state codes")
    regions = tuple(str(region) for region in raw_regions)
    if kind is AgencyKind.ICAC_TASK_FORCE:
        if country != "US" or not regions:
            raise AgencyRegistryError(f"{where}: an ICAC task force is in the US and covers a state")
        unknown = [region for region in regions if region not in US_STATE_CODES]
        if unknown:
            raise AgencyRegistryError(f"{where}: {unknown} are not US state codes")
    elif regions:
        raise AgencyRegistryError(f"{where}: only an ICAC task force lists regions")
    return Agency(
        agency_id, _text(entry, "name", where), kind, country, regions, _national_access(entry, where)
    )


def _national_access(entry: Mapping[str, object], where: str) -> tuple[str, ...]:
    flag = entry.get("nationalAccess", False)
    types = entry.get("nationalAccessIncidentTypes", [])
    if not isinstance(flag, bool):
        raise AgencyRegistryError(f"{where}: 'nationalAccess' must be true or false")
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise AgencyRegistryError(f"{where}: 'nationalAccessIncidentTypes' must be a list of incident types")
    unknown = [t for t in types if t not in {i.value for i in IncidentType}]
    if unknown:
        raise AgencyRegistryError(f"{where}: {unknown} are not incident types")
    if flag != bool(types):
        raise AgencyRegistryError(
            f"{where}: 'nationalAccess' needs 'nationalAccessIncidentTypes' (and only it has them)"
        )
    return tuple(dict.fromkeys(str(t) for t in types))


class AgencyRegistry:
    """Every known agency, indexed for routing: by id, by the state an ICAC covers, by country."""

    __slots__ = ("_by_id", "_icacs_by_region", "_national_by_country", "_federal_desk")

    def __init__(self, agencies: tuple[Agency, ...]) -> None:
        by_id: dict[str, Agency] = {}
        icacs_by_region: dict[str, list[Agency]] = {}
        national_by_country: dict[str, Agency] = {}
        federal_desks: list[Agency] = []
        for agency in agencies:
            if agency.id in by_id:
                raise AgencyRegistryError(f"agency id {agency.id!r} appears twice")
            by_id[agency.id] = agency
            if agency.kind is AgencyKind.ICAC_TASK_FORCE:
                for region in agency.regions:
                    icacs_by_region.setdefault(region, []).append(agency)
            elif agency.kind is AgencyKind.NATIONAL:
                if agency.country in national_by_country:
                    raise AgencyRegistryError(f"two national agencies for {agency.country}")
                national_by_country[agency.country] = agency
            else:
                federal_desks.append(agency)
        if len(federal_desks) != 1:
            raise AgencyRegistryError(
                f"the registry needs exactly one federal desk, found {len(federal_desks)}"
            )
        self._by_id: Final = by_id
        self._icacs_by_region: Final = {region: tuple(found) for region, found in icacs_by_region.items()}
        self._national_by_country: Final = national_by_country
        self._federal_desk: Final = federal_desks[0]

    @classmethod
    def load(cls, path: Path | None = None) -> AgencyRegistry:
        """The registry in a JSON file `{"agencies": [{id, name, kind, country, regions}, ...]}`."""
        source = path or DEFAULT_REGISTRY_PATH
        try:
            document = orjson.loads(source.read_bytes())
        except orjson.JSONDecodeError as error:
            raise AgencyRegistryError(f"{source}: malformed JSON: {error}") from None
        entries = document.get("agencies") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise AgencyRegistryError(f"{source}: must be an object with an 'agencies' list")
        return cls(tuple(_agency_from_entry(entry, index) for index, entry in enumerate(entries)))

    def get(self, agency_id: str) -> Agency | None:
        return self._by_id.get(agency_id)

    def all(self) -> tuple[Agency, ...]:
        return tuple(self._by_id.values())

    def icac_task_forces_for(self, region: str) -> tuple[Agency, ...]:
        """The ICAC task forces covering a US state: several in populous states, none in some territories."""
        return self._icacs_by_region.get(region, ())

    def national_agency_for(self, country: str) -> Agency | None:
        return self._national_by_country.get(country)

    @property
    def federal_desk(self) -> Agency:
        return self._federal_desk


@cache
def default_registry() -> AgencyRegistry:
    """The shipped registry (graph/data/agencies.json), read once per process."""
    return AgencyRegistry.load()

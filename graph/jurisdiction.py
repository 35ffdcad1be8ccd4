"""Where a tip's suspect and victim are, and which agencies may therefore receive it.

`locate` reads every place-bearing field of a tip into `Located` values with a confidence each; IP
addresses are placed by `IpGeolocator`. `suggest_agencies` turns them into agencies, best first, and
`jurisdiction_matches` is the check a referral must pass.

Confidences are judgements, not measurements. Their order is what matters: an IP seen at a known time
and port that the service does not flag as a proxy; then the service's own estimate of the location;
then addresses the user typed in; last the country of a phone number, which says where the line was
issued, not where its holder is. A proxy-flagged IP is not used at all: it places the proxy.

IP geolocation comes from geoip2fast's offline country data (MaxMind GeoLite2 Country, CC BY-SA 4.0,
shipped inside the package), loaded once per process on first use. A MaxMind City database, when
configured, is read with maxminddb and also gives the US state. Documentation ranges (192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), which all synthetic data uses, are in no public
database: synthetic tips are therefore placed only by their other fields, unless a configured city
database (a test fixture) maps those ranges.
"""

from __future__ import annotations

import ipaddress
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import maxminddb
import phonenumbers

from graph.agencies import Agency, AgencyKind, AgencyRegistry
from graph.ip_ranges import classify_address
from graph.normalization.forms import NormalizationError
from graph.normalization.geography import COUNTRY_CODES, US_STATE_CODES
from graph.normalization.locations import normalize_location
from graph.tip import (
    Address,
    AssociatedAccount,
    EstimatedLocation,
    IpCaptureEvent,
    Person,
    Phone,
    Tip,
)


class LocationSource(StrEnum):
    IP_GEOLOCATION = "IP_GEOLOCATION"
    ESTIMATED_LOCATION = "ESTIMATED_LOCATION"
    ADDRESS = "ADDRESS"
    PHONE_COUNTRY = "PHONE_COUNTRY"
    INCIDENT_ADDRESS = "INCIDENT_ADDRESS"


class Party(StrEnum):
    SUSPECT = "SUSPECT"
    VICTIM = "VICTIM"


@dataclass(frozen=True, slots=True)
class Located:
    """One reading of where a party is: a country (ISO alpha-2), a US state code when known, the field it
    came from, how much it is worth (0..1) and a sentence saying why."""

    party: Party
    country: str
    region: str | None
    source: LocationSource
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class AgencySuggestion:
    agency: Agency
    confidence: float
    reasons: tuple[str, ...]


# ---- confidences ----------------------------------------------------------------------------------

IP_WITH_TIME_AND_PORT: Final = 0.8
IP_WITH_TIME: Final = 0.65
IP_BARE: Final = 0.5
ESTIMATED_VERIFIED: Final = 0.7
ESTIMATED_UNVERIFIED: Final = 0.6
ADDRESS: Final = 0.5
INCIDENT_ADDRESS: Final = 0.5
PHONE_COUNTRY: Final = 0.25
# A calling code shared by several countries (+1, +7, +44...) whose number does not say which one.
PHONE_SHARED_CODE: Final = 0.15
# The victim's place routes a tip too, but a suspect's place decides it.
VICTIM_WEIGHT: Final = 0.5
UNLOCATED_SUSPECT: Final = 0.5

_SOURCE_ORDER: Final = {source: rank for rank, source in enumerate(LocationSource)}

# ISO 3166 gives these US territories country codes of their own; for routing they are US states. (Not
# the intersection of the two code lists: CA, DE, IN... are both a state and another country.)
_US_TERRITORY_COUNTRIES: Final = frozenset({"PR", "GU", "VI", "AS", "MP"})


def _us_folded(country: str, region: str | None) -> tuple[str, str | None]:
    if country in _US_TERRITORY_COUNTRIES:
        return "US", country
    return country, region if country == "US" else None


# ---- IP geolocation -------------------------------------------------------------------------------

_GEOIP2FAST_DATA_FILE: Final = "geoip2fast-ipv6.dat.gz"
_geoip2fast_lock: Final = threading.Lock()
_geoip2fast: Any = None


def _geoip2fast_instance() -> Any:
    """geoip2fast keeps its tables in module globals, so one loaded instance serves the whole process."""
    global _geoip2fast
    if _geoip2fast is None:
        with _geoip2fast_lock:
            if _geoip2fast is None:
                import geoip2fast  # type: ignore[import-untyped]

                # An absolute path: given a bare name, geoip2fast would prefer a file of that name in the
                # working directory (and it unpickles whatever file it opens).
                data_file = os.path.join(os.path.dirname(geoip2fast.__file__), _GEOIP2FAST_DATA_FILE)
                _geoip2fast = geoip2fast.GeoIP2Fast(geoip2fast_data_file=data_file)
    return _geoip2fast


_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse_ip(text: str) -> _Address | None:
    text = text.strip()
    if "%" in text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class IpGeolocator:
    """Country (and, with a city database, US state) of an IP address.

    Without `city_db` only the country is known, from geoip2fast's bundled data. `city_db` is the path of
    a MaxMind DB with GeoIP2/GeoLite2 City records (country.iso_code, subdivisions[].iso_code); it is
    consulted first, and geoip2fast answers for addresses it does not hold.
    """

    __slots__ = ("_city_reader", "_memo")

    def __init__(self, city_db: Path | None = None) -> None:
        self._city_reader: maxminddb.Reader | None = (
            maxminddb.open_database(str(city_db)) if city_db is not None else None
        )
        # Parsing and classifying an address costs more than the database lookup, and addresses recur
        # across events and tips.
        self._memo: Final = lru_cache(maxsize=65_536)(self._place_of)

    def warm_up(self) -> None:
        """Load the country data now (0.1 to 0.2 s) rather than on the first lookup of a public address."""
        _geoip2fast_instance()

    def close(self) -> None:
        if self._city_reader is not None:
            self._city_reader.close()

    def country_of(self, ip: str) -> tuple[str, str | None] | None:
        """(country, US state or None), or None for an address no database places: not an address,
        carrier NAT, private, loopback and other special ranges, documentation ranges, unknown networks."""
        return self._memo(ip)

    def _place_of(self, ip: str) -> tuple[str, str | None] | None:
        address = _parse_ip(ip)
        if address is None:
            return None
        facts = classify_address(address)
        if not facts.public:
            return None
        if self._city_reader is not None:
            placed = self._city_lookup(address)
            if placed is not None:
                return placed
        # No public database holds them (geoip2fast says "not found" too); answering here spares loading
        # its data in processes that only ever see synthetic tips.
        if facts.documentation:
            return None
        code = _geoip2fast_instance().lookup(str(address)).country_code
        if not isinstance(code, str) or code not in COUNTRY_CODES:
            return None
        return _us_folded(code, None)

    def _city_lookup(self, address: _Address) -> tuple[str, str | None] | None:
        assert self._city_reader is not None
        try:
            record = self._city_reader.get(address)
        except ValueError:  # an IPv6 address asked of an IPv4-only database
            return None
        if not isinstance(record, dict):
            return None
        country = record.get("country")
        code = country.get("iso_code") if isinstance(country, dict) else None
        if not isinstance(code, str) or code not in COUNTRY_CODES:
            return None
        region: str | None = None
        subdivisions = record.get("subdivisions")
        if code == "US" and isinstance(subdivisions, list) and subdivisions:
            first = subdivisions[0]
            state = first.get("iso_code") if isinstance(first, dict) else None
            region = state if isinstance(state, str) and state in US_STATE_CODES else None
        return _us_folded(code, region)


# ---- reading places out of a tip ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _place(country: str | None, region: str | None) -> tuple[str, str | None] | None:
    """(country, US state) from free-form parts; a region that cannot be read still leaves the country."""
    for attempt in ((country, region), (country, None)):
        try:
            key = normalize_location(attempt[0], attempt[1], None).key
        except NormalizationError:
            continue
        found_country, _, found_region = key.partition(":")
        return _us_folded(found_country, found_region or None)
    return None


def _where(country: str, region: str | None) -> str:
    return f"{country}/{region}" if region else country


def _ip_located(party: Party, event: IpCaptureEvent, geolocator: IpGeolocator) -> Located | None:
    if event.possibleProxy:
        return None
    placed = geolocator.country_of(event.ipAddress)
    if placed is None:
        return None
    if event.dateTime is not None and event.port is not None:
        confidence = IP_WITH_TIME_AND_PORT
    elif event.dateTime is not None:
        confidence = IP_WITH_TIME
    else:
        confidence = IP_BARE
    details = [str(event.eventName) if event.eventName else "event"]
    if event.dateTime is not None:
        details.append(event.dateTime.astimezone(UTC).isoformat().replace("+00:00", "Z"))
    if event.port is not None:
        details.append(f"port {event.port}")
    evidence = f"IP {event.ipAddress.strip()} ({', '.join(details)}) geolocates to {_where(*placed)}"
    return Located(party, *placed, LocationSource.IP_GEOLOCATION, confidence, evidence)


def _estimated_located(party: Party, estimate: EstimatedLocation) -> Located | None:
    placed = _place(estimate.countryCode, estimate.region)
    if placed is None:
        return None
    confidence = ESTIMATED_VERIFIED if estimate.verified else ESTIMATED_UNVERIFIED
    checked = "verified" if estimate.verified else "unverified"
    evidence = f"the service estimates the location as {_where(*placed)} ({checked})"
    return Located(party, *placed, LocationSource.ESTIMATED_LOCATION, confidence, evidence)


def _address_located(party: Party, address: Address, source: LocationSource) -> Located | None:
    placed = _place(address.country, address.state or address.nonUsaState)
    if placed is None:
        return None
    what = "incident address" if source is LocationSource.INCIDENT_ADDRESS else "address"
    kind = f" ({address.type})" if address.type else ""
    confidence = INCIDENT_ADDRESS if source is LocationSource.INCIDENT_ADDRESS else ADDRESS
    return Located(party, *placed, source, confidence, f"{what}{kind} in {_where(*placed)}")


@lru_cache(maxsize=4096)
def _region_of_number(text: str, region_hint: str | None) -> str | None:
    # Parsing and then matching a number against every country sharing its code costs ~50 µs; numbers
    # recur across tips, so the answer is memoised.
    try:
        number = phonenumbers.parse(text, region_hint)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(number)


# North American numbers share +1 across 25 countries and territories, but each area code belongs to one:
# once a number has told us its area code's country, the next numbers there need no parse.
_NANP_REGION_BY_AREA_CODE: Final[dict[str, str]] = {}


def _nanp_area_code(text: str) -> str | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+") or (len(digits) == 11 and digits.startswith("1")):
        digits = digits.removeprefix("1")
    return digits[:3] if len(digits) == 10 else None


def _nanp_region(text: str, hint: str | None) -> str | None:
    area_code = _nanp_area_code(text)
    known = _NANP_REGION_BY_AREA_CODE.get(area_code) if area_code else None
    if known is not None:
        return known
    found = _region_of_number(text, hint)
    if found is not None and area_code is not None:
        _NANP_REGION_BY_AREA_CODE[area_code] = found
    return found


def _calling_code(phone: Phone, default_region: str | None) -> int | None:
    if phone.countryCallingCode:
        digits = phone.countryCallingCode.strip().removeprefix("+").removeprefix("00")
        return int(digits) if digits.isdigit() and len(digits) <= 3 else None
    text = phone.value.strip()
    if text.startswith("+"):
        digits = "".join(ch for ch in text[1:5] if ch.isdigit())
        for length in (1, 2, 3):
            if int(digits[:length] or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                return int(digits[:length])
        return None
    if default_region:
        code = phonenumbers.country_code_for_region(default_region)
        return code or None
    return None


def _phone_located(party: Party, phone: Phone, default_region: str | None) -> Located | None:
    code = _calling_code(phone, default_region)
    if code is None:
        return None
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())
    geographic = [region for region in regions if region in COUNTRY_CODES]
    if not geographic:
        return None
    confidence = PHONE_COUNTRY
    if len(geographic) == 1:
        country = geographic[0]
    else:
        text = phone.value.strip()
        hint = None if text.startswith("+") else geographic[0]
        found = _nanp_region(text, hint) if code == 1 else _region_of_number(text, hint)
        if found in COUNTRY_CODES:
            country = str(found)
        else:
            country, confidence = geographic[0], PHONE_SHARED_CODE
    placed = _us_folded(country, None)
    evidence = f"phone number with calling code +{code} is issued in {_where(*placed)}"
    return Located(party, *placed, LocationSource.PHONE_COUNTRY, confidence, evidence)


def _person_located(party: Party, person: Person | None) -> Iterator[Located]:
    if person is None:
        return
    home_country: str | None = None
    for address in person.address:
        located = _address_located(party, address, LocationSource.ADDRESS)
        if located is not None:
            home_country = home_country or located.country
            yield located
    for phone in person.phone:
        located = _phone_located(party, phone, home_country)
        if located is not None:
            yield located


def _identity_located(
    party: Party,
    person: Person | None,
    events: Iterable[IpCaptureEvent],
    accounts: Iterable[AssociatedAccount],
    estimate: EstimatedLocation | None,
    geolocator: IpGeolocator,
) -> Iterator[Located]:
    for event in (*events, *(event for account in accounts for event in account.ipCaptureEvent)):
        ip_located = _ip_located(party, event, geolocator)
        if ip_located is not None:
            yield ip_located
    if estimate is not None:
        estimated = _estimated_located(party, estimate)
        if estimated is not None:
            yield estimated
    yield from _person_located(party, person)


def _all_located(tip: Tip, geolocator: IpGeolocator) -> Iterator[Located]:
    suspect, victim = Party.SUSPECT, Party.VICTIM
    for reported in tip.personOrUserReported:
        yield from _identity_located(
            suspect,
            reported.personOrUserReportedPerson,
            reported.ipCaptureEvent,
            reported.associatedAccount,
            reported.estimatedLocation,
            geolocator,
        )
    # A file's upload IP and a peer-to-peer capture are the reported user's doing.
    for file in tip.files:
        if file.ipCaptureEvent is not None:
            file_located = _ip_located(suspect, file.ipCaptureEvent, geolocator)
            if file_located is not None:
                yield file_located
    for details in tip.internetDetails:
        if details.peer2peerIncident is not None:
            for event in details.peer2peerIncident.ipCaptureEvent:
                p2p_located = _ip_located(suspect, event, geolocator)
                if p2p_located is not None:
                    yield p2p_located
        if details.nonInternetIncident is not None:
            for address in details.nonInternetIncident.incidentAddress:
                incident = _address_located(suspect, address, LocationSource.INCIDENT_ADDRESS)
                if incident is not None:
                    yield incident
        if details.cellPhoneIncident is not None and details.cellPhoneIncident.phoneNumber is not None:
            cell = _phone_located(suspect, details.cellPhoneIncident.phoneNumber, None)
            if cell is not None:
                yield cell
    for person in tip.victim:
        yield from _identity_located(
            victim,
            person.victimPerson,
            person.ipCaptureEvent,
            person.associatedAccount,
            person.estimatedLocation,
            geolocator,
        )


def locate(tip: Tip, geolocator: IpGeolocator) -> tuple[Located, ...]:
    """Every place the tip gives for its suspect, then its victim, strongest first within each.

    One reading per party, source and place: three IPs of one provider in one country are one piece of
    evidence, not three; the strongest of them is kept. Intended recipients are not read (a recipient is
    not always the victim).
    """
    ranked = sorted(
        _all_located(tip, geolocator),
        key=lambda found: (found.party is not Party.SUSPECT, -found.confidence, _SOURCE_ORDER[found.source]),
    )
    seen: set[tuple[Party, LocationSource, str, str | None]] = set()
    kept: list[Located] = []
    for found in ranked:
        key = (found.party, found.source, found.country, found.region)
        if key not in seen:
            seen.add(key)
            kept.append(found)
    return tuple(kept)


# ---- routing --------------------------------------------------------------------------------------


def _combined(confidences: Iterable[float]) -> float:
    """Independent readings that agree: each leaves less room for the place to be wrong."""
    doubt = 1.0
    for confidence in confidences:
        doubt *= 1.0 - confidence
    return round(1.0 - doubt, 4)


@dataclass(slots=True)
class _Tally:
    confidence: float
    reasons: list[str]


def _party_suggestions(
    located: Sequence[Located], registry: AgencyRegistry
) -> Iterator[tuple[Agency, float, list[str]]]:
    """Agencies for one party's readings: per US state its ICAC task forces, per other country its
    national agency, and the federal desk for the US without a state or a country without an agency."""
    by_country: dict[str, list[Located]] = {}
    for found in located:
        by_country.setdefault(found.country, []).append(found)
    for country, readings in by_country.items():
        if country == "US":
            by_region: dict[str, list[Located]] = {}
            for found in readings:
                if found.region is not None:
                    by_region.setdefault(found.region, []).append(found)
            for region, in_region in by_region.items():
                task_forces = registry.icac_task_forces_for(region)
                confidence = _combined(found.confidence for found in in_region)
                evidence = [found.evidence for found in in_region]
                if not task_forces:
                    reason = f"located in US/{region}, which no ICAC task force covers"
                    yield registry.federal_desk, confidence, [reason, *evidence]
                for agency in task_forces:
                    reason = f"located in US/{region} (combined confidence {confidence:.2f})"
                    if len(task_forces) > 1:
                        reason += f"; {len(task_forces)} task forces share {region}: pick by county"
                    yield agency, confidence, [reason, *evidence]
            if not by_region:
                confidence = _combined(found.confidence for found in readings)
                reason = "located in the US, but no reading gives the state"
                yield registry.federal_desk, confidence, [reason, *(found.evidence for found in readings)]
            continue
        confidence = _combined(found.confidence for found in readings)
        evidence = [found.evidence for found in readings]
        national = registry.national_agency_for(country)
        if national is None:
            reason = f"located in {country}, which has no national agency in the registry"
            yield registry.federal_desk, confidence, [reason, *evidence]
        else:
            yield (
                national,
                confidence,
                [f"located in {country} (combined confidence {confidence:.2f})", *evidence],
            )


def suggest_agencies(located: Sequence[Located], registry: AgencyRegistry) -> tuple[AgencySuggestion, ...]:
    """Agencies to refer the tip to, best first. The suspect's place decides; the victim's adds
    suggestions at a lower confidence; a tip whose suspect cannot be placed goes to the federal desk."""
    tallies: dict[str, _Tally] = {}
    agencies: dict[str, Agency] = {}

    def add(agency: Agency, confidence: float, reasons: list[str]) -> None:
        agencies[agency.id] = agency
        tally = tallies.get(agency.id)
        if tally is None:
            tallies[agency.id] = _Tally(confidence, reasons)
        else:
            tally.confidence = max(tally.confidence, confidence)
            tally.reasons.extend(reasons)

    suspect = [found for found in located if found.party is Party.SUSPECT]
    victim = [found for found in located if found.party is Party.VICTIM]
    for agency, confidence, reasons in _party_suggestions(suspect, registry):
        add(agency, confidence, ["suspect " + reasons[0], *reasons[1:]])
    if not suspect:
        add(registry.federal_desk, UNLOCATED_SUSPECT, ["the suspect could not be located"])
    for agency, confidence, reasons in _party_suggestions(victim, registry):
        add(agency, round(confidence * VICTIM_WEIGHT, 4), ["victim " + reasons[0], *reasons[1:]])
    ranked = sorted(tallies.items(), key=lambda item: (-item[1].confidence, item[0]))
    return tuple(
        AgencySuggestion(agencies[agency_id], tally.confidence, tuple(tally.reasons))
        for agency_id, tally in ranked
    )


def jurisdiction_matches(agency: Agency, located: Sequence[Located]) -> bool:
    """Whether the tip places its suspect or victim where the agency has jurisdiction.

    The federal desk matches every tip: it is where tips go that nobody else can take. Any reading counts,
    however weak; refusing a referral on a judgement of confidence is the caller's decision to make.
    """
    if agency.kind is AgencyKind.FEDERAL_DESK:
        return True
    if agency.kind is AgencyKind.ICAC_TASK_FORCE:
        return any(found.country == "US" and found.region in agency.regions for found in located)
    return any(found.country == agency.country for found in located)

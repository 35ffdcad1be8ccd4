"""Locating a tip's suspect and victim, and routing it to agencies whose jurisdiction matches.

Synthetic tips use documentation IP ranges, which no real geolocation database holds, so the default
geolocator places none of them. To test what an IP contributes, a tiny MaxMind DB written here maps
203.0.113.0/24 to Columbus, Ohio and 198.51.100.0/24 to the Netherlands, and a geolocator reads it as its
configured city database.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.agencies import AgencyRegistry
from graph.jurisdiction import (
    IpGeolocator,
    Located,
    LocationSource,
    Party,
    jurisdiction_matches,
    locate,
    suggest_agencies,
)
from graph.tip import Tip, parse_tip

NOW = datetime(2026, 11, 1, tzinfo=UTC)
WHEN = "2026-09-14T21:01:40-05:00"


# ---- a MaxMind DB writer, just enough for an IPv4 city database ------------------------------------

_Typed = tuple[str, int]  # an unsigned integer with its MaxMind DB type, e.g. ("uint16", 2)
_UINT_TYPES = {"uint16": 5, "uint32": 6, "uint64": 9}


def _control(type_number: int, size: int) -> bytes:
    assert size < 29
    if type_number <= 7:
        return bytes([(type_number << 5) | size])
    return bytes([size, type_number - 7])


def _encode(value: object) -> bytes:
    if isinstance(value, str):
        encoded = value.encode()
        return _control(2, len(encoded)) + encoded
    if isinstance(value, tuple):
        type_name, number = value
        assert isinstance(type_name, str) and isinstance(number, int)
        payload = number.to_bytes((number.bit_length() + 7) // 8, "big")
        return _control(_UINT_TYPES[type_name], len(payload)) + payload
    if isinstance(value, dict):
        return _control(7, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    if isinstance(value, list):
        return _control(11, len(value)) + b"".join(_encode(item) for item in value)
    raise TypeError(value)


def write_city_db(path: Path, networks: dict[str, dict[str, Any]]) -> Path:
    """An IPv4 MaxMind DB (24-bit records) holding one record per network."""
    nodes: list[list[tuple[str, int] | None]] = [[None, None]]
    data = bytearray()
    for cidr, record in networks.items():
        network = ipaddress.IPv4Network(cidr)
        offset, bits, node = len(data), int(network.network_address), 0
        data += _encode(record)
        for depth in range(network.prefixlen):
            bit = (bits >> (31 - depth)) & 1
            if depth == network.prefixlen - 1:
                nodes[node][bit] = ("data", offset)
                break
            child = nodes[node][bit]
            if child is None:
                nodes.append([None, None])
                child = ("node", len(nodes) - 1)
                nodes[node][bit] = child
            node = child[1]
    count = len(nodes)

    def record_value(entry: tuple[str, int] | None) -> int:
        if entry is None:
            return count
        kind, number = entry
        return number if kind == "node" else count + 16 + number

    tree = b"".join(
        record_value(left).to_bytes(3, "big") + record_value(right).to_bytes(3, "big")
        for left, right in nodes
    )
    metadata = {
        "binary_format_major_version": ("uint16", 2),
        "binary_format_minor_version": ("uint16", 0),
        "build_epoch": ("uint64", 1_700_000_000),
        "database_type": "GeoIP2-City",
        "description": {"en": "synthetic test database"},
        "ip_version": ("uint16", 4),
        "languages": ["en"],
        "node_count": ("uint32", count),
        "record_size": ("uint16", 24),
    }
    path.write_bytes(tree + bytes(16) + bytes(data) + b"\xab\xcd\xefMaxMind.com" + _encode(metadata))
    return path


def city(country: str, state: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"country": {"iso_code": country}}
    if state is not None:
        record["subdivisions"] = [{"iso_code": state}]
    return record


@pytest.fixture(scope="module")
def geolocator() -> IpGeolocator:
    return IpGeolocator()


@pytest.fixture(scope="module")
def city_geolocator(tmp_path_factory: pytest.TempPathFactory) -> IpGeolocator:
    path = tmp_path_factory.mktemp("geo") / "city.mmdb"
    networks = {"203.0.113.0/24": city("US", "OH"), "198.51.100.0/24": city("NL"), "192.0.2.0/25": city("PR")}
    return IpGeolocator(city_db=write_city_db(path, networks))


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.load()


# ---- tips -----------------------------------------------------------------------------------------


def tip(**parts: Any) -> Tip:
    data: dict[str, Any] = {
        "reportId": "JUR-1",
        "incidentSummary": {
            "incidentType": "Online Enticement of Children for Sexual Acts",
            "incidentDateTime": "2026-09-14T21:07:00-05:00",
        },
        "reporter": {"reportingPerson": {"email": [{"value": "reports@example.com"}]}},
        **parts,
    }
    return parse_tip(data, now=NOW)


def suspect(**block: Any) -> Tip:
    return tip(personOrUserReported=[{"espIdentifier": "u-1", **block}])


def ip_event(ip: str, **extra: Any) -> dict[str, Any]:
    return {"ipAddress": ip, "eventName": "Login", **extra}


def ids(suggestions: Any) -> list[str]:
    return [suggestion.agency.id for suggestion in suggestions]


# ---- the example tip ------------------------------------------------------------------------------


def test_the_example_tip_places_its_suspect_in_oregon(
    geolocator: IpGeolocator, example_tip: dict[str, Any]
) -> None:
    located = locate(parse_tip(example_tip, now=NOW), geolocator)
    first, second = located[0], located[1]
    assert (first.party, first.country, first.region, first.source) == (
        Party.SUSPECT,
        "US",
        "OR",
        LocationSource.ESTIMATED_LOCATION,
    )
    assert (second.party, second.country, second.region, second.source) == (
        Party.SUSPECT,
        "US",
        "OR",
        LocationSource.ADDRESS,
    )
    assert first.confidence > second.confidence
    parties = [found.party for found in located]
    assert parties == sorted(parties, key=lambda party: party is not Party.SUSPECT)
    assert Party.VICTIM in parties


def test_the_example_tip_goes_to_the_oregon_icac(
    geolocator: IpGeolocator, registry: AgencyRegistry, example_tip: dict[str, Any]
) -> None:
    suggestions = suggest_agencies(locate(parse_tip(example_tip, now=NOW), geolocator), registry)
    assert suggestions[0].agency.id == "ICAC-OR"
    assert suggestions[0].confidence > 0.7
    assert any(reason.startswith("suspect located in US/OR") for reason in suggestions[0].reasons)


def test_the_example_tips_documentation_range_ips_place_nothing(
    geolocator: IpGeolocator, example_tip: dict[str, Any]
) -> None:
    # Synthetic data uses documentation ranges (RFC 5737, RFC 3849): no database holds them.
    located = locate(parse_tip(example_tip, now=NOW), geolocator)
    assert not [found for found in located if found.source is LocationSource.IP_GEOLOCATION]


# ---- the geolocator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ip",
    [
        "192.0.2.1",  # documentation
        "198.51.100.23",
        "203.0.113.7",
        "2001:db8::1f",
        "::ffff:203.0.113.7",  # v4-mapped documentation address
        "100.64.12.34",  # carrier NAT
        "10.1.2.3",  # private
        "127.0.0.1",
        "fe80::1",
        "fe80::1%eth0",
        "not an address",
        "",
    ],
)
def test_addresses_no_database_places_give_no_country(geolocator: IpGeolocator, ip: str) -> None:
    assert geolocator.country_of(ip) is None


def test_the_bundled_country_data_loads_and_answers_offline(geolocator: IpGeolocator) -> None:
    geolocator.warm_up()
    # 3ffe::/16 (the retired 6bone) counts as public here but is allocated to nobody.
    assert geolocator.country_of("3ffe::1") is None


def test_a_city_database_gives_country_and_state(city_geolocator: IpGeolocator) -> None:
    assert city_geolocator.country_of("203.0.113.7") == ("US", "OH")
    assert city_geolocator.country_of(" ::ffff:203.0.113.7 ") == ("US", "OH")
    assert city_geolocator.country_of("198.51.100.23") == ("NL", None)
    # Puerto Rico has an ISO country code of its own; for routing it is a US state.
    assert city_geolocator.country_of("192.0.2.5") == ("US", "PR")


def test_a_city_database_does_not_place_what_it_does_not_hold(city_geolocator: IpGeolocator) -> None:
    assert city_geolocator.country_of("192.0.2.200") is None
    assert city_geolocator.country_of("2001:db8::1") is None  # IPv6 asked of an IPv4-only database
    assert city_geolocator.country_of("100.64.0.1") is None


# ---- locate ---------------------------------------------------------------------------------------


def test_a_proxy_flagged_ip_is_not_used(city_geolocator: IpGeolocator) -> None:
    flagged = suspect(ipCaptureEvent=[ip_event("198.51.100.23", dateTime=WHEN, port=443, possibleProxy=True)])
    assert locate(flagged, city_geolocator) == ()
    unflagged = suspect(
        ipCaptureEvent=[ip_event("198.51.100.23", dateTime=WHEN, port=443, possibleProxy=False)]
    )
    assert [(found.country, found.source) for found in locate(unflagged, city_geolocator)] == [
        ("NL", LocationSource.IP_GEOLOCATION)
    ]


def test_an_ip_seen_with_time_and_port_weighs_most(city_geolocator: IpGeolocator) -> None:
    events = [
        ip_event("203.0.113.7"),
        ip_event("198.51.100.23", dateTime=WHEN, port=51544),
        {"ipAddress": "192.0.2.5", "dateTime": WHEN},
    ]
    located = locate(suspect(ipCaptureEvent=events), city_geolocator)
    assert [(found.country, found.region) for found in located] == [("NL", None), ("US", "PR"), ("US", "OH")]
    assert located[0].confidence > located[1].confidence > located[2].confidence
    assert (
        located[0].evidence == "IP 198.51.100.23 (Login, 2026-09-15T02:01:40Z, port 51544) geolocates to NL"
    )


def test_ip_outranks_estimated_location_outranks_address_outranks_phone(
    city_geolocator: IpGeolocator,
) -> None:
    block = {
        "personOrUserReportedPerson": {
            "address": [{"city": "Paris", "country": "France"}],
            "phone": [{"value": "+44 7700 900123"}],
        },
        "estimatedLocation": {"countryCode": "DE", "region": "Bavaria"},
        "ipCaptureEvent": [ip_event("198.51.100.23", dateTime=WHEN, port=443)],
    }
    located = locate(suspect(**block), city_geolocator)
    assert [(found.source, found.country) for found in located] == [
        (LocationSource.IP_GEOLOCATION, "NL"),
        (LocationSource.ESTIMATED_LOCATION, "DE"),
        (LocationSource.ADDRESS, "FR"),
        (LocationSource.PHONE_COUNTRY, "GB"),
    ]
    # Outside the US a region is not kept: routing needs only the country.
    assert all(found.region is None for found in located)


def test_file_upload_and_associated_account_ips_place_the_suspect(city_geolocator: IpGeolocator) -> None:
    uploaded = tip(
        personOrUserReported=[
            {"espIdentifier": "u-1", "associatedAccount": [{"ipCaptureEvent": [ip_event("198.51.100.9")]}]}
        ],
        files=[{"fileName": "a.jpg", "ipCaptureEvent": ip_event("203.0.113.9", dateTime=WHEN)}],
    )
    located = locate(uploaded, city_geolocator)
    assert {(found.party, found.country) for found in located} == {
        (Party.SUSPECT, "US"),
        (Party.SUSPECT, "NL"),
    }


def test_a_gb_phone_number_places_the_suspect_in_gb_weakly(
    geolocator: IpGeolocator, registry: AgencyRegistry
) -> None:
    located = locate(
        suspect(personOrUserReportedPerson={"phone": [{"value": "+44 7700 900123"}]}), geolocator
    )
    assert [(found.country, found.region, found.source) for found in located] == [
        ("GB", None, LocationSource.PHONE_COUNTRY)
    ]
    assert located[0].confidence <= 0.25
    assert ids(suggest_agencies(located, registry)) == ["NAT-GB"]


def test_a_national_number_takes_its_country_from_the_calling_code(geolocator: IpGeolocator) -> None:
    phone = {"value": "07700 900123", "countryCallingCode": "+44"}
    located = locate(suspect(personOrUserReportedPerson={"phone": [phone]}), geolocator)
    assert [found.country for found in located] == ["GB"]


def test_a_puerto_rico_phone_number_is_in_the_us(geolocator: IpGeolocator) -> None:
    located = locate(
        suspect(personOrUserReportedPerson={"phone": [{"value": "+1 787-555-0123"}]}), geolocator
    )
    assert [(found.country, found.region) for found in located] == [("US", "PR")]


@pytest.mark.parametrize(
    ("numbers", "country"),
    [
        (["+1 613-555-0123", "+1 613-555-0199"], "CA"),
        (["+1 876-555-0123", "(876) 555-0199"], "JM"),
        (["+1 202-555-0123", "1 202 555 0199"], "US"),
    ],
)
def test_a_north_american_number_is_placed_by_its_area_code(
    geolocator: IpGeolocator, numbers: list[str], country: str
) -> None:
    # +1 is shared by 25 countries; the second number of an area code is answered from the first.
    for number in numbers:
        phone = {"value": number, "countryCallingCode": "+1"}
        located = locate(suspect(personOrUserReportedPerson={"phone": [phone]}), geolocator)
        assert [(found.country, found.confidence) for found in located] == [(country, 0.25)]


def test_country_codes_that_are_also_state_codes_stay_countries(geolocator: IpGeolocator) -> None:
    # CA is Canada, DE Germany: only the US territories fold into the US.
    person = {"address": [{"country": "CA", "city": "Ottawa"}, {"country": "DE"}, {"country": "PR"}]}
    located = locate(suspect(personOrUserReportedPerson=person), geolocator)
    assert {(found.country, found.region) for found in located} == {("CA", None), ("DE", None), ("US", "PR")}


def test_an_unreadable_region_still_gives_the_country(geolocator: IpGeolocator) -> None:
    located = locate(suspect(estimatedLocation={"countryCode": "US", "region": "Midwest"}), geolocator)
    assert [(found.country, found.region) for found in located] == [("US", None)]


def test_one_reading_per_party_source_and_place(geolocator: IpGeolocator) -> None:
    person = {
        "address": [{"state": "OH", "city": "Columbus"}, {"state": "Ohio", "country": "US", "type": "Home"}]
    }
    located = locate(suspect(personOrUserReportedPerson=person), geolocator)
    assert [(found.source, found.region) for found in located] == [(LocationSource.ADDRESS, "OH")]


def test_an_incident_address_places_the_suspect(geolocator: IpGeolocator) -> None:
    details = [
        {"nonInternetIncident": {"incidentAddress": [{"city": "Austin", "state": "TX", "country": "US"}]}}
    ]
    located = locate(tip(internetDetails=details), geolocator)
    assert [(found.party, found.source, found.region) for found in located] == [
        (Party.SUSPECT, LocationSource.INCIDENT_ADDRESS, "TX")
    ]


def test_locating_the_victim(geolocator: IpGeolocator) -> None:
    located = locate(tip(victim=[{"estimatedLocation": {"countryCode": "GB"}}]), geolocator)
    assert [(found.party, found.country) for found in located] == [(Party.VICTIM, "GB")]


# ---- suggest_agencies -----------------------------------------------------------------------------


def at(
    country: str, region: str | None = None, party: Party = Party.SUSPECT, confidence: float = 0.6
) -> Located:
    return Located(party, country, region, LocationSource.ADDRESS, confidence, f"address in {country}")


def test_an_unlocatable_tip_goes_to_the_federal_desk(
    geolocator: IpGeolocator, registry: AgencyRegistry
) -> None:
    unlocatable = suspect(ipCaptureEvent=[ip_event("100.64.3.4"), ip_event("203.0.113.7")], screenName="x")
    suggestions = suggest_agencies(locate(unlocatable, geolocator), registry)
    assert ids(suggestions) == ["US-FEDERAL-DESK"]
    assert suggestions[0].reasons == ("the suspect could not be located",)


def test_a_country_without_an_agency_goes_to_the_federal_desk(registry: AgencyRegistry) -> None:
    assert registry.national_agency_for("IS") is None
    suggestions = suggest_agencies([at("IS")], registry)
    assert ids(suggestions) == ["US-FEDERAL-DESK"]
    assert "no national agency" in suggestions[0].reasons[0]


def test_the_us_without_a_state_goes_to_the_federal_desk(registry: AgencyRegistry) -> None:
    assert ids(suggest_agencies([at("US")], registry)) == ["US-FEDERAL-DESK"]


def test_a_us_territory_without_a_task_force_goes_to_the_federal_desk(registry: AgencyRegistry) -> None:
    assert ids(suggest_agencies([at("US", "GU")], registry)) == ["US-FEDERAL-DESK"]


def test_a_foreign_suspect_goes_to_the_national_agency(registry: AgencyRegistry) -> None:
    suggestions = suggest_agencies([at("NL", confidence=0.8)], registry)
    assert ids(suggestions) == ["NAT-NL"]
    assert suggestions[0].confidence == 0.8


def test_a_state_with_several_task_forces_suggests_each(registry: AgencyRegistry) -> None:
    suggestions = suggest_agencies([at("US", "CA")], registry)
    assert sorted(ids(suggestions)) == sorted(agency.id for agency in registry.icac_task_forces_for("CA"))
    assert len(suggestions) == 5
    assert "pick by county" in suggestions[0].reasons[0]


def test_agreeing_readings_combine_and_conflicting_ones_rank(registry: AgencyRegistry) -> None:
    suggestions = suggest_agencies(
        [at("US", "OH", confidence=0.5), at("US", "OH", confidence=0.5), at("NL")], registry
    )
    assert ids(suggestions) == ["ICAC-OH", "NAT-NL"]
    assert suggestions[0].confidence == 0.75


def test_the_victims_place_adds_a_weaker_suggestion(registry: AgencyRegistry) -> None:
    suggestions = suggest_agencies([at("NL"), at("US", "OH", party=Party.VICTIM)], registry)
    assert ids(suggestions) == ["NAT-NL", "ICAC-OH"]
    assert suggestions[1].confidence < suggestions[0].confidence
    assert suggestions[1].reasons[0].startswith("victim located in US/OH")


def test_a_victim_alone_adds_to_the_federal_desk(registry: AgencyRegistry) -> None:
    suggestions = suggest_agencies([at("US", "OH", party=Party.VICTIM)], registry)
    assert ids(suggestions) == ["US-FEDERAL-DESK", "ICAC-OH"]


def test_the_victim_in_the_suspects_state_adds_reasons_not_a_second_suggestion(
    registry: AgencyRegistry,
) -> None:
    suggestions = suggest_agencies([at("US", "OH"), at("US", "OH", party=Party.VICTIM)], registry)
    assert ids(suggestions) == ["ICAC-OH"]
    assert suggestions[0].confidence == 0.6
    assert any(reason.startswith("victim") for reason in suggestions[0].reasons)


# ---- jurisdiction_matches -------------------------------------------------------------------------


def test_an_icac_matches_a_tip_located_in_its_state(registry: AgencyRegistry) -> None:
    ohio, texas = registry.get("ICAC-OH"), registry.get("ICAC-TX-NORTH")
    assert ohio is not None and texas is not None
    assert jurisdiction_matches(ohio, [at("US", "OH")])
    assert jurisdiction_matches(ohio, [at("NL"), at("US", "OH", party=Party.VICTIM)])
    assert not jurisdiction_matches(texas, [at("US", "OH")])
    assert not jurisdiction_matches(ohio, [at("US")])
    assert not jurisdiction_matches(ohio, [])


def test_dc_is_in_the_northern_virginia_task_forces_jurisdiction(registry: AgencyRegistry) -> None:
    north, south = registry.get("ICAC-VA-NORTH"), registry.get("ICAC-VA-SOUTH")
    assert north is not None and south is not None
    assert jurisdiction_matches(north, [at("US", "DC")])
    assert not jurisdiction_matches(south, [at("US", "DC")])


def test_a_national_agency_matches_its_country_only(registry: AgencyRegistry) -> None:
    britain = registry.get("NAT-GB")
    assert britain is not None
    assert jurisdiction_matches(britain, [at("GB")])
    assert not jurisdiction_matches(britain, [at("US", "OH")])
    assert not jurisdiction_matches(britain, [])


def test_the_federal_desk_matches_any_tip(registry: AgencyRegistry) -> None:
    assert jurisdiction_matches(registry.federal_desk, [])
    assert jurisdiction_matches(registry.federal_desk, [at("GB")])

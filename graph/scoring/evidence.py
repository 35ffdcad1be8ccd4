"""What a tip shows about its suspect, its victim and its files, read off the model for the score.

Each reader returns a short evidence text naming where in the tip the fact was found (JSON paths and field
names, never the values: the evidence is shown and logged beside the score), or None when the fact is
absent.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Final

from graph.incident_types import IncidentType
from graph.normalization import NormalizationError, normalize_geohash, normalize_location
from graph.normalization.recent import normalize_ip
from graph.tip import (
    Address,
    EstimatedLocation,
    EventName,
    IndustryClassification,
    IpCaptureEvent,
    Person,
    PersonOrUserReported,
    Tip,
)

# Incident types where a child identified by the service may be in contact with the suspect right now.
CONTACT_RISK_TYPES: Final = frozenset({IncidentType.ONLINE_ENTICEMENT, IncidentType.CHILD_SEX_TRAFFICKING})
ADULT_AGE: Final = 18
# Most severe first.
SEVERITY_ORDER: Final = (
    IndustryClassification.A1,
    IndustryClassification.A2,
    IndustryClassification.B1,
    IndustryClassification.B2,
)


@dataclass(frozen=True, slots=True)
class Located:
    """The strongest locating evidence found: which factor it is and where it was found."""

    factor: str
    evidence: str


@lru_cache(maxsize=8192)
def ip_weakness(raw: str) -> str | None:
    """ "" for an ordinary address, the reason a shared address (carrier NAT, private...) is weak, or None
    for a value that is not an address at all. Cached: carrier-NAT and VPN addresses recur across tips.
    Through the normaliser extraction calls, which has just normalised the tip's addresses."""
    try:
        form = normalize_ip(raw)
    except NormalizationError:
        return None
    return form.generic_reason or ""


@lru_cache(maxsize=8192)
def resolvable_place(country: str | None, region: str | None, city: str | None) -> bool:
    """Whether the parts name a country (or a US state) tipgraph knows: a jurisdiction can be found."""
    try:
        normalize_location(country, region, city)
    except NormalizationError:
        return False
    return True


def _address_resolves(address: Address) -> bool:
    return resolvable_place(address.country, address.state or address.nonUsaState, address.city)


def _estimate_resolves(location: EstimatedLocation | None) -> bool:
    return location is not None and resolvable_place(location.countryCode, location.region, location.city)


def _capture_problem(event: IpCaptureEvent) -> str | None:
    """Why a capture cannot locate anyone, or None when it has time, port, no proxy and a real address."""
    if event.dateTime is None:
        return "no time"
    if event.port is None:
        return "no port"
    if event.possibleProxy is True:
        return "possible proxy"
    if ip_weakness(event.ipAddress) is None:
        return "not an IP address"
    return None


Capture = tuple[str, IpCaptureEvent]


def suspect_captures(tip: Tip) -> list[Capture]:
    """Every IP capture that speaks about the suspect, with its JSON path: the reported users' own, the
    files' upload captures, and peer-to-peer captures (the peer is the suspect)."""
    return list(_suspect_captures(tip))


def _suspect_captures(tip: Tip) -> Iterator[Capture]:
    for index, user in enumerate(tip.personOrUserReported):
        for position, event in enumerate(user.ipCaptureEvent):
            yield f"personOrUserReported[{index}].ipCaptureEvent[{position}]", event
    for index, file in enumerate(tip.files):
        if file.ipCaptureEvent is not None:
            yield f"files[{index}].ipCaptureEvent", file.ipCaptureEvent
    for index, details in enumerate(tip.internetDetails):
        if details.peer2peerIncident is not None:
            for position, event in enumerate(details.peer2peerIncident.ipCaptureEvent):
                yield f"internetDetails[{index}].peer2peerIncident.ipCaptureEvent[{position}]", event


def locate_suspect(tip: Tip, captures: Sequence[Capture]) -> Located | None:
    """The strongest locating evidence: an ordinary IP with time and port beats a shared one, an address
    and an estimated location; None when nothing locates the suspect."""
    shared: Located | None = None
    for path, event in captures:
        if _capture_problem(event) is not None:
            continue
        weakness = ip_weakness(event.ipAddress)
        what = f"{path}: {event.eventName or 'capture'} with time, port and no proxy flag"
        if not weakness:
            return Located("suspect_located_by_ip", what)
        if shared is None:
            shared = Located("suspect_located_by_shared_ip", f"{what} ({weakness})")
    if shared is not None:
        return shared
    for index, user in enumerate(tip.personOrUserReported):
        person = user.personOrUserReportedPerson
        if person is not None:
            for position, address in enumerate(person.address):
                if _address_resolves(address):
                    path = f"personOrUserReported[{index}].personOrUserReportedPerson.address[{position}]"
                    return Located("suspect_address", path)
    for index, user in enumerate(tip.personOrUserReported):
        if _estimate_resolves(user.estimatedLocation):
            return Located("suspect_estimated_location", f"personOrUserReported[{index}].estimatedLocation")
    return None


def _identifying_fields(user: PersonOrUserReported) -> list[str]:
    fields = []
    if user.espIdentifier:
        fields.append("espIdentifier")
    if user.screenName:
        fields.append("screenName")
    if any(user.profileUrl):
        fields.append("profileUrl")
    person = user.personOrUserReportedPerson
    if person is not None:
        if any(email.verified is True for email in person.email):
            fields.append("verified email")
        if any(phone.verified is True for phone in person.phone):
            fields.append("verified phone")
    return fields


def identify_suspect(tip: Tip) -> str | None:
    """Where the suspect is identified, or None when no reported user can be identified."""
    for index, user in enumerate(tip.personOrUserReported):
        fields = _identifying_fields(user)
        if fields:
            return f"personOrUserReported[{index}]: {', '.join(fields)}"
    return None


def _person_identifies(person: Person | None) -> bool:
    return person is not None and bool(person.email or person.phone or person.firstName or person.lastName)


def identified_minor_victim(tip: Tip) -> str | None:
    """For enticement, sextortion or trafficking: the victim the service identifies, if a minor (an age
    under 18, or none given: the report names the victim as a child)."""
    summary = tip.incidentSummary
    sextortion = summary.reportAnnotations is not None and summary.reportAnnotations.sextortion
    if summary.incidentType not in CONTACT_RISK_TYPES and not sextortion:
        return None
    offence = "sextortion" if sextortion else summary.incidentType.value
    for index, victim in enumerate(tip.victim):
        person = victim.victimPerson
        if person is not None and person.age is not None and person.age >= ADULT_AGE:
            continue
        if victim.espIdentifier or victim.screenName or _person_identifies(person):
            return f"{offence}; victim[{index}] is identified"
    return None


def _place_in(person: Person | None, location: EstimatedLocation | None) -> bool:
    if _estimate_resolves(location):
        return True
    return person is not None and any(_address_resolves(address) for address in person.address)


def any_jurisdiction(tip: Tip, captures: Sequence[Capture]) -> bool:
    """Whether anything in the tip places anyone: suspect, victim, recipient, incident address, phone
    coordinates or country code, or an ordinary IP address (geolocatable even without time)."""
    for user in tip.personOrUserReported:
        if _place_in(user.personOrUserReportedPerson, user.estimatedLocation):
            return True
        if user.personOrUserReportedPerson is not None and any(
            phone.countryCallingCode for phone in user.personOrUserReportedPerson.phone
        ):
            return True
    if any(_place_in(victim.victimPerson, victim.estimatedLocation) for victim in tip.victim):
        return True
    if any(
        _place_in(recipient.intendedRecipientPerson, recipient.estimatedLocation)
        for recipient in tip.intendedRecipient
    ):
        return True
    for details in tip.internetDetails:
        place = details.nonInternetIncident
        if place is not None and any(_address_resolves(address) for address in place.incidentAddress):
            return True
        cell = details.cellPhoneIncident
        if (
            cell is not None
            and cell.latitude is not None
            and cell.longitude is not None
            and normalize_geohash(cell.latitude, cell.longitude).generic_reason is None
        ):
            return True
    return any(ip_weakness(event.ipAddress) == "" for _, event in captures)


def upload_capture_with_time(captures: Sequence[Capture]) -> str | None:
    """Where the tip has the IP a file was uploaded from (a file's capture, or any capture named Upload)
    with its time, on a real address and no proxy flag; None when it has none. The port is not asked
    for: it decides whether the capture locates the suspect (locate_suspect), not whether it ties the
    suspect to the upload."""
    for path, event in captures:
        is_upload = path.startswith("files[") or event.eventName is EventName.UPLOAD
        if (
            is_upload
            and event.dateTime is not None
            and event.possibleProxy is not True
            and ip_weakness(event.ipAddress) is not None
        ):
            return path
    return None


def has_timed_capture(captures: Sequence[Capture]) -> bool:
    return any(event.dateTime is not None for _, event in captures)


def locate_victim(tip: Tip) -> str | None:
    """Where a victim is placed (an address or estimated location that resolves), or None."""
    for index, victim in enumerate(tip.victim):
        if _estimate_resolves(victim.estimatedLocation):
            return f"victim[{index}].estimatedLocation"
        person = victim.victimPerson
        if person is not None:
            for position, address in enumerate(person.address):
                if _address_resolves(address):
                    return f"victim[{index}].victimPerson.address[{position}]"
    return None


def newest_evidence_time(tip: Tip, captures: Sequence[Capture]) -> tuple[datetime, str]:
    """The newest time the evidence carries - the incident, a file's upload, a capture of the suspect's
    IP - and where it was found: the evidence is as fresh as its freshest part, and adding a time can only
    make it fresher."""
    newest = tip.incidentSummary.incidentDateTime
    where = "incidentSummary.incidentDateTime"
    for index, file in enumerate(tip.files):
        uploaded = file.uploadedToEspTimestamp
        if uploaded is not None and uploaded > newest:
            newest, where = uploaded, f"files[{index}].uploadedToEspTimestamp"
    for path, event in captures:
        if event.dateTime is not None and event.dateTime > newest:
            newest, where = event.dateTime, f"{path}.dateTime"
    return newest, where

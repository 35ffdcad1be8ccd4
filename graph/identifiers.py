"""Every identifier a tip carries, normalised, with its role, its raw value and where it stands in the tip.

Extraction is the one place that knows which parts of a report hold identifiers. Every value is normalised
before anything is written; all failures are collected so one answer lists every bad value by its path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any, NamedTuple

from graph.model import Role
from graph.normalization import NormalForm, NormalizationError
from graph.normalization.recent import (
    normalize_account,
    normalize_device,
    normalize_email,
    normalize_file_hash,
    normalize_geohash,
    normalize_ip,
    normalize_location,
    normalize_phone,
    normalize_report_id,
    normalize_screen_name,
    normalize_url,
)
from graph.tip import (
    Address,
    AssociatedAccount,
    DeviceId,
    Email,
    EstimatedLocation,
    IntendedRecipient,
    IpCaptureEvent,
    Person,
    PersonOrUserReported,
    Phone,
    Tip,
    Victim,
)
from graph.tip_validation import Problem, TipValidationError

UNKNOWN_PLATFORM = "unknown platform"
VIRAL_FILE_REASON = "file flagged viral or potential meme by the service"
REPORTER_CONTACT_REASON = "the reporting service's own contact address"


class FoundIdentifier(NamedTuple):
    """One occurrence of an identifier in a tip. A named tuple, immutable as a frozen dataclass but made
    in a third of its time (a frozen dataclass sets each field through object.__setattr__): a load makes
    one per occurrence, a dozen per tip."""

    normal: NormalForm
    raw: str
    role: Role
    path: str
    verified: bool | None = None
    capture: IpCaptureEvent | None = None
    file_index: int | None = None
    person_index: int | None = None

    def relationship_properties(self) -> dict[str, Any]:
        """The HAS relationship's properties with a value: the occurrence, and for IPs the observation."""
        # `_value_`, the member's value as an attribute: `.value` is a property, several times slower, and
        # this runs once per occurrence.
        props: dict[str, Any] = {"role": self.role._value_, "raw": self.raw, "rule": self.normal.rule}
        if self.verified is not None:
            props["verified"] = self.verified
        if self.file_index is not None:
            props["fileIndex"] = self.file_index
        if self.person_index is not None:
            props["personIndex"] = self.person_index
        capture = self.capture
        if capture is not None:
            if capture.eventName:
                props["event"] = capture.eventName._value_
            if capture.dateTime:
                props["at"] = capture.dateTime.astimezone(UTC)
            if capture.port is not None:
                props["port"] = capture.port
            if capture.possibleProxy is not None:
                props["possibleProxy"] = capture.possibleProxy
        return props


class _Collector:
    """Gathers identifiers and the problems of values that do not normalise."""

    __slots__ = ("found", "problems")

    def __init__(self) -> None:
        self.found: list[FoundIdentifier] = []
        self.problems: list[Problem] = []

    def add(
        self,
        path: str,
        raw: str,
        role: Role,
        normal: NormalForm | NormalizationError,
        weak_because: str | None = None,
        verified: bool | None = None,
        capture: IpCaptureEvent | None = None,
        file_index: int | None = None,
        person_index: int | None = None,
    ) -> None:
        """One occurrence: `normal` is what `_normal` made of its value (its form, or why it has none)."""
        if isinstance(normal, NormalizationError):
            self.problems.append(Problem(path, normal.message))
            return
        if weak_because and normal.generic_reason is None:
            # Made directly: `dataclasses.replace` costs several times the constructor.
            normal = NormalForm(normal.kind, normal.key, normal.rule, weak_because)
        self.found.append(
            FoundIdentifier(normal, raw, role, path, verified, capture, file_index, person_index)
        )


def _normal(normalise: Callable[..., NormalForm], *args: Any) -> NormalForm | NormalizationError:
    """The value's normal form, or the error saying why it has none (collected, not raised: one answer
    lists every bad value)."""
    try:
        return normalise(*args)
    except NormalizationError as exc:
        return exc


def _country_hint(person: Person | None, location: EstimatedLocation | None) -> str | None:
    """The country a phone number without a calling code most likely belongs to."""
    if person is not None:
        for address in person.address:
            if address.country and len(address.country.strip()) == 2:
                return address.country.strip().upper()
    if location is not None and location.countryCode and len(location.countryCode.strip()) == 2:
        return location.countryCode.strip().upper()
    return None


def _ip(
    c: _Collector,
    path: str,
    event: IpCaptureEvent,
    role: Role,
    file_index: int | None = None,
    person_index: int | None = None,
) -> None:
    ip = event.ipAddress
    c.add(
        f"{path}.ipAddress", ip, role, _normal(normalize_ip, ip), None, None, event, file_index, person_index
    )


def _devices(
    c: _Collector,
    path: str,
    devices: tuple[DeviceId, ...],
    role: Role,
    file_index: int | None = None,
    person_index: int | None = None,
) -> None:
    for i, device in enumerate(devices):
        value = device.idValue
        normal = _normal(normalize_device, device.idType, value)
        c.add(f"{path}[{i}].idValue", value, role, normal, None, None, None, file_index, person_index)


def _emails(
    c: _Collector, path: str, emails: tuple[Email, ...], role: Role, person_index: int | None = None
) -> None:
    for i, email in enumerate(emails):
        value = email.value
        normal = _normal(normalize_email, value)
        c.add(f"{path}[{i}].value", value, role, normal, None, email.verified, None, None, person_index)


def _phone(
    c: _Collector, path: str, phone: Phone, role: Role, region: str | None, person_index: int | None = None
) -> None:
    value = phone.value
    normal = _normal(normalize_phone, value, phone.countryCallingCode, region)
    c.add(f"{path}.value", value, role, normal, None, phone.verified, None, None, person_index)


def _address(c: _Collector, path: str, address: Address, role: Role, person_index: int | None = None) -> None:
    country = address.country
    if not country:
        return
    raw = ", ".join(part for part in (address.city, address.state or address.nonUsaState, country) if part)
    region = address.state or address.nonUsaState
    normal = _normal(normalize_location, country, region, address.city)
    c.add(path, raw, role, normal, person_index=person_index)


def _estimated(c: _Collector, path: str, location: EstimatedLocation, role: Role, person_index: int) -> None:
    if not location.countryCode:
        return
    code = location.countryCode
    raw = ", ".join(part for part in (location.city, location.region, code) if part)
    normal = _normal(normalize_location, code, location.region, location.city)
    c.add(path, raw, role, normal, person_index=person_index)


def _account_block(
    c: _Collector,
    path: str,
    block: PersonOrUserReported | IntendedRecipient | Victim | AssociatedAccount,
    role: Role,
    default_platform: str,
    person_index: int,
) -> None:
    """The identifiers of an account: the same for suspect, recipient, victim and associated accounts."""
    if isinstance(block, AssociatedAccount):
        platform = (block.platform.value if block.platform else None) or block.espService or default_platform
    else:
        platform = block.espService or default_platform
    if block.espIdentifier:
        esp_id = block.espIdentifier
        normal = _normal(normalize_account, platform, esp_id)
        c.add(f"{path}.espIdentifier", esp_id, role, normal, person_index=person_index)
    if block.screenName:
        name = block.screenName
        normal = _normal(normalize_screen_name, platform, name)
        c.add(f"{path}.screenName", name, role, normal, person_index=person_index)
    for i, url in enumerate(block.profileUrl):
        c.add(f"{path}.profileUrl[{i}]", url, role, _normal(normalize_url, url), person_index=person_index)
    for i, event in enumerate(block.ipCaptureEvent):
        _ip(c, f"{path}.ipCaptureEvent[{i}]", event, role, person_index=person_index)
    if block.deviceId:
        _devices(c, f"{path}.deviceId", block.deviceId, role, person_index=person_index)


def _identity(
    c: _Collector,
    path: str,
    block: PersonOrUserReported | IntendedRecipient | Victim,
    person: Person | None,
    person_key: str,
    role: Role,
    default_platform: str,
    person_index: int,
) -> None:
    _account_block(c, path, block, role, default_platform, person_index)
    for i, report_id in enumerate(block.priorCTReports):
        normal = _normal(normalize_report_id, report_id)
        c.add(f"{path}.priorCTReports[{i}]", str(report_id), role, normal, person_index=person_index)
    if block.estimatedLocation:
        _estimated(c, f"{path}.estimatedLocation", block.estimatedLocation, role, person_index)
    if person is not None:
        if person.phone:
            region = _country_hint(person, block.estimatedLocation)
            for i, phone in enumerate(person.phone):
                _phone(c, f"{path}.{person_key}.phone[{i}]", phone, role, region, person_index)
        if person.email:
            _emails(c, f"{path}.{person_key}.email", person.email, role, person_index)
        for i, address in enumerate(person.address):
            _address(c, f"{path}.{person_key}.address[{i}]", address, role, person_index)
    for i, account in enumerate(block.associatedAccount):
        _account_block(c, f"{path}.associatedAccount[{i}]", account, role, default_platform, person_index)


def _incident(c: _Collector, tip: Tip) -> None:
    role = Role.INCIDENT
    for i, details in enumerate(tip.internetDetails):
        path = f"$.internetDetails[{i}]"
        if details.webPageIncident:
            for j, url in enumerate(details.webPageIncident.url):
                c.add(f"{path}.webPageIncident.url[{j}]", url, role, _normal(normalize_url, url))
        if details.emailIncident:
            _emails(c, f"{path}.emailIncident.emailAddress", details.emailIncident.emailAddress, role)
        if details.newsgroupIncident:
            _emails(c, f"{path}.newsgroupIncident.emailAddress", details.newsgroupIncident.emailAddress, role)
        if cell := details.cellPhoneIncident:
            if cell.phoneNumber:
                _phone(c, f"{path}.cellPhoneIncident.phoneNumber", cell.phoneNumber, role, None)
            if cell.latitude is not None and cell.longitude is not None:
                lat, long = cell.latitude, cell.longitude
                normal = _normal(normalize_geohash, lat, long)
                c.add(f"{path}.cellPhoneIncident.latitude", f"{lat},{long}", role, normal)
        if details.nonInternetIncident:
            for j, address in enumerate(details.nonInternetIncident.incidentAddress):
                _address(c, f"{path}.nonInternetIncident.incidentAddress[{j}]", address, role)
        if details.peer2peerIncident:
            for j, event in enumerate(details.peer2peerIncident.ipCaptureEvent):
                _ip(c, f"{path}.peer2peerIncident.ipCaptureEvent[{j}]", event, role)


def _files(c: _Collector, tip: Tip) -> None:
    role = Role.FILE
    for i, file in enumerate(tip.files):
        path = f"$.files[{i}]"
        flags = file.fileAnnotations
        weak_because = VIRAL_FILE_REASON if flags and (flags.viral or flags.potentialMeme) else None
        for j, digest in enumerate(file.originalFileHash):
            value = digest.value
            normal = _normal(normalize_file_hash, digest.hashType, value)
            c.add(f"{path}.originalFileHash[{j}].value", value, role, normal, weak_because, file_index=i)
        if file.locationOfFile:
            location = file.locationOfFile
            normal = _normal(normalize_url, location)
            c.add(f"{path}.locationOfFile", location, role, normal, file_index=i)
        if file.ipCaptureEvent:
            _ip(c, f"{path}.ipCaptureEvent", file.ipCaptureEvent, role, file_index=i)
        if file.deviceId:
            _devices(c, f"{path}.deviceId", file.deviceId, role, file_index=i)


def _reporter(c: _Collector, tip: Tip) -> None:
    # The service's own contact address is on every report it files: kept, but never a link.
    for i, email in enumerate(tip.reporter.reportingPerson.email):
        c.add(
            f"$.reporter.reportingPerson.email[{i}].value",
            email.value,
            Role.REPORTER,
            _normal(normalize_email, email.value),
            REPORTER_CONTACT_REASON,
            email.verified,
        )


def extract_identifiers(tip: Tip) -> list[FoundIdentifier]:
    """All identifiers of a tip in document order; raises TipValidationError listing every bad value."""
    c = _Collector()
    platform = tip.incidentSummary.platform or UNKNOWN_PLATFORM
    for i, suspect in enumerate(tip.personOrUserReported):
        _identity(
            c,
            f"$.personOrUserReported[{i}]",
            suspect,
            suspect.personOrUserReportedPerson,
            "personOrUserReportedPerson",
            Role.SUSPECT,
            platform,
            i,
        )
    for i, recipient in enumerate(tip.intendedRecipient):
        _identity(
            c,
            f"$.intendedRecipient[{i}]",
            recipient,
            recipient.intendedRecipientPerson,
            "intendedRecipientPerson",
            Role.RECIPIENT,
            platform,
            i,
        )
    for i, victim in enumerate(tip.victim):
        _identity(c, f"$.victim[{i}]", victim, victim.victimPerson, "victimPerson", Role.VICTIM, platform, i)
    _incident(c, tip)
    _files(c, tip)
    _reporter(c, tip)
    if c.problems:
        raise TipValidationError(c.problems, report_id=tip.reportId)
    return c.found

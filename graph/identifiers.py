"""Every identifier a tip carries, normalised, with its role, its raw value and where it stands in the tip.

Extraction is the one place that knows which parts of a report hold identifiers. Every value is normalised
before anything is written; all failures are collected so one answer lists every bad value by its path.
"""

from __future__ import annotations

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
from graph.tip_validation import Problem, TipValidationError, json_path

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


# Where a part of the tip stands, as the steps of its JSON path (`json_path` writes them out): a value's
# path is only written when the value is refused, so an accepted tip never formats one.
Where = tuple[str | int, ...]


class _Collector:
    """Gathers identifiers and the problems of values that do not normalise.

    Each value is normalised where it is read (`normalise(...)` in a try), not through a shared helper:
    a load normalises a dozen values per tip, and the call layers and the path text of each were a third
    of extraction's time."""

    __slots__ = ("found", "problems")

    def __init__(self) -> None:
        self.found: list[FoundIdentifier] = []
        self.problems: list[Problem] = []

    def refuse(self, where: Where, error: NormalizationError) -> None:
        """A value that does not normalise: collected, not raised, so one answer lists every bad value."""
        self.problems.append(Problem(json_path(where), error.message))


def _weak(normal: NormalForm, because: str) -> NormalForm:
    """The form marked weak for a reason of the occurrence's own, unless its value is weak already."""
    if normal.generic_reason is not None:
        return normal
    # Made directly: `dataclasses.replace` costs several times the constructor.
    return NormalForm(normal.kind, normal.key, normal.rule, because)


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
    where: Where,
    event: IpCaptureEvent,
    role: Role,
    file_index: int | None = None,
    person_index: int | None = None,
) -> None:
    ip = event.ipAddress
    try:
        normal = normalize_ip(ip)
    except NormalizationError as error:
        c.refuse((*where, "ipAddress"), error)
        return
    c.found.append(FoundIdentifier(normal, ip, role, None, event, file_index, person_index))


def _devices(
    c: _Collector,
    where: Where,
    devices: tuple[DeviceId, ...],
    role: Role,
    file_index: int | None = None,
    person_index: int | None = None,
) -> None:
    found = c.found
    for i, device in enumerate(devices):
        value = device.idValue
        try:
            normal = normalize_device(device.idType, value)
        except NormalizationError as error:
            c.refuse((*where, i, "idValue"), error)
            continue
        found.append(FoundIdentifier(normal, value, role, None, None, file_index, person_index))


def _emails(
    c: _Collector, where: Where, emails: tuple[Email, ...], role: Role, person_index: int | None = None
) -> None:
    found = c.found
    for i, email in enumerate(emails):
        value = email.value
        try:
            normal = normalize_email(value)
        except NormalizationError as error:
            c.refuse((*where, i, "value"), error)
            continue
        found.append(FoundIdentifier(normal, value, role, email.verified, None, None, person_index))


def _phone(
    c: _Collector, where: Where, phone: Phone, role: Role, region: str | None, person_index: int | None = None
) -> None:
    value = phone.value
    try:
        normal = normalize_phone(value, phone.countryCallingCode, region)
    except NormalizationError as error:
        c.refuse((*where, "value"), error)
        return
    c.found.append(FoundIdentifier(normal, value, role, phone.verified, None, None, person_index))


def _address(
    c: _Collector, where: Where, address: Address, role: Role, person_index: int | None = None
) -> None:
    country = address.country
    if not country:
        return
    raw = ", ".join(part for part in (address.city, address.state or address.nonUsaState, country) if part)
    region = address.state or address.nonUsaState
    try:
        normal = normalize_location(country, region, address.city)
    except NormalizationError as error:
        c.refuse(where, error)
        return
    c.found.append(FoundIdentifier(normal, raw, role, None, None, None, person_index))


def _estimated(
    c: _Collector, where: Where, location: EstimatedLocation, role: Role, person_index: int
) -> None:
    if not location.countryCode:
        return
    code = location.countryCode
    raw = ", ".join(part for part in (location.city, location.region, code) if part)
    try:
        normal = normalize_location(code, location.region, location.city)
    except NormalizationError as error:
        c.refuse(where, error)
        return
    c.found.append(FoundIdentifier(normal, raw, role, None, None, None, person_index))


def _urls(
    c: _Collector, where: Where, urls: tuple[str, ...], role: Role, person_index: int | None = None
) -> None:
    found = c.found
    for i, url in enumerate(urls):
        try:
            normal = normalize_url(url)
        except NormalizationError as error:
            c.refuse((*where, i), error)
            continue
        found.append(FoundIdentifier(normal, url, role, None, None, None, person_index))


def _account_block(
    c: _Collector,
    where: Where,
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
    found = c.found
    if esp_id := block.espIdentifier:
        try:
            normal = normalize_account(platform, esp_id)
        except NormalizationError as error:
            c.refuse((*where, "espIdentifier"), error)
        else:
            found.append(FoundIdentifier(normal, esp_id, role, None, None, None, person_index))
    if name := block.screenName:
        try:
            normal = normalize_screen_name(platform, name)
        except NormalizationError as error:
            c.refuse((*where, "screenName"), error)
        else:
            found.append(FoundIdentifier(normal, name, role, None, None, None, person_index))
    if block.profileUrl:
        _urls(c, (*where, "profileUrl"), block.profileUrl, role, person_index)
    for i, event in enumerate(block.ipCaptureEvent):
        _ip(c, (*where, "ipCaptureEvent", i), event, role, person_index=person_index)
    if block.deviceId:
        _devices(c, (*where, "deviceId"), block.deviceId, role, person_index=person_index)


def _identity(
    c: _Collector,
    where: Where,
    block: PersonOrUserReported | IntendedRecipient | Victim,
    person: Person | None,
    person_key: str,
    role: Role,
    default_platform: str,
    person_index: int,
) -> None:
    _account_block(c, where, block, role, default_platform, person_index)
    for i, report_id in enumerate(block.priorCTReports):
        try:
            normal = normalize_report_id(report_id)
        except NormalizationError as error:
            c.refuse((*where, "priorCTReports", i), error)
            continue
        c.found.append(FoundIdentifier(normal, str(report_id), role, None, None, None, person_index))
    if block.estimatedLocation:
        _estimated(c, (*where, "estimatedLocation"), block.estimatedLocation, role, person_index)
    if person is not None:
        if person.phone:
            region = _country_hint(person, block.estimatedLocation)
            for i, phone in enumerate(person.phone):
                _phone(c, (*where, person_key, "phone", i), phone, role, region, person_index)
        if person.email:
            _emails(c, (*where, person_key, "email"), person.email, role, person_index)
        for i, address in enumerate(person.address):
            _address(c, (*where, person_key, "address", i), address, role, person_index)
    for i, account in enumerate(block.associatedAccount):
        _account_block(c, (*where, "associatedAccount", i), account, role, default_platform, person_index)


def _incident(c: _Collector, tip: Tip) -> None:
    role = Role.INCIDENT
    for i, details in enumerate(tip.internetDetails):
        where: Where = ("internetDetails", i)
        if details.webPageIncident:
            _urls(c, (*where, "webPageIncident", "url"), details.webPageIncident.url, role)
        if details.emailIncident:
            _emails(c, (*where, "emailIncident", "emailAddress"), details.emailIncident.emailAddress, role)
        if details.newsgroupIncident:
            emails = details.newsgroupIncident.emailAddress
            _emails(c, (*where, "newsgroupIncident", "emailAddress"), emails, role)
        if cell := details.cellPhoneIncident:
            if cell.phoneNumber:
                _phone(c, (*where, "cellPhoneIncident", "phoneNumber"), cell.phoneNumber, role, None)
            if cell.latitude is not None and cell.longitude is not None:
                lat, long = cell.latitude, cell.longitude
                try:
                    normal = normalize_geohash(lat, long)
                except NormalizationError as error:
                    c.refuse((*where, "cellPhoneIncident", "latitude"), error)
                else:
                    c.found.append(FoundIdentifier(normal, f"{lat},{long}", role))
        if details.nonInternetIncident:
            for j, address in enumerate(details.nonInternetIncident.incidentAddress):
                _address(c, (*where, "nonInternetIncident", "incidentAddress", j), address, role)
        if details.peer2peerIncident:
            for j, event in enumerate(details.peer2peerIncident.ipCaptureEvent):
                _ip(c, (*where, "peer2peerIncident", "ipCaptureEvent", j), event, role)


def _files(c: _Collector, tip: Tip) -> None:
    role = Role.FILE
    found = c.found
    for i, file in enumerate(tip.files):
        flags = file.fileAnnotations
        weak_because = VIRAL_FILE_REASON if flags and (flags.viral or flags.potentialMeme) else None
        for j, digest in enumerate(file.originalFileHash):
            value = digest.value
            try:
                normal = normalize_file_hash(digest.hashType, value)
            except NormalizationError as error:
                c.refuse(("files", i, "originalFileHash", j, "value"), error)
                continue
            if weak_because:
                normal = _weak(normal, weak_because)
            found.append(FoundIdentifier(normal, value, role, None, None, i))
        if location := file.locationOfFile:
            try:
                normal = normalize_url(location)
            except NormalizationError as error:
                c.refuse(("files", i, "locationOfFile"), error)
            else:
                found.append(FoundIdentifier(normal, location, role, None, None, i))
        if file.ipCaptureEvent:
            _ip(c, ("files", i, "ipCaptureEvent"), file.ipCaptureEvent, role, file_index=i)
        if file.deviceId:
            _devices(c, ("files", i, "deviceId"), file.deviceId, role, file_index=i)


def _reporter(c: _Collector, tip: Tip) -> None:
    # The service's own contact address is on every report it files: kept, but never a link.
    for i, email in enumerate(tip.reporter.reportingPerson.email):
        value = email.value
        try:
            normal = normalize_email(value)
        except NormalizationError as error:
            c.refuse(("reporter", "reportingPerson", "email", i, "value"), error)
            continue
        normal = _weak(normal, REPORTER_CONTACT_REASON)
        c.found.append(FoundIdentifier(normal, value, Role.REPORTER, email.verified))


def extract_identifiers(tip: Tip) -> list[FoundIdentifier]:
    """All identifiers of a tip in document order; raises TipValidationError listing every bad value."""
    c = _Collector()
    platform = tip.incidentSummary.platform or UNKNOWN_PLATFORM
    for i, suspect in enumerate(tip.personOrUserReported):
        _identity(
            c,
            ("personOrUserReported", i),
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
            ("intendedRecipient", i),
            recipient,
            recipient.intendedRecipientPerson,
            "intendedRecipientPerson",
            Role.RECIPIENT,
            platform,
            i,
        )
    for i, victim in enumerate(tip.victim):
        _identity(c, ("victim", i), victim, victim.victimPerson, "victimPerson", Role.VICTIM, platform, i)
    if tip.internetDetails:
        _incident(c, tip)
    if tip.files:
        _files(c, tip)
    _reporter(c, tip)
    if c.problems:
        raise TipValidationError(c.problems, report_id=tip.reportId)
    return c.found

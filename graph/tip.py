"""The tip: one CyberTipline report, in the report's own names, validated structurally.

The JSON form is the report tree with element names as keys (camelCase, kept as the attribute names
here so the model, the JSON form and the XML form read the same), plus `reportId` and `files`.
Elements that may repeat are tuples; text-with-attributes elements (email, phone, hash, platform) are
objects with `value`; flags are booleans that default to false. Only structure is checked here: types,
enumerations, required fields, sizes, date-times with an offset and in the past. Whether an IP, hash or
email is well formed is the normaliser's business (graph/normalization.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

import orjson
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from graph.incident_types import IncidentType
from graph.tip_validation import (
    IDENTIFIER_MAX_CHARS,
    Problem,
    TipValidationError,
    batched_report_problems,
    problems_from_pydantic,
    report_id_of,
)

FREE_TEXT_MAX_CHARS = 64 * 1024


def _now(info: ValidationInfo) -> datetime:
    context = info.context
    if isinstance(context, Mapping):
        now = context.get("now")
        if isinstance(now, datetime):
            return now
    return datetime.now(UTC)


def _past_datetime(value: object, info: ValidationInfo) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "datetime_format", "must be an ISO 8601 date-time such as 2026-09-14T21:07:00-05:00"
            ) from None
    else:
        raise PydanticCustomError("datetime_type", "must be an ISO 8601 date-time string")
    if parsed.utcoffset() is None:
        raise PydanticCustomError("datetime_offset", "must carry a UTC offset (Z or +hh:mm)")
    if parsed > _now(info):
        raise PydanticCustomError("datetime_future", "must be in the past")
    return parsed


def _past_date(value: object, info: ValidationInfo) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_format", "must be an ISO 8601 date such as 2011-04-30") from None
    else:
        raise PydanticCustomError("date_type", "must be an ISO 8601 date string")
    if parsed > _now(info).date():
        raise PydanticCustomError("date_future", "must be in the past")
    return parsed


# Identifier-like strings (names, ids, URLs) and free text get different caps, so that a 10 MB value is
# refused at its field before anything stores or indexes it.
Identifier = Annotated[str, Strict(), StringConstraints(max_length=IDENTIFIER_MAX_CHARS)]
FreeText = Annotated[str, Strict(), StringConstraints(max_length=FREE_TEXT_MAX_CHARS)]
# A before-validator rather than a plain one: the core then serialises these as the types they are.
PastDateTime = Annotated[datetime, BeforeValidator(_past_datetime)]
PastDate = Annotated[date, BeforeValidator(_past_date)]
StrictBool = Annotated[bool, Strict()]
Port = Annotated[int, Strict(), Field(ge=1, le=65535)]
Age = Annotated[int, Strict(), Field(ge=0, le=150)]
Latitude = Annotated[float, Strict(), Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Strict(), Field(ge=-180, le=180, allow_inf_nan=False)]
PriorReportId = Annotated[int, Strict(), Field(ge=0)]


class EventName(StrEnum):
    LOGIN = "Login"
    REGISTRATION = "Registration"
    PURCHASE = "Purchase"
    UPLOAD = "Upload"
    OTHER = "Other"
    UNKNOWN = "Unknown"


class FileRelevance(StrEnum):
    REPORTED = "Reported"
    SUPPLEMENTAL_REPORTED = "Supplemental Reported"


class IndustryClassification(StrEnum):
    """The industry's severity scale: A (prepubescent) before B, 1 (sex act) before 2 (lascivious)."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class BatchedReportReason(StrEnum):
    VIRAL_POTENTIAL_MEME = "VIRAL_POTENTIAL_MEME"


class TipPart(BaseModel):
    # hide_input_in_errors: an error's text must never echo a value (personal data, or 10 MB of it).
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


# ---- values that appear in several places -------------------------------------------------------


class IpCaptureEvent(TipPart):
    """An IP address as the service saw it, at an event; without time and port it says little."""

    ipAddress: Identifier
    eventName: EventName | None = None
    dateTime: PastDateTime | None = None
    possibleProxy: StrictBool | None = None
    port: Port | None = None


class DeviceId(TipPart):
    idType: Identifier
    idValue: Identifier
    eventName: EventName | None = None
    dateTime: PastDateTime | None = None


class Address(TipPart):
    type: Identifier | None = None
    address: Identifier | None = None
    city: Identifier | None = None
    zipCode: Identifier | None = None
    state: Identifier | None = None
    nonUsaState: Identifier | None = None
    country: Identifier | None = None


class Phone(TipPart):
    value: Identifier
    type: Identifier | None = None
    verified: StrictBool | None = None
    verificationDate: PastDateTime | None = None
    countryCallingCode: Identifier | None = None
    extension: Identifier | None = None


class Email(TipPart):
    value: Identifier
    type: Identifier | None = None
    verified: StrictBool | None = None
    verificationDate: PastDateTime | None = None


class EstimatedLocation(TipPart):
    verified: StrictBool | None = None
    timestamp: PastDateTime | None = None
    city: Identifier | None = None
    region: Identifier | None = None
    countryCode: Identifier | None = None


class Person(TipPart):
    firstName: Identifier | None = None
    lastName: Identifier | None = None
    phone: tuple[Phone, ...] = ()
    email: tuple[Email, ...] = ()
    address: tuple[Address, ...] = ()
    age: Age | None = None
    ageAssertionDiscrepancy: StrictBool | None = None
    dateOfBirth: PastDate | None = None


class ReportingPerson(Person):
    """The person at the service who filed the report; NCMEC must be able to write back."""

    email: Annotated[tuple[Email, ...], Field(min_length=1)]


class Platform(TipPart):
    value: Identifier


class AssociatedAccount(TipPart):
    """Another account the service links to the same identity (the key is platform + espIdentifier)."""

    type: Identifier | None = None
    platform: Platform | None = None
    espIdentifier: Identifier | None = None
    espService: Identifier | None = None
    screenName: Identifier | None = None
    displayName: tuple[Identifier, ...] = ()
    profileUrl: tuple[Identifier, ...] = ()
    ipCaptureEvent: tuple[IpCaptureEvent, ...] = ()
    deviceId: tuple[DeviceId, ...] = ()
    groupIdentifier: Identifier | None = None
    additionalInfo: FreeText | None = None


# ---- the identity blocks: the reported user, the intended recipient, the victim -----------------
# Written out three times because the person element's name differs and the XSD order puts it first.


class PersonOrUserReported(TipPart):
    """The suspect, as a person and/or as an account at the service."""

    personOrUserReportedPerson: Person | None = None
    espIdentifier: Identifier | None = None
    espService: Identifier | None = None
    compromisedAccount: StrictBool | None = None
    screenName: Identifier | None = None
    displayName: tuple[Identifier, ...] = ()
    profileUrl: tuple[Identifier, ...] = ()
    profileBio: FreeText | None = None
    ipCaptureEvent: tuple[IpCaptureEvent, ...] = ()
    deviceId: tuple[DeviceId, ...] = ()
    thirdPartyUserReported: StrictBool | None = None
    priorCTReports: tuple[PriorReportId, ...] = ()
    groupIdentifier: Identifier | None = None
    estimatedLocation: EstimatedLocation | None = None
    allEmailsReported: StrictBool | None = None
    associatedAccount: tuple[AssociatedAccount, ...] = ()
    additionalInfo: FreeText | None = None


class IntendedRecipient(TipPart):
    intendedRecipientPerson: Person | None = None
    espIdentifier: Identifier | None = None
    espService: Identifier | None = None
    compromisedAccount: StrictBool | None = None
    screenName: Identifier | None = None
    displayName: tuple[Identifier, ...] = ()
    profileUrl: tuple[Identifier, ...] = ()
    profileBio: FreeText | None = None
    ipCaptureEvent: tuple[IpCaptureEvent, ...] = ()
    deviceId: tuple[DeviceId, ...] = ()
    thirdPartyUserReported: StrictBool | None = None
    priorCTReports: tuple[PriorReportId, ...] = ()
    groupIdentifier: Identifier | None = None
    estimatedLocation: EstimatedLocation | None = None
    allEmailsReported: StrictBool | None = None
    associatedAccount: tuple[AssociatedAccount, ...] = ()
    additionalInfo: FreeText | None = None


class Victim(TipPart):
    victimPerson: Person | None = None
    espIdentifier: Identifier | None = None
    espService: Identifier | None = None
    compromisedAccount: StrictBool | None = None
    screenName: Identifier | None = None
    displayName: tuple[Identifier, ...] = ()
    profileUrl: tuple[Identifier, ...] = ()
    profileBio: FreeText | None = None
    ipCaptureEvent: tuple[IpCaptureEvent, ...] = ()
    deviceId: tuple[DeviceId, ...] = ()
    schoolName: Identifier | None = None
    thirdPartyUserReported: StrictBool | None = None
    priorCTReports: tuple[PriorReportId, ...] = ()
    groupIdentifier: Identifier | None = None
    estimatedLocation: EstimatedLocation | None = None
    allEmailsReported: StrictBool | None = None
    associatedAccount: tuple[AssociatedAccount, ...] = ()
    additionalInfo: FreeText | None = None


# ---- the incident --------------------------------------------------------------------------------


class ReportAnnotations(TipPart):
    sextortion: StrictBool = False
    csamSolicitation: StrictBool = False
    minorToMinorInteraction: StrictBool = False
    spam: StrictBool = False
    sadisticOnlineExploitation: StrictBool = False


class IncidentSummary(TipPart):
    incidentType: IncidentType
    platform: Identifier | None = None
    # Any text at all means the service says a child is in imminent danger.
    escalateToHighPriority: FreeText | None = None
    reportAnnotations: ReportAnnotations | None = None
    incidentDateTime: PastDateTime
    incidentDateTimeDescription: FreeText | None = None


class WebPageIncident(TipPart):
    thirdPartyHostedContent: StrictBool | None = None
    url: tuple[Identifier, ...] = ()
    additionalInfo: FreeText | None = None


class EmailIncident(TipPart):
    emailAddress: tuple[Email, ...] = ()
    content: FreeText | None = None
    additionalInfo: FreeText | None = None


class NewsgroupIncident(TipPart):
    name: Identifier | None = None
    emailAddress: tuple[Email, ...] = ()
    content: FreeText | None = None
    additionalInfo: FreeText | None = None


class ChatImIncident(TipPart):
    chatClient: Identifier | None = None
    chatRoomName: Identifier | None = None
    content: FreeText | None = None
    additionalInfo: FreeText | None = None


class OnlineGamingIncident(TipPart):
    gameName: Identifier | None = None
    console: Identifier | None = None
    content: FreeText | None = None
    additionalInfo: FreeText | None = None


class CellPhoneIncident(TipPart):
    phoneNumber: Phone | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    additionalInfo: FreeText | None = None


class NonInternetIncident(TipPart):
    locationName: Identifier | None = None
    incidentAddress: tuple[Address, ...] = ()
    additionalInfo: FreeText | None = None


class Peer2PeerIncident(TipPart):
    client: Identifier | None = None
    ipCaptureEvent: tuple[IpCaptureEvent, ...] = ()
    fileNames: FreeText | None = None
    additionalInfo: FreeText | None = None


class InternetDetails(TipPart):
    """Where the incident happened: exactly one of the variants."""

    webPageIncident: WebPageIncident | None = None
    emailIncident: EmailIncident | None = None
    newsgroupIncident: NewsgroupIncident | None = None
    chatImIncident: ChatImIncident | None = None
    onlineGamingIncident: OnlineGamingIncident | None = None
    cellPhoneIncident: CellPhoneIncident | None = None
    nonInternetIncident: NonInternetIncident | None = None
    peer2peerIncident: Peer2PeerIncident | None = None

    @model_validator(mode="after")
    def _exactly_one_variant(self) -> Self:
        present = sum(1 for name in type(self).model_fields if getattr(self, name) is not None)
        if present != 1:
            raise PydanticCustomError(
                "internet_details_variant",
                "must hold exactly one incident variant, found {count}",
                {"count": present},
            )
        return self


class Reporter(TipPart):
    reportingPerson: ReportingPerson
    contactPerson: Person | None = None
    companyTemplate: FreeText | None = None
    termsOfService: FreeText | None = None
    legalURL: Identifier | None = None


class BatchedReport(TipPart):
    reason: BatchedReportReason


# ---- files ---------------------------------------------------------------------------------------


class FileAnnotations(TipPart):
    animeDrawingVirtualHentai: StrictBool = False
    potentialMeme: StrictBool = False
    viral: StrictBool = False
    possibleSelfProduction: StrictBool = False
    physicalHarm: StrictBool = False
    violenceGore: StrictBool = False
    bestiality: StrictBool = False
    liveStreaming: StrictBool = False
    infant: StrictBool = False
    generativeAi: StrictBool = False


class OriginalFileHash(TipPart):
    value: Identifier
    hashType: Identifier


class FileDetails(TipPart):
    """One reported file's metadata (never its content)."""

    fileName: Identifier | None = None
    originalFileName: Identifier | None = None
    uploadedToEspTimestamp: PastDateTime | None = None
    locationOfFile: Identifier | None = None
    # Without a human view at the service, police need a warrant to open the file.
    fileViewedByEsp: StrictBool | None = None
    exifViewedByEsp: StrictBool | None = None
    publiclyAvailable: StrictBool | None = None
    fileRelevance: FileRelevance | None = None
    fileAnnotations: FileAnnotations | None = None
    industryClassification: IndustryClassification | None = None
    originalFileHash: tuple[OriginalFileHash, ...] = ()
    ipCaptureEvent: IpCaptureEvent | None = None
    deviceId: tuple[DeviceId, ...] = ()
    additionalInfo: FreeText | None = None

    @field_validator("exifViewedByEsp")
    @classmethod
    def _exif_needs_a_view(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value and info.data.get("fileViewedByEsp") is not True:
            raise PydanticCustomError("exif_without_view", "may be true only if fileViewedByEsp is true")
        return value


# ---- the tip -------------------------------------------------------------------------------------


class Tip(TipPart):
    """One report, keyed by the service's `reportId` (the idempotency key), with its files."""

    reportId: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=IDENTIFIER_MAX_CHARS)]
    batchedReport: BatchedReport | None = None
    incidentSummary: IncidentSummary
    internetDetails: tuple[InternetDetails, ...] = ()
    reporter: Reporter
    personOrUserReported: tuple[PersonOrUserReported, ...] = ()
    intendedRecipient: tuple[IntendedRecipient, ...] = ()
    victim: tuple[Victim, ...] = ()
    additionalInfo: FreeText | None = None
    files: tuple[FileDetails, ...] = ()


# ---- entry points --------------------------------------------------------------------------------


def parse_tip(data: object, *, now: datetime | None = None) -> Tip:
    """A tip from its JSON form (already decoded); TipValidationError lists every problem found.

    `now` is the instant date-times must not pass (default: the current time); it must carry an offset.
    """
    return validate_tip(data, now=now)


def parse_tip_json(text: str | bytes, *, now: datetime | None = None) -> Tip:
    """A tip from JSON text; malformed JSON is one problem at `$`."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise TipValidationError([Problem("$", f"malformed JSON: {error}")]) from None
    return validate_tip(data, now=now)


def validate_tip(
    data: object,
    *,
    now: datetime | None = None,
    earlier_problems: Sequence[Problem] = (),
    line: int | None = None,
) -> Tip:
    """`parse_tip`, for decoders that found problems of their own before the model saw the data."""
    if now is None:
        now = datetime.now(UTC)
    elif now.utcoffset() is None:
        raise ValueError("now must carry a UTC offset")
    problems = list(earlier_problems)
    tip: Tip | None = None
    try:
        tip = Tip.model_validate(data, context={"now": now})
    except ValidationError as error:
        problems.extend(problems_from_pydantic(error))
    if isinstance(data, Mapping):
        problems.extend(batched_report_problems(data))
    if problems or tip is None:
        raise TipValidationError(problems, report_id_of(data), line=line)
    return tip


def tip_to_json_dict(tip: Tip) -> dict[str, Any]:
    """The canonical JSON form: fields in the report's order, nothing absent, no false flags or empty arrays.

    Defaults are dropped as well as None, so a tip spelled with `"spam": false` in JSON and without
    `<spam/>` in XML has one form, and one content hash.
    """
    return tip.model_dump(mode="json", exclude_none=True, exclude_defaults=True)

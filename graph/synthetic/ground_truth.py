"""What is really behind each synthetic tip, for measuring linking, clustering and scoring against.

Conventions:
- `actor_ids` are the offenders the tip is about (two when a ring member's tip names another member). It is
  empty for viral and meme forwards: their reported users are unrelated one-off accounts, so such a tip
  has no true same-actor partner; `viral_file_id` says which viral file it is about. A true link between
  two tips is a shared actor id; a shared ring id is a true ring link; a shared viral file id alone is
  not a link between people.
- `ring_id` is the ring of the tip's offender, whether or not this tip shows a trace of the ring.
- `complete` is `built_actionable(tip)`: the tip carries what domain.md section 5 says makes a tip
  actionable, and none of what rules it out.
- `thin` marks an actor's tip deliberately built without the actor's linking identifier (the main account
  or the anchor email): linking cannot be expected to find its actor through shared identifiers.
- `country_code` and `region` are where the offender really is (None for viral forwards).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TipTruth:
    report_id: str
    actor_ids: tuple[str, ...]
    ring_id: str | None
    viral_file_id: str | None
    complete: bool
    urgent: bool
    thin: bool = False
    country_code: str | None = None
    region: str | None = None

    def to_json_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["actor_ids"] = list(self.actor_ids)
        return data

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> TipTruth:
        return cls(**{**data, "actor_ids": tuple(data["actor_ids"])})


def _sequence(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _good_capture(event: Mapping[str, Any]) -> bool:
    """An IP capture that locates someone: it has a time and a port, and the service saw no proxy."""
    return bool(event.get("dateTime")) and bool(event.get("port")) and event.get("possibleProxy") is not True


def _identifiable(user: Mapping[str, Any]) -> bool:
    if user.get("espIdentifier") or user.get("screenName") or _sequence(user.get("profileUrl")):
        return True
    person = _mapping(user.get("personOrUserReportedPerson"))
    contacts = [*_sequence(person.get("email")), *_sequence(person.get("phone"))]
    return any(_mapping(contact).get("verified") is True for contact in contacts)


def _locatable(user: Mapping[str, Any]) -> bool:
    if any(_good_capture(_mapping(event)) for event in _sequence(user.get("ipCaptureEvent"))):
        return True
    if _mapping(user.get("estimatedLocation")).get("countryCode"):
        return True
    person = _mapping(user.get("personOrUserReportedPerson"))
    return any(_mapping(address).get("country") for address in _sequence(person.get("address")))


def is_urgent(tip: Mapping[str, Any]) -> bool:
    """The service says a child is in imminent danger: any text in escalateToHighPriority."""
    return bool(_mapping(tip.get("incidentSummary")).get("escalateToHighPriority"))


def built_actionable(tip: Mapping[str, Any]) -> bool:
    """Whether a tip carries what makes it a referral: an identifiable and locatable suspect whose own
    account is reported, and evidence a person at the service has seen; and nothing that marks it as a
    bundled, viral, meme or spam report. An escalated tip is actionable whatever else it lacks."""
    if tip.get("batchedReport"):
        return False
    if is_urgent(tip):
        return True
    summary = _mapping(tip.get("incidentSummary"))
    if _mapping(summary.get("reportAnnotations")).get("spam"):
        return False
    files = [_mapping(file) for file in _sequence(tip.get("files"))]
    for file in files:
        annotations = _mapping(file.get("fileAnnotations"))
        if annotations.get("viral") or annotations.get("potentialMeme"):
            return False
    if files and not any(file.get("fileViewedByEsp") is True for file in files):
        return False
    users = [_mapping(user) for user in _sequence(tip.get("personOrUserReported"))]
    if not users:
        return False
    if any(user.get("compromisedAccount") or user.get("thirdPartyUserReported") for user in users):
        return False
    uploads_locate = any(_good_capture(_mapping(file.get("ipCaptureEvent"))) for file in files)
    return any(_identifiable(user) for user in users) and (
        uploads_locate or any(_locatable(user) for user in users)
    )

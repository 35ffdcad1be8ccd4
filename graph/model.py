"""Domain values returned by graph/ services: frozen, typed, and free of any GraphQL or Neo4j type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from graph.kinds import IdentifierKind

T = TypeVar("T")


class Role(StrEnum):
    """The part an identifier plays in a tip."""

    SUSPECT = "SUSPECT"
    VICTIM = "VICTIM"
    RECIPIENT = "RECIPIENT"
    REPORTER = "REPORTER"
    FILE = "FILE"
    INCIDENT = "INCIDENT"


@dataclass(frozen=True, slots=True)
class SizePosition:
    """A keyset position in a largest-first list (clusters, content clusters): size, then id."""

    size: int
    id: str

    def params(self) -> dict[str, Any]:
        return {"size": self.size, "id": self.id}


@dataclass(frozen=True, slots=True)
class IpObservation:
    """An IP is an observation: address plus port, time and event, as the service captured it."""

    event: str | None
    at: datetime | None
    port: int | None
    possible_proxy: bool | None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One appearance of an identifier in a tip."""

    role: Role
    raw: str | None  # None once retention purged the tip's content
    rule: str
    verified: bool | None = None
    observation: IpObservation | None = None
    file_index: int | None = None
    person_index: int | None = None


@dataclass(frozen=True, slots=True)
class IdentifierSummary:
    kind: IdentifierKind
    key: str
    raws: tuple[str, ...]
    tip_count: int
    generic: bool
    generic_reason: str | None


@dataclass(frozen=True, slots=True)
class TipIdentifier:
    identifier: IdentifierSummary
    occurrence: Occurrence


@dataclass(frozen=True, slots=True)
class ScoreFactor:
    factor: str
    points: int
    evidence: str


@dataclass(frozen=True, slots=True)
class TriageState:
    """A tip's stored actionability: the score, its class and priority, and the explanation."""

    score: int
    action_class: str
    priority: str
    urgent_reason: str | None
    contributions: tuple[ScoreFactor, ...]
    missing: tuple[str, ...]
    queue_key: str | None
    # When the score was computed: it holds until a time band changes (the re-score sweep) or the tip
    # gains a link.
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class TipRecord:
    """A stored tip: the fields tipgraph indexes, plus the whole report in its JSON form."""

    id: str
    report_id: str  # as the service gave it; `id` is derived from (service, reportId)
    incident_type: str
    incident_date_time: datetime
    received_at: datetime
    platform: str | None
    escalate_to_high_priority: str | None
    annotations: tuple[str, ...]
    batched: bool
    submitted_by: str | None
    # The whole report, or None when it was read without it (a head read: see graph.tips.get_tip_reports).
    report: dict[str, Any] | None
    disposition: str = "NEW"
    version: int = 1
    referred_to: tuple[str, ...] = ()
    outcome: str | None = None
    incident_id: str | None = None
    preservation_deadline: datetime | None = None
    triage: TriageState | None = None


@dataclass(frozen=True, slots=True)
class TipCard:
    """What a list or a link chart shows of a tip: read instead of its whole head when a request asks for
    nothing more of it (most of a head's cost is the triage fields and their JSON)."""

    id: str
    report_id: str
    incident_type: str
    incident_date_time: datetime
    received_at: datetime
    queue_key: str | None = None


@dataclass(frozen=True, slots=True)
class SharedIdentifier:
    """One identifier two tips share, with what it contributes to their link and why."""

    kind: IdentifierKind
    key: str
    tip_count: int
    generic: bool
    weight: float
    reason: str
    roles_here: tuple[Role, ...]
    roles_there: tuple[Role, ...]
    # Under the evidence model (graph.clustering.evidence): its comparison level and what the level adds to
    # the pair's match weight, in bits (log2 of a Bayes factor); 0 for one that adds nothing to a stronger
    # identifier of its class.
    level: str = ""
    match_weight: float = 0.0


@dataclass(frozen=True, slots=True)
class LinkedTip:
    tip_id: str
    weight: float
    shared: tuple[SharedIdentifier, ...]
    # The evidence model's verdict on the pair: log2 odds that both tips come from one offender, and the
    # probability (graph.clustering.evidence), with its tier (graph.clustering.tiers).
    match_weight: float = 0.0
    match_probability: float = 0.0
    tier: str = "WEAK"


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A keyset page: the items, whether more follow, and the total when it was asked for."""

    items: tuple[T, ...]
    has_next: bool
    total: int | None = None
    truncated: bool = False
    skipped_generic: int = 0

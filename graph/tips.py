"""Reading tips: by id, their identifiers, search pages. Every read carries the viewer's scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from graph.clustering.thresholds import LINKING_TIPS_CAP
from graph.generic import stored_generic_reason, summary_for
from graph.kinds import IdentifierKind
from graph.linking import observation_from
from graph.model import (
    IdentifierSummary,
    Occurrence,
    Page,
    Role,
    ScoreFactor,
    TipCard,
    TipIdentifier,
    TipRecord,
    TriageState,
)
from graph.store.database import Database
from graph.viewer import Viewer

if TYPE_CHECKING:
    from graph.audit import AuditTrail


def native(value: Any) -> Any:
    """Neo4j temporal values to Python ones; everything else unchanged."""
    return value.to_native() if hasattr(value, "to_native") else value


def moment(value: Any) -> Any:
    """A stored date-time as Python's: from the driver's DateTime, or from the ISO text that hot statements
    return instead (`toString(t.receivedAt)`), which costs a fraction of the driver's hydration."""
    return datetime.fromisoformat(value) if isinstance(value, str) else native(value)


def triage_from_row(props: Mapping[str, Any]) -> TriageState | None:
    if props.get("score") is None:
        return None
    details = orjson.loads(props.get("scoreDetails") or "{}")
    return TriageState(
        score=props["score"],
        action_class=props["actionClass"],
        priority=props["priority"],
        urgent_reason=details.get("urgentReason"),
        contributions=tuple(ScoreFactor(**c) for c in details.get("contributions", ())),
        missing=tuple(details.get("missing", ())),
        queue_key=props.get("queueKey"),
        # Tips scored before scoredAt was stored were scored once, at ingest.
        computed_at=moment(props.get("scoredAt") or props["receivedAt"]),
    )


def report_from_row(report_id: str, report: str | None) -> dict[str, Any]:
    # A purged tip (retention) keeps its links and triage fields, not its content.
    return orjson.loads(report) if report else {"reportId": report_id, "purged": True}


def tip_from_row(props: Mapping[str, Any], with_report: bool = True) -> TipRecord:
    """A tip from its stored properties; `with_report=False` for head reads, whose rows leave it out."""
    return TipRecord(
        id=props["id"],
        report_id=props.get("reportId") or props["id"],
        incident_type=props["incidentType"],
        incident_date_time=moment(props["incidentDateTime"]),
        received_at=moment(props["receivedAt"]),
        platform=props.get("platform"),
        escalate_to_high_priority=props.get("escalateToHighPriority"),
        annotations=tuple(props.get("annotations") or ()),
        batched=bool(props.get("batched")),
        submitted_by=props.get("submittedBy"),
        report=report_from_row(props.get("reportId") or props["id"], props.get("report"))
        if with_report
        else None,
        disposition=props.get("disposition") or "NEW",
        version=props.get("version") or 1,
        referred_to=tuple(props.get("referredTo") or ()),
        outcome=props.get("outcome"),
        incident_id=props.get("incidentId"),
        preservation_deadline=moment(props.get("preservationDeadline")),
        triage=triage_from_row(props),
    )


def card_from_row(props: Mapping[str, Any]) -> TipCard:
    """A tip's card from a statement's card projection (or its whole head, which holds the same fields)."""
    return TipCard(
        id=props["id"],
        report_id=props.get("reportId") or props["id"],
        incident_type=props["incidentType"],
        incident_date_time=moment(props["incidentDateTime"]),
        received_at=moment(props["receivedAt"]),
        queue_key=props.get("queueKey"),
    )


def head_or_card(props: Mapping[str, Any], cards: bool) -> TipRecord | TipCard:
    """A row of a list statement read with `$card`: the card when `cards`, else the head."""
    return card_from_row(props) if cards else tip_from_row(props, with_report=False)


def identifier_from_row(props: Mapping[str, Any]) -> IdentifierSummary:
    """An identifier as the store holds it; what a viewer may see of it is `identifier_for`'s."""
    return IdentifierSummary(
        kind=IdentifierKind(props["kind"]),
        key=props["key"],
        raws=tuple(props.get("raws") or ()),
        tip_count=props["tipCount"],
        generic=bool(props.get("generic")),
        generic_reason=stored_generic_reason(props),
    )


def identifier_for(viewer: Viewer, props: Mapping[str, Any]) -> IdentifierSummary:
    """An identifier as `viewer` may see it: `props` carry the viewer's tip count (and, for a scoped viewer,
    the raw values of its tips only, as the statement returns them); the generic flag is the policy's."""
    return summary_for(viewer, identifier_from_row(props), props)


def occurrence_from_row(props: Mapping[str, Any]) -> Occurrence:
    has_observation = any(k in props for k in ("event", "at", "port", "possibleProxy"))
    return Occurrence(
        role=Role(props["role"]),
        raw=props.get("raw"),
        rule=props["rule"],
        verified=props.get("verified"),
        observation=observation_from(props) if has_observation else None,
        file_index=props.get("fileIndex"),
        person_index=props.get("personIndex"),
    )


async def get_tips(db: Database, trail: AuditTrail, ids: Sequence[str]) -> list[TipRecord | None]:
    """The tips in the order asked, None where a tip does not exist or the viewer may not see it. They come
    without their report (`report` is None): get_tip_reports reads it for the selections that need it."""
    rows = await db.read("tips/get_by_ids", ids=list(ids), scope=trail.viewer.scope(), card=False)
    found = {row["tip"]["id"]: tip_from_row(row["tip"], with_report=False) for row in rows}
    trail.read(found)
    return [found.get(tip_id) for tip_id in ids]


async def get_tip_cards(db: Database, trail: AuditTrail, ids: Sequence[str]) -> list[TipCard | None]:
    """`get_tips` for requests that ask for no more of the tips than their cards."""
    rows = await db.read("tips/get_by_ids", ids=list(ids), scope=trail.viewer.scope(), card=True)
    found = {row["tip"]["id"]: card_from_row(row["tip"]) for row in rows}
    trail.read(found)
    return [found.get(tip_id) for tip_id in ids]


async def get_tip_reports(db: Database, trail: AuditTrail, ids: Sequence[str]) -> list[dict[str, Any] | None]:
    """The reports of the tips in the order asked, None where the viewer may not see the tip."""
    rows = await db.read("tips/reports", ids=list(ids), scope=trail.viewer.scope())
    found = {row["id"]: report_from_row(row["reportId"], row["report"]) for row in rows}
    trail.read(found)
    return [found.get(tip_id) for tip_id in ids]


async def get_tip_identifiers(
    db: Database, viewer: Viewer, tip_ids: Sequence[str], verdicts: bool = True
) -> list[list[TipIdentifier]]:
    """The identifiers of the tips, per tip in the order asked (none for a tip the viewer may not see).
    `verdicts=False`: as in `get_tip_with_identifiers`."""
    rows = await db.read(
        "tips/identifiers",
        ids=list(tip_ids),
        scope=viewer.scope(),
        linkingCap=LINKING_TIPS_CAP,
        verdicts=verdicts,
    )
    by_tip: dict[str, list[Mapping[str, Any]]] = {tip_id: [] for tip_id in tip_ids}
    for row in rows:
        by_tip[row["tipId"]].append(row)
    return [_tip_identifiers(viewer, by_tip[tip_id]) for tip_id in tip_ids]


def _tip_identifiers(viewer: Viewer, rows: Sequence[Mapping[str, Any]]) -> list[TipIdentifier]:
    """One tip's identifiers from its rows ({identifier, occurrence}), in their listing order. Rows read
    without verdicts carry no `visibleAccounts`: a scoped viewer's generic flag is then not the policy's,
    and the caller shows it to no one."""
    items = [
        TipIdentifier(identifier_for(viewer, row["identifier"]), occurrence_from_row(row["occurrence"]))
        for row in rows
    ]
    items.sort(key=lambda ti: (ti.occurrence.role.value, ti.identifier.kind.value, ti.identifier.key))
    return items


async def get_tip_with_identifiers(
    db: Database, trail: AuditTrail, tip_id: str, cards: bool, verdicts: bool = True
) -> tuple[TipRecord | TipCard | None, list[TipIdentifier]]:
    """`get_tips` (or `get_tip_cards` when `cards`) and `get_tip_identifiers` for one tip, in one read.

    `verdicts=False`: the caller shows no identifier's generic flag, so a scoped viewer's identifiers are
    read without counting the suspect accounts behind them in the tips it may see (two hops from each
    identifier, the bulk of the read for a shared one); their generic flags are then not the policy's."""
    rows = await db.read(
        "tips/get_with_identifiers",
        id=tip_id,
        scope=trail.viewer.scope(),
        card=cards,
        linkingCap=LINKING_TIPS_CAP,
        verdicts=verdicts,
    )
    if not rows:
        return None, []
    tip = head_or_card(rows[0]["tip"], cards)
    trail.read([tip.id])
    return tip, _tip_identifiers(trail.viewer, rows[0]["identifiers"])


@dataclass(frozen=True, slots=True)
class TipFilter:
    incident_types: tuple[str, ...] | None = None
    platform: str | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    incident_from: datetime | None = None
    incident_to: datetime | None = None

    def params(self) -> dict[str, Any]:
        return {
            "incidentTypes": list(self.incident_types) if self.incident_types else None,
            "platformKey": platform_key(self.platform) if self.platform else None,
            "receivedFrom": self.received_from,
            "receivedTo": self.received_to,
            "incidentFrom": self.incident_from,
            "incidentTo": self.incident_to,
        }


def platform_key(platform: str) -> str:
    """Platforms match whatever their case or spacing: "PixPost  messenger" is "PixPost Messenger"."""
    return " ".join(platform.split()).casefold()


TipT = TypeVar("TipT", bound=TipRecord | TipCard)


def audited_page(trail: AuditTrail, tips: Sequence[TipT], first: int, total: int | None = None) -> Page[TipT]:
    """A page of the tips a statement read one past the page (so whether more follow is known), the page's
    tips recorded as read by the viewer: no audit record, no answer."""
    trail.read(t.id for t in tips[:first])
    return Page(items=tuple(tips[:first]), has_next=len(tips) > first, total=total)


@dataclass(frozen=True, slots=True)
class TipPosition:
    """A keyset position in newest-received-first order."""

    received_at: datetime
    tip_id: str

    def params(self) -> dict[str, Any]:
        return {"receivedAt": self.received_at, "id": self.tip_id}


async def search_tips(
    db: Database,
    trail: AuditTrail,
    tip_filter: TipFilter,
    first: int,
    after: TipPosition | None,
    with_total: bool,
) -> Page[TipRecord]:
    viewer = trail.viewer
    rows = await db.read(
        "tips/search",
        filter=tip_filter.params(),
        scope=viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
    )
    tips = [tip_from_row(row["tip"]) for row in rows][: first + 1]
    total = None
    if with_total:
        counted = await db.read("tips/search_count", filter=tip_filter.params(), scope=viewer.scope())
        total = counted[0]["total"]
    return audited_page(trail, tips, first, total)

"""The triage desk's lists: what is urgent, and what may lose its evidence soon."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import orjson

from graph.audit import AuditTrail
from graph.errors import BadInputError
from graph.model import Page, TipCard, TipRecord
from graph.scoring import Actionability, Priority
from graph.store.database import Database
from graph.tips import audited_page, head_or_card, platform_key, tip_from_row
from graph.viewer import Role

MAX_WITHIN_DAYS = 3650
PRIORITY_RANK = {Priority.URGENT: 0, Priority.P1: 1, Priority.P2: 2, Priority.P3: 3}
LINKED_SUFFIX = "IfLinked"


def queue_key(priority: Priority, deadline: datetime, score: int, tip_id: str) -> str:
    """One sortable string for the queue's order (priority, then deadline, then score, highest first), so
    the queue is an index range scan instead of a sort over every open tip."""
    return f"{PRIORITY_RANK[priority]}|{_deadline_text(deadline)}|{100 - score:03d}|{tip_id}"


@lru_cache(maxsize=1024)
def _deadline_text(deadline: datetime) -> str:
    # Cached: a batch's tips share their deadline (received together), and strftime is the key's main
    # cost. Equal instants in other zones are one cache entry, and rightly: the text is the UTC time.
    return f"{deadline.astimezone(UTC):%Y%m%dT%H%M%S}"


def triage_properties(
    result: Actionability, deadline: datetime, tip_id: str, suffix: str = ""
) -> dict[str, Any]:
    """The tip properties that carry its score; with a suffix, the variant kept for when it gains links."""
    # Each contribution as {"factor", "points", "evidence"}, as orjson would write the dataclass (a test
    # holds the text to the spelled-out form), but spelled out here: orjson writes a slotted dataclass at
    # twice the cost of the dicts, building them included.
    details = {
        "contributions": [
            {"factor": c.factor, "points": c.points, "evidence": c.evidence} for c in result.contributions
        ],
        "missing": result.missing,
        "urgentReason": result.urgent_reason,
    }
    # Enum values as `_value_` (an attribute; `.value` is a property, several times slower): every tip
    # is scored twice as it is prepared.
    # Both variants are computed at one moment, and their time bands are the same: stored once.
    timing = {} if suffix else {"scoredAt": result.computed_at, "scoreValidUntil": result.valid_until}
    return {
        **timing,
        f"score{suffix}": result.score,
        f"actionClass{suffix}": result.classification._value_,
        f"priority{suffix}": result.priority._value_,
        f"scoreDetails{suffix}": orjson.dumps(details).decode(),
        f"queueKeyWhenOpen{suffix}": queue_key(result.priority, deadline, result.score, tip_id),
    }


@dataclass(frozen=True, slots=True)
class DeadlinePosition:
    deadline: datetime
    tip_id: str

    def params(self) -> dict[str, Any]:
        return {"deadline": self.deadline, "id": self.tip_id}


async def expiring_tips(
    db: Database,
    trail: AuditTrail,
    within_days: int,
    first: int,
    after: DeadlinePosition | None,
    now: datetime | None = None,
) -> Page[TipRecord]:
    """Tips whose preservation deadline is within `within_days`, soonest first (overdue ones included: the
    evidence may already be gone, and someone should know): for the clearinghouse those not yet referred or
    closed, for an investigator those its agency holds (referred to it, not closed); nothing for a
    reporting service (which tips are still open would tell it their disposition: it has `submissions`)."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise BadInputError(f"withinDays must be between 0 and {MAX_WITHIN_DAYS}", field="withinDays")
    viewer = trail.viewer
    if not viewer.sees_triage:
        return Page(items=(), has_next=False)
    before = (now or datetime.now(UTC)) + timedelta(days=within_days)
    position = after.params() if after else None
    if viewer.role is Role.INVESTIGATOR:
        rows = await db.read(
            "tips/expiring_referred", agency=viewer.agency, before=before, after=position, limit=first + 1
        )
    else:
        rows = await db.read(
            "tips/expiring", before=before, scope=viewer.scope(), after=position, limit=first + 1
        )
    tips = [tip_from_row(row["tip"]) for row in rows]
    return audited_page(trail, tips, first)


MAX_PLATFORMS = 20
MAX_PLATFORM_CHARS = 200


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Every condition given must hold. Platforms compare by `platform_key` (case and spacing aside); the
    deadline window is an instant (`deadline_window` turns "within N days" into one), so a subscription
    keeps the window it started with."""

    priorities: tuple[str, ...] | None = None
    action_class: str | None = None
    dispositions: tuple[str, ...] | None = None
    incident_types: tuple[str, ...] | None = None
    platform_keys: tuple[str, ...] | None = None
    deadline_before: datetime | None = None
    cluster_kinds: tuple[str, ...] | None = None

    def params(self) -> dict[str, Any]:
        def listed(values: tuple[str, ...] | None) -> list[str] | None:
            return list(values) if values else None

        return {
            "priorities": listed(self.priorities),
            "actionClass": self.action_class,
            "dispositions": listed(self.dispositions),
            "incidentTypes": listed(self.incident_types),
            "platformKeys": listed(self.platform_keys),
            "deadlineBefore": self.deadline_before,
            "clusterKinds": listed(self.cluster_kinds),
        }


def platform_keys(platforms: Sequence[str] | None) -> tuple[str, ...] | None:
    """The platforms a queue filter names, as the keys tips carry; a bounded list of bounded names."""
    if not platforms:
        return None
    if len(platforms) > MAX_PLATFORMS or any(len(p) > MAX_PLATFORM_CHARS for p in platforms):
        raise BadInputError(
            f"at most {MAX_PLATFORMS} platforms of at most {MAX_PLATFORM_CHARS} characters", field="platforms"
        )
    keys = tuple(dict.fromkeys(platform_key(p) for p in platforms if p.strip()))
    return keys or None


def deadline_window(within_days: int | None, now: datetime | None = None) -> datetime | None:
    """The instant before which a tip's preservation deadline must fall to be "due within N days" (overdue
    ones included, as in expiring_tips)."""
    if within_days is None:
        return None
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise BadInputError(
            f"deadlineWithinDays must be between 0 and {MAX_WITHIN_DAYS}", field="deadlineWithinDays"
        )
    return (now or datetime.now(UTC)) + timedelta(days=within_days)


async def triage_queue(
    db: Database,
    trail: AuditTrail,
    queue_filter: QueueFilter,
    first: int,
    after: str | None,
    cards: bool = False,
) -> Page[TipRecord | TipCard]:
    """The viewer's worklist, most urgent first (priority, then preservation deadline, then score): the
    open tips (NEW or ACTIONABLE) for the clearinghouse, the tips referred to its agency and not yet closed
    for an investigator, nothing for a reporting service (the order would tell it the priority).
    `cards`: the tips' cards only, where the queue's statement reads them (an agency queue reads heads)."""
    viewer = trail.viewer
    if not viewer.sees_triage:
        return Page(items=(), has_next=False)
    if viewer.role is Role.INVESTIGATOR:
        rows = await db.read(
            "tips/agency_queue",
            agency=viewer.agency,
            filter=queue_filter.params(),
            after=after,
            limit=first + 1,
        )
        cards = False
    else:
        rows = await db.read(
            "tips/queue",
            filter=queue_filter.params(),
            scope=viewer.scope(),
            after=after,
            limit=first + 1,
            card=cards,
        )
    tips = [head_or_card(row["tip"], cards) for row in rows]
    return audited_page(trail, tips, first)


async def queue_depth(db: Database) -> int:
    """How many tips wait in the triage queue, across every viewer (for operators' metrics, not for users)."""
    (row,) = await db.read("metrics/queue_depth")
    return int(row["tips"])

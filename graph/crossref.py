"""Cross-reference: which other tips share identifiers with a tip, and which tips carry an identifier."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.audit import record_reads_ahead
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.generic import USAGE_REASONS
from graph.identifiers import REPORTER_CONTACT_REASON
from graph.kinds import IdentifierKind
from graph.linking import after_cursor, linked_tip, strongest_first
from graph.model import LinkedTip, Page, TipRecord
from graph.settings import Settings
from graph.store.database import Database, Row
from graph.tips import get_tips
from graph.viewer import Viewer

if TYPE_CHECKING:
    from graph.audit import AuditTrail


@dataclass(frozen=True, slots=True)
class LinkPosition:
    """A keyset position in strongest-first order."""

    weight: float
    tip_id: str


@dataclass(frozen=True, slots=True)
class TipWithLinks:
    """A tip as its viewer may see it (None: absent or hidden), a page of its links, and the linked tips of
    that page (in page order, None where one vanished since it was weighed)."""

    tip: TipRecord | None
    links: Page[LinkedTip]
    linked: tuple[TipRecord | None, ...]


async def linked_tips(
    db: Database,
    settings: Settings,
    viewer: Viewer,
    tip_id: str,
    first: int,
    after: LinkPosition | None,
    include_generic: bool,
) -> Page[LinkedTip]:
    """Tips linked to `tip_id` (which the caller has already loaded for this viewer), strongest first.

    The candidate set is bounded by construction: each identifier is expanded at most
    `generic_expansion_limit` tips deep (generic ones only when asked for). So the whole set is weighed
    here and paged by keyset.
    """
    rows = await _linked_rows(db, settings, viewer, tip_id, include_generic)
    return page_of_links(rows, settings, first, after)


async def tip_with_links(
    db: Database,
    settings: Settings,
    trail: AuditTrail,
    tip_id: str,
    first: int,
    after: LinkPosition | None,
    include_generic: bool,
) -> TipWithLinks:
    """A tip and a page of its links in two statements where `get_tips` and then `linked_tips` take three:
    the links first (the statement sees only a tip the viewer may see), then the tip and the page's linked
    tips in one read. Same answers as those two, so a selection of both may take this path.

    Rows mean the tip is in the viewer's scope, and so is every linked tip (the statement reads no other):
    the audit record of them is written while they are read, not after.
    """
    rows = await _linked_rows(db, settings, trail.viewer, tip_id, include_generic)
    links = page_of_links(rows, settings, first, after)
    ids = [tip_id, *(link.tip_id for link in links.items)]
    if rows:
        found, _ = await asyncio.gather(get_tips(db, trail, ids), record_reads_ahead(db, trail, ids))
    else:
        found = await get_tips(db, trail, ids)
    if found[0] is None:  # absent or hidden: its links were never read (the statement checks the scope)
        return TipWithLinks(None, Page(items=(), has_next=False, total=0), ())
    return TipWithLinks(found[0], links, tuple(found[1:]))


async def _linked_rows(
    db: Database, settings: Settings, viewer: Viewer, tip_id: str, include_generic: bool
) -> list[Row]:
    return await db.read(
        "tips/linked",
        id=tip_id,
        scope=viewer.scope(),
        includeGeneric=include_generic,
        expansionLimit=settings.generic_expansion_limit,
        genericAbove=GENERIC_ABOVE_BY_NAME,
        usageReasons=list(USAGE_REASONS),
        reporterContactReason=REPORTER_CONTACT_REASON,
    )


def page_of_links(
    rows: list[Row], settings: Settings, first: int, after: LinkPosition | None
) -> Page[LinkedTip]:
    """The rows of cypher/tips/linked (one per identifier of the tip) weighed into links, strongest first,
    and paged by keyset."""
    skipped = sum(1 for row in rows if row["skipped"])
    # One row per identifier of the tip; turned around into the identifiers each other tip shares with it.
    shared_by_tip: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        uid = identifier_uid(IdentifierKind(row["kind"]), row["key"])
        for hit in row["theirs"]:
            per_tip = shared_by_tip.setdefault(hit["tipId"], {})
            shared = per_tip.get(uid)
            if shared is None:
                shared = per_tip[uid] = {
                    "kind": row["kind"],
                    "key": row["key"],
                    "tipCount": row["tipCount"],
                    "generic": row["generic"],
                    "mine": row["mine"],
                    "theirs": [],
                }
            shared["theirs"].append(hit["occurrence"])
    links = strongest_first(
        linked_tip(other, list(per_tip.values())) for other, per_tip in shared_by_tip.items()
    )
    truncated = any(
        len(row["theirs"]) >= settings.generic_expansion_limit and row["tipCount"] - 1 > len(row["theirs"])
        for row in rows
    )
    total = len(links)
    if after is not None:
        links = after_cursor(links, after.weight, after.tip_id)
    return Page(
        items=tuple(links[:first]),
        has_next=len(links) > first,
        total=total,
        truncated=truncated,
        skipped_generic=skipped,
    )


def identifier_uid(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}|{key}"

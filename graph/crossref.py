"""Cross-reference: which other tips share identifiers with a tip, and which tips carry an identifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.generic import USAGE_REASONS
from graph.identifiers import REPORTER_CONTACT_REASON
from graph.kinds import IdentifierKind
from graph.linking import after_cursor, linked_tip, strongest_first
from graph.model import LinkedTip, Page
from graph.settings import Settings
from graph.store.database import Database
from graph.viewer import Viewer


@dataclass(frozen=True, slots=True)
class LinkPosition:
    """A keyset position in strongest-first order."""

    weight: float
    tip_id: str


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
    rows = await db.read(
        "tips/linked",
        id=tip_id,
        scope=viewer.scope(),
        includeGeneric=include_generic,
        expansionLimit=settings.generic_expansion_limit,
        genericAbove=GENERIC_ABOVE_BY_NAME,
        usageReasons=list(USAGE_REASONS),
        reporterContactReason=REPORTER_CONTACT_REASON,
    )
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

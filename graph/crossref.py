"""Cross-reference: which other tips share identifiers with a tip, and which tips carry an identifier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.audit import AuditTrail
from graph.errors import BadInputError
from graph.kinds import IdentifierKind
from graph.linking import after_cursor, linked_tip, strongest_first
from graph.model import IdentifierSummary, LinkedTip, Page, TipRecord
from graph.normalization import NormalizationError, parse_identifier_query
from graph.settings import Settings
from graph.store.database import Database
from graph.tips import GENERIC_ABOVE_BY_KIND, TipPosition, identifier_from_row, tip_from_row
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
        genericAbove=GENERIC_ABOVE_BY_KIND,
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


async def find_identifier(
    db: Database, viewer: Viewer, kind: IdentifierKind, value: str
) -> tuple[IdentifierSummary, int] | None:
    """The identifier `value` normalises to, with the number of tips the viewer may see that carry it.

    None when no visible tip carries it: to a scoped viewer an identifier seen only in hidden tips does
    not exist, or its existence would reveal theirs.
    """
    try:
        normal = parse_identifier_query(kind, value)
    except NormalizationError as exc:
        raise BadInputError(str(exc), field="value") from exc
    rows = await db.read("identifiers/get", uid=identifier_uid(normal.kind, normal.key), scope=viewer.scope())
    if not rows or rows[0]["visibleTipCount"] == 0:
        return None
    return identifier_from_row(rows[0]["identifier"]), rows[0]["visibleTipCount"]


async def identifier_tips(
    db: Database,
    trail: AuditTrail,
    kind: IdentifierKind,
    key: str,
    first: int,
    after: TipPosition | None,
) -> Page[TipRecord]:
    rows = await db.read(
        "identifiers/tips",
        uid=identifier_uid(kind, key),
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
    )
    tips = [tip_from_row(row["tip"]) for row in rows]
    trail.read(t.id for t in tips[:first])
    return Page(items=tuple(tips[:first]), has_next=len(tips) > first)

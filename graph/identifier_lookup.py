"""Looking an identifier up by a value, and paging the tips that carry it, as the viewer may see them:
its tip count, raw values and generic flag all come from the tips the viewer may see (graph/generic.py)."""

from __future__ import annotations

from graph.audit import AuditTrail
from graph.clustering.thresholds import LINKING_TIPS_CAP
from graph.errors import BadInputError
from graph.kinds import IdentifierKind
from graph.model import IdentifierSummary, Page, TipCard, TipRecord
from graph.normalization import NormalizationError, parse_identifier_query, parse_phone_query, phone_region
from graph.store.database import Database, Row
from graph.tips import TipPosition, audited_page, head_or_card, identifier_for
from graph.viewer import Viewer


def identifier_uid(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}|{key}"


def normal_uid(kind: IdentifierKind, value: str, country: str | None = None) -> str:
    """The uid of the identifier `value` normalises to (as ingest normalises it); `country` (ISO 3166
    alpha-2) is where a PHONE value in national format is dialled. Raises BadInputError on a bad value."""
    if country is not None:
        if kind is not IdentifierKind.PHONE:
            raise BadInputError("a country is given with a PHONE value only", field="country")
        try:
            phone_region(country)
        except NormalizationError as exc:
            raise BadInputError(str(exc), field="country") from exc
    try:
        if kind is IdentifierKind.PHONE:
            normal = parse_phone_query(value, country)
        else:
            normal = parse_identifier_query(kind, value)
    except NormalizationError as exc:
        raise BadInputError(str(exc), field="value") from exc
    return identifier_uid(normal.kind, normal.key)


def _visible(viewer: Viewer, row: Row) -> IdentifierSummary | None:
    """An identifiers/get row as `viewer` may see it; None when no tip the viewer may see carries it."""
    if row["visibleTipCount"] == 0:
        return None
    return identifier_for(viewer, {**row["identifier"], "tipCount": row["visibleTipCount"]})


async def find_identifier(
    db: Database, viewer: Viewer, kind: IdentifierKind, value: str, country: str | None = None
) -> IdentifierSummary | None:
    """The identifier `value` normalises to, as `viewer` may see it; `country` (ISO 3166 alpha-2) is
    where a PHONE value in national format is dialled.

    None when no visible tip carries it: to a scoped viewer an identifier seen only in hidden tips does
    not exist, or its existence would reveal theirs.
    """
    uid = normal_uid(kind, value, country)
    rows = await db.read("identifiers/get", uid=uid, scope=viewer.scope(), linkingCap=LINKING_TIPS_CAP)
    return _visible(viewer, rows[0]) if rows else None


async def find_identifier_with_tips(
    db: Database,
    trail: AuditTrail,
    kind: IdentifierKind,
    value: str,
    country: str | None,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> tuple[IdentifierSummary, Page[TipRecord | TipCard]] | None:
    """`find_identifier` and then `identifier_tips` in one read: the identifier as the viewer may see it,
    with a page of the tips it may see that carry it (cards only when `cards`); None as `find_identifier`
    gives it."""
    viewer = trail.viewer
    rows = await db.read(
        "identifiers/get_with_tips",
        uid=normal_uid(kind, value, country),
        scope=viewer.scope(),
        linkingCap=LINKING_TIPS_CAP,
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    found = _visible(viewer, rows[0]) if rows else None
    if found is None:
        return None
    tips = [head_or_card(tip, cards) for tip in rows[0]["tips"]]
    return found, audited_page(trail, tips, first)


async def identifier_tips(
    db: Database,
    trail: AuditTrail,
    kind: IdentifierKind,
    key: str,
    first: int,
    after: TipPosition | None,
    cards: bool = False,
) -> Page[TipRecord | TipCard]:
    """A page of the tips the viewer may see that carry the identifier, newest received first (their
    cards only when `cards`)."""
    rows = await db.read(
        "identifiers/tips",
        uid=identifier_uid(kind, key),
        scope=trail.viewer.scope(),
        after=after.params() if after else None,
        limit=first + 1,
        card=cards,
    )
    tips = [head_or_card(row["tip"], cards) for row in rows]
    return audited_page(trail, tips, first)

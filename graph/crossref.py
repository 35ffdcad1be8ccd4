"""Cross-reference: which other tips share identifiers with a tip, and which tips carry an identifier."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from graph.audit import record_reads_ahead, send_reads_ahead
from graph.clustering.evidence import PEOPLE_COUNTED, EvidenceModel, SharedFact, explain
from graph.clustering.model_store import load_model
from graph.clustering.pairs import people_of
from graph.clustering.thresholds import RULE_PARAMS
from graph.clustering.tiers import Tier, at_least, tier_of
from graph.generic import USAGE_REASONS
from graph.identifiers import REPORTER_CONTACT_REASON
from graph.kinds import IdentifierKind
from graph.linked_rows import LinkedRow
from graph.linking import after_cursor, link_weight, linked_tip, strongest_first
from graph.model import LinkedTip, Page, TipCard, TipRecord
from graph.settings import Settings
from graph.store.database import Database, Row
from graph.tips import card_from_row, get_tip_cards, get_tips
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

    tip: TipRecord | TipCard | None
    links: Page[LinkedTip]
    linked: tuple[TipRecord | TipCard | None, ...]


# The most other tips whose cards tips/linked ships with a tip's links (a page is chosen among them by
# weighing, so all are shipped): beyond it, the page's cards are read by a second statement instead.
CARDS_SHIPPED: Final = 150


@dataclass(frozen=True, slots=True)
class LinkedRead:
    """What cypher/tips/linked read of a tip the viewer may see: its identifiers (the rows `page_of_links`
    weighs) and, when read with cards, the tip's card and the cards of every tip linked to it (None when
    there were more than CARDS_SHIPPED, or when read without cards)."""

    identifiers: list[Row]
    tip: TipCard | None = None
    cards: dict[str, TipCard] | None = None


async def linked_tips(
    db: Database,
    settings: Settings,
    viewer: Viewer,
    tip_id: str,
    first: int,
    after: LinkPosition | None,
    include_generic: bool,
    tier: Tier | None = None,
    evidence: bool = True,
) -> Page[LinkedTip]:
    """Tips linked to `tip_id` (which the caller has already loaded for this viewer), strongest first.

    The candidate set is bounded by construction: each identifier is expanded at most
    `generic_expansion_limit` tips deep (generic ones only when asked for). So the whole set is weighed
    here and paged by keyset. `tier`: only links of that tier or stronger (by the evidence model);
    `evidence`: the evidence model's verdict on the page's links (`page_of_links`).
    """
    read = await _read_linked(db, settings, viewer, tip_id, include_generic, cards=False)
    return page_of_links(read.identifiers if read else [], settings, first, after, tier, evidence)


async def tip_with_links(
    db: Database,
    settings: Settings,
    trail: AuditTrail,
    tip_id: str,
    first: int,
    after: LinkPosition | None,
    include_generic: bool,
    tier: Tier | None = None,
    evidence: bool = True,
    cards: bool = False,
) -> TipWithLinks:
    """A tip and a page of its links, where `get_tips` and then `linked_tips` take three statements: with
    `cards` (the tips' cards only) in one, which reads the tip's links with its card and the cards of every
    linked tip (a second reads the page's cards when they are many); else in two, the links and then the
    heads of the tip and of the page's linked tips. Same answers as those, so a selection of both may take
    this path.

    A row means the tip is in the viewer's scope, and so is every linked tip (the statement reads no other):
    the audit record of the page is written before the answer, while the heads are read when there are any.
    """
    read = await _read_linked(db, settings, trail.viewer, tip_id, include_generic, cards)
    if read is None:  # absent or hidden: nothing of it was read
        return TipWithLinks(None, Page(items=(), has_next=False, total=0), ())
    links = page_of_links(read.identifiers, settings, first, after, tier, evidence)
    ids = [tip_id, *(link.tip_id for link in links.items)]
    if read.tip is not None and read.cards is not None:
        shipped = read.cards
        trail.read(ids)
        send_reads_ahead(db, trail, ids)  # written while the answer is built; it leaves once written
        return TipWithLinks(read.tip, links, tuple(shipped.get(link.tip_id) for link in links.items))
    fetch = _read_cards(db, trail, ids) if cards else _read_heads(db, trail, ids)
    found, _ = await asyncio.gather(fetch, record_reads_ahead(db, trail, ids))
    if found[0] is None:  # gone since its links were read
        return TipWithLinks(None, Page(items=(), has_next=False, total=0), ())
    return TipWithLinks(found[0], links, tuple(found[1:]))


async def _read_heads(db: Database, trail: AuditTrail, ids: list[str]) -> list[TipRecord | TipCard | None]:
    return list(await get_tips(db, trail, ids))


async def _read_cards(db: Database, trail: AuditTrail, ids: list[str]) -> list[TipRecord | TipCard | None]:
    return list(await get_tip_cards(db, trail, ids))


async def _read_linked(
    db: Database, settings: Settings, viewer: Viewer, tip_id: str, include_generic: bool, cards: bool
) -> LinkedRead | None:
    """cypher/tips/linked for one tip; None when the viewer may not see it (or it does not exist)."""
    rows = await db.read(
        "tips/linked",
        id=tip_id,
        scope=viewer.scope(),
        includeGeneric=include_generic,
        expansionLimit=settings.generic_expansion_limit,
        **RULE_PARAMS,
        usageReasons=list(USAGE_REASONS),
        reporterContactReason=REPORTER_CONTACT_REASON,
        peopleCounted=PEOPLE_COUNTED,
        card=cards,
        cardsShipped=CARDS_SHIPPED,
    )
    if not rows:
        return None
    (row,) = rows
    if not cards:
        return LinkedRead(row["identifiers"])
    shipped = row["linked"]
    return LinkedRead(
        row["identifiers"],
        card_from_row(row["tip"]),
        None if shipped is None else {card.id: card for card in map(card_from_row, shipped)},
    )


def page_of_links(
    rows: list[Row],
    settings: Settings,
    first: int,
    after: LinkPosition | None,
    tier: Tier | None = None,
    evidence: bool = True,
) -> Page[LinkedTip]:
    """The identifiers cypher/tips/linked read of a tip (a map each) weighed into links, those of `tier`
    or stronger by the evidence model (all when None), strongest first, and paged by keyset.

    Links are ordered by their hand weight, so only the links of the page are spelled out (their shared
    identifiers, reasons and roles); the others are ranked by their weight alone. The evidence model weighs
    only the links of the page, and only when `evidence` (a selection of none of its fields leaves
    matchWeight, matchProbability, tier and the shared identifiers' levels at their defaults); a tier filter
    weighs every link it filters.
    """
    identifiers = [LinkedRow.of(row) for row in rows]
    skipped = sum(1 for row in rows if row["skipped"])
    # One row per identifier of the tip; turned around into where each other tip appears in which row.
    positions_by_tip: dict[str, dict[int, list[int]]] = {}
    for index, identifier in enumerate(identifiers):
        for position, other in enumerate(identifier.their_tips):
            per_tip = positions_by_tip.get(other)
            if per_tip is None:
                positions_by_tip[other] = {index: [position]}
            elif index in per_tip:
                per_tip[index].append(position)
            else:
                per_tip[index] = [position]
    truncated = any(
        len(identifier.their_tips) >= settings.generic_expansion_limit
        and identifier.tip_count - 1 > len(identifier.their_tips)
        for identifier in identifiers
    )

    spelled: dict[str, dict[str, dict[str, Any]]] = {}

    def shared_with(other: str) -> dict[str, dict[str, Any]]:
        found = spelled.get(other)
        if found is None:
            found = spelled[other] = {
                identifiers[index].uid: identifiers[index].shared_with(positions)
                for index, positions in positions_by_tip[other].items()
            }
        return found

    def spelled_out(other: str) -> LinkedTip:
        return linked_tip(other, list(shared_with(other).values()))

    if tier is not None:
        model = load_model(settings.cache_dir)
        every = strongest_first(spelled_out(other) for other in positions_by_tip)
        weighed = (with_evidence(model, link, shared_with(link.tip_id)) for link in every)
        links = [link for link in weighed if at_least(Tier(link.tier), tier)]
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
    # Strongest first by (-weight, tip id), as strongest_first orders spelled-out links.
    ranked = sorted(
        (-link_weight([identifiers[index].ranked(positions) for index, positions in per_tip.items()]), other)
        for other, per_tip in positions_by_tip.items()
    )
    total = len(ranked)
    if after is not None:
        ranked = [
            (w, other)
            for w, other in ranked
            if -w < after.weight or (-w == after.weight and other > after.tip_id)
        ]
    page = [spelled_out(other) for _, other in ranked[:first]]
    if evidence:
        model = load_model(settings.cache_dir)
        page = [with_evidence(model, link, shared_with(link.tip_id)) for link in page]
    return Page(
        items=tuple(page),
        has_next=len(ranked) > first,
        total=total,
        truncated=truncated,
        skipped_generic=skipped,
    )


def with_evidence(model: EvidenceModel, link: LinkedTip, per_tip: dict[str, dict[str, Any]]) -> LinkedTip:
    """The link with the evidence model's verdict (graph.clustering.evidence.explain) on it, weighed as
    clustering weighs it: the people behind a value are the distinct suspect accounts of its tips; for a
    scoped viewer, of the tips it may see (a count of hidden tips' accounts would tell of hidden tips)."""
    rows = {(row["kind"], row["key"]): row for row in per_tip.values()}
    ordered = [rows[(s.kind.value, s.key)] for s in link.shared]
    facts = [
        SharedFact(
            kind=IdentifierKind(row["kind"]),
            key=row["key"],
            people=people_behind(row["tipCount"], row["accounts"], row["generic"]),
            mine=row["mine"],
            theirs=row["theirs"],
            file_url=row["kind"] == IdentifierKind.URL.value
            and all(o.get("role") == "FILE" for o in (*row["mine"], *row["theirs"])),
        )
        for row in ordered
    ]
    explained = explain(model, facts)
    shared = tuple(
        replace(s, level=found.level if found else "", match_weight=round(gain, 4))
        for s, found, gain in zip(link.shared, explained.comparisons, explained.gains, strict=True)
    )
    probability = explained.pair.probability
    return replace(
        link,
        shared=shared,
        match_weight=round(explained.pair.match_weight, 4),
        match_probability=round(probability, 6),
        tier=tier_of(probability).value,
    )


def people_behind(tip_count: int, accounts: int, generic: bool) -> int:
    """`graph.clustering.pairs.people_of` for a row of cypher/tips/linked, which counts accounts only for a
    non-generic value above two tips (a generic one, shown only when asked for, is weighed by its tips)."""
    return people_of(tip_count, accounts if not generic and tip_count > 2 else tip_count)


def identifier_uid(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}|{key}"

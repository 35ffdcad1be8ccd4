"""Cross-reference: which other tips share identifiers with a tip, and which tips carry an identifier."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.clustering.evidence import EvidenceModel, SharedFact, explain
from graph.clustering.model_store import load_model
from graph.clustering.thresholds import GENERIC_ABOVE_BY_NAME
from graph.clustering.tiers import Tier, at_least, tier_of
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
    tier: Tier | None = None,
) -> Page[LinkedTip]:
    """Tips linked to `tip_id` (which the caller has already loaded for this viewer), strongest first.

    The candidate set is bounded by construction: each identifier is expanded at most
    `generic_expansion_limit` tips deep (generic ones only when asked for). So the whole set is weighed
    here and paged by keyset. `tier`: only links of that tier or stronger (by the evidence model).
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
                    "accounts": row["accounts"],
                    "generic": row["generic"],
                    "mine": row["mine"],
                    "theirs": [],
                }
            shared["theirs"].append(hit["occurrence"])
    model = load_model(settings.cache_dir)
    weighed = (
        with_evidence(model, linked_tip(other, list(per_tip.values())), per_tip)
        for other, per_tip in shared_by_tip.items()
    )
    links = strongest_first(link for link in weighed if tier is None or at_least(Tier(link.tier), tier))
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
    """As `graph.clustering.pairs.people_behind`: accounts, at most the tips, at least two; a generic value
    (shown only when asked for) by its tips."""
    if generic or tip_count <= 2:
        return max(2, tip_count)
    return max(2, min(tip_count, accounts))


def identifier_uid(kind: IdentifierKind, key: str) -> str:
    return f"{kind.value}|{key}"

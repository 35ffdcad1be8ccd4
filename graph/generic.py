"""Whether an identifier is generic, as a viewer may learn it.

The store's `generic` flag counts every tip, and some of its reasons come from how tips used the value (a
file a service flagged viral, a service's own contact address). Shown to a viewer who does not see every
tip, that flag says how many hidden tips carry the value. So:

- viewers who see every tip (analysts, supervisors) get the store's verdict and reason;
- scoped viewers (reporters, investigators) get a verdict from what reveals nothing about hidden tips: a
  static rule on the value alone (known-benign list, carrier-NAT / private / special address ranges, a
  country or region alone), a reason one of *their* tips gives (the value is a reporting service's own
  contact address there), a supervisor's mark, or the people rule (`graph.clustering.thresholds.
  links_people`) on the tips *they may see* and the suspect accounts behind those tips.
  The reason says which; a supervisor's own words are not shown, as they may speak of hidden tips. (A file
  some hidden tip flagged viral is not generic to them by that flag: the flag is not on the link.)

`generic_for(viewer, ...)` is the one policy; every field that shows a generic flag calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from graph.clustering.thresholds import (
    GENERIC_ABOVE,
    LINKING_TIPS_CAP,
    ONE_PERSONS_TIPS_PER_ACCOUNT,
    links_people,
)
from graph.identifiers import REPORTER_CONTACT_REASON, VIRAL_FILE_REASON
from graph.kinds import IdentifierKind
from graph.model import IdentifierSummary
from graph.normalization import NormalizationError, parse_identifier_query
from graph.viewer import Viewer

TOO_MANY_TIPS = "too common to link tips: behind too many people, or carried by too many tips"
MARKED = "marked generic by a supervisor"
# Stored reasons that come from how tips used a value, not from the value itself: they speak of those tips.
USAGE_REASONS = frozenset({VIRAL_FILE_REASON, REPORTER_CONTACT_REASON})


@dataclass(frozen=True, slots=True)
class GenericVerdict:
    generic: bool
    reason: str | None


def static_generic_reason(kind: IdentifierKind, key: str) -> str | None:
    """Why the value alone makes an identifier generic (the normaliser's own rule), else None."""
    try:
        normal = parse_identifier_query(kind, key)
    except NormalizationError:
        return None
    return normal.generic_reason if normal.key == key else None


def stored_generic_reason(stored: Mapping[str, Any]) -> str | None:
    """The store's reason, as viewers who see every tip get it."""
    if stored.get("genericReason"):
        return str(stored["genericReason"])
    if stored.get("markedGeneric"):
        return f"marked generic by {stored.get('markedBy')}: {stored.get('markedReason')}"
    return TOO_MANY_TIPS if stored.get("generic") else None


def generic_for(
    viewer: Viewer,
    kind: IdentifierKind,
    key: str,
    stored: Mapping[str, Any],
    visible_tip_count: int,
    reporter_contact_in_view: bool = False,
) -> GenericVerdict:
    """The generic flag and reason `viewer` may see for an identifier.

    `stored` holds the node's `generic`, `genericReason`, `markedGeneric`, `markedBy` and `markedReason`;
    `visible_tip_count` is how many distinct tips the viewer may see carry it, and `stored` may say
    `visibleAccounts`, the suspect accounts behind it in those tips; `reporter_contact_in_view` says one of
    those tips carries it as the reporting service's own contact (role REPORTER).
    """
    if viewer.sees_every_tip:
        return GenericVerdict(bool(stored.get("generic")), stored_generic_reason(stored))
    reason = static_generic_reason(kind, key)
    if reason is None and reporter_contact_in_view:
        reason = REPORTER_CONTACT_REASON
    if reason is None and stored.get("markedGeneric"):
        reason = MARKED
    if reason is None:
        reason = _too_common(kind, visible_tip_count, int(stored.get("visibleAccounts") or 0))
    return GenericVerdict(reason is not None, reason)


def _too_common(kind: IdentifierKind, tips: int, accounts: int) -> str | None:
    """Why the people rule makes a value generic from the tips and accounts a viewer may see, else None."""
    if links_people(kind, tips, accounts, False):
        return None
    threshold = GENERIC_ABOVE[kind]
    if threshold == 0:
        return f"a {kind.value.lower()} never links tips by itself"
    if tips > LINKING_TIPS_CAP:
        return f"carried by {tips} tips you may see, more than the {LINKING_TIPS_CAP} that may link"
    if accounts == 0:
        return f"carried by {tips} tips you may see, more than the {threshold} that may link"
    return (
        f"behind {accounts} suspect accounts in the tips you may see, more than the {threshold} that may"
        f" link, with fewer than {ONE_PERSONS_TIPS_PER_ACCOUNT} tips each"
    )


def summary_for(viewer: Viewer, summary: IdentifierSummary, stored: Mapping[str, Any]) -> IdentifierSummary:
    """An identifier summary (its tip count already the viewer's) with the generic flag the viewer may see;
    `stored` may say `reporterContactInView` (see `generic_for`)."""
    verdict = generic_for(
        viewer,
        summary.kind,
        summary.key,
        stored,
        summary.tip_count,
        bool(stored.get("reporterContactInView")),
    )
    return replace(summary, generic=verdict.generic, generic_reason=verdict.reason)

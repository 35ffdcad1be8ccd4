"""How strongly two tips are linked, and why.

Each shared identifier contributes a weight in [0, 1]: the strength of its kind, discounted by how many tips
share it (a value seen in two tips says far more than one seen in forty), and for IPs by the observations
(same port within a minute is near-proof; a proxy flag or hours apart is little). Contributions combine as a
noisy-or, 1 - prod(1 - w), so several weak links add up but never beyond a certain one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from graph.kinds import IdentifierKind
from graph.model import IpObservation, LinkedTip, Role, SharedIdentifier

# The strength of a shared value of each kind before specificity; documented in the README.
KIND_STRENGTH: Mapping[IdentifierKind, float] = {
    IdentifierKind.ACCOUNT: 0.95,
    IdentifierKind.REPORT: 0.95,
    IdentifierKind.DEVICE: 0.9,
    IdentifierKind.EMAIL: 0.85,
    IdentifierKind.PHONE: 0.85,
    IdentifierKind.URL: 0.7,
    IdentifierKind.SCREEN_NAME: 0.6,
    IdentifierKind.FILE_HASH: 0.5,
    IdentifierKind.IP: 0.6,
    IdentifierKind.LOCATION: 0.05,
}
UNVERIFIED_EMAIL_FACTOR = 0.8
SAME_SESSION_SECONDS = 60
SAME_DAY_SECONDS = 86_400
# The kinds whose weight reads the occurrences (the captures of an IP, the verification of an email): any
# other kind weighs the same for every tip sharing it.
OCCURRENCE_KINDS = frozenset({IdentifierKind.IP, IdentifierKind.EMAIL})


def specificity(tip_count: int) -> float:
    """1 for a value shared by two tips, falling with the log of how many share it."""
    return 1.0 / (1.0 + math.log2(max(tip_count, 2) - 1))


def _ip_factor(mine: Sequence[IpObservation], theirs: Sequence[IpObservation]) -> tuple[float, str]:
    best, why = 0.3, "same IP, no capture times to compare"
    for a in mine:
        for b in theirs:
            if a.possible_proxy or b.possible_proxy:
                factor, reason = 0.15, "same IP flagged as a possible proxy"
            elif a.at is None or b.at is None:
                factor, reason = 0.3, "same IP, no capture times to compare"
            else:
                apart = abs((a.at - b.at).total_seconds())
                same_port = a.port is not None and a.port == b.port
                if apart <= SAME_SESSION_SECONDS and same_port:
                    factor, reason = 1.0, f"same IP and port {a.port} within {int(apart)} s"
                elif apart <= SAME_SESSION_SECONDS:
                    factor, reason = 0.8, f"same IP within {int(apart)} s"
                elif apart <= SAME_DAY_SECONDS:
                    factor, reason = 0.6, f"same IP {apart / 3600:.1f} h apart"
                else:
                    factor, reason = 0.35, f"same IP {apart / 86_400:.0f} days apart"
            if factor > best:
                best, why = factor, reason
    return best, why


def observation_from(occurrence: Mapping[str, Any]) -> IpObservation:
    """An occurrence's capture; its time as the driver's DateTime or as ISO text (cypher/tips/linked)."""
    at = occurrence.get("at")
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    elif at is not None and hasattr(at, "to_native"):
        at = at.to_native()
    return IpObservation(
        event=occurrence.get("event"),
        at=at,
        port=occurrence.get("port"),
        possible_proxy=occurrence.get("possibleProxy"),
    )


def shared_weight(
    kind: IdentifierKind,
    tip_count: int,
    mine: Sequence[Mapping[str, Any]],
    theirs: Sequence[Mapping[str, Any]],
) -> tuple[float, str]:
    """The contribution of one shared identifier, with a sentence saying why."""
    strength = KIND_STRENGTH[kind]
    why = f"shared {kind.value.lower().replace('_', ' ')}"
    if kind is IdentifierKind.IP:
        factor, why = _ip_factor([observation_from(o) for o in mine], [observation_from(o) for o in theirs])
        strength *= factor
    elif kind is IdentifierKind.EMAIL and not any(o.get("verified") for o in [*mine, *theirs]):
        strength *= UNVERIFIED_EMAIL_FACTOR
        why += " (unverified)"
    spec = specificity(tip_count)
    if tip_count > 2:
        why += f", carried by {tip_count} tips"
    return strength * spec, why


def combine(weights: Iterable[float]) -> float:
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - w
    return 1.0 - remaining


# Enum lookups by value without the enum call (the weighing loop runs them for every occurrence).
_KIND_OF: Mapping[str, IdentifierKind] = {kind.value: kind for kind in IdentifierKind}
_ROLE_OF: Mapping[str, Role] = {role.value: role for role in Role}


def roles_of(occurrences: Iterable[Mapping[str, Any]]) -> tuple[Role, ...]:
    return tuple(sorted({_ROLE_OF[o["role"]] for o in occurrences}))


def linked_tip(tip_id: str, shared_rows: Sequence[Mapping[str, Any]]) -> LinkedTip:
    """Weighs one candidate from the rows of cypher/tips/linked (one row per shared identifier)."""
    shared: list[SharedIdentifier] = []
    for row in shared_rows:
        kind = _KIND_OF[row["kind"]]
        weight, reason = shared_weight(kind, row["tipCount"], row["mine"], row["theirs"])
        shared.append(
            SharedIdentifier(
                kind=kind,
                key=row["key"],
                tip_count=row["tipCount"],
                generic=row["generic"],
                weight=round(weight, 6),
                reason=reason,
                roles_here=roles_of(row["mine"]),
                roles_there=roles_of(row["theirs"]),
            )
        )
    shared.sort(key=lambda s: (-s.weight, s.kind.value, s.key))
    return LinkedTip(
        tip_id=tip_id,
        weight=link_weight([(s.weight, s.kind.value, s.key) for s in shared]),
        shared=tuple(shared),
    )


def link_weight(shared: Sequence[tuple[float, str, str]]) -> float:
    """A link's weight from its shared identifiers' (rounded weight, kind, key): combined strongest first,
    as `linked_tip` lists them, so that every reader ranks a link by the very same float."""
    ordered = shared if len(shared) < 2 else sorted(shared, key=lambda s: (-s[0], s[1], s[2]))
    return round(combine(weight for weight, _, _ in ordered), 6)


def strongest_first(links: Iterable[LinkedTip]) -> list[LinkedTip]:
    return sorted(links, key=lambda link: (-link.weight, link.tip_id))


def after_cursor(links: Sequence[LinkedTip], weight: float, tip_id: str) -> list[LinkedTip]:
    """The links after position (weight, tip_id) in strongest-first order: a keyset, not an offset."""
    return [
        link for link in links if link.weight < weight or (link.weight == weight and link.tip_id > tip_id)
    ]

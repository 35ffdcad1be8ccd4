"""What holds a cluster together, and so what kind of cluster it is, with the evidence shown to analysts.

The glue of a cluster is its linking identifiers carried by two members or more. One offender's reports
stick through his own values (accounts, emails, phones, devices, handles, prior reports) and show few
accounts; viral content sticks through file hashes carried by many distinct accounts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from graph.clustering.edges import FILE_EVIDENCE, evidence_class, linking_groups
from graph.clustering.occurrences import Occurrence
from graph.clustering.spread import ACCOUNTS_PER_PERSON, suspect_accounts
from graph.kinds import IdentifierKind

PERSONAL_KINDS: Final = frozenset(
    {
        IdentifierKind.ACCOUNT,
        IdentifierKind.SCREEN_NAME,
        IdentifierKind.EMAIL,
        IdentifierKind.PHONE,
        IdentifierKind.DEVICE,
        IdentifierKind.REPORT,
    }
)
# More reported accounts than two people would show and it is not one actor.
SINGLE_ACTOR_MAX_ACCOUNTS: Final = 2 * ACCOUNTS_PER_PERSON
# A file carried by this many distinct accounts is spreading, not one person's.
VIRAL_MIN_ACCOUNTS_PER_FILE: Final = 3
# Share of the glue (identifier-tip incidences) that must be of one sort to name the kind.
DOMINANT_SHARE: Final = 0.6
GEOHASH_PREFIX: Final = "geo:"


class ClusterKind(StrEnum):
    SINGLE_ACTOR = "SINGLE_ACTOR"
    VIRAL_CONTENT = "VIRAL_CONTENT"
    MIXED = "MIXED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a cluster got its kind. `glue` counts the glue identifiers per kind; `accounts_per_file` is the
    most distinct accounts behind one glue file (0 without file glue); `places` counts distinct locations."""

    tips: int
    accounts: int
    accounts_per_file: int
    glue: tuple[tuple[IdentifierKind, int], ...]
    platforms: tuple[str, ...]
    countries: tuple[str, ...]
    places: int
    first_seen: datetime | None
    last_seen: datetime | None
    reason: str

    @property
    def span_days(self) -> float | None:
        if self.first_seen is None or self.last_seen is None:
            return None
        return (self.last_seen - self.first_seen).total_seconds() / 86_400


def _platform(occurrence: Occurrence) -> str | None:
    if occurrence.kind in (IdentifierKind.ACCOUNT, IdentifierKind.SCREEN_NAME):
        return occurrence.key.partition(":")[0]
    return None


def _country(occurrence: Occurrence) -> str | None:
    if occurrence.kind is IdentifierKind.LOCATION and not occurrence.key.startswith(GEOHASH_PREFIX):
        return occurrence.key.partition(":")[0]
    return None


def classify(
    occurrences: Iterable[Occurrence], seen_at: Mapping[str, datetime] | None = None
) -> tuple[ClusterKind, Evidence]:
    """The kind of the cluster whose members' occurrences are given. `seen_at` (tip -> incident time) dates
    the cluster; without it the IP observations' times are used."""
    rows = list(occurrences)
    tips = {o.tip_id for o in rows}
    accounts_by_tip = suspect_accounts(rows)
    accounts = set().union(*accounts_by_tip.values()) if accounts_by_tip else set()
    glue_kinds: Counter[IdentifierKind] = Counter()
    personal = files = 0
    accounts_per_file = 0
    for group in linking_groups(rows)[0].values():
        glue_kinds[group.kind] += 1
        incidences = len(group.by_tip)
        if group.kind in PERSONAL_KINDS:
            personal += incidences
        elif evidence_class(group) == FILE_EVIDENCE:
            files += incidences
            behind = set().union(*(accounts_by_tip.get(tip, set()) for tip in group.by_tip))
            accounts_per_file = max(accounts_per_file, len(behind))
    times = sorted(seen_at[tip] for tip in tips if tip in seen_at) if seen_at else []
    if not times:
        times = sorted(o.at for o in rows if o.at is not None)
    places = {o.key for o in rows if o.kind is IdentifierKind.LOCATION}
    glue_total = sum(glue_kinds.values())
    kind, reason = _kind(len(tips), glue_total, personal, files, len(accounts), accounts_per_file)
    evidence = Evidence(
        tips=len(tips),
        accounts=len(accounts),
        accounts_per_file=accounts_per_file,
        glue=tuple(sorted(glue_kinds.items(), key=lambda item: (-item[1], item[0].value))),
        platforms=tuple(sorted({p for o in rows if (p := _platform(o)) is not None})),
        countries=tuple(sorted({c for o in rows if (c := _country(o)) is not None})),
        places=len(places),
        first_seen=times[0] if times else None,
        last_seen=times[-1] if times else None,
        reason=reason,
    )
    return kind, evidence


def _kind(
    tips: int, glue: int, personal: int, files: int, accounts: int, accounts_per_file: int
) -> tuple[ClusterKind, str]:
    if tips < 2 or glue == 0:
        return ClusterKind.UNKNOWN, "a single tip, or no identifier shared by two members"
    total = personal + files or 1
    if personal / total >= DOMINANT_SHARE and accounts <= SINGLE_ACTOR_MAX_ACCOUNTS:
        return ClusterKind.SINGLE_ACTOR, f"held by personal identifiers; {accounts} reported account(s)"
    if files / total >= DOMINANT_SHARE and accounts_per_file >= VIRAL_MIN_ACCOUNTS_PER_FILE:
        return ClusterKind.VIRAL_CONTENT, f"held by files; up to {accounts_per_file} accounts behind one file"
    return ClusterKind.MIXED, (
        f"glue of {personal} personal and {files} file links; {accounts} reported account(s)"
    )

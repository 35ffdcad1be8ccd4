"""What holds a cluster together, and so what kind of cluster it is, with the evidence shown to analysts.

The glue of a cluster is its linking identifiers carried by two members or more. One offender's reports
stick through his own values (accounts, emails, phones, devices, handles, prior reports) and show few
accounts; viral content sticks through file hashes carried by many distinct accounts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from graph.clustering.occurrences import Occurrence
from graph.clustering.spread import ACCOUNTS_PER_PERSON, SPREAD_CAP
from graph.clustering.thresholds import LINKING_TIPS_CAP, links_people
from graph.kinds import IdentifierKind
from graph.model import Role

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


def classify(
    occurrences: Iterable[Occurrence], seen_at: Mapping[str, datetime] | None = None
) -> tuple[ClusterKind, Evidence]:
    """The kind of the cluster whose members' occurrences are given. `seen_at` (tip -> incident time) dates
    the cluster; without it the IP observations' times are used."""
    rows = list(occurrences)
    # One pass over the rows (a recompute classifies every cluster): members, accounts, platforms,
    # countries, places, and per identifier what `_glue` needs.
    tips: set[str] = set()
    accounts_by_tip: dict[str, set[str]] = {}
    platforms: set[str] = set()
    countries: set[str] = set()
    places: set[str] = set()
    identifiers: dict[str, _Carried] = {}
    for o in rows:
        tip, carried_kind = o.tip_id, o.kind
        tips.add(tip)
        if carried_kind is IdentifierKind.ACCOUNT:
            platforms.add(o.key.partition(":")[0])
            if o.role is Role.SUSPECT:
                held = accounts_by_tip.get(tip)
                if held is None:
                    accounts_by_tip[tip] = {o.uid}
                else:
                    held.add(o.uid)
        elif carried_kind is IdentifierKind.SCREEN_NAME:
            platforms.add(o.key.partition(":")[0])
        elif carried_kind is IdentifierKind.LOCATION:
            places.add(o.key)
            if not o.key.startswith(GEOHASH_PREFIX):
                countries.add(o.key.partition(":")[0])
        carried = identifiers.get(o.uid)
        if carried is None:
            identifiers[o.uid] = _Carried(o)
        else:
            carried.add(o)
    accounts = set().union(*accounts_by_tip.values()) if accounts_by_tip else set()
    glue_kinds: Counter[IdentifierKind] = Counter()
    personal = files = 0
    accounts_per_file = 0
    for carried in _glue(identifiers, accounts_by_tip):
        glue_kinds[carried.kind] += 1
        incidences = len(carried.tips)
        if carried.kind in PERSONAL_KINDS:
            personal += incidences
        elif carried.is_file:
            files += incidences
            behind = set().union(*(accounts_by_tip.get(tip, set()) for tip in carried.tips))
            accounts_per_file = max(accounts_per_file, len(behind))
    times = sorted(seen_at[tip] for tip in tips if tip in seen_at) if seen_at else []
    if not times:
        times = sorted(o.at for o in rows if o.at is not None)
    glue_total = sum(glue_kinds.values())
    kind, reason = _kind(len(tips), glue_total, personal, files, len(accounts), accounts_per_file)
    evidence = Evidence(
        tips=len(tips),
        accounts=len(accounts),
        accounts_per_file=accounts_per_file,
        glue=tuple(sorted(glue_kinds.items(), key=lambda item: (-item[1], item[0].value))),
        platforms=tuple(sorted(platforms)),
        countries=tuple(sorted(countries)),
        places=len(places),
        first_seen=times[0] if times else None,
        last_seen=times[-1] if times else None,
        reason=reason,
    )
    return kind, evidence


class _Carried:
    """One identifier among a cluster's rows: what `group_by_identifier` keeps of it for `linking_groups`
    (its tips in order of first sight, its rows, the largest tip count, any explicit generic verdict), the
    largest stored account count of its rows, and whether every row is a file's (a file URL)."""

    __slots__ = ("accounts", "files", "generic", "kind", "rows", "tip_count", "tips")

    def __init__(self, first: Occurrence) -> None:
        self.kind = first.kind
        self.tips: dict[str, None] = {first.tip_id: None}
        self.rows = 1
        self.tip_count = max(first.tip_count, 0)
        self.generic = first.generic
        self.accounts = first.accounts
        self.files = first.role is Role.FILE

    @property
    def is_file(self) -> bool:
        """File evidence (`edges.evidence_class` FILE): a hash, or a URL only files carry."""
        return self.kind is IdentifierKind.FILE_HASH or (self.kind is IdentifierKind.URL and self.files)

    def add(self, o: Occurrence) -> None:
        self.tips[o.tip_id] = None
        self.rows += 1
        if o.tip_count > self.tip_count:
            self.tip_count = o.tip_count
        self.generic = self.generic or o.generic
        if o.accounts is not None and (self.accounts is None or o.accounts > self.accounts):
            self.accounts = o.accounts
        self.files = self.files and o.role is Role.FILE


def _glue(identifiers: Mapping[str, _Carried], accounts_by_tip: Mapping[str, set[str]]) -> Iterator[_Carried]:
    """The identifiers that `linking_groups` finds linking among the rows (by the people rule): carried by
    two tips or more, not generic, within the cap, with the people behind each as `account_spread` counts
    them (the store's count when a row has one, else the tips' distinct suspect accounts, up to its cap)."""
    for carried in identifiers.values():
        if carried.rows < 2 or len(carried.tips) < 2 or carried.generic:
            continue
        if carried.tip_count > LINKING_TIPS_CAP:
            continue
        spread = carried.accounts
        if spread is None:
            seen: set[str] = set()
            for tip in carried.tips:
                seen.update(accounts_by_tip.get(tip, ()))
                if len(seen) >= SPREAD_CAP:
                    break
            spread = len(seen)
        if links_people(carried.kind, carried.tip_count, spread, False):
            yield carried


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

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

from graph.clustering.edges import accounts_behind
from graph.clustering.occurrences import Occurrence, counts_of
from graph.clustering.spread import ACCOUNTS_PER_PERSON
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
    # One pass gathers each identifier's rows, each tip's suspect accounts, the members and their places;
    # then the glue is what links among the rows, by the one rule `edges.linking_identifiers` applies, taken
    # from each identifier's rows without building its group (a recompute classifies every cluster).
    rows_of: dict[str, list[Occurrence]] = {}
    accounts_by_tip: dict[str, set[str]] = {}
    tips: set[str] = set()
    platforms: set[str] = set()
    countries: set[str] = set()
    places: set[str] = set()
    account, screen_name = IdentifierKind.ACCOUNT, IdentifierKind.SCREEN_NAME
    location, suspect = IdentifierKind.LOCATION, Role.SUSPECT
    for o in rows:
        tip = o.tip_id
        tips.add(tip)
        found = rows_of.get(o.uid)
        if found is None:
            rows_of[o.uid] = [o]
        else:
            found.append(o)
        carried_kind = o.kind
        if carried_kind is account:
            platforms.add(o.key.partition(":")[0])
            if o.role is suspect:
                held = accounts_by_tip.get(tip)
                if held is None:
                    accounts_by_tip[tip] = {o.uid}
                else:
                    held.add(o.uid)
        elif carried_kind is screen_name:
            platforms.add(o.key.partition(":")[0])
        elif carried_kind is location:
            places.add(o.key)
            if not o.key.startswith(GEOHASH_PREFIX):
                countries.add(o.key.partition(":")[0])
    accounts = set().union(*accounts_by_tip.values()) if accounts_by_tip else set()
    glue_kinds: Counter[IdentifierKind] = Counter()
    personal = files = 0
    accounts_per_file = 0
    for found in rows_of.values():
        if len(found) < 2:
            continue
        glue = _glue(found, accounts_by_tip)
        if glue is None:
            continue
        glue_kind, carriers = glue
        glue_kinds[glue_kind] += 1
        if glue_kind in PERSONAL_KINDS:
            personal += len(carriers)
        elif glue_kind is IdentifierKind.FILE_HASH or (
            glue_kind is IdentifierKind.URL and all(o.role is Role.FILE for o in found)
        ):
            files += len(carriers)
            behind = set().union(*(accounts_by_tip.get(tip, set()) for tip in carriers))
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


def _glue(
    found: list[Occurrence], accounts_by_tip: Mapping[str, set[str]]
) -> tuple[IdentifierKind, set[str]] | None:
    """The kind of one identifier and the tips carrying it, from its rows (two or more) among a cluster's,
    when it links them: carried by two tips or more and linking by the people rule as
    `edges.linking_identifiers` applies it (the largest tip and account counts of its rows, any generic
    verdict; no account count given: the distinct suspect accounts of its tips among the rows)."""
    first = found[0]
    carriers = {o.tip_id for o in found}
    if len(carriers) < 2:
        return None
    tip_count, generic, counted = counts_of(found)
    if generic or tip_count > LINKING_TIPS_CAP:
        return None
    # Counted over the carriers in any order: a count stopped at `SPREAD_CAP` may differ with the order, but
    # any count that high is above every kind's threshold and too few tips per account, so never links.
    people = counted if counted is not None else accounts_behind(carriers, accounts_by_tip)
    if not links_people(first.kind, tip_count, people, generic):
        return None
    return first.kind, carriers


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

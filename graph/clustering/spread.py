"""How many people stand behind an identifier, counted by the distinct reported accounts of its tips.

Linking discounts a value by how many *tips* carry it; clustering cannot: one offender reported 800 times
puts the same account, email and phone in 800 tips, and those values are no less his. What makes a value
common is how many *people* carry it. A reported account is the closest the data comes to a person; one
person shows up to a few accounts (two or three services), so accounts are counted in threes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Final

from graph.clustering.occurrences import IdentifierGroup, Occurrence
from graph.kinds import IdentifierKind
from graph.model import Role

# Accounts one person typically shows across services; from the generator's population (1 to 3).
ACCOUNTS_PER_PERSON: Final = 3
# Counting an identifier's distinct accounts stops here (`account_spread`).
SPREAD_CAP: Final = 10_000


def suspect_accounts(occurrences: Iterable[Occurrence]) -> dict[str, set[str]]:
    """Per tip, the uids of its reported (suspect) accounts. Victims' and recipients' accounts are not
    counted: they change from tip to tip of one offender."""
    accounts: dict[str, set[str]] = defaultdict(set)
    for occurrence in occurrences:
        if occurrence.kind is IdentifierKind.ACCOUNT and occurrence.role is Role.SUSPECT:
            accounts[occurrence.tip_id].add(occurrence.uid)
    return accounts


def account_spread(
    groups: Mapping[str, IdentifierGroup], accounts: Mapping[str, set[str]], cap: int = SPREAD_CAP
) -> dict[str, int]:
    """Per identifier, the distinct reported accounts among its tips (counting stops at `cap`). A value
    the store already knows (`Occurrence.accounts`) wins over counting the rows at hand."""
    spread: dict[str, int] = {}
    for uid, group in groups.items():
        known = [o.accounts for found in group.by_tip.values() for o in found if o.accounts is not None]
        if known:
            spread[uid] = max(known)
            continue
        seen: set[str] = set()
        for tip in group.by_tip:
            seen.update(accounts.get(tip, ()))
            if len(seen) >= cap:
                break
        spread[uid] = len(seen)
    return spread


def effective_count(tip_count: int, spread: int) -> int:
    """The "tips sharing the value" that `graph.linking.specificity` should see: the people behind it, never
    more than the tips, and at least two (a shared value is shared by two)."""
    people = math.ceil(spread / ACCOUNTS_PER_PERSON)
    return max(2, min(tip_count, people))

"""When an identifier links tips for clustering, and how strong a link must be to merge two tips.

Two guards keep super-nodes (carrier-NAT addresses, viral files, VPN exits) out of clusters:

- the people rule (`links_people`, THE rule wherever the product decides whether an identifier links:
  clustering at ingest, recompute and bulk load, linkedTips, whyMember, possibleLinks and the stored
  `generic` flag): an identifier is generic when more *people* stand behind it than its kind's
  `GENERIC_ABOVE`, people being the distinct suspect accounts of its tips (its tips when none has one),
  unless it is carried by `ONE_PERSONS_TIPS_PER_ACCOUNT` tips or more per account (one heavy offender's
  own address); nothing carried by more than `LINKING_TIPS_CAP` tips links, which bounds the work (each
  linking identifier costs the square of its tip count at most). The store keeps the account count on the
  node (`suspectAccounts`) and Cypher applies the same rule (`RULE_PARAMS`, `linking` in the statements);
- an identifier's specificity counts the distinct reported accounts behind it (`graph.clustering.spread`),
  not its tips: an account reported 800 times by one person is as specific as one reported twice, while a
  file forwarded by 40 unrelated accounts is not.

`links_tips` (tips alone against `GENERIC_ABOVE`) survives only as the baseline `bench.link_quality`
prints next to it. The table was tuned on the synthetic generator (`python -m bench.clusters`), 100,000
tips, seed 7, with tips in place of people:

| kind        | generic above | why |
|-------------|---------------------:|-----|
| ACCOUNT     | 5,000 | one person's values: precision 1.0 at every size; heavy actors reach ~1,000 tips |
| SCREEN_NAME | 5,000 | as ACCOUNT (keyed within a platform) |
| EMAIL       | 1,000 | personal; the services' own contact addresses are generic by reason already |
| PHONE       | 1,000 | personal |
| DEVICE      | 1,000 | personal; known-benign ids (all-zero IDFA) are generic by reason |
| REPORT      | 1,000 | an explicit citation of an earlier report |
| IP          |    50 | above ~50 tips an address is a VPN exit or shared network (pair precision 0.3-0.6) |
| FILE_HASH   |    50 | reshared files of one heavy actor reach ~50; viral files go far beyond |
| URL         |    30 | profile and file URLs; above 30 mostly shared pages (pair precision < 0.85) |
| LOCATION    |     0 | a place never links people by itself |
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from graph.kinds import IdentifierKind

GENERIC_ABOVE: Final[Mapping[IdentifierKind, int]] = MappingProxyType(
    {
        IdentifierKind.ACCOUNT: 5_000,
        IdentifierKind.SCREEN_NAME: 5_000,
        IdentifierKind.EMAIL: 1_000,
        IdentifierKind.PHONE: 1_000,
        IdentifierKind.DEVICE: 1_000,
        IdentifierKind.REPORT: 1_000,
        IdentifierKind.IP: 50,
        IdentifierKind.FILE_HASH: 50,
        IdentifierKind.URL: 30,
        IdentifierKind.LOCATION: 0,
    }
)
# The same thresholds keyed by kind name, as Cypher statements take them (`$thresholds`).
GENERIC_ABOVE_BY_NAME: Final[dict[str, int]] = {kind.value: count for kind, count in GENERIC_ABOVE.items()}

# Combined link weight at or above which two tips are merged into one cluster. Above a shared file's 0.5,
# so a file alone (ring members swap files) never merges two people; a screen name (0.6) or a same-session
# IP (0.6) alone does. F1 on the generator is flat from 0.55 (0.963) to 0.65 (0.961), 0.957 at 0.8.
STRONG_LINK: Final = 0.6


def links_tips(kind: IdentifierKind, tip_count: int, generic: bool) -> bool:
    """The tip rule, the bench's baseline only (`bench.link_quality`): not generic by reason or by mark, and
    carried by no more tips than its kind's threshold."""
    return not generic and tip_count <= GENERIC_ABOVE[kind]


# The people rule (`links_people`) still reads no identifier carried by more tips than this: what bounds the
# work once the tip count no longer decides (a heavy offender's own address reaches a few hundred tips).
LINKING_TIPS_CAP: Final = 5_000
# Tips per suspect account at or above which a value is read as few people's however many accounts stand
# behind it: a carrier-NAT address or a viral page is carried by one or two tips per account (143 tips / 95
# accounts, 174 / 172), a heavy offender's own address by nine or more (602 / 67 on the second generator,
# one person). `python -m bench.link_quality`: possible F1 on the second generator 0.9742 at 3 and 5, 0.9679
# at 10 (strong precision 0.9997 at each).
ONE_PERSONS_TIPS_PER_ACCOUNT: Final = 5


def links_people(kind: IdentifierKind, tip_count: int, accounts: int, generic: bool) -> bool:
    """The people rule: an identifier is too common to link when more *people* than its kind's threshold
    stand behind it, not more tips. People are counted by the distinct suspect accounts of its tips (its
    tips when none has one), and a value carried by `ONE_PERSONS_TIPS_PER_ACCOUNT` tips or more per account
    is one heavy offender's (he makes many accounts and reuses his address and profile across them), so it
    links whatever its account count. A heavy offender's own IP (319 tips, 23 accounts) links; a carrier-NAT
    address (143 tips, 95 accounts, 61 people) or a viral page (174 tips, 172 accounts) stays generic.
    Cypher statements apply the same rule to `n.tipCount` and `n.suspectAccounts` with `RULE_PARAMS`."""
    if generic or tip_count > LINKING_TIPS_CAP or GENERIC_ABOVE[kind] == 0:
        return False
    if accounts == 0:
        return tip_count <= GENERIC_ABOVE[kind]
    return accounts <= GENERIC_ABOVE[kind] or tip_count >= ONE_PERSONS_TIPS_PER_ACCOUNT * accounts


# What a statement applying the people rule takes: `$thresholds`, `$linkingCap` and `$tipsPerAccount`, in
#   n.tipCount <= $linkingCap AND $thresholds[n.kind] > 0
#   AND CASE WHEN coalesce(n.suspectAccounts, 0) = 0 THEN n.tipCount <= $thresholds[n.kind]
#            ELSE n.suspectAccounts <= $thresholds[n.kind]
#                 OR n.tipCount >= $tipsPerAccount * n.suspectAccounts END
RULE_PARAMS: Final[Mapping[str, object]] = MappingProxyType(
    {
        "thresholds": GENERIC_ABOVE_BY_NAME,
        "linkingCap": LINKING_TIPS_CAP,
        "tipsPerAccount": ONE_PERSONS_TIPS_PER_ACCOUNT,
    }
)


# The tiers under the learned evidence model (`graph.clustering.evidence`), by match probability: a strong
# link joins clusters that bulk decisions act on (precision first); a possible link is one an investigator
# should look at. Tuned with `python -m bench.link_quality`.
STRONG_PROBABILITY: Final = 0.99
POSSIBLE_PROBABILITY: Final = 0.5
# The possible tier under the hand weights (the baseline the bench prints next to the learned model).
HAND_POSSIBLE_LINK: Final = 0.3

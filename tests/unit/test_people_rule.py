"""The people rule: an identifier is generic by the people behind it (its suspect accounts), not by its tips;
a large IP group links its tips seen days apart at once and pairs the ones seen within a day exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from graph.clustering import Occurrence
from graph.clustering.model_store import default_model
from graph.clustering.pairs import candidate_levels, tier_partition
from graph.clustering.thresholds import (
    GENERIC_ABOVE,
    LINKING_TIPS_CAP,
    POSSIBLE_PROBABILITY,
    STRONG_PROBABILITY,
    links_people,
)
from graph.kinds import IdentifierKind as K
from graph.model import Role

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
HOME_IP = "2001:db8::17"
TIPS = 120  # above IP's generic threshold in tips (50) and above the pairing limit (60)


def occ(tip: str, kind: K, key: str, tip_count: int, **fields: Any) -> Occurrence:
    return Occurrence(
        tip_id=tip, uid=f"{kind.value}|{key}", kind=kind, key=key, tip_count=tip_count, **fields
    )


def one_address(accounts: int, at: list[datetime] | None = None, **ip: Any) -> list[Occurrence]:
    """TIPS tips on one IP, three days apart by default, their suspects cycling through `accounts`."""
    rows = []
    for i in range(TIPS):
        tip = f"T{i:03d}"
        account = f"svc|user{i % accounts}"
        rows.append(occ(tip, K.ACCOUNT, account, TIPS // accounts + 1, role=Role.SUSPECT))
        seen = T0 + timedelta(days=3 * i) if at is None else at[i]
        rows.append(occ(tip, K.IP, HOME_IP, TIPS, at=seen, port=40000 + i, **ip))
    return rows


def groups_of(partition: dict[str, str]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for tip, group in partition.items():
        members.setdefault(group, set()).add(tip)
    return {frozenset(m) for m in members.values()}


def test_people_not_tips_decide_whether_a_value_is_generic() -> None:
    assert links_people(K.IP, 319, 23, generic=False)  # a heavy offender's own address
    assert links_people(K.IP, 602, 67, generic=False)  # his, however many accounts he made
    assert not links_people(K.IP, 4 * 67, 67, generic=False)
    assert not links_people(K.IP, 143, 95, generic=False)  # a carrier-NAT address
    assert not links_people(K.URL, 174, 172, generic=False)  # a viral page
    assert links_people(K.IP, 40, 0, generic=False)  # no suspect accounts: its tips count
    assert not links_people(K.IP, 51, 0, generic=False)
    assert not links_people(K.IP, 300, 2, generic=True)  # an explicit verdict always wins
    assert not links_people(K.ACCOUNT, LINKING_TIPS_CAP + 1, 1, generic=False)  # the work stays bounded
    assert not links_people(K.LOCATION, 2, 1, generic=False)  # a place never links
    assert GENERIC_ABOVE[K.IP] < TIPS


def test_one_offenders_address_above_the_tip_threshold_joins_his_accounts_under_the_people_rule() -> None:
    rows = one_address(accounts=3)
    model = default_model()
    for threshold in (STRONG_PROBABILITY, POSSIBLE_PROBABILITY):
        by_tips = groups_of(tier_partition(rows, model, threshold, by_people=False))
        assert len(by_tips) == 3  # one per account: the tip rule (the bench's baseline) finds 120 tips
        assert len(groups_of(tier_partition(rows, model, threshold))) == 1  # the product's rule: people


def test_a_shared_address_behind_many_accounts_stays_generic() -> None:
    rows = one_address(accounts=TIPS)
    partition = tier_partition(rows, default_model(), POSSIBLE_PROBABILITY, by_people=True)
    assert len(groups_of(partition)) == TIPS
    assert candidate_levels(rows, by_people=True) == {}


def test_tips_seen_within_a_day_are_weighed_pair_by_pair_and_a_proxy_never_links_at_once() -> None:
    times = [T0 + timedelta(days=3 * i) for i in range(TIPS)]
    times[1] = T0 + timedelta(hours=2)  # T001 within a day of T000
    # The address alone, behind three accounts as the store counts them (`Occurrence.accounts`).
    rows = [
        occ(r.tip_id, K.IP, HOME_IP, TIPS + 2, at=r.at, port=r.port, accounts=3)
        for r in one_address(accounts=1, at=times)
        if r.kind is K.IP
    ]
    for tip, days in (("PX1", 500), ("PX2", 700)):
        seen = T0 + timedelta(days=days)
        rows.append(occ(tip, K.IP, HOME_IP, TIPS + 2, at=seen, possible_proxy=True, accounts=3))
    model = default_model()
    strong = tier_partition(rows, model, STRONG_PROBABILITY, by_people=True)
    possible = tier_partition(rows, model, POSSIBLE_PROBABILITY, by_people=True)
    star = {f"T{i:03d}" for i in range(2, TIPS)}
    assert star in groups_of(strong)  # days apart: linked at once
    assert strong["T000"] != strong["T002"] and strong["T001"] != strong["T002"]
    # The pair seen two hours apart gets its own level (SAME_DAY), weaker than days apart under this model.
    assert possible["T000"] == possible["T001"] != possible["T002"]
    assert possible["PX1"] != possible["PX2"] and possible["PX1"] != possible["T002"]

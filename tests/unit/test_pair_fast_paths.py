"""The partition's fast paths (`graph.clustering.pairs`) against the slow reference they replace, on
generated tips and on crafted captures: an IP's and an email's pairs ranked without a `compare` per pair
give every pair the same levels and identifiers, and a tier without DIFFERENT judgements (its unions not
merged strongest first) the same sets as the unions strongest first; and the pairs weighed at once as
columns of numbers (`graph.clustering.pair_table`) the same edges, weights and identifiers as one entry
per pair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest

from graph.clustering import Occurrence
from graph.clustering.edges import WEAK_PAIRING_LIMIT, linking_groups
from graph.clustering.evidence import compare
from graph.clustering.model_store import default_model
from graph.clustering.occurrences import IdentifierGroup, group_by_identifier
from graph.clustering.pairs import (
    _add_group_pairs,
    _alone_level,
    _large_ip_links,
    _link_graph,
    _Links,
    people_behind,
    shared_fact,
    tier_links,
)
from graph.clustering.spread import account_spread, suspect_accounts
from graph.clustering.thresholds import POSSIBLE_PROBABILITY, STRONG_PROBABILITY
from graph.clustering.unionfind import UnionFind
from graph.kinds import IdentifierKind
from graph.model import Role
from tests.unit.generated_occurrences import generated_occurrences

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TIPS = 3_000


@pytest.fixture(scope="module")
def rows() -> list[Occurrence]:
    """The rows a recompute reads from a store of generated tips (tip counts and suspect accounts counted)."""
    found = generated_occurrences(TIPS, 5, NOW)
    groups = group_by_identifier(found)
    behind = account_spread(groups, suspect_accounts(found))
    return [replace(row, tip_count=len(groups[row.uid].by_tip), accounts=behind[row.uid]) for row in found]


def _crafted() -> list[Occurrence]:
    """An IP seen by five tips with every kind of capture (same port within a minute, a minute apart with
    another port, hours and days apart, untimed, a possible proxy, two captures in one tip) and an email
    verified in one tip of four."""
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    ip = dict(uid="IP|203.0.113.9", kind=IdentifierKind.IP, key="203.0.113.9", tip_count=5)
    email = dict(uid="EMAIL|a@example.org", kind=IdentifierKind.EMAIL, key="a@example.org", tip_count=4)
    return [
        Occurrence("T1", **ip, at=at, port=443),  # type: ignore[arg-type]
        Occurrence("T1", **ip, at=at + timedelta(days=9), port=None),  # type: ignore[arg-type]
        Occurrence("T2", **ip, at=at + timedelta(seconds=59, microseconds=999_999), port=443),  # type: ignore[arg-type]
        Occurrence("T3", **ip, at=at + timedelta(seconds=60), port=80),  # type: ignore[arg-type]
        Occurrence("T3", **ip, at=at + timedelta(hours=23, minutes=59), port=80),  # type: ignore[arg-type]
        Occurrence("T4", **ip, at=None, port=None),  # type: ignore[arg-type]
        Occurrence("T5", **ip, at=at, port=443, possible_proxy=True),  # type: ignore[arg-type]
        Occurrence("T1", **email, verified=None),  # type: ignore[arg-type]
        Occurrence("T2", **email, verified=False),  # type: ignore[arg-type]
        Occurrence("T3", **email, verified=True),  # type: ignore[arg-type]
        Occurrence("T6", **email, role=Role.VICTIM),  # type: ignore[arg-type]
    ]


def _entries(groups: Mapping[str, IdentifierGroup], spread: Mapping[str, int], fast: bool) -> object:
    links = _Links()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, spread)
        if fast:
            _add_group_pairs(links, group, people, _alone_level(group, people))
            continue
        # The reference: every pair compared as linkedTips compares it.
        for tip_a, tip_b in combinations(group.tips, 2):
            found = compare(shared_fact(group, people, tip_a, tip_b))
            if found is not None:
                links.add_via(tip_a, tip_b, group, found)
    return links.entries


@pytest.mark.parametrize("by_people", [False, True])
def test_pairs_ranked_at_once_get_the_levels_a_comparison_per_pair_gives(
    rows: list[Occurrence], by_people: bool
) -> None:
    groups, weigher = linking_groups([*rows, *_crafted()], by_people=by_people)
    kinds = {group.kind for group in groups.values()}
    assert {IdentifierKind.IP, IdentifierKind.EMAIL} <= kinds
    fast = _entries(groups, weigher.spread, fast=True)
    assert fast == _entries(groups, weigher.spread, fast=False)


def test_crafted_captures_take_their_most_telling_observation() -> None:
    groups, weigher = linking_groups(_crafted())
    ip = {uid: group for uid, group in groups.items() if group.kind is IdentifierKind.IP}
    entries = _entries(ip, weigher.spread, fast=True)
    assert entries == _entries(ip, weigher.spread, fast=False)
    assert len(entries) == 10  # type: ignore[arg-type]


@pytest.mark.parametrize("threshold", [STRONG_PROBABILITY, POSSIBLE_PROBABILITY])
@pytest.mark.parametrize("by_people", [False, True])
def test_unions_in_any_order_give_the_sets_of_the_strongest_first(
    rows: list[Occurrence], threshold: float, by_people: bool
) -> None:
    found = tier_links(rows, default_model(), threshold, by_people=by_people)
    strongest_first = UnionFind(dict.fromkeys(row.tip_id for row in rows))
    for edge in found.graph.union_edges():
        strongest_first.union(edge.tip_a, edge.tip_b)
    sets = list(found.forest.sets())
    assert sets == list(strongest_first.sets())
    sizes: dict[int, int] = defaultdict(int)
    for members in sets:
        sizes[len(members)] += 1
    assert sum(count for size, count in sizes.items() if size >= 3) > 10


@pytest.mark.parametrize("threshold", [STRONG_PROBABILITY, POSSIBLE_PROBABILITY, 0.0])
@pytest.mark.parametrize("by_people", [False, True])
def test_pairs_weighed_as_columns_are_the_pairs_weighed_one_by_one(
    rows: list[Occurrence], threshold: float, by_people: bool
) -> None:
    groups, weigher = linking_groups([*rows, *_crafted()], by_people=by_people)
    model = default_model()
    graph = _link_graph(groups, weigher.spread, model, threshold)
    linked_at_once = {found.uid for found in graph.identifiers}
    links = _Links()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, weigher.spread)
        if len(group.by_tip) > WEAK_PAIRING_LIMIT:
            # A large IP's runs of close captures are paired (`_large_ip_links`), other large ones never.
            if group.kind is IdentifierKind.IP:
                _large_ip_links(links, group, people, model, threshold)
        elif uid not in linked_at_once:
            _add_group_pairs(links, group, people, _alone_level(group, people))
    expected = sorted(links.edges(model, threshold), key=lambda e: (-e.weight, e.tip_a, e.tip_b))
    assert graph.pairs == tuple(expected)
    assert sum(1 for edge in graph.pairs if len(edge.uids) > 1) > 10

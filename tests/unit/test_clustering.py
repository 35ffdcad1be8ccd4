"""Clustering on small hand-made occurrence sets: each test names the behaviour it pins down."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.clustering import (
    ClusterKind,
    ClusterLinks,
    Judgement,
    Occurrence,
    UnionFind,
    Verdict,
    bridges,
    candidate_edges,
    classify,
    connected_components,
    pairwise_scores,
    recompute,
    stable_ids,
    truth_groups,
    why_member,
)
from graph.clustering.clusters import fresh_cluster_id
from graph.kinds import IdentifierKind as K
from graph.model import Role

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def occ(tip: str, kind: K, key: str, tip_count: int = 2, **fields: Any) -> Occurrence:
    return Occurrence(
        tip_id=tip, uid=f"{kind.value}|{key}", kind=kind, key=key, tip_count=tip_count, **fields
    )


def shared(kind: K, key: str, tips: list[str], **fields: Any) -> list[Occurrence]:
    return [occ(tip, kind, key, len(tips), **fields) for tip in tips]


def own_account(tip: str, platform: str = "pixpost") -> Occurrence:
    return occ(tip, K.ACCOUNT, f"{platform}:{tip}-own", 1)


def clusters_of(members: Mapping[str, tuple[str, ...]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in members.values()}


# ---- union-find ----


def test_union_find_merges_sets_by_size_and_reports_them() -> None:
    forest = UnionFind(["a", "b", "c", "d"])
    assert forest.union("a", "b")
    assert forest.union("c", "b")
    assert not forest.union("a", "c")
    assert forest.connected("a", "c")
    assert not forest.connected("a", "d")
    assert forest.size("c") == 3
    assert list(forest.sets()) == [["a", "b", "c"], ["d"]]


def test_union_find_handles_a_long_chain_without_recursion() -> None:
    forest = UnionFind()
    for i in range(50_000):
        forest.union(f"t{i}", f"t{i + 1}")
    assert forest.find("t0") == forest.find("t50000")
    assert forest.size("t123") == 50_001


def test_union_find_refuses_a_union_that_would_join_a_kept_apart_pair() -> None:
    forest = UnionFind()
    forest.keep_apart("a", "d")
    assert forest.union("a", "b")
    assert forest.union("c", "d")
    assert not forest.union("b", "c")
    assert not forest.connected("a", "d")


# ---- links ----


def test_three_digests_of_one_file_count_as_one_fact() -> None:
    rows = [
        *shared(K.FILE_HASH, "md5:" + "1" * 32, ["t1", "t2"]),
        *shared(K.FILE_HASH, "sha1:" + "2" * 40, ["t1", "t2"]),
        *shared(K.FILE_HASH, "sha256:" + "3" * 64, ["t1", "t2"]),
    ]
    (edge,) = list(candidate_edges(rows))
    assert edge.weight == pytest.approx(0.5)
    assert len(edge.uids) == 3


def test_independent_kinds_add_up_by_noisy_or() -> None:
    rows = [
        *shared(K.FILE_HASH, "md5:" + "1" * 32, ["t1", "t2"]),
        *shared(K.PHONE, "+15555550101", ["t1", "t2"]),
    ]
    (edge,) = list(candidate_edges(rows))
    assert edge.weight == pytest.approx(1 - 0.5 * 0.15)


def test_generic_common_and_place_identifiers_never_link() -> None:
    rows = [
        *shared(K.EMAIL, "reports@service.example.com", ["t1", "t2"], generic=True),
        *shared(K.LOCATION, "US:ca:fresno", ["t1", "t2"]),
        *[occ(f"v{i}", K.FILE_HASH, "md5:" + "f" * 32, 60) for i in range(60)],
    ]
    assert list(candidate_edges(rows)) == []
    assert all(len(m) == 1 for m in recompute(rows).members.values())


def test_a_file_forwarded_by_many_accounts_is_weak_even_below_the_generic_cap() -> None:
    tips = [f"v{i}" for i in range(30)]
    rows = [*shared(K.FILE_HASH, "md5:" + "a" * 32, tips), *[own_account(t) for t in tips]]
    assert all(len(m) == 1 for m in recompute(rows).members.values())


def test_ip_links_as_the_evidence_model_weighs_it_a_household_address_weeks_apart() -> None:
    # Learned from the generator: one address seen weeks apart is a household (one offender), while two
    # tips in one session behind an address are as often a carrier NAT's strangers (the hand weights said
    # the opposite; issue 11: lone specific evidence must surface).
    same_session = [
        occ("t1", K.IP, "203.0.113.7", 2, at=T0, port=4444, possible_proxy=False),
        occ("t2", K.IP, "203.0.113.7", 2, at=T0 + timedelta(seconds=20), port=4444, possible_proxy=False),
    ]
    weeks_apart = [
        occ("t3", K.IP, "203.0.113.8", 2, at=T0, port=4444),
        occ("t4", K.IP, "203.0.113.8", 2, at=T0 + timedelta(days=30), port=4444),
    ]
    assert clusters_of(recompute(same_session + weeks_apart).members) == {
        frozenset({"t1"}),
        frozenset({"t2"}),
        frozenset({"t3", "t4"}),
    }


def test_an_account_reported_many_times_by_one_person_stays_strong() -> None:
    tips = [f"t{i:03d}" for i in range(400)]
    rows = [occ(t, K.ACCOUNT, "pixpost:42", 400, role=Role.SUSPECT) for t in tips]
    assert recompute(rows).sizes() == [400]


# ---- judgements ----


def _chain() -> list[Occurrence]:
    # a -account- b -unverified email- c
    return [
        *shared(K.ACCOUNT, "pixpost:1", ["a", "b"]),
        *shared(K.EMAIL, "owl@example.com", ["b", "c"], verified=False),
    ]


def test_different_keeps_apart_by_refusing_the_weakest_link() -> None:
    assignment = recompute(_chain(), [Judgement("a", "c", Verdict.DIFFERENT)])
    assert clusters_of(assignment.members) == {frozenset({"a", "b"}), frozenset({"c"})}
    assert [edge.uids for edge in assignment.refused] == [("EMAIL|owl@example.com",)]


def test_same_keeps_together_tips_with_nothing_shared() -> None:
    rows = [own_account("x"), own_account("y")]
    assignment = recompute(rows, [Judgement("x", "y", Verdict.SAME)])
    assert assignment.cluster_of["x"] == assignment.cluster_of["y"]


def test_different_wins_over_a_same_and_unsure_changes_nothing() -> None:
    judgements = [
        Judgement("a", "b", Verdict.SAME),
        Judgement("b", "c", Verdict.SAME),
        Judgement("a", "c", Verdict.DIFFERENT),
        Judgement("a", "d", Verdict.UNSURE),
    ]
    rows = [own_account(t) for t in "abcd"]
    assignment = recompute(rows, judgements)
    assert assignment.cluster_of["a"] != assignment.cluster_of["c"]
    assert len(assignment.members[assignment.cluster_of["d"]]) == 1


# ---- stable ids ----


def test_fresh_ids_are_derived_from_the_smallest_member() -> None:
    assignment = recompute(_chain())
    expected = "C-" + hashlib.sha256(b"a").hexdigest()[:12]
    assert assignment.cluster_of == {"a": expected, "b": expected, "c": expected}


def test_ids_survive_growth_and_the_larger_side_keeps_them() -> None:
    first = recompute(
        [*shared(K.ACCOUNT, "pixpost:1", ["b", "c", "d"]), *shared(K.PHONE, "+15555550102", ["x", "y"])]
    )
    old_big, old_small = first.cluster_of["b"], first.cluster_of["x"]
    # "a" joins the big cluster and becomes its smallest member; a new device merges the two clusters.
    rows = [
        *shared(K.ACCOUNT, "pixpost:1", ["a", "b", "c", "d"]),
        *shared(K.PHONE, "+15555550102", ["x", "y"]),
        *shared(K.DEVICE, "IMEI:490154203237518", ["d", "x"]),
    ]
    merged = recompute(rows, previous=first.cluster_of)
    assert set(merged.cluster_of.values()) == {old_big}
    # Split again: the big side keeps its id; the small side is named afresh from its smallest member,
    # which gives back the id it had before the merge.
    split = recompute(rows, [Judgement("d", "x", Verdict.DIFFERENT)], previous=merged.cluster_of)
    assert split.cluster_of["a"] == old_big
    assert split.cluster_of["x"] == old_small


def test_an_old_id_goes_to_one_new_cluster_and_ties_go_to_the_smaller_id() -> None:
    previous = {"a": "C-2", "b": "C-2", "c": "C-1", "d": "C-1"}
    named = stable_ids([["a", "c"], ["b", "d"]], previous)
    assert named["C-1"] == ("a", "c")
    assert "C-2" in named and named["C-2"] == ("b", "d")


# ---- ids when part of the store is reclustered ----


def test_a_fresh_id_avoids_the_ids_other_clusters_hold() -> None:
    fresh = stable_ids([["a", "b"]], {})
    assert list(fresh) == [fresh_cluster_id("a")]
    avoided = stable_ids([["a", "b"]], {}, taken_elsewhere=[fresh_cluster_id("a")])
    assert list(avoided) == [fresh_cluster_id("a", {fresh_cluster_id("a")})]
    assert list(avoided) != list(fresh)


# ---- kinds ----


def test_one_persons_tips_are_a_single_actor_cluster() -> None:
    rows = [
        *shared(K.ACCOUNT, "pixpost:7", ["t1", "t2", "t3"], role=Role.SUSPECT),
        *shared(K.EMAIL, "lynx@example.org", ["t1", "t3"], verified=True),
        occ("t1", K.LOCATION, "DE::berlin", 40),
        occ("t2", K.IP, "198.51.100.4", 1, at=T0),
        occ("t3", K.IP, "198.51.100.5", 1, at=T0 + timedelta(days=3)),
    ]
    kind, evidence = classify(rows)
    assert kind is ClusterKind.SINGLE_ACTOR
    assert evidence.accounts == 1
    assert evidence.platforms == ("pixpost",)
    assert evidence.countries == ("DE",)
    assert dict(evidence.glue) == {K.ACCOUNT: 1, K.EMAIL: 1}
    assert evidence.span_days == pytest.approx(3.0)


def test_one_file_behind_many_accounts_is_viral_content() -> None:
    tips = ["v1", "v2", "v3", "v4"]
    rows = [*shared(K.FILE_HASH, "md5:" + "c" * 32, tips), *[own_account(t) for t in tips]]
    kind, evidence = classify(rows)
    assert kind is ClusterKind.VIRAL_CONTENT
    assert evidence.accounts_per_file == 4


def test_personal_and_file_glue_together_is_mixed_and_a_lone_tip_unknown() -> None:
    rows = [
        *shared(K.PHONE, "+15555550104", ["t1", "t2"]),
        *shared(K.FILE_HASH, "md5:" + "d" * 32, ["t2", "t3"]),
        *[own_account(t) for t in ["t1", "t2", "t3"]],
    ]
    assert classify(rows)[0] is ClusterKind.MIXED
    assert classify([own_account("t9")])[0] is ClusterKind.UNKNOWN


# ---- bridges and why_member ----


def _path() -> list[Occurrence]:
    # a -account- b -phone- c -email- d, plus a device shared by a, b and e
    return [
        *shared(K.ACCOUNT, "pixpost:9", ["a", "b"]),
        *shared(K.PHONE, "+15555550105", ["b", "c"]),
        *shared(K.EMAIL, "heron@example.net", ["c", "d"], verified=True),
        *shared(K.DEVICE, "IMEI:356938035643809", ["a", "b", "e"]),
    ]


def test_bridges_are_the_identifiers_whose_removal_splits_the_cluster() -> None:
    found = {b.link.uids: b.parts for b in bridges(_path())}
    assert found == {
        ("PHONE|+15555550105",): (3, 2),
        ("EMAIL|heron@example.net",): (4, 1),
        ("DEVICE|IMEI:356938035643809",): (4, 1),
    }


def test_bridges_survive_a_chain_deeper_than_the_recursion_limit() -> None:
    rows = [
        o for i in range(3_000) for o in shared(K.PHONE, f"+1555555{i:04d}", [f"t{i:05d}", f"t{i + 1:05d}"])
    ]
    found = bridges(rows)
    assert len(found) == 3_000  # every link of a chain cuts it
    assert max(found, key=lambda b: min(b.parts)).parts == (1_501, 1_500)


def test_why_member_walks_the_links_from_the_first_member() -> None:
    chain = why_member(_path(), "d")
    assert chain is not None
    assert [(s.from_tip, s.link.uids[0], s.to_tip) for s in chain] == [
        ("a", "ACCOUNT|pixpost:9", "b"),
        ("b", "PHONE|+15555550105", "c"),
        ("c", "EMAIL|heron@example.net", "d"),
    ]
    links = ClusterLinks([*_path(), own_account("z")])
    assert links.why_member("a") == ()
    assert links.why_member("z", root="a") is None


# ---- quality ----


def test_pairwise_scores_on_tiny_examples() -> None:
    perfect = pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"})
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    wrong = pairwise_scores({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    assert (wrong.precision, wrong.recall, wrong.f1) == (0.0, 0.0, 0.0)
    lumped = pairwise_scores({"a": "1", "b": "1", "c": "1"}, {"a": "x", "b": "x", "c": "y"})
    assert lumped.precision == pytest.approx(1 / 3)
    assert lumped.recall == 1.0
    assert lumped.f1 == pytest.approx(0.5)


def test_truth_groups_join_tips_through_shared_actors_and_keep_viral_forwards_alone() -> None:
    groups = truth_groups({"t1": ["A1"], "t2": ["A1", "A2"], "t3": ["A2"], "v1": [], "v2": []})
    assert groups["t1"] == groups["t2"] == groups["t3"]
    assert len({groups["v1"], groups["v2"], groups["t1"]}) == 3


def test_connected_components_join_through_any_identifier_even_generic_ones() -> None:
    rows = [
        *shared(K.EMAIL, "reports@service.example.com", ["a", "b", "c"], generic=True),
        *shared(K.LOCATION, "FR", ["c", "d"]),
        own_account("e"),
    ]
    components = connected_components(rows)
    assert len({components[t] for t in "abcd"}) == 1
    assert components["e"] != components["a"]

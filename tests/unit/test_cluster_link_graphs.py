"""A recompute cuts each cluster's link graph from the partition's instead of weighing its rows again
(`graph.clustering.cluster_links.cluster_link_graphs`): on generated tips, what it writes (bridges, digests,
every aggregate) and each cluster's links are the same as when every cluster is weighed from its rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from graph.clustering import ClusterLinks, Judgement, Occurrence, Verdict, recompute
from graph.clustering.model_store import default_model
from graph.clustering.occurrences import group_by_identifier
from graph.clustering.spread import account_spread, suspect_accounts
from graph.clustering.thresholds import links_people
from graph.clusters.recompute import cluster_writes
from tests.unit.generated_occurrences import generated_occurrences

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TIPS = 3_000


@pytest.fixture(scope="module")
def occurrences() -> list[Occurrence]:
    """Every identifier of the generated tips, tip counts not yet known."""
    return generated_occurrences(TIPS, 11, NOW)


def generated_rows(found: list[Occurrence], counted: bool) -> list[Occurrence]:
    """The rows a recompute reads from a store of these occurrences: linking identifiers of two tips or more,
    with the suspect accounts behind each when the store counts them (`counted`), else None."""
    groups = group_by_identifier(found)
    behind = account_spread(groups, suspect_accounts(found))
    rows = [
        replace(row, tip_count=len(groups[row.uid].by_tip), accounts=behind[row.uid] if counted else None)
        for row in found
    ]
    return [
        row
        for row in rows
        if row.tip_count >= 2 and links_people(row.kind, row.tip_count, behind[row.uid], row.generic)
    ]


def split_largest(rows: list[Occurrence], clusters: int) -> list[Judgement]:
    """DIFFERENT judgements between the two smallest members of the largest clusters: each splits, and the
    identifiers that joined its parts now reach from one cluster into another."""
    members = sorted(recompute(rows).members.values(), key=lambda tips: (-len(tips), tips[0]))
    return [Judgement(tips[0], tips[1], Verdict.DIFFERENT) for tips in members[:clusters]]


@pytest.mark.parametrize("counted", [True, False], ids=["accounts-counted", "accounts-from-rows"])
def test_cut_link_graphs_write_what_weighing_each_cluster_writes(
    occurrences: list[Occurrence], counted: bool
) -> None:
    rows = generated_rows(occurrences, counted)
    model = default_model()
    assignment = recompute(rows, split_largest(rows, 5), model=model, keep_links=True)
    clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
    cut = assignment.link_graphs
    assert len(clusters) > 100, "the data must make clusters to test"
    assert len(cut) > len(clusters) // 2, "most clusters hold their identifiers"
    assert len(cut) < len(clusters), "some identifiers must reach from one cluster into another"
    if counted:
        # Identifiers weighed pair by pair that reach out of a cluster do not keep it from being cut.
        cluster_of = {tip: cid for cid, tips in clusters.items() for tip in tips}
        by_uid: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            by_uid[row.uid].add(row.tip_id)
        reached_out = {
            cluster_of[tip]
            for tips in by_uid.values()
            for tip in tips
            if tip in cluster_of
            and sum(1 for other in tips if cluster_of.get(other) == cluster_of[tip]) >= 2
            and any(cluster_of.get(other) != cluster_of[tip] for other in tips)
        }
        assert reached_out & set(cut), "a cluster an identifier reaches out of must be cut too"

    fast = cluster_writes(rows, clusters, {}, {}, {}, {}, 0.99, NOW, model, cut)
    slow = cluster_writes(rows, clusters, {}, {}, {}, {}, 0.99, NOW, model)
    assert fast == slow

    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        by_tip[row.tip_id].append(row)
    for cluster_id, graph in cut.items():
        mine = [row for tip in clusters[cluster_id] for row in by_tip[tip]]
        given, weighed = ClusterLinks(mine, model, graph=graph), ClusterLinks(mine, model)
        assert (given.tips, given.links, given.strongest) == (weighed.tips, weighed.links, weighed.strongest)
        last = given.tips[-1]
        assert given.why_member(last) == weighed.why_member(last)

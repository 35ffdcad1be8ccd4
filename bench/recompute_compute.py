"""A full recompute's compute phase, side by side: each cluster's link graph cut from the partition's
(`ClusterAssignment.link_graphs`, what `recompute_clusters` does) against weighing every cluster's rows again.

    python -m bench.recompute_compute [--tips 50000] [--seed 7] [--rounds 3] [--by-people] [--pairs]

No database: the generated tips become the rows a store of them hands over (linking identifiers of two tips
or more, the suspect accounts behind each counted as the store counts them). Rounds alternate the two ways
(the machine is shared and noisy); printed: each way's median seconds for the partition and for the
clusters' aggregates (kind, evidence, bridges, digest), microseconds per tip and per row, and their ratio.
Both ways must write the same, or the bench fails. `--by-people`: also the partition's link graph and
forest (`tier_links`) under the people rule next to the tip rule, each rule's median CPU seconds (this
process's, less shaken by a shared machine than the wall clock). `--pairs`: the partition's link graph
with its candidate pairs weighed as columns of numbers (`graph.clustering.pair_table`, what clustering
does) against one dict entry per pair (`pairs._Links`, what it did), median CPU seconds; both must give
the same graph.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bench.clusters import occurrence_rows
from bench.harness import dataset, describe_dataset, peak_rss_mb, print_table
from graph.clustering import Occurrence, recompute
from graph.clustering.edges import WEAK_PAIRING_LIMIT, LinkGraph, linking_groups
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.occurrences import IdentifierGroup, group_by_identifier
from graph.clustering.pairs import (
    _add_group_pairs,
    _alone_level,
    _large_ip_links,
    _link_graph,
    _Links,
    people_behind,
    tier_links,
)
from graph.clustering.spread import account_spread, suspect_accounts
from graph.clustering.thresholds import STRONG_PROBABILITY, links_people
from graph.clusters.recompute import cluster_writes
from graph.collector import collector_paused
from graph.kinds import IdentifierKind

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def stored_rows(rows: Sequence[Occurrence]) -> list[Occurrence]:
    """The rows clusters/occurrences reads: identifiers of two tips or more linking by the people rule, with
    their accounts."""
    behind = account_spread(group_by_identifier(rows), suspect_accounts(rows))
    return [
        replace(row, accounts=behind[row.uid])
        for row in rows
        if row.tip_count >= 2 and links_people(row.kind, row.tip_count, behind[row.uid], row.generic)
    ]


def run(rows: Sequence[Occurrence], cut: bool) -> tuple[float, float, Any]:
    """One compute phase: seconds for the partition and for the aggregates, and what it would write."""
    model = default_model()
    started = time.perf_counter()
    assignment = recompute(rows, model=model, keep_links=cut)
    clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
    partitioned = time.perf_counter()
    graphs = assignment.link_graphs if cut else None
    written = cluster_writes(rows, clusters, {}, {}, {}, {}, STRONG_PROBABILITY, NOW, model, graphs)
    return partitioned - started, time.perf_counter() - partitioned, written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.recompute_compute", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--by-people", action="store_true", help="also the partition under the people rule")
    parser.add_argument("--pairs", action="store_true", help="also the pairs as columns vs one by one")
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    rows = stored_rows(occurrence_rows(data.path)[0])
    tips = len({row.tip_id for row in rows})
    print(f"{len(rows):,} rows of {tips:,} tips with linking identifiers")

    seconds: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    with collector_paused():
        for _ in range(arguments.rounds):
            outputs = {}
            for cut in (True, False):
                partition, aggregates, outputs[cut] = run(rows, cut)
                seconds[cut].append((partition, aggregates))
            if outputs[True] != outputs[False]:
                raise SystemExit("the cut link graphs wrote something else than weighing each cluster")

    def figures(cut: bool) -> tuple[float, float]:
        found = seconds[cut]
        return statistics.median(p for p, _ in found), statistics.median(a for _, a in found)

    table = []
    for label, cut in (("weigh each cluster again", False), ("cut from the partition", True)):
        partition, aggregates = figures(cut)
        total = partition + aggregates
        table.append(
            [
                label,
                f"{partition:.2f}",
                f"{aggregates:.2f}",
                f"{total:.2f}",
                f"{total / tips * 1e6:.0f}",
                f"{total / len(rows) * 1e6:.1f}",
            ]
        )
    print_table(
        f"recompute's compute phase, median of {arguments.rounds} alternating rounds",
        ["way", "partition s", "aggregates s", "total s", "us/tip", "us/row"],
        table,
    )
    old, new = (sum(figures(cut)) for cut in (False, True))
    aggregates_ratio = figures(True)[1] / figures(False)[1]
    print(f"\ncut / weighed: total {new / old:.2f}x, aggregates {aggregates_ratio:.2f}x (same output)")
    if arguments.by_people:
        print_rules(rows, arguments.rounds)
    if arguments.pairs:
        print_pair_weighing(rows, arguments.rounds)
    print(f"peak RSS of this process {peak_rss_mb():,.0f} MB")


def print_rules(rows: Sequence[Occurrence], rounds: int) -> None:
    """The partition (`tier_links`, STRONG tier) under the tip rule and the people rule, alternating."""
    model = default_model()
    cpu: dict[bool, list[float]] = {False: [], True: []}
    clusters: dict[bool, int] = {}
    with collector_paused():
        for _ in range(rounds):
            for by_people in (False, True):
                started = time.process_time()
                found = tier_links(rows, model, STRONG_PROBABILITY, by_people=by_people)
                cpu[by_people].append(time.process_time() - started)
                clusters[by_people] = sum(1 for tips in found.forest.sets() if len(tips) >= 2)
    table = [
        [
            "people rule" if by_people else "tip rule",
            f"{statistics.median(cpu[by_people]):.2f}",
            f"{statistics.median(cpu[by_people]) / len(rows) * 1e6:.1f}",
            f"{clusters[by_people]:,}",
        ]
        for by_people in (False, True)
    ]
    print_table(
        f"the partition (tier_links) by rule, median CPU of {rounds} alternating rounds",
        ["rule", "CPU s", "CPU us/row", "clusters"],
        table,
    )


def _graph_one_by_one(
    groups: Mapping[str, IdentifierGroup], spread: Mapping[str, int], model: EvidenceModel, threshold: float
) -> LinkGraph:
    """The link graph with its pairs weighed one dict entry per pair (`_Links`): the columns' reference."""
    columns = _link_graph(groups, spread, model, threshold)
    at_once = {found.uid for found in columns.identifiers}
    links = _Links()
    for uid in sorted(groups):
        group = groups[uid]
        people = people_behind(group, spread)
        if len(group.by_tip) > WEAK_PAIRING_LIMIT:
            if group.kind is IdentifierKind.IP:
                _large_ip_links(links, group, people, model, threshold)
        elif uid not in at_once:
            _add_group_pairs(links, group, people, _alone_level(group, people))
    pairs = sorted(links.edges(model, threshold), key=lambda e: (-e.weight, e.tip_a, e.tip_b))
    return LinkGraph(columns.identifiers, tuple(pairs), threshold)


def print_pair_weighing(rows: Sequence[Occurrence], rounds: int) -> None:
    """The partition's pairs weighed as columns (`_link_graph`) and one by one, alternating; CPU seconds
    of the pairs alone (the identifiers linked at once are the same work both ways)."""
    model = default_model()
    groups, weigher = linking_groups(rows)
    at_once = _link_graph(groups, weigher.spread, model, STRONG_PROBABILITY)
    paired = {uid: g for uid, g in groups.items() if uid not in {f.uid for f in at_once.identifiers}}
    cpu: dict[str, list[float]] = {"columns": [], "one by one": []}
    graphs: dict[str, LinkGraph] = {}
    with collector_paused():
        for _ in range(rounds):
            for way in cpu:
                started = time.process_time()
                if way == "columns":
                    graphs[way] = _link_graph(paired, weigher.spread, model, STRONG_PROBABILITY)
                else:
                    graphs[way] = _graph_one_by_one(paired, weigher.spread, model, STRONG_PROBABILITY)
                cpu[way].append(time.process_time() - started)
    if graphs["columns"] != graphs["one by one"]:
        raise SystemExit("the columns weighed other pairs than one by one")
    pairs = len(graphs["columns"].pairs)
    table = [
        [way, f"{statistics.median(found):.2f}", f"{statistics.median(found) / max(pairs, 1) * 1e6:.2f}"]
        for way, found in cpu.items()
    ]
    print_table(
        f"the partition's {pairs:,} strong pairs, median CPU of {rounds} alternating rounds",
        ["weighed", "CPU s", "CPU us/pair"],
        table,
    )
    ratio = statistics.median(cpu["columns"]) / statistics.median(cpu["one by one"])
    print(f"columns / one by one: {ratio:.2f}x (same graph)")


if __name__ == "__main__":
    main()

"""Full cluster recompute against the real store: time split and quality of the stored cluster ids.

    python -m bench.clusters_store [--tips 20000] [--seed 7] [--fresh]

The generated tips are ingested once into `.cache/bench/neo4j-clusters-<tips>-<seed>/`, kept (a marker file
says the ingest finished) so later runs start in seconds; `--fresh` rebuilds it. With NEO4J_URI the database
is WIPED and filled on every run. Clusters are wiped first (every tip's clusterId, every Cluster node), then
`recompute_clusters` runs twice: cold (every cluster and tip written) and again on its own result (the
steady state after an ingest: ids kept, little written). Printed: each run's read / compute / write seconds,
then pairwise precision, recall and F1 of the stored clusterIds against the generator's truth, next to
connected components over the linking identifiers and over every shared identifier.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import time
from collections import Counter
from collections.abc import Mapping, Sequence

from bench.clusters import TARGET_F1, occurrence_rows, read_truth, truth_path
from bench.harness import (
    BENCH_DIR,
    Dataset,
    Neo4jTarget,
    bench_settings,
    dataset,
    describe_dataset,
    neo4j_target,
    peak_rss_mb,
    print_table,
)
from bench.linked_tips import fill
from graph.clustering import PairwiseScores, connected_components, links_tips, pairwise_scores, truth_groups
from graph.clusters.recompute import (
    RecomputeSummary,
    previous_clusters,
    read_occurrences,
    recompute_clusters,
    stored_digests,
)
from graph.clusters.refresh import forget_state
from graph.settings import Settings
from graph.store.database import Database, opened

MARKER = "bench-ingested"
TARGET_SECONDS_AT_1M = 30.0


def run_row(label: str, summary: RecomputeSummary) -> list[str]:
    return [
        label,
        f"{summary.rows:,}",
        f"{summary.clusters:,}",
        f"{summary.tips_changed:,}",
        f"{summary.clusters_written:,}",
        f"{summary.read_seconds:.1f}",
        f"{summary.compute_seconds:.1f}",
        f"{summary.write_seconds:.1f}",
        f"{summary.total_seconds:.1f}",
    ]


def score_row(name: str, scores: PairwiseScores, assignment: Mapping[str, str]) -> list[str]:
    sizes = sorted(Counter(assignment.values()).values(), reverse=True)
    return [
        name,
        f"{scores.precision:.4f}",
        f"{scores.recall:.4f}",
        f"{scores.f1:.4f}",
        f"{sum(1 for s in sizes if s > 1):,}",
        " ".join(f"{s:,}" for s in sizes[:5]),
    ]


async def wipe_clusters(db: Database) -> None:
    """Takes every tip out of its cluster and deletes every Cluster node, so the first run starts cold (and
    forgets the recompute state, which no longer describes the store)."""
    await forget_state(db)
    previous = await previous_clusters(db)
    rows = [{"tipId": tip, "clusterId": None} for tip in previous]
    for start in range(0, len(rows), 10_000):
        await db.write("clusters/assign", assignments=rows[start : start + 10_000])
    stored = sorted(await stored_digests(db))
    for start in range(0, len(stored), 10_000):
        await db.write("clusters/delete", ids=stored[start : start + 10_000])


async def measure(
    settings: Settings, target: Neo4jTarget, data: Dataset, reuse: bool
) -> tuple[list[RecomputeSummary], dict[str, str], float, int]:
    async with opened(settings, target.uri, target.password) as db:
        counts = (await db.read("bench/counts"))[0]
        if not (reuse and counts["tips"] == data.tips):
            await fill(db, settings, data)
        await wipe_clusters(db)
        runs = [await recompute_clusters(db), await recompute_clusters(db)]
        started = time.perf_counter()
        rows = await read_occurrences(db)
        read_alone = time.perf_counter() - started
        stored = await previous_clusters(db)
        return runs, stored, read_alone, len(rows)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.clusters_store", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tips", type=int, default=20_000, help="generated tips in the database")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--fresh", action="store_true", help="ingest again even if a kept database exists")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    data_dir = BENCH_DIR / f"neo4j-clusters-{data.tips}-{data.seed}"
    marker = data_dir / MARKER
    expected = f"tips={data.tips} seed={data.seed}\n"
    reuse = not args.fresh and marker.exists() and marker.read_text() == expected
    if not reuse and data_dir.exists():
        shutil.rmtree(data_dir)  # an interrupted or different earlier fill: start clean
    settings = bench_settings()
    with neo4j_target(settings, data_dir, keep=True) as target:
        runs, stored, read_alone, rows = asyncio.run(measure(settings, target, data, reuse))
        if target.pid is not None:
            marker.write_text(expected)

    print_table(
        f"recompute_clusters at {data.tips:,} tips, seconds (target at 1M tips: {TARGET_SECONDS_AT_1M:.0f})",
        ["run", "rows", "clusters", "tips written", "clusters written", "read", "compute", "write", "total"],
        [run_row("cold (all written)", runs[0]), run_row("again (steady)", runs[1])],
    )
    print(f"\n  the paged occurrence read alone: {read_alone:.1f} s for {rows:,} rows")
    print(f"  largest cluster {runs[0].largest:,} tips; {runs[0].clustered_tips:,} tips in clusters of 2+")
    print(f"  peak RSS of this process: {peak_rss_mb():,.0f} MB")

    truth = truth_groups(read_truth(truth_path(args.tips, args.seed)))
    ours = {tip: stored.get(tip, tip) for tip in truth}
    every, _ = occurrence_rows(data.path)
    linking = connected_components(r for r in every if links_tips(r.kind, r.tip_count, r.generic))
    everything = connected_components(every)
    for components in (linking, everything):
        components |= {tip: tip for tip in truth if tip not in components}
    table = [
        score_row("stored clusterIds", pairwise_scores(ours, truth), ours),
        score_row("components, linking ids", pairwise_scores(linking, truth), linking),
        score_row("components, all ids", pairwise_scores(everything, truth), everything),
    ]
    print_table(
        f"Pairwise scores against actor truth (target F1 >= {TARGET_F1})",
        ["clustering", "precision", "recall", "F1", "clusters>1", "largest"],
        table,
    )


if __name__ == "__main__":
    main()

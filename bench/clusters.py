"""Clustering quality and cost on the synthetic generator's tips, without a database (target: F1 >= 0.95).

    python -m bench.clusters [--tips 100000] [--seed 7] [--threshold 0.6] [--incremental 20000]

The tips are parsed and their identifiers extracted as ingest would, and turned into the occurrence rows the
store hands to clustering (tip_count per identifier over the whole set; generic only by reason). Truth: tips
sharing an actor are one group; viral forwards are groups of one. Printed: pairwise precision, recall and
F1 of `recompute`, next to connected components over every shared identifier and over the linking ones
only; cluster sizes; the time to recompute; and microseconds per tip for ingest-time `add_tip`, replaying
the first `--incremental` tips in report order, each seeing the latest 50 earlier tips on each of its
identifiers (rows a tip carries more than once count once).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import orjson

from bench.harness import BENCH_DIR, DATASET_NOW, dataset, describe_dataset, print_table
from graph.clustering import (
    STRONG_LINK,
    IncrementalClusters,
    Occurrence,
    PairwiseScores,
    account_spread,
    connected_components,
    group_by_identifier,
    links_tips,
    pairwise_scores,
    recompute,
    suspect_accounts,
    truth_groups,
)
from graph.identifiers import FoundIdentifier, extract_identifiers
from graph.synthetic import GeneratorConfig, write_jsonl
from graph.tip import parse_tip_json

TARGET_F1 = 0.95
# The store reads at most this many earlier tips per identifier at ingest (every expansion is bounded).
PARTNERS_PER_IDENTIFIER = 50


def occurrence_rows(tips_path: Path) -> tuple[list[Occurrence], list[str]]:
    """The rows the store would hand over, and the tip ids in report order."""
    found: list[tuple[str, FoundIdentifier]] = []
    order: list[str] = []
    with tips_path.open("rb") as lines:
        for line in lines:
            tip = parse_tip_json(line, now=DATASET_NOW)
            order.append(tip.reportId)
            found.extend((tip.reportId, identifier) for identifier in extract_identifiers(tip))
    carriers: dict[str, set[str]] = defaultdict(set)
    for tip_id, identifier in found:
        carriers[f"{identifier.normal.kind.value}|{identifier.normal.key}"].add(tip_id)
    rows = []
    for tip_id, identifier in found:
        normal, capture = identifier.normal, identifier.capture
        uid = f"{normal.kind.value}|{normal.key}"
        rows.append(
            Occurrence(
                tip_id=tip_id,
                uid=uid,
                kind=normal.kind,
                key=normal.key,
                tip_count=len(carriers[uid]),
                generic=normal.generic_reason is not None,
                role=identifier.role,
                verified=identifier.verified,
                at=capture.dateTime.astimezone(UTC) if capture and capture.dateTime else None,
                port=capture.port if capture else None,
                possible_proxy=capture.possibleProxy if capture else None,
            )
        )
    return rows, order


def read_truth(path: Path) -> dict[str, list[str]]:
    with path.open("rb") as lines:
        records = [orjson.loads(line) for line in lines if line.strip()]
    return {record["report_id"]: list(record["actor_ids"]) for record in records}


def truth_path(tips: int, seed: int) -> Path:
    path = BENCH_DIR / f"truth-{tips}-{seed}.jsonl"
    if not path.exists():
        config = GeneratorConfig(tips=tips, seed=seed, now=DATASET_NOW)
        write_jsonl(config, BENCH_DIR / f"regenerated-{tips}-{seed}.jsonl", path)
    return path


def score_row(name: str, scores: PairwiseScores, assignment: Mapping[str, str], seconds: float) -> list[str]:
    sizes = sorted(Counter(assignment.values()).values(), reverse=True)
    return [
        name,
        f"{scores.precision:.4f}",
        f"{scores.recall:.4f}",
        f"{scores.f1:.4f}",
        f"{sum(1 for s in sizes if s > 1):,}",
        " ".join(f"{s:,}" for s in sizes[:5]),
        f"{seconds:.2f}",
    ]


def incremental_replay(
    rows: Sequence[Occurrence], order: Sequence[str], tips: int, threshold: float
) -> tuple[float, IncrementalClusters]:
    """Microseconds per add_tip over the first `tips` tips; row gathering is not timed (the store's read)."""
    groups = group_by_identifier(rows, min_tips=2)
    spread = account_spread(groups, suspect_accounts(rows))
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        if row.uid in spread:
            row = replace(row, accounts=spread[row.uid])
        by_tip[row.tip_id].append(row)
    seen: dict[str, list[Occurrence]] = defaultdict(list)
    clusters = IncrementalClusters(threshold=threshold)
    elapsed = 0.0
    for tip_id in order[:tips]:
        mine = by_tip[tip_id]
        given = list(mine)
        for uid in {o.uid for o in mine if links_tips(o.kind, o.tip_count, o.generic)}:
            given.extend(seen[uid][-PARTNERS_PER_IDENTIFIER:])
        started = time.perf_counter()
        clusters.add_tip(tip_id, given)
        elapsed += time.perf_counter() - started
        for row in mine:
            seen[row.uid].append(row)
    return elapsed / max(1, min(tips, len(order))) * 1e6, clusters


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.clusters", description=__doc__)
    parser.add_argument("--tips", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=STRONG_LINK)
    parser.add_argument("--incremental", type=int, default=20_000, help="tips replayed through add_tip")
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    started = time.perf_counter()
    rows, order = occurrence_rows(data.path)
    truth = truth_groups(read_truth(truth_path(arguments.tips, arguments.seed)))
    print(f"{len(rows):,} occurrence rows from {len(order):,} tips in {time.perf_counter() - started:.1f} s")
    # Millions of long-lived rows: a full collection now and then would be most of the run's time.
    gc.collect()
    gc.freeze()

    table = []
    started = time.perf_counter()
    assignment = recompute(rows, threshold=arguments.threshold)
    seconds = time.perf_counter() - started
    ours = dict(assignment.cluster_of)
    name = f"recompute (>= {arguments.threshold})"
    table.append(score_row(name, pairwise_scores(ours, truth), ours, seconds))
    started = time.perf_counter()
    linking = connected_components(r for r in rows if links_tips(r.kind, r.tip_count, r.generic))
    linking |= {tip: tip for tip in order if tip not in linking}
    seconds = time.perf_counter() - started
    table.append(score_row("components, linking ids", pairwise_scores(linking, truth), linking, seconds))
    started = time.perf_counter()
    everything = connected_components(rows)
    seconds = time.perf_counter() - started
    table.append(score_row("components, all ids", pairwise_scores(everything, truth), everything, seconds))
    header = ["clustering", "precision", "recall", "F1", "clusters>1", "largest", "seconds"]
    print_table(f"Pairwise scores against actor truth (target F1 >= {TARGET_F1})", header, table)

    sizes = Counter(len(members) for members in assignment.members.values())
    buckets = [(1, 1), (2, 2), (3, 5), (6, 20), (21, 100), (101, 1_000), (1_001, 10**9)]
    size_rows = [
        [f"{low}-{high}" if high < 10**9 else f"{low}+", f"{n:,}", f"{tips:,}"]
        for low, high in buckets
        for n, tips in [
            (
                sum(c for s, c in sizes.items() if low <= s <= high),
                sum(s * c for s, c in sizes.items() if low <= s <= high),
            )
        ]
    ]
    print_table("Cluster sizes (recompute)", ["size", "clusters", "tips"], size_rows)
    print(f"\nrefused by judgements: {len(assignment.refused)} (none recorded in this run)")

    replayed = min(arguments.incremental, len(order))
    per_tip, clusters = incremental_replay(rows, order, replayed, arguments.threshold)
    print(f"incremental add_tip: {per_tip:.1f} µs/tip over the first {replayed:,} tips (rows read not timed)")
    first = set(order[:replayed])
    grown = {tip: clusters.cluster_of(tip) for tip in first}
    scores = pairwise_scores(grown, {tip: truth[tip] for tip in first})
    again = pairwise_scores(grown, {tip: ours[tip] for tip in first})
    print(
        f"  those tips: F1 {scores.f1:.4f} against truth; agreement with the full recompute F1 {again.f1:.4f}"
        " (the recompute sees final tip counts)"
    )


if __name__ == "__main__":
    main()

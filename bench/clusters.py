"""Clustering quality and cost on the synthetic generator's tips, without a database (target: F1 >= 0.95).

    python -m bench.clusters [--tips 100000] [--seed 7] [--threshold 0.99] [--incremental 20000] [--batch 500]

The tips are parsed and their identifiers extracted as ingest would, and turned into the occurrence rows the
store hands to clustering (tip_count per identifier over the whole set; generic only by reason). Truth: tips
sharing an actor are one group; viral forwards are groups of one. Printed: pairwise precision, recall and
F1 of `recompute` (the evidence model's STRONG tier), next to connected components over every shared
identifier and over the linking ones only; cluster sizes; the time to recompute; and the ingest-time step
(`graph.clusters.ingest`, modelled
without the store by `ingest_replay`): the first `--incremental` tips replayed in report order, `--batch`
per batch (and the first 2,000 one at a time), with microseconds per tip, the tips each batch reclusters,
and how far the clusters kept that way agree with a recompute of the same tips (F1 1.0: identical).
"""

from __future__ import annotations

import argparse
import gc
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import orjson

from bench.harness import BENCH_DIR, DATASET_NOW, dataset, describe_dataset, print_table
from graph.clustering import (
    Occurrence,
    PairwiseScores,
    connected_components,
    links_tips,
    pairwise_scores,
    recompute,
    truth_groups,
)
from graph.clustering.thresholds import STRONG_PROBABILITY
from graph.identifiers import FoundIdentifier, extract_identifiers
from graph.kinds import IdentifierKind
from graph.synthetic import GeneratorConfig, write_jsonl
from graph.tip import parse_tip_json

TARGET_F1 = 0.95
ACCOUNT = IdentifierKind.ACCOUNT


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


def ingest_replay(
    rows: Sequence[Occurrence], order: Sequence[str], tips: int, batch: int, threshold: float
) -> tuple[float, list[int], dict[str, str]]:
    """A model of the ingest-time step (`graph.clusters.ingest`) without the store: the first `tips` tips
    arrive in report order, `batch` at a time; each batch reclusters, with `recompute`, the stored clusters
    of the tips that share a linking identifier with its new tips (the affected set, closed under strong
    links), seeing the tip counts of that moment. Returns microseconds per tip of that compute (the
    store's reads not included), the affected tips per batch, and the partition kept at the end."""
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        by_tip[row.tip_id].append(row)
    carriers: dict[str, list[str]] = defaultdict(list)  # uid -> tips so far, in arrival order
    cluster_of: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    affected_sizes: list[int] = []
    elapsed = 0.0

    def groups_of(tip_ids: Iterable[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for tip in tip_ids:
            for row in by_tip[tip]:
                count = len(carriers[row.uid])
                if row.uid not in found and count >= 2 and links_tips(row.kind, count, row.generic):
                    found[row.uid] = carriers[row.uid]
        return found

    def accounts_behind(group: Sequence[str]) -> int | None:
        # As the store counts them (clusters/groups_of_tips): every suspect account of every carrier.
        if len(group) <= 2:
            return None
        return len(
            {
                r.uid
                for t in group
                for r in by_tip[t]
                if r.kind.value == "ACCOUNT" and r.role.value == "SUSPECT"
            }
        )

    def clusters_of(tip_ids: Iterable[str]) -> set[str]:
        return {cluster_of[t] for t in tip_ids if t in cluster_of}

    arrived = list(order[:tips])
    for start in range(0, len(arrived), batch):
        new = arrived[start : start + batch]
        crossed: set[str] = set()
        for tip in new:
            for row in by_tip[tip]:
                if not carriers[row.uid] or carriers[row.uid][-1] != tip:
                    carriers[row.uid].append(tip)
        for tip in new:
            for row in by_tip[tip]:
                count, added = len(carriers[row.uid]), sum(1 for t in carriers[row.uid] if t in new)
                if not links_tips(row.kind, count, row.generic) and links_tips(
                    row.kind, count - added, row.generic
                ):
                    crossed.update(clusters_of(carriers[row.uid]))
        started = time.perf_counter()
        affected = set(new) | {t for group in groups_of(new).values() for t in group}
        touched = clusters_of(affected) | crossed
        while True:
            affected |= {t for cid in touched for t in members[cid]}
            groups = groups_of(affected)
            occurrences = [
                replace(row, tip_count=len(group), accounts=accounts_behind(group))
                for uid, group in groups.items()
                for t in group
                for row in by_tip[t]
                if row.uid == uid
            ]
            previous = {t: cluster_of[t] for t in affected if t in cluster_of}
            assignment = recompute(occurrences, (), previous, threshold)
            # A cluster mixing affected and outside tips: a strong link crosses; those clusters join.
            outside = {
                tip
                for group in assignment.members.values()
                if any(t in affected for t in group)
                for tip in group
                if tip not in affected
            }
            if not outside:
                break
            affected |= outside
            touched = clusters_of(affected)
        for cid in clusters_of(affected):
            members.pop(cid, None)
        for t in affected:
            cluster_of.pop(t, None)
        for cid, group in assignment.members.items():
            if len(group) >= 2 and group[0] in affected:
                members[cid] = set(group)
                cluster_of.update(dict.fromkeys(group, cid))
        elapsed += time.perf_counter() - started
        affected_sizes.append(len(affected))
    kept = {tip: cluster_of.get(tip, tip) for tip in arrived}
    return elapsed / max(1, len(arrived)) * 1e6, affected_sizes, kept


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.clusters", description=__doc__)
    parser.add_argument("--tips", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=STRONG_PROBABILITY)
    parser.add_argument("--incremental", type=int, default=20_000, help="tips replayed through ingest")
    parser.add_argument("--batch", type=int, default=500, help="tips per ingest batch in the replay")
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

    for replayed, batch in (
        (min(arguments.incremental, len(order)), arguments.batch),
        (min(2_000, len(order)), 1),
    ):
        per_tip, affected, kept = ingest_replay(rows, order, replayed, batch, arguments.threshold)
        first = set(order[:replayed])
        prefix = [row for row in rows if row.tip_id in first]
        counts = Counter(uid for uid, _ in {(row.uid, row.tip_id) for row in prefix})
        as_of = [replace(row, tip_count=counts[row.uid], accounts=None) for row in prefix]
        started = time.perf_counter()
        alone = recompute(as_of, threshold=arguments.threshold)
        full = time.perf_counter() - started
        agreement = pairwise_scores(kept, dict(alone.cluster_of))
        ordered = sorted(affected)
        print(
            f"ingest-time reclustering, {replayed:,} tips in report order, {batch} per batch: "
            f"{per_tip:.1f} µs/tip (compute only; reads not timed); affected tips per batch median "
            f"{ordered[len(ordered) // 2]:,}, max {ordered[-1]:,}; agreement with a recompute of those tips "
            f"F1 {agreement.f1:.4f}"
        )
        per_batch = per_tip * replayed / len(affected) / 1e6
        print(
            f"  one batch's step {per_batch * 1e3:.1f} ms vs a recompute of all {replayed:,} tips "
            f"{full * 1e3:.0f} ms (ratio {per_batch / full:.3f})"
        )


if __name__ == "__main__":
    main()

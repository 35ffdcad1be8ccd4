"""Content clusters against the generator's viral campaigns, without a database.

    python -m bench.content_clusters [--tips 100000] [--seed 7]

The tips are parsed and their file digests extracted as ingest would; a digest is content as the store
decides it (flagged viral or meme by any tip and not statically generic, or carried by more than 50 tips),
and `graph.clustering.content.content_clusters` groups them. Truth: the generator's `viral_file_id` of each
tip (its viral forwards, and offenders' tips that happen to carry a viral file); a campaign is the tips of
one viral file. Printed: campaigns (two tips or more) and clusters found, pairwise precision / recall / F1
(pairs of tips put in one cluster vs pairs of one campaign), each campaign's completeness in its best
cluster, each cluster's purity, and the seconds of the grouping step. A tip in two clusters (it carries two
files) counts in both; the generator gives a tip one viral file at most.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from datetime import UTC

import orjson

from bench.clusters import truth_path
from bench.harness import DATASET_NOW, dataset, describe_dataset, print_table
from graph.clustering.content import FileEntry, content_clusters, qualifies
from graph.identifiers import VIRAL_FILE_REASON, extract_identifiers
from graph.kinds import IdentifierKind
from graph.tip import parse_tip_json


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.content_clusters", description=__doc__)
    parser.add_argument("--tips", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))

    started = time.perf_counter()
    found: list[tuple[FileEntry, str | None]] = []
    carriers: dict[str, set[str]] = defaultdict(set)
    with data.path.open("rb") as lines:
        for line in lines:
            tip = parse_tip_json(line, now=DATASET_NOW)
            at = tip.incidentSummary.incidentDateTime.astimezone(UTC)
            for identifier in extract_identifiers(tip):
                normal = identifier.normal
                if normal.kind is not IdentifierKind.FILE_HASH or identifier.file_index is None:
                    continue
                carriers[normal.key].add(tip.reportId)
                found.append(
                    (FileEntry(tip.reportId, identifier.file_index, normal.key, at), normal.generic_reason)
                )
    # The store keeps the first reason a digest got; a static one is on every occurrence, so it wins.
    reasons: dict[str, str | None] = {}
    for entry, reason in found:
        kept = reasons.get(entry.digest)
        if kept is None or (kept == VIRAL_FILE_REASON and reason not in (None, VIRAL_FILE_REASON)):
            reasons[entry.digest] = reason
    entries = [
        entry
        for entry, _ in found
        if qualifies(IdentifierKind.FILE_HASH.value, reasons[entry.digest], len(carriers[entry.digest]))
    ]
    print(
        f"{len(found):,} file digests listed, {len(entries):,} of content digests, "
        f"in {time.perf_counter() - started:.1f} s"
    )

    with truth_path(arguments.tips, arguments.seed).open("rb") as lines:
        records = [orjson.loads(line) for line in lines if line.strip()]
    campaign_of = {r["report_id"]: r["viral_file_id"] for r in records if r.get("viral_file_id")}
    campaigns = Counter(campaign_of.values())

    started = time.perf_counter()
    clusters = content_clusters(entries)
    seconds = time.perf_counter() - started

    true_pairs = sum(_pairs(n) for n in campaigns.values())
    predicted = sum(_pairs(c.size) for c in clusters.values())
    shared = 0
    pure = 0
    best_share: dict[str, int] = defaultdict(int)
    for cluster in clusters.values():
        by_campaign = Counter(campaign_of.get(t) for t in cluster.tips)
        shared += sum(_pairs(n) for campaign, n in by_campaign.items() if campaign is not None)
        top = max((n for campaign, n in by_campaign.items() if campaign is not None), default=0)
        pure += top
        for campaign, n in by_campaign.items():
            if campaign is not None:
                best_share[campaign] = max(best_share[campaign], n)
    in_clusters = sum(c.size for c in clusters.values())
    precision = shared / predicted if predicted else 1.0
    recall = shared / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    completeness = sum(best_share.values()) / sum(campaigns.values()) if campaigns else 1.0
    purity = pure / in_clusters if in_clusters else 1.0
    sizes = sorted((c.size for c in clusters.values()), reverse=True)
    rows = [
        [
            "content clusters",
            f"{sum(1 for n in campaigns.values() if n >= 2):,}",
            f"{len(clusters):,}",
            f"{precision:.4f}",
            f"{recall:.4f}",
            f"{f1:.4f}",
            f"{completeness:.4f}",
            f"{purity:.4f}",
            " ".join(f"{s:,}" for s in sizes[:5]),
            f"{seconds:.2f}",
        ]
    ]
    header = [
        "grouping",
        "campaigns",
        "clusters",
        "precision",
        "recall",
        "F1",
        "complete",
        "pure",
        "largest",
        "s",
    ]
    print_table("Content clusters against the generator's viral campaigns (pairwise)", header, rows)


if __name__ == "__main__":
    main()

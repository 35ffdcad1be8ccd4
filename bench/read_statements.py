"""Db hits per request of the reads look-ahead folds into one statement, against the statements they replace.

    python -m bench.read_statements [--tips 20000] [--seed 7] [--subjects 100]

On bench.crossref's database (kept under `.cache/bench/`), for an analyst and for an investigator, with
cards and with whole heads: a cluster's first page of tips (clusters/get then clusters/tips, against
clusters/page), a tip with its identifiers (tips/get_by_ids and tips/identifiers, against
tips/get_with_identifiers, with and without the generic flags that need a scoped viewer's
suspect accounts counted) and an identifier with its first page of tips (identifiers/get and
identifiers/tips, against identifiers/get_with_tips). Db hits are Neo4j's own deterministic count, so they
mean something on a shared machine; the round trips saved (one per request, each way) are what wall time
gains.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from bench.harness import bench_settings, dataset, print_table
from bench.linked_tips import AGENCY, kept_database
from bench.profiling import ProfilingDatabase
from graph.access import investigator
from graph.clustering.thresholds import LINKING_TIPS_CAP
from graph.store.database import connect
from graph.viewer import Role, Viewer

PAGE = 20


async def compare(uri: str, password: str, subjects: int) -> list[tuple[str, ...]]:
    settings = bench_settings(uri, password)
    db = ProfilingDatabase.of(connect(settings, uri, password))
    rows: list[tuple[str, ...]] = []
    try:
        found = (await db.read("bench/subjects", limit=1000))[0]
        clusters = [str(c) for c in found["clusters"]][:subjects]
        identifiers = found["identifiers"][:subjects]  # kind|key: an identifier's uid
        linked = [row["id"] for row in await db.read("bench/linked_sample", limit=20_000)]
        tips = linked[:: max(1, len(linked) // subjects)][:subjects]
        viewers = (
            ("analyst", Viewer("bench", Role.ANALYST)),
            ("investigator", investigator("bench", AGENCY)),
        )
        for who, viewer in viewers:
            scope = viewer.scope()
            for card in (True, False):
                shape = "cards" if card else "heads"
                db.hits = 0
                for c in clusters:
                    await db.read("clusters/get", id=c, scope=scope)
                    await db.read("clusters/tips", id=c, scope=scope, after=None, limit=PAGE + 1, card=card)
                apart = db.hits / len(clusters)
                db.hits = 0
                for c in clusters:
                    await db.read("clusters/page", id=c, scope=scope, after=None, limit=PAGE + 1, card=card)
                together = db.hits / len(clusters)
                rows.append((f"cluster page ({who}, {shape})", "2", "1", f"{apart:,.1f}", f"{together:,.1f}"))
                db.hits = 0
                for t in tips:
                    await db.read("tips/get_by_ids", ids=[t], scope=scope, card=card)
                    await db.read(
                        "tips/identifiers", ids=[t], scope=scope, linkingCap=LINKING_TIPS_CAP, verdicts=True
                    )
                apart = db.hits / len(tips)
                # With verdicts: the request shows its identifiers' generic flags; without (bench.crossref's
                # `identifiers { kind key role tipCount }`), a scoped viewer's suspect accounts go uncounted.
                for verdicts in (True, False):
                    db.hits = 0
                    for t in tips:
                        await db.read(
                            "tips/get_with_identifiers",
                            id=t,
                            scope=scope,
                            card=card,
                            linkingCap=LINKING_TIPS_CAP,
                            verdicts=verdicts,
                        )
                    together = db.hits / len(tips)
                    flags = "with generic flags" if verdicts else "no generic flag"
                    rows.append(
                        (
                            f"tip with identifiers ({who}, {shape}, {flags})",
                            "2",
                            "1",
                            f"{apart:,.1f}",
                            f"{together:,.1f}",
                        )
                    )
                page = {"after": None, "limit": PAGE + 1, "card": card}
                db.hits = 0
                for uid in identifiers:
                    await db.read("identifiers/get", uid=uid, scope=scope, linkingCap=LINKING_TIPS_CAP)
                    await db.read("identifiers/tips", uid=uid, scope=scope, **page)
                apart = db.hits / len(identifiers)
                db.hits = 0
                for uid in identifiers:
                    await db.read(
                        "identifiers/get_with_tips", uid=uid, scope=scope, linkingCap=LINKING_TIPS_CAP, **page
                    )
                together = db.hits / len(identifiers)
                rows.append(
                    (f"identifier with tips ({who}, {shape})", "2", "1", f"{apart:,.1f}", f"{together:,.1f}")
                )
    finally:
        await db.close()
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.read_statements", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--subjects", type=int, default=100, help="clusters and tips read per row")
    args = parser.parse_args(argv)
    data = dataset(args.tips, args.seed)
    with kept_database(data) as kept:  # bench.crossref's database, referrals and all
        target = kept.target
        rows = asyncio.run(compare(target.uri, target.password, args.subjects))
    print_table(
        f"db hits per request, {args.subjects} subjects each (the statements apart, then in one)",
        ("read", "statements before", "now", "db hits before", "now"),
        rows,
    )


if __name__ == "__main__":
    main()

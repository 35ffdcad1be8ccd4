"""What weighing a tip's links costs this process: graph.crossref.page_of_links on rows read once.

    python -m bench.links_weighing [--tips 20000] [--seed 7] [--subjects 200] [--rounds 20]

On bench.crossref's database, cypher/tips/linked is read once for `--subjects` tips (as an analyst, with
cards, as a linkedTips request reads them); then page_of_links weighs each tip's rows into its first page
of 20 links, `--rounds` times, with and without the evidence model, and with a tier filter. It prints CPU
microseconds per call (no database and no network in the loop, so the figure is this process's own) and a
SHA-256 of every page made, which must not change when weighing is made faster.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import time
from collections.abc import Sequence
from dataclasses import astuple

from bench.crossref import SAMPLE_SEED
from bench.harness import bench_settings, dataset, print_table
from bench.linked_tips import kept_database
from graph.clustering.tiers import Tier
from graph.crossref import _read_linked, page_of_links
from graph.settings import Settings
from graph.store.database import Row, connect
from graph.viewer import Role, Viewer

PAGE = 20
ANALYST = Viewer(subject="bench-analyst", role=Role.ANALYST)


async def read_rows(settings: Settings, uri: str, password: str, ids: list[str]) -> list[list[Row]]:
    db = connect(settings, uri, password)
    try:
        found = []
        for tip_id in ids:
            read = await _read_linked(db, settings, ANALYST, tip_id, include_generic=False, cards=True)
            found.append(read.identifiers if read else [])
        return found
    finally:
        await db.close()


def weigh(settings: Settings, rows: list[list[Row]], rounds: int) -> list[list[str]]:
    table = []
    for label, evidence, tier in (
        ("no evidence selected", False, None),
        ("evidence selected", True, None),
        ("tier >= POSSIBLE", True, Tier.POSSIBLE),
    ):
        digest = hashlib.sha256()
        for identifiers in rows:  # once for the digest (and to load the model)
            page = page_of_links(identifiers, settings, PAGE, None, tier, evidence)
            digest.update(repr((page.total, page.has_next, [astuple(link) for link in page.items])).encode())
        started = time.process_time()
        for _ in range(rounds):
            for identifiers in rows:
                page_of_links(identifiers, settings, PAGE, None, tier, evidence)
        spent = time.process_time() - started
        calls = rounds * len(rows)
        table.append([label, f"{1e6 * spent / calls:.0f}", digest.hexdigest()[:16]])
    return table


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.links_weighing", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--subjects", type=int, default=200, help="tips whose links are weighed")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    with kept_database(dataset(args.tips, args.seed)) as kept:
        settings = bench_settings(kept.target.uri, kept.target.password)
        ids = random.Random(SAMPLE_SEED).sample(kept.linked, min(args.subjects, len(kept.linked)))
        rows = asyncio.run(read_rows(settings, kept.target.uri, kept.target.password, ids))
    table = weigh(settings, rows, args.rounds)
    print_table(
        f"page_of_links, first {PAGE} links of {len(rows)} tips",
        ["selection", "CPU us per call", "pages' SHA-256"],
        table,
    )


if __name__ == "__main__":
    main()

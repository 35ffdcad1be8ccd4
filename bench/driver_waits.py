"""The driver's socket waits on Python 3.11: its own (a task per read) against graph/store/socket_waits.py's.

    python -m bench.driver_waits [--tips 20000] [--seed 7] [--statements 300] [--rounds 4]

On bench.crossref's database, one Database runs the statement a linkedTips request runs (cypher/tips/linked,
with cards, as an analyst) for the same tip ids, alternating the two waits round by round (the order flipped
every round). It prints, for each, the tasks created per statement (deterministic) and this process's CPU
microseconds per statement (the machine is shared: compare the two, measured side by side).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Sequence

from bench.crossref import SAMPLE_SEED
from bench.harness import bench_settings, dataset, print_table
from bench.linked_tips import kept_database
from graph.clustering.evidence import PEOPLE_COUNTED
from graph.clustering.thresholds import RULE_PARAMS
from graph.crossref import CARDS_SHIPPED
from graph.generic import USAGE_REASONS
from graph.identifiers import REPORTER_CONTACT_REASON
from graph.store import socket_waits
from graph.store.database import connect

WAITS = {"driver's (3.10 copy)": socket_waits.DRIVER_WAIT_FOR, "socket_waits": socket_waits.wait_for}


async def compare(uri: str, password: str, ids: list[str], statements: int, rounds: int) -> list[list[str]]:
    settings = bench_settings(uri, password)
    db = connect(settings, uri, password)

    async def linked(tip_id: str) -> None:
        await db.read(
            "tips/linked",
            id=tip_id,
            scope={"all": True},
            includeGeneric=False,
            expansionLimit=settings.generic_expansion_limit,
            **RULE_PARAMS,
            usageReasons=list(USAGE_REASONS),
            reporterContactReason=REPORTER_CONTACT_REASON,
            peopleCounted=PEOPLE_COUNTED,
            card=True,
            cardsShipped=CARDS_SHIPPED,
        )

    sample = random.Random(SAMPLE_SEED).choices(ids, k=statements)
    cpu = dict.fromkeys(WAITS, 0.0)
    tasks = dict.fromkeys(WAITS, 0)
    try:
        for tip_id in sample[:30]:
            await linked(tip_id)
        for round_ in range(rounds):
            for name in WAITS if round_ % 2 == 0 else reversed(list(WAITS)):
                socket_waits.use(WAITS[name])
                with socket_waits.counted_tasks() as count:
                    started = time.process_time()
                    for tip_id in sample:
                        await linked(tip_id)
                    cpu[name] += time.process_time() - started
                tasks[name] += count.created
    finally:
        socket_waits.install()
        await db.close()
    runs = rounds * statements
    base = cpu["driver's (3.10 copy)"]
    return [
        [name, f"{tasks[name] / runs:.1f}", f"{1e6 * cpu[name] / runs:.0f}", f"{cpu[name] / base:.3f}"]
        for name in WAITS
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.driver_waits", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--statements", type=int, default=300, help="statements per round and wait")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)
    with kept_database(dataset(args.tips, args.seed)) as kept:
        rows = asyncio.run(
            compare(kept.target.uri, kept.target.password, kept.linked, args.statements, args.rounds)
        )
    print_table(
        "cypher/tips/linked, one statement at a time",
        ["socket waits", "tasks per statement", "CPU us per statement", "CPU ratio"],
        rows,
    )


if __name__ == "__main__":
    main()

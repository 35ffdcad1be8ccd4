"""uvicorn's HTTP parser for tipgraph, side by side: h11 (pure Python) against httptools (issue 9, target 1).

    python -m bench.http_parser [--tips 20000] [--seed 7] [--requests 300] [--window 8] [--clients 8]
                                [--rounds 2]

On bench.crossref's database, two tipgraph servers run at once, the same app under `uvicorn --http h11` and
under `uvicorn --http httptools` (needs httptools installed), and answer bench.crossref's reads (linkedTips,
then the other reads of a link chart and a queue) with auth, scope and audit on. Per read and per server:
p50 of `--requests` sequential requests (the two taking turns request by request), then throughput and the
server process's CPU per request over windows of `--clients` concurrent clients, alternated
h11/httptools then httptools/h11 for `--rounds` rounds. Only the parser differs, so the CPU ratio is what
parsing HTTP costs; the answers of the two are compared.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from collections.abc import Sequence
from typing import Any

import httpx

from bench.crossref import (
    CASES,
    QUERY,
    SAMPLE_SEED,
    Side,
    http_asker,
    one_client,
    summary_of,
    tipgraph_server,
)
from bench.crossref import window as run_window
from bench.harness import bench_settings, dataset, print_table, token
from bench.linked_tips import kept_database
from graph.store.database import connect
from graph.viewer import Role

PARSERS = ("h11", "httptools")


async def measure(args: argparse.Namespace, uri: str, password: str, ids: list[str]) -> None:
    settings = bench_settings(uri, password)
    db = connect(settings, uri, password)
    found = (await db.read("bench/subjects", limit=1000))[0]
    await db.close()
    pools = {
        "tips": ids,
        "identifiers": found["identifiers"],
        "clusters": [str(c) for c in found["clusters"]],
        "queue": ["queue"],
    }
    reads: list[tuple[str, str, Any, Any, list[str]]] = [
        ("tip(id){linkedTips(first:20)}", QUERY, lambda s: {"id": s}, summary_of, ids),
        *((c.title, c.query, c.variables, c.summary, pools[c.subjects]) for c in CASES),
    ]
    bearer = {"Authorization": f"Bearer {token(settings, Role.ANALYST)}"}
    rng = random.Random(SAMPLE_SEED)
    rows = []
    with (
        tipgraph_server(uri, password, "h11") as (h11_url, h11_pid),
        tipgraph_server(uri, password, "httptools") as (fast_url, fast_pid),
    ):
        limits = httpx.Limits(max_connections=args.clients * 2, max_keepalive_connections=args.clients * 2)
        async with (
            httpx.AsyncClient(base_url=h11_url, timeout=60, limits=limits) as h11_client,
            httpx.AsyncClient(base_url=fast_url, timeout=60, limits=limits) as fast_client,
        ):
            for title, query, variables, summary, pool in reads:
                if not pool:
                    continue
                sides = [
                    Side("h11", http_asker(h11_client, bearer, query, variables), h11_pid),
                    Side("httptools", http_asker(fast_client, bearer, query, variables), fast_pid),
                ]
                await one_client(sides, rng.choices(pool, k=20), summary)
                latencies, agreed = await one_client(sides, rng.choices(pool, k=args.requests), summary)
                totals = {side.label: [0, 0.0, 0.0] for side in sides}
                for round_ in range(args.rounds):
                    for side in sides if round_ % 2 == 0 else sides[::-1]:
                        done, wall, cpu = await run_window(side, pool, args.clients, args.window / 2)
                        total = totals[side.label]
                        total[0] += done
                        total[1] += wall
                        total[2] += cpu
                (slow_done, slow_wall, slow_cpu), (fast_done, fast_wall, fast_cpu) = (
                    totals[label] for label in PARSERS
                )
                slow_ms, fast_ms = 1000 * slow_cpu / max(slow_done, 1), 1000 * fast_cpu / max(fast_done, 1)
                slow_rate, fast_rate = slow_done / slow_wall, fast_done / fast_wall
                slow_p50, fast_p50 = (latencies[label].percentile_ms(0.5) for label in PARSERS)
                rows.append(
                    [
                        title,
                        f"{slow_ms:.2f} / {fast_ms:.2f}",
                        f"{fast_ms / slow_ms:.2f}x",
                        f"{slow_rate:.1f} / {fast_rate:.1f}",
                        f"{fast_rate / slow_rate:.2f}x",
                        f"{slow_p50:.1f} / {fast_p50:.1f}",
                        f"{agreed} of {args.requests}",
                    ]
                )
    print_table(
        f"tipgraph under uvicorn --http h11 / --http httptools ({args.requests} sequential requests each, "
        f"{args.clients} clients for {args.window:.0f} s each per round, {args.rounds} rounds)",
        [
            "read",
            "server CPU ms/req",
            "CPU ratio",
            "req/s",
            "throughput ratio",
            "p50 ms",
            "same answer",
        ],
        rows,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.http_parser", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per server and read")
    parser.add_argument("--window", type=float, default=8.0, help="seconds of concurrent load per server")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    data = dataset(args.tips, args.seed)
    with kept_database(data) as kept:
        asyncio.run(measure(args, kept.target.uri, kept.target.password, kept.linked))


if __name__ == "__main__":
    main()

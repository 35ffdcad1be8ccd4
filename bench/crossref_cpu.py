"""Where tipgraph's CPU goes when it answers the reads bench.crossref compares (issue 9, target 1).

    python -m bench.crossref_cpu [--tips 20000] [--seed 7] [--requests 150] [--top 25]

On bench.crossref's database, the app answers each read in this process (ASGI, no socket: the HTTP server
is left out) under cProfile counting CPU time, not wall time (the machine is shared: waits say nothing).
It prints, per read, CPU ms per request and the functions of tipgraph and its libraries with the most CPU
under them; profiled figures are inflated by the profiler, so compare their shares, not their sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import random
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bench.crossref import CASES, QUERY, SAMPLE_SEED
from bench.harness import bench_settings, dataset, token
from bench.linked_tips import kept_database
from graph.settings import Settings
from graph.store.database import connect
from graph.viewer import Role

# What the listing keeps: tipgraph's code and the layers a request passes through.
SHOWN = (
    r"(/api/|/graph/|strawberry/schema/schema.py|graphql/execution/executor.py:(928|1089)|jwt/api_jwt"
    r"|neo4j/_async/work/(session|result).py:.*(run|__aiter__))"
)


async def profile_reads(
    settings: Settings, uri: str, password: str, ids: list[str], args: argparse.Namespace
) -> None:
    from api.app import create_app

    db = connect(settings, uri, password)
    try:
        found = (await db.read("bench/subjects", limit=1000))[0]
        subjects = {
            "tips": ids,
            "identifiers": found["identifiers"],
            "clusters": [str(c) for c in found["clusters"]],
            "queue": ["queue"],
        }
        reads: list[tuple[str, str, Any, Sequence[str]]] = [
            ("tip(id){linkedTips(first:20)}", QUERY, lambda s: {"id": s}, ids)
        ]
        reads += [(c.title, c.query, c.variables, subjects[c.subjects]) for c in CASES]
        app = create_app(settings, db=db)
        headers = {"Authorization": f"Bearer {token(settings, Role.ANALYST)}"}
        transport = httpx.ASGITransport(app=app)
        rng = random.Random(SAMPLE_SEED)
        async with httpx.AsyncClient(transport=transport, base_url="http://tipgraph.bench") as client:
            for title, query, variables, pool in reads:
                if not pool or (args.only and args.only not in title):
                    continue

                async def ask(subject: str, query: str = query, variables: Any = variables) -> None:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": variables(subject)}, headers=headers
                    )
                    if response.status_code != 200 or response.json().get("errors"):
                        raise RuntimeError(response.text)

                for subject in rng.choices(pool, k=20):
                    await ask(subject)
                profiler = cProfile.Profile(time.process_time)
                cpu = time.process_time()
                profiler.enable()
                for subject in rng.choices(pool, k=args.requests):
                    await ask(subject)
                profiler.disable()
                per_request = 1000 * (time.process_time() - cpu) / args.requests
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out)
                if args.sort == "tottime":  # where the CPU is spent itself, in any module
                    stats.sort_stats("tottime").print_stats(args.top)
                else:
                    stats.sort_stats("cumulative").print_stats(SHOWN, args.top)
                print(f"\n{title}: {per_request:.2f} CPU ms per request under the profiler (client included)")
                print(
                    "\n".join(line for line in out.getvalue().splitlines() if "/" in line or "ncalls" in line)
                )
    finally:
        await db.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crossref_cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=150, help="profiled requests per read")
    parser.add_argument("--top", type=int, default=25, help="functions listed per read")
    parser.add_argument(
        "--sort",
        choices=("cumulative", "tottime"),
        default="cumulative",
        help="cumulative: tipgraph's functions and the layers above by CPU under them; tottime: any function "
        "by CPU spent in itself",
    )
    parser.add_argument("--only", default="", help="profile only the reads whose title contains this")
    args = parser.parse_args(argv)
    data = dataset(args.tips, args.seed)
    with kept_database(data) as kept:  # bench.crossref's database, referrals and all
        target, ids = kept.target, kept.linked
        server_settings = bench_settings(target.uri, target.password)
        asyncio.run(profile_reads(server_settings, target.uri, target.password, ids, args))


if __name__ == "__main__":
    main()

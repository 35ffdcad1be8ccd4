"""The triage desk at scale: triageQueue(first: 50) latency over HTTP, and one setDisposition on 10,000 tips.

    python -m bench.triage [--tips 100000] [--seed 7] [--requests 500] [--bulk 10000]

Uses the database bench.linked_tips keeps in `.cache/bench/neo4j-<tips>-<seed>/` (filled first if absent).
The bulk decision is undone afterwards by a supervisor (also timed), so the kept database stays as it was.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from typing import Any

import httpx

from api.app import create_app
from bench.harness import (
    BackgroundServer,
    Latencies,
    bench_settings,
    dataset,
    describe_dataset,
    print_table,
    token,
)
from bench.linked_tips import kept_database
from graph.viewer import Role

QUEUE = """query Queue($after: String) {
  triageQueue(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id actionability { priority score } preservationDeadline } }
  }
}"""
DECIDE = """mutation Bulk($ids: [ID!]!) {
  setDisposition(tipIds: $ids, disposition: NON_ACTIONABLE, reasonCode: "BENCH") {
    decisionId changes { tipId } problems { tipId code }
  }
}"""
UNDO = """mutation Undo($id: ID!) { undoDecision(decisionId: $id) { decisionId changes { tipId } } }"""
REFERRED_SHARE = 0.1


def queue_latencies(client: httpx.Client, requests: int) -> tuple[Latencies, int]:
    """Half the requests read the first page, half follow cursors deeper into the queue."""
    samples: list[float] = []
    cursors: list[str | None] = [None]
    pages = 0
    started = time.perf_counter()
    rng = random.Random(11)
    for number in range(requests):
        after = None if number % 2 == 0 else rng.choice(cursors)
        sent = time.perf_counter()
        response = client.post("/graphql", json={"query": QUEUE, "variables": {"after": after}})
        samples.append(time.perf_counter() - sent)
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"])
        info = body["data"]["triageQueue"]["pageInfo"]
        pages += 1
        if info["hasNextPage"] and len(cursors) < 200:
            cursors.append(info["endCursor"])
    return Latencies(tuple(samples), time.perf_counter() - started), pages


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.triage", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--bulk", type=int, default=10_000)
    args = parser.parse_args(argv)
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    with kept_database(data, REFERRED_SHARE) as kept:
        target = kept.target
        served = bench_settings(target.uri, target.password)
        analyst = {"Authorization": f"Bearer {token(served, Role.ANALYST)}"}
        supervisor = {"Authorization": f"Bearer {token(served, Role.SUPERVISOR)}"}
        with (
            BackgroundServer(create_app(served)) as server,
            httpx.Client(base_url=server.url, headers=analyst, timeout=600) as client,
        ):
            for _ in range(20):
                client.post("/graphql", json={"query": QUEUE, "variables": {"after": None}})
            latencies, pages = queue_latencies(client, args.requests)
            ids = [
                e["node"]["id"]
                for e in client.post("/graphql", json={"query": QUEUE, "variables": {"after": None}}).json()[
                    "data"
                ]["triageQueue"]["edges"]
            ]
            sample = random.Random(5).sample(
                [f"SYN-{100_000_000 + n}" for n in range(data.tips)], min(args.bulk, data.tips)
            )
            started = time.perf_counter()
            decided = client.post("/graphql", json={"query": DECIDE, "variables": {"ids": sample}}).json()
            decide_s = time.perf_counter() - started
            result = decided["data"]["setDisposition"]
            started = time.perf_counter()
            undone = client.post(
                "/graphql",
                json={"query": UNDO, "variables": {"id": result["decisionId"]}},
                headers=supervisor,
            ).json()
            undo_s = time.perf_counter() - started
    print_table(
        f"triageQueue(first: 50) over HTTP, {data.tips:,} tips, {args.requests} sequential requests",
        ["p50 ms", "p90 ms", "p99 ms", "max ms", "req/s"],
        [
            [
                f"{latencies.percentile_ms(0.5):.1f}",
                f"{latencies.percentile_ms(0.9):.1f}",
                f"{latencies.percentile_ms(0.99):.1f}",
                f"{max(latencies.samples) * 1000:.1f}",
                f"{latencies.per_second:,.0f}",
            ]
        ],
    )
    print(f"  first page starts with {ids[:3]}")
    print()
    print_table(
        f"one bulk decision on {len(sample):,} tips over HTTP",
        ["mutation", "tips changed", "problems", "seconds", "tips/s"],
        [
            [
                "setDisposition NON_ACTIONABLE",
                f"{len(result['changes']):,}",
                f"{len(result['problems']):,}",
                f"{decide_s:.2f}",
                f"{len(result['changes']) / decide_s:,.0f}",
            ],
            [
                "undoDecision (supervisor)",
                f"{len(undone['data']['undoDecision']['changes']):,}",
                "0",
                f"{undo_s:.2f}",
                f"{len(undone['data']['undoDecision']['changes']) / undo_s:,.0f}",
            ],
        ],
    )


if __name__ == "__main__":
    main()

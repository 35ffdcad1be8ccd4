"""Many clients against real worker processes: 1 worker and N workers side by side, in one run.

    python -m bench.workers [--tips 2000] [--seed 7] [--clients 20] [--workers 2] [--seconds 20]

A throw-away embedded Neo4j (or NEO4J_URI, which is WIPED) is filled with generated tips; then the API is
served the way `tipgraph run --workers N` serves it (api.workers.serve in a subprocess: uvicorn workers
sharing the rate limit, metrics and the sweep lease) once with one worker and once with N, and `--clients`
concurrent clients, each with its own token and keep-alive connection, send a mix of the investigator's
reads for `--seconds`: tip.linkedTips(first: 20) of tips that have links, the triage queue and a search.
Production limits stay on (rate limit 50/s per token, audit, metrics, a JSON log line per request).

Printed: requests, errors (anything but HTTP 200 without GraphQL errors), throughput, latency percentiles
per operation, how the requests spread over the worker processes (from their log lines), the request count
the /metrics endpoint reports for all workers together, and N workers against 1 as ratios. The machine is
shared and noisy: compare the two runs of one invocation, not runs of different days.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from api.auth import mint_token
from api.worker_processes import ServedWorkers, spawned_workers
from bench.harness import (
    BENCH_DIR,
    BENCH_SECRET,
    Latencies,
    bench_settings,
    dataset,
    describe_dataset,
    neo4j_target,
    print_table,
)
from bench.linked_tips import fill
from graph.settings import Settings
from graph.store.database import opened
from graph.viewer import Role

METRICS_TOKEN = "bench-workers-metrics-token"
STARTUP_SECONDS = 300

OPERATIONS: dict[str, str] = {
    "LinkedTips": """query LinkedTips($id: ID!) { tip(id: $id) { id linkedTips(first: 20) {
        totalCount edges { weight node { id platform } shared { kind key weight } } } } }""",
    "Queue": """query Queue { triageQueue(first: 10) {
        edges { node { id disposition actionability { priority score } } } } }""",
    "Search": """query Search { searchTips(filter: {incidentTypes: [ONLINE_ENTICEMENT]}, first: 10) {
        edges { node { id incidentDateTime } } } }""",
}
# Mostly link-chart expansions, as in issue 9's picture of twenty investigators clicking at once.
MIX = ["LinkedTips"] * 6 + ["Queue"] * 2 + ["Search"] * 2


@dataclass
class Phase:
    workers: int
    wall: float = 0.0
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    per_worker: Counter[int] = field(default_factory=Counter)
    metrics_requests: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(s) for s in self.samples.values())

    def latencies(self, operation: str | None = None) -> Latencies:
        chosen = (
            self.samples.get(operation, []) if operation else [x for s in self.samples.values() for x in s]
        )
        return Latencies(tuple(chosen), self.wall)


@contextmanager
def served(uri: str, password: str, workers: int, log: Path) -> Iterator[ServedWorkers]:
    """`api.workers.serve` in a subprocess (what `tipgraph run --workers` calls), once every worker has
    started."""
    environment = {
        "NEO4J_URI": uri,
        "NEO4J_PASSWORD": password,
        "TIPGRAPH_AUTH_HS256_SECRET": BENCH_SECRET,
        "TIPGRAPH_METRICS_TOKEN": METRICS_TOKEN,
        "TIPGRAPH_LOG_LEVEL": "info",
    }
    with spawned_workers(environment, workers, log, STARTUP_SECONDS) as server:
        yield server


async def client(url: str, bearer: str, ids: Sequence[str], seed: int, until: float, phase: Phase) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {bearer}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
        while time.perf_counter() < until:
            operation = rng.choice(MIX)
            variables = {"id": rng.choice(ids)} if operation == "LinkedTips" else {}
            payload = {"query": OPERATIONS[operation], "variables": variables, "operationName": operation}
            sent = time.perf_counter()
            try:
                response = await http.post("/graphql", json=payload)
            except httpx.HTTPError as exc:
                phase.errors[type(exc).__name__] += 1
                continue
            phase.samples.setdefault(operation, []).append(time.perf_counter() - sent)
            if response.status_code != 200:
                phase.errors[f"HTTP {response.status_code}"] += 1
            elif response.json().get("errors"):
                phase.errors["GraphQL error"] += 1


async def load(
    url: str, settings: Settings, ids: Sequence[str], clients: int, seconds: float, phase: Phase
) -> None:
    # A token per client (each its own subject, so its own rate-limit budget), as twenty analysts have.
    bearers = [
        mint_token(
            secret=BENCH_SECRET,
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            subject=f"bench-client-{n}",
            role=Role.ANALYST,
            agency=None,
        )
        for n in range(clients)
    ]
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(url, bearers[n], ids, n, until, phase) for n in range(clients)))
    phase.wall = time.perf_counter() - started


def scrape_graphql_requests(url: str) -> float:
    response = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=60)
    response.raise_for_status()
    return sum(
        sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "tipgraph_graphql_request_seconds_count"
        and sample.labels.get("operation") in OPERATIONS
    )


def run_phase(
    uri: str, password: str, settings: Settings, ids: Sequence[str], workers: int, args: argparse.Namespace
) -> Phase:
    phase = Phase(workers)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        with served(uri, password, workers, log) as server:
            warm = Phase(workers)
            asyncio.run(load(server.url, settings, ids, args.clients, min(3.0, args.seconds), warm))
            before = scrape_graphql_requests(server.url)
            warm_lines = len(server.lines())
            asyncio.run(load(server.url, settings, ids, args.clients, args.seconds, phase))
            phase.metrics_requests = scrape_graphql_requests(server.url) - before
            phase.per_worker = Counter(
                line["pid"]
                for line in server.lines()[warm_lines:]
                if line["message"] == "request" and line.get("operation") in OPERATIONS
            )
    return phase


def phase_rows(phase: Phase) -> list[list[str]]:
    rows = []
    for operation in [None, *OPERATIONS]:
        lat = phase.latencies(operation)
        if not lat.samples:
            continue
        rows.append(
            [
                f"{phase.workers} worker{'s' if phase.workers > 1 else ''}, {operation or 'all'}",
                f"{len(lat.samples):,}",
                f"{lat.per_second:,.1f}",
                f"{lat.percentile_ms(0.50):.1f}",
                f"{lat.percentile_ms(0.95):.1f}",
                f"{lat.percentile_ms(0.99):.1f}",
                str(sum(phase.errors.values())) if operation is None else "",
            ]
        )
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=2_000, help="generated tips in the database")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the second run")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    return parser.parse_args(argv)


async def prepare(settings: Settings, uri: str, password: str, tips: int, seed: int) -> list[str]:
    data = dataset(tips, seed)
    print(describe_dataset(data))
    async with opened(settings, uri, password) as db:
        await fill(db, settings, data)
        return sorted(row["id"] for row in await db.read("bench/linked_sample", limit=tips))


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    settings = bench_settings()
    with neo4j_target(settings, BENCH_DIR / f"neo4j-workers-{os.getpid()}") as target:
        ids = asyncio.run(prepare(settings, target.uri, target.password, args.tips, args.seed))
        print(f"{len(ids):,} of {args.tips:,} tips have links")
        server_settings = bench_settings(target.uri, target.password)
        phases = [
            run_phase(target.uri, target.password, server_settings, ids, n, args) for n in (1, args.workers)
        ]

    print_table(
        f"{args.clients} clients, {args.seconds:.0f} s each, {args.tips:,} tips: mix of "
        + ", ".join(f"{name} {MIX.count(name) * 10}%" for name in OPERATIONS),
        ["run", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        [row for phase in phases for row in phase_rows(phase)],
    )
    print()
    for phase in phases:
        spread = ", ".join(f"pid {pid}: {count:,}" for pid, count in sorted(phase.per_worker.items()))
        print(
            f"  {phase.workers} worker(s): requests per worker process {spread}; /metrics of all workers "
            f"counted {phase.metrics_requests:,.0f} of the {phase.requests:,} sent; errors "
            f"{dict(phase.errors) or 0}"
        )
    one, many = (phase.latencies() for phase in phases)
    print(
        f"  {args.workers} workers / 1 worker: throughput {many.per_second / one.per_second:.2f}x, "
        f"p50 {many.percentile_ms(0.5) / one.percentile_ms(0.5):.2f}x, "
        f"p99 {many.percentile_ms(0.99) / one.percentile_ms(0.99):.2f}x"
    )


if __name__ == "__main__":
    main()

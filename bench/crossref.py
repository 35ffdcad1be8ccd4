"""Cross-reference against a peer and the raw-driver floor, side by side on one database (issue 9, target 1).

    python -m bench.crossref [--tips 20000] [--seed 7] [--requests 400] [--window 12] [--clients 8]
                             [--warm-seconds 0]

One embedded Neo4j holds the generated tips (kept under `.cache/bench/`, as bench.linked_tips keeps it).
Three ways answer `tip(id){linkedTips(first:20){…}}` for the same tip ids, interleaved request by request:

- tipgraph: `uvicorn api.app:app_from_environment --factory` in its own process, real HTTP, a real analyst
  token, with auth, scope, the audit record and the weights on;
- the peer: `@neo4j/graphql` on graphql-yoga (bench/peer, `npm ci` on first use), the same GraphQL query
  answered by one @cypher field running cypher/bench/linked_peer.cypher; no auth, scope or audit;
- the floor: that same statement through the Python driver, no GraphQL and no HTTP.

It prints p50/p99 for one client, throughput for `--clients` concurrent clients (windows alternated
ABC CBA so drift hits all three alike), CPU per request of each server process and of Neo4j (in brackets
what Neo4j's JIT compiler threads spent meanwhile: on a young server much of it, charged to the side whose
window it falls in; `--warm-seconds` loads each side untimed first), db hits per
request (PROFILE of every statement a tipgraph request runs, the audit write included, and of the floor's
one statement), whether the three answers agree, and each ratio against its target. The machine is shared
and noisy: only the ratios, measured in one run, mean anything.

Then the same comparison (latencies, throughput, agreement, ratios; db hits only for the first) for the other
reads a link chart and a queue make: `tip` with its identifiers, `identifier.tips`, `triageQueue` and a
cluster's page of tips, each answered by the peer with one @cypher field (cypher/bench/*_peer.cypher, which
the floor runs too).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import httpx

from bench.harness import (
    BENCH_SECRET,
    UNLIMITED_RATE,
    Latencies,
    bench_settings,
    dataset,
    describe_dataset,
    print_table,
    process_cpu_seconds,
    token,
)
from bench.jvm_threads import JIT, by_kind, thread_cpu
from bench.linked_tips import kept_database
from bench.profiling import ProfilingDatabase
from graph.settings import Settings
from graph.store.database import Database, connect
from graph.store.launcher import REPO_ROOT, free_port
from graph.viewer import Role

PEER_DIR: Final = REPO_ROOT / "bench" / "peer"
METRICS_TOKEN: Final = "tipgraph-bench-metrics"
STATEMENT_COUNT: Final = re.compile(
    r'^tipgraph_neo4j_statement_seconds_count\{statement="([^"]+)"\} (\S+)$', re.M
)
GRAPHQL_REQUESTS: Final = re.compile(
    r'^tipgraph_http_requests_total\{route="/graphql",status="200"\} (\S+)$', re.M
)
SAMPLE_SEED: Final = 23
QUERY: Final = """query Linked($id: ID!) {
  tip(id: $id) {
    id
    linkedTips(first: 20) {
      totalCount
      skippedGenericIdentifiers
      edges { weight node { id incidentType receivedAt } shared { kind key weight } }
    }
  }
}"""
# (label, measured, target, True when the figure must be at least the target, else at most)
TARGETS: Final = (
    ("throughput vs peer", "throughput", 1.0, True),
    ("p50 vs peer", "p50_peer", 1.0, False),
    ("p99 vs peer", "p99_peer", 1.0, False),
    ("p50 vs raw-driver floor", "p50_floor", 2.0, False),
    ("db hits vs raw-driver floor", "dbhits_floor", 1.5, False),
)

Ask = Callable[[str], Awaitable[dict[str, Any]]]


@dataclass
class Side:
    """One way of answering: how to ask it, and whose CPU it spends."""

    label: str
    ask: Ask
    pid: int | None  # the serving process, for CPU per request; None for the floor (this process)


def wait_for_http(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}; see its output above")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url}")


@contextmanager
def running(command: Sequence[str], env: dict[str, str], url: str, what: str) -> Iterator[int]:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=REPO_ROOT)
    try:
        wait_for_http(url, process, what)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def tipgraph_server(neo4j_uri: str, password: str, http: str = "auto") -> Iterator[tuple[str, int]]:
    """tipgraph under uvicorn; `http` is uvicorn's HTTP implementation (auto: httptools when installed)."""
    port = free_port()
    env = {
        "NEO4J_URI": neo4j_uri,
        "NEO4J_PASSWORD": password,
        "TIPGRAPH_AUTH_HS256_SECRET": BENCH_SECRET,
        "TIPGRAPH_RATE_LIMIT_PER_SECOND": str(UNLIMITED_RATE),
        "TIPGRAPH_RATE_LIMIT_BURST": str(10**9),
        "TIPGRAPH_METRICS_TOKEN": METRICS_TOKEN,
    }
    command = [
        sys.executable, "-m", "uvicorn", "api.app:app_from_environment", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--http", http,
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with running(command, env, f"{url}/healthz", "tipgraph") as pid:
        yield url, pid


@contextmanager
def peer_server(neo4j_uri: str, password: str) -> Iterator[tuple[str, int]]:
    if not (PEER_DIR / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)
    port = free_port()
    env = {"NEO4J_URI": neo4j_uri, "NEO4J_PASSWORD": password, "PORT": str(port)}
    url = f"http://127.0.0.1:{port}"
    ready = f"{url}/graphql?query=%7B__typename%7D"
    with running(["node", str(PEER_DIR / "server.mjs")], env, ready, "peer") as pid:
        yield url, pid


def http_asker(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    query: str = QUERY,
    variables: Callable[[str], dict[str, Any]] = lambda subject: {"id": subject},
) -> Ask:
    async def ask(subject: str) -> dict[str, Any]:
        request = {"query": query, "variables": variables(subject)}
        response = await client.post("/graphql", json=request, headers=headers)
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"{response.status_code}: {body.get('errors')}")
        return body

    return ask


async def statements_run(client: httpx.AsyncClient) -> tuple[float, dict[str, float]]:
    """From tipgraph's own /metrics: GraphQL requests answered so far, and statements run by name."""
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    response.raise_for_status()
    requests = GRAPHQL_REQUESTS.search(response.text)
    counts = {name: float(count) for name, count in STATEMENT_COUNT.findall(response.text)}
    return float(requests.group(1)) if requests else 0.0, counts


def statements_per_request(
    before: tuple[float, dict[str, float]], after: tuple[float, dict[str, float]]
) -> list[list[str]]:
    """Statements (each its own transaction, so its own round trip and commit) per request between two
    scrapes, by name; the audit batch's line says how many requests' records one commit carried."""
    requests = max(after[0] - before[0], 1.0)
    rows = []
    for name, count in sorted(after[1].items()):
        ran = count - before[1].get(name, 0.0)
        if ran:
            rows.append([name, f"{ran / requests:.3f}", f"{requests / ran:.2f}"])
    return rows


def floor_asker(db: Database) -> Ask:
    async def ask(tip_id: str) -> dict[str, Any]:
        rows = await db.read("bench/linked_peer", id=tip_id, first=20)
        return {"data": {"tip": {"id": tip_id, "linkedTips": rows[0]["linkedTips"]}}}

    return ask


def summary_of(body: dict[str, Any]) -> tuple[int, int, tuple[tuple[str, float], ...]]:
    """What must agree between the three: counts and the ranked (tip, weight) pairs."""
    linked = body["data"]["tip"]["linkedTips"]
    edges = tuple((e["node"]["id"], round(e["weight"], 4)) for e in linked["edges"])
    return linked["totalCount"], linked["skippedGenericIdentifiers"], edges


async def one_client(
    sides: Sequence[Side], ids: Sequence[str], summary: Callable[[dict[str, Any]], Any] = summary_of
) -> tuple[dict[str, Latencies], int]:
    """Sequential requests, the sides taking turns on each id (their order rotating); and how many ids got
    the same answer from every side."""
    samples: dict[str, list[float]] = {side.label: [] for side in sides}
    agreed = 0
    started = time.perf_counter()
    for index, tip_id in enumerate(ids):
        turn = index % len(sides)
        answers = []
        for side in [*sides[turn:], *sides[:turn]]:
            sent = time.perf_counter()
            body = await side.ask(tip_id)
            samples[side.label].append(time.perf_counter() - sent)
            answers.append(summary(body))
        agreed += all(answer == answers[0] for answer in answers)
    wall = time.perf_counter() - started
    return {label: Latencies(tuple(s), wall / len(sides)) for label, s in samples.items()}, agreed


async def window(side: Side, ids: Sequence[str], clients: int, seconds: float) -> tuple[int, float, float]:
    """`clients` concurrent loops over the ids for `seconds`: (requests, wall, server CPU seconds)."""
    done = 0
    stop = time.perf_counter() + seconds

    async def loop(offset: int) -> None:
        nonlocal done
        index = offset
        while time.perf_counter() < stop:
            await side.ask(ids[index % len(ids)])
            done += 1
            index += clients

    cpu_before = process_cpu_seconds(side.pid)
    started = time.perf_counter()
    await asyncio.gather(*(loop(i) for i in range(clients)))
    wall = time.perf_counter() - started
    return done, wall, process_cpu_seconds(side.pid) - cpu_before


async def throughput(
    sides: Sequence[Side], ids: Sequence[str], clients: int, seconds: float, neo4j_pid: int | None
) -> dict[str, tuple[float, float, float, float]]:
    """Per side: requests per second, server CPU ms and Neo4j CPU ms per request, and of the latter what
    Neo4j's JIT compiler threads spent meanwhile (bench.jvm_threads: a young server compiles the code each
    side's statements run, charged to the side whose window it falls in), over windows run ABC CBA."""
    totals = {side.label: [0, 0.0, 0.0, 0.0, 0.0] for side in sides}
    for side in [*sides, *reversed(sides)]:
        neo4j_before = process_cpu_seconds(neo4j_pid) if neo4j_pid else 0.0
        threads_before = thread_cpu(neo4j_pid) if neo4j_pid else {}
        done, wall, cpu = await window(side, ids, clients, seconds / 2)
        neo4j_cpu = (process_cpu_seconds(neo4j_pid) - neo4j_before) if neo4j_pid else 0.0
        jit = by_kind(threads_before, thread_cpu(neo4j_pid)).get(JIT, 0.0) if neo4j_pid else 0.0
        total = totals[side.label]
        total[0] += done
        total[1] += wall
        total[2] += cpu
        total[3] += neo4j_cpu
        total[4] += jit
    return {
        label: (
            done / wall,
            1000 * cpu / max(done, 1),
            1000 * neo4j_cpu / max(done, 1),
            1000 * jit / max(done, 1),
        )
        for label, (done, wall, cpu, neo4j_cpu, jit) in totals.items()
    }


async def db_hits(settings: Settings, uri: str, password: str, ids: Sequence[str]) -> tuple[float, float]:
    """Mean db hits per request: tipgraph's (every statement of a request run in-process under PROFILE,
    the audit write included) and the floor's one statement."""
    from api.app import create_app  # the app is built here only; the measured tipgraph is its own process

    db = ProfilingDatabase.of(connect(settings, uri, password))
    try:
        app = create_app(settings, db=db)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token(settings, Role.ANALYST)}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://tipgraph.bench") as client:
            ask = http_asker(client, headers)
            for tip_id in ids:
                await ask(tip_id)
        tipgraph_hits = db.hits / len(ids)
        db.hits = 0
        for tip_id in ids:
            await db.read("bench/linked_peer", id=tip_id, first=20)
        return tipgraph_hits, db.hits / len(ids)
    finally:
        await db.close()


def _edges(connection: dict[str, Any]) -> tuple[str, ...]:
    return tuple(edge["node"]["id"] for edge in connection["edges"])


@dataclass(frozen=True)
class Case:
    """One more read measured side by side: its GraphQL for tipgraph and for the peer (the same question in
    each one's schema), the floor's statement, and what of the answers must agree."""

    title: str
    subjects: str  # "tips", "identifiers", "clusters" or "queue" (one subject: the queue's first page)
    query: str
    peer_query: str
    variables: Callable[[str], dict[str, Any]]
    floor: str
    floor_params: Callable[[str], dict[str, Any]]
    floor_answer: Callable[[list[dict[str, Any]]], dict[str, Any]]  # the floor's rows as GraphQL data
    summary: Callable[[dict[str, Any]], Any]


def _kind_value(subject: str) -> dict[str, Any]:
    kind, _, key = subject.partition("|")
    return {"kind": kind, "value": key}


CASES: Final = (
    Case(
        "tip(id){identifiers}",
        "tips",
        """query Identifiers($id: ID!) { tip(id: $id) { id identifiers { kind key role tipCount } } }""",
        """query Identifiers($id: ID!) { tip(id: $id) { id identifiers { kind key role tipCount } } }""",
        lambda subject: {"id": subject},
        "bench/tip_identifiers_peer",
        lambda subject: {"id": subject},
        lambda rows: {"tip": {"identifiers": [row["identifier"] for row in rows]}},
        lambda body: tuple(
            (i["kind"], i["key"], i["role"], i["tipCount"]) for i in body["data"]["tip"]["identifiers"]
        ),
    ),
    Case(
        "identifier(kind,value){tips(first:20)}",
        "identifiers",
        """query Carriers($kind: IdentifierKind!, $value: String!) {
  identifier(kind: $kind, value: $value) {
    key tips(first: 20) { edges { node { id incidentType receivedAt } } }
  }
}""",
        """query Carriers($kind: String!, $value: String!) {
  identifier(kind: $kind, value: $value) { key tips { edges { node { id incidentType receivedAt } } } }
}""",
        _kind_value,
        "bench/identifier_tips_peer",
        lambda subject: {**_kind_value(subject), "first": 20},
        lambda rows: {"identifier": rows[0]["identifier"] if rows else None},
        lambda body: (body["data"]["identifier"]["key"], _edges(body["data"]["identifier"]["tips"])),
    ),
    Case(
        "triageQueue(first:20)",
        "queue",
        """query Queue { triageQueue(first: 20) { edges { node { id incidentType receivedAt } } } }""",
        """query Queue { triageQueue { edges { node { id incidentType receivedAt } } } }""",
        lambda subject: {},
        "bench/queue_peer",
        lambda subject: {"first": 20},
        lambda rows: {"triageQueue": rows[0]["page"]},
        lambda body: _edges(body["data"]["triageQueue"]),
    ),
    Case(
        "cluster(id){tips(first:20)}",
        "clusters",
        """query Cluster($id: ID!) {
  cluster(id: $id) { id tips(first: 20) { edges { node { id incidentType receivedAt } } } }
}""",
        """query Cluster($id: ID!) {
  cluster(id: $id) { id tips { edges { node { id incidentType receivedAt } } } }
}""",
        lambda subject: {"id": subject},
        "bench/cluster_peer",
        lambda subject: {"id": subject, "first": 20},
        lambda rows: {"cluster": rows[0]["cluster"] if rows else None},
        lambda body: _edges(body["data"]["cluster"]["tips"]),
    ),
)


def case_floor_asker(db: Database, case: Case) -> Ask:
    async def ask(subject: str) -> dict[str, Any]:
        return {"data": case.floor_answer(await db.read(case.floor, **case.floor_params(subject)))}

    return ask


async def measure_cases(
    args: argparse.Namespace,
    settings: Settings,
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    pids: tuple[int, int],
    floor_db: Database,
    neo4j_pid: int | None,
    ids: list[str],
) -> None:
    """The other reads, each side by side as the cross-reference above (db hits left out)."""
    found = (await floor_db.read("bench/subjects", limit=1000))[0]
    rng = random.Random(SAMPLE_SEED)
    subjects = {
        "tips": ids,
        "identifiers": found["identifiers"],
        "clusters": [str(c) for c in found["clusters"]],
        "queue": ["queue"],
    }
    bearer = {"Authorization": f"Bearer {token(settings, Role.ANALYST)}"}
    rows = []
    for case in CASES:
        pool = subjects[case.subjects]
        if not pool:
            print(f"\n  {case.title}: nothing to ask about in this database; left out")
            continue
        sides = [
            Side("tipgraph", http_asker(clients[0], bearer, case.query, case.variables), pids[0]),
            Side(
                "peer (@neo4j/graphql)", http_asker(clients[1], {}, case.peer_query, case.variables), pids[1]
            ),
            Side("raw driver floor", case_floor_asker(floor_db, case), None),
        ]
        sample = rng.choices(pool, k=args.requests)
        await one_client(sides, rng.choices(pool, k=20), case.summary)
        latencies, agreed = await one_client(sides, sample, case.summary)
        rates = await throughput(sides, pool, args.clients, args.window, neo4j_pid)
        ours, peer, floor = (latencies[side.label] for side in sides)
        rate = [rates[side.label][0] for side in sides]
        rows.append(
            [
                case.title,
                " / ".join(f"{lat.percentile_ms(0.5):.1f}" for lat in (ours, peer, floor)),
                " / ".join(f"{r:.1f}" for r in rate),
                f"{rate[0] / rate[1]:.2f}x",
                f"{ours.percentile_ms(0.5) / peer.percentile_ms(0.5):.2f}x",
                f"{ours.percentile_ms(0.99) / peer.percentile_ms(0.99):.2f}x",
                f"{ours.percentile_ms(0.5) / floor.percentile_ms(0.5):.2f}x",
                f"{agreed} of {len(sample)}",
            ]
        )
    print_table(
        f"the other reads, tipgraph / peer / raw-driver floor ({args.requests} sequential requests per side, "
        f"{args.clients} clients for {args.window:.0f} s per side); targets as above",
        [
            "read",
            "p50 ms",
            "req/s",
            "throughput vs peer",
            "p50 vs peer",
            "p99 vs peer",
            "p50 vs floor",
            "same answer",
        ],
        rows,
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.crossref", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=20_000, help="generated tips in the database")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--requests", type=int, default=400, help="sequential requests per side")
    parser.add_argument("--window", type=float, default=12.0, help="seconds of concurrent load per side")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput")
    parser.add_argument("--profiled", type=int, default=100, help="tip ids whose db hits are profiled")
    parser.add_argument(
        "--warm-seconds",
        type=float,
        default=0.0,
        help="untimed concurrent load per side first (windows ABC CBA), so Neo4j's JIT has compiled "
        "what each side runs: a young server spends much of its CPU compiling (bench.jvm_threads)",
    )
    parser.add_argument("--fresh", action="store_true", help="ingest again even if a kept database exists")
    parser.add_argument(
        "--only-linked", action="store_true", help="measure the cross-reference only, not the other reads"
    )
    return parser.parse_args(argv)


async def measure(
    args: argparse.Namespace,
    settings: Settings,
    uri: str,
    password: str,
    neo4j_pid: int | None,
    ids: list[str],
) -> None:
    rng = random.Random(SAMPLE_SEED)
    sample = rng.choices(ids, k=args.requests)
    warmup = rng.choices(ids, k=50)
    with (
        tipgraph_server(uri, password) as (tipgraph_url, tipgraph_pid),
        peer_server(uri, password) as (
            peer_url,
            peer_pid,
        ),
    ):
        floor_db = connect(settings, uri, password)
        limits = httpx.Limits(max_connections=args.clients * 2, max_keepalive_connections=args.clients * 2)
        async with (
            httpx.AsyncClient(base_url=tipgraph_url, timeout=60, limits=limits) as tipgraph_client,
            httpx.AsyncClient(base_url=peer_url, timeout=60, limits=limits) as peer_client,
        ):
            bearer = {"Authorization": f"Bearer {token(settings, Role.ANALYST)}"}
            sides = [
                Side("tipgraph", http_asker(tipgraph_client, bearer), tipgraph_pid),
                Side("peer (@neo4j/graphql)", http_asker(peer_client, {}), peer_pid),
                Side("raw driver floor", floor_asker(floor_db), None),
            ]
            await one_client(sides, warmup)
            if args.warm_seconds > 0:
                await throughput(sides, ids, args.clients, args.warm_seconds, neo4j_pid)
            latencies, agreed = await one_client(sides, sample)
            ran_before = await statements_run(tipgraph_client)
            rates = await throughput(sides, ids, args.clients, args.window, neo4j_pid)
            ran = statements_per_request(ran_before, await statements_run(tipgraph_client))
            hits, floor_hits = await db_hits(
                settings, uri, password, rng.sample(ids, min(args.profiled, len(ids)))
            )
            report(args, sides, latencies, agreed, rates, hits, floor_hits)
            print_table(
                f"tipgraph's statements per linkedTips request under load ({args.clients} clients), from its "
                "/metrics",
                ["statement", "per request", "requests per statement"],
                ran,
            )
            if not args.only_linked:
                await measure_cases(
                    args,
                    settings,
                    (tipgraph_client, peer_client),
                    (tipgraph_pid, peer_pid),
                    floor_db,
                    neo4j_pid,
                    ids,
                )
        await floor_db.close()


def report(
    args: argparse.Namespace,
    sides: Sequence[Side],
    latencies: dict[str, Latencies],
    agreed: int,
    rates: dict[str, tuple[float, float, float, float]],
    hits: float,
    floor_hits: float,
) -> None:
    hits_of = {"tipgraph": hits, "raw driver floor": floor_hits}
    rows = []
    for side in sides:
        lat = latencies[side.label]
        rate, cpu, neo4j_cpu, jit = rates[side.label]
        rows.append(
            [
                side.label,
                f"{lat.percentile_ms(0.5):.1f}",
                f"{lat.percentile_ms(0.99):.1f}",
                f"{rate:.1f}",
                f"{cpu:.2f}" if side.pid else "(client)",
                f"{neo4j_cpu:.2f} ({jit:.2f})",
                f"{hits_of[side.label]:.0f}" if side.label in hits_of else "n/a",
            ]
        )
    print_table(
        f"tip(id){{linkedTips(first:20)}}: {args.requests} sequential requests per side (1 client), "
        f"{args.clients} clients for {args.window:.0f} s per side",
        ["side", "p50 ms", "p99 ms", "req/s", "server CPU ms/req", "Neo4j CPU ms/req (JIT)", "db hits/req"],
        rows,
    )
    print(f"\n  same answer (counts, ranked tips, weights) from all three: {agreed} of {args.requests} ids")
    ours, peer, floor = (latencies[side.label] for side in sides)
    measured = {
        "throughput": rates[sides[0].label][0] / rates[sides[1].label][0],
        "p50_peer": ours.percentile_ms(0.5) / peer.percentile_ms(0.5),
        "p99_peer": ours.percentile_ms(0.99) / peer.percentile_ms(0.99),
        "p50_floor": ours.percentile_ms(0.5) / floor.percentile_ms(0.5),
        "dbhits_floor": hits / floor_hits,
    }
    print_table(
        "ratios, tipgraph over the other side (measured side by side in this run)",
        ["ratio", "measured", "target", "verdict"],
        [
            [
                label,
                f"{measured[key]:.2f}x",
                f"{'>=' if at_least else '<='} {target:.1f}x",
                "MET" if (measured[key] >= target if at_least else measured[key] <= target) else "MISSED",
            ]
            for label, key, target, at_least in TARGETS
        ],
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    # The database bench.linked_tips keeps for the same dataset (its referrals do not matter here).
    with kept_database(data, fresh=args.fresh) as kept:
        target, ids = kept.target, kept.linked
        print(f"{len(ids):,} of {data.tips:,} tips have links; database {kept.state}")
        server_settings = bench_settings(target.uri, target.password)
        asyncio.run(measure(args, server_settings, target.uri, target.password, target.pid, ids))


if __name__ == "__main__":
    main()

"""`tip.linkedTips(first: 20)` over real HTTP at 100k tips (target: p99 under 25 ms).

    python -m bench.linked_tips [--tips 100000] [--seed 7] [--requests 2000] [--warmup 100]
                                [--referred-share 0.1] [--fresh]

The tips are ingested once into `.cache/bench/neo4j-<tips>-<seed>/`, which is kept (a marker file says the
ingest finished) so later runs start in seconds; `--fresh` rebuilds it. With NEO4J_URI the database is
WIPED and filled on every run.

uvicorn serves create_app's app on 127.0.0.1 from a background thread (its lifespan opens its own driver);
this thread sends sequential requests with httpx over TCP, for random tips that have links. Four runs:
an analyst (sees every tip) and an investigator of one agency (sees the tips referred to it: a share
`--referred-share` of the linked tips is referred by the bench, so most answers are null), each with the
production schema and with a schema that omits AuditReads, to show what authorization and the audit
record add.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from api.errors import ErrorCodes
from api.limits import hardening
from bench.harness import (
    BENCH_DIR,
    BackgroundServer,
    Dataset,
    Latencies,
    Neo4jTarget,
    app_with_schema,
    bench_settings,
    dataset,
    describe_dataset,
    graphql_schema,
    neo4j_target,
    print_table,
    token,
)
from graph.audit import AuditTrail
from graph.ingest import ingest_stream
from graph.migrations import migrate_suspect_accounts
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.tip_files import read_tips
from graph.viewer import Role, Viewer

TARGET_P99_MS = 25.0
AGENCY = "BENCH-AGENCY"
MARKER = "bench-ingested"
SAMPLE_SEED = 11
INGEST_VIEWER = Viewer(subject="bench-linked-tips", role=Role.ANALYST)


def linked_query(first: int) -> str:
    return f"""
query Linked($id: ID!) {{
  tip(id: $id) {{
    id
    linkedTips(first: {first}) {{
      totalCount
      skippedGenericIdentifiers
      edges {{
        weight
        node {{ id incidentType receivedAt }}
        shared {{ kind key weight }}
      }}
    }}
  }}
}}"""


@dataclass(frozen=True, slots=True)
class Run:
    label: str
    latencies: Latencies
    answered: int  # responses with a tip (not null)
    edges: int
    errors: int


def marker_text(data: Dataset, referred_share: float) -> str:
    return f"tips={data.tips} seed={data.seed} referred={referred_share} agency={AGENCY}\n"


@dataclass
class KeptDatabase:
    target: Neo4jTarget
    linked: list[str]  # ids of tips that have links
    reused: bool

    @property
    def state(self) -> str:
        return "reused" if self.reused else "filled"


@contextmanager
def kept_database(data: Dataset, referred_share: float = 0.1, fresh: bool = False) -> Iterator[KeptDatabase]:
    """The read benches' database for `data` (tips, referrals and all), kept between runs: reused when its
    marker says it holds the same fill, else filled from clean (an interrupted or different earlier fill)."""
    data_dir = BENCH_DIR / f"neo4j-{data.tips}-{data.seed}"
    marker = data_dir / MARKER
    expected = marker_text(data, referred_share)
    reuse = not fresh and marker.exists() and marker.read_text() == expected
    if not reuse and data_dir.exists():
        shutil.rmtree(data_dir)
    settings = bench_settings()
    with neo4j_target(settings, data_dir, keep=True) as target:
        linked = asyncio.run(prepare_database(settings, target, data, referred_share, reuse))
        if target.pid is not None:
            marker.write_text(expected)
        yield KeptDatabase(target, linked, reuse)


async def prepare_database(
    settings: Settings, target: Neo4jTarget, data: Dataset, referred_share: float, reuse: bool
) -> list[str]:
    """Fills the database unless reused; returns the ids of tips that have links."""
    async with opened(settings, target.uri, target.password) as db:
        counts = (await db.read("bench/counts"))[0]
        if not (reuse and counts["tips"] == data.tips):
            await fill(db, settings, data)
        else:  # kept by an older tipgraph: migrated as a store would be (nothing to do when it is current)
            await migrate_suspect_accounts(db)
        linked = sorted(row["id"] for row in await db.read("bench/linked_sample", limit=data.tips))
        if not reuse:
            referred = random.Random(SAMPLE_SEED).sample(linked, round(len(linked) * referred_share))
            await db.write("bench/refer", ids=referred, agency=AGENCY)
        return linked


async def fill(db: Database, settings: Settings, data: Dataset) -> None:
    await db.write("testing/wipe")
    trail = AuditTrail(viewer=INGEST_VIEWER, request_id=uuid.uuid4().hex, operation="bench")
    started = time.perf_counter()
    count = 0
    async for _ in ingest_stream(db, settings, trail, read_tips(data.path)):
        count += 1
    print(f"ingested {count:,} tips in {time.perf_counter() - started:.1f} s (not counted)")


def measure(label: str, url: str, bearer: str, query: str, ids: Sequence[str], warmup: Sequence[str]) -> Run:
    headers = {"Authorization": f"Bearer {bearer}"}
    samples: list[float] = []
    answered = edges = errors = 0
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for tip_id in warmup:
            client.post("/graphql", json={"query": query, "variables": {"id": tip_id}})
        started = time.perf_counter()
        for tip_id in ids:
            sent = time.perf_counter()
            response = client.post("/graphql", json={"query": query, "variables": {"id": tip_id}})
            samples.append(time.perf_counter() - sent)
            body: dict[str, Any] = response.json()
            if response.status_code != 200 or body.get("errors"):
                errors += 1
                continue
            tip = body["data"]["tip"]
            if tip is not None:
                answered += 1
                edges += len(tip["linkedTips"]["edges"])
        wall = time.perf_counter() - started
    return Run(label, Latencies(tuple(samples), wall), answered, edges, errors)


def relabelled(run: Run, suffix: str) -> Run:
    return Run(f"{run.label}, {suffix}", run.latencies, run.answered, run.edges, run.errors)


def run_row(run: Run) -> list[str]:
    lat = run.latencies
    count = len(lat.samples)
    return [
        run.label,
        f"{count:,}",
        f"{run.answered:,}",
        f"{run.edges / max(run.answered, 1):.1f}",
        f"{lat.percentile_ms(0.50):.1f}",
        f"{lat.percentile_ms(0.90):.1f}",
        f"{lat.percentile_ms(0.99):.1f}",
        f"{max(lat.samples) * 1000:.1f}",
        f"{lat.per_second:,.0f}",
        str(run.errors),
    ]


def serve_and_measure(
    settings: Settings,
    audited: bool,
    requests: list[tuple[str, str]],
    ids: Sequence[str],
    warmup: Sequence[str],
    query: str,
) -> list[Run]:
    """One server (production schema, or the same without AuditReads); each (label, token) measured on it."""
    schema = None if audited else graphql_schema([*hardening(settings), ErrorCodes])
    runs = []
    with BackgroundServer(app_with_schema(settings, schema)) as server:
        for label, bearer in requests:
            runs.append(measure(label, server.url, bearer, query, ids, warmup))
    return runs


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.linked_tips", description=__doc__.split("\n")[0])
    parser.add_argument("--tips", type=int, default=100_000, help="generated tips in the database")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    parser.add_argument("--requests", type=int, default=2_000, help="measured requests per run")
    parser.add_argument("--warmup", type=int, default=100, help="requests sent first and not measured")
    parser.add_argument("--first", type=int, default=20, help="linkedTips page size")
    parser.add_argument(
        "--referred-share", type=float, default=0.1, help="share of linked tips referred to the agency"
    )
    parser.add_argument("--fresh", action="store_true", help="ingest again even if a kept database exists")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    with kept_database(data, args.referred_share, args.fresh) as kept:
        target, linked = kept.target, kept.linked
        print(f"{len(linked):,} of {data.tips:,} tips have links; database {kept.state}")
        rng = random.Random(SAMPLE_SEED + 1)
        ids = rng.choices(linked, k=args.requests)
        warmup = rng.choices(linked, k=args.warmup)
        server_settings = bench_settings(target.uri, target.password)
        query = linked_query(args.first)
        tokens = [
            ("analyst", token(server_settings, Role.ANALYST)),
            (f"investigator ({AGENCY})", token(server_settings, Role.INVESTIGATOR, AGENCY)),
        ]
        audited = serve_and_measure(server_settings, True, tokens, ids, warmup, query)
        unaudited = serve_and_measure(server_settings, False, tokens, ids, warmup, query)

    runs = [relabelled(run, "audited") for run in audited] + [
        relabelled(run, "no AuditReads") for run in unaudited
    ]
    print_table(
        f"tip.linkedTips(first: {args.first}) over HTTP, {data.tips:,} tips, sequential requests "
        f"(target: p99 < {TARGET_P99_MS:.0f} ms)",
        ["run", "requests", "tips", "edges/tip", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "errors"],
        [run_row(run) for run in runs],
    )
    print()
    for with_audit, without_audit in zip(audited, unaudited, strict=True):
        a, b = with_audit.latencies, without_audit.latencies
        print(
            f"  audit record, {with_audit.label}: p50 {a.percentile_ms(0.5) - b.percentile_ms(0.5):+.1f} ms, "
            f"p99 {a.percentile_ms(0.99) - b.percentile_ms(0.99):+.1f} ms, "
            f"mean {a.mean_ms - b.mean_ms:+.1f} ms per request"
        )
    analyst, investigator = audited
    print(
        f"  scoped (investigator) vs analyst, audited: p50 "
        f"{investigator.latencies.percentile_ms(0.5) - analyst.latencies.percentile_ms(0.5):+.1f} ms "
        f"({investigator.answered:,} of {len(investigator.latencies.samples):,} tips visible)"
    )
    worst = max(run.latencies.percentile_ms(0.99) for run in audited)
    print(f"  p99 target {'MET' if worst < TARGET_P99_MS else 'MISSED'} (worst audited p99 {worst:.1f} ms)")


if __name__ == "__main__":
    main()

"""What the GraphQL hardening costs per request (target: at most 15 % fewer requests/s).

    python -m bench.hardening [--requests 2000] [--tip-requests 500] [--rounds 3] [--warmup 200]
                              [--tips 1000] [--seed 7]

In-process: httpx's ASGITransport calls create_app's app directly (guard, token check, context, schema),
no server and no TCP, so the figures are the service's own cost per request on this loop. Each app is the
same but for the schema's extensions:

  none            AuditReads, ErrorCodes (no limits, no caches: every request parsed and validated)
  caches only     + ParserCache, ValidationCache (what the limits ride on, without the limits)
  hardening       the production schema: api.limits.hardening(settings), one linear cost measure, caches
                  built once (its own, so the "validation hit/miss" column, strawberry's cache, shows 0 / 0)
  per-request     the anti-pattern: strawberry's QueryDepthLimiter, MaxAliasesLimiter, introspection rule
                  constructed per request, which makes new rule classes each time, so the validation
                  cache (keyed by the rule classes) never hits

Two queries: `{ __typename }` (no database: the pure overhead) and `tip(id:) { id }` for a stored tip (a
read and its audit record). Variants take turns within each round; the median round is reported. A
throw-away Neo4j holds `--tips` generated tips (NEO4J_URI, when set, is WIPED).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, cast

import httpx
from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.applications import Starlette
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.validation_cache import _get_validate_cache

from api.audit import AuditReads
from api.errors import ErrorCodes
from api.limits import CACHE_SIZE
from bench.harness import (
    BENCH_DIR,
    Extension,
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
from graph.ingest import ingest_tips
from graph.settings import Settings
from graph.store.database import Database, opened
from graph.tip import Tip
from graph.tip_files import read_tips
from graph.viewer import Role, Viewer

TARGET_COST_PERCENT = 15.0
TYPENAME = "{ __typename }"
TIP_BY_ID = "query TipById($id: ID!) { tip(id: $id) { id } }"
BASELINE = "none"
CACHES_ONLY = "caches only"
PRODUCTION = "hardening"


def per_request_limiters(settings: Settings) -> list[Extension]:
    """The anti-pattern api.limits avoids: limiter extensions whose rule classes are made per request."""

    def depth() -> SchemaExtension:
        return QueryDepthLimiter(max_depth=settings.max_query_depth)

    def aliases() -> SchemaExtension:
        return MaxAliasesLimiter(max_alias_count=settings.max_aliases)

    def introspection() -> SchemaExtension:
        return AddValidationRules([NoSchemaIntrospectionCustomRule])

    def tokens() -> SchemaExtension:
        return MaxTokensLimiter(max_token_count=settings.max_query_tokens)

    def parser_cache() -> SchemaExtension:
        return ParserCache(maxsize=CACHE_SIZE)

    def validation_cache() -> SchemaExtension:
        return ValidationCache(maxsize=CACHE_SIZE)

    return [AuditReads, tokens, parser_cache, depth, aliases, introspection, validation_cache, ErrorCodes]


def caches_only() -> list[Extension]:
    def parser_cache() -> SchemaExtension:
        return ParserCache(maxsize=CACHE_SIZE)

    def validation_cache() -> SchemaExtension:
        return ValidationCache(maxsize=CACHE_SIZE)

    return [AuditReads, parser_cache, validation_cache, ErrorCodes]


def variants(settings: Settings, db: Database) -> dict[str, Starlette]:
    """The same app with four extension lists; `None` keeps create_app's own (production) schema."""
    return {
        BASELINE: app_with_schema(settings, graphql_schema([AuditReads, ErrorCodes]), db),
        CACHES_ONLY: app_with_schema(settings, graphql_schema(caches_only()), db),
        PRODUCTION: app_with_schema(settings, None, db),
        "per-request": app_with_schema(settings, graphql_schema(per_request_limiters(settings)), db),
    }


@dataclass
class Tally:
    rates: list[float] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    errors: int = 0

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates)


def validation_cache_counts() -> tuple[int, int]:
    """(hits, misses) of strawberry's validation LRU that ValidationCache(maxsize=CACHE_SIZE) shares."""
    cached = cast("functools._lru_cache_wrapper[Any]", _get_validate_cache(CACHE_SIZE))
    info = cached.cache_info()
    return info.hits, info.misses


async def send(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> bool:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code == 200 and not response.json().get("errors")


async def measure(
    apps: dict[str, Starlette],
    bearer: str,
    query: str,
    ids: Sequence[str],
    requests: int,
    rounds: int,
    warmup: int,
) -> dict[str, Tally]:
    tallies = {name: Tally() for name in apps}
    rng = random.Random(3)
    clients = {
        name: httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://tipgraph.bench",
            headers={"Authorization": f"Bearer {bearer}"},
        )
        for name, app in apps.items()
    }
    try:
        for client in clients.values():
            for _ in range(warmup):
                await send(client, query, {"id": rng.choice(ids)})
        for round_number in range(rounds):
            # Rotating the order spreads drift (JIT, caches, the OS) over every variant alike.
            names = list(clients)
            names = names[round_number % len(names) :] + names[: round_number % len(names)]
            for name in names:
                client, tally = clients[name], tallies[name]
                chosen = [rng.choice(ids) for _ in range(requests)]
                before = validation_cache_counts()
                started = time.perf_counter()
                for tip_id in chosen:
                    if not await send(client, query, {"id": tip_id}):
                        tally.errors += 1
                tally.rates.append(requests / (time.perf_counter() - started))
                after = validation_cache_counts()
                tally.cache_hits += after[0] - before[0]
                tally.cache_misses += after[1] - before[1]
    finally:
        for client in clients.values():
            await client.aclose()
    return tallies


def time_cost(tally: Tally, base: Tally) -> float:
    """Extra time per request against `base`, in % (negative: faster)."""
    return 100 * (base.median_rate / tally.median_rate - 1)


def report(title: str, tallies: dict[str, Tally]) -> tuple[float, float]:
    """Prints one query's table; returns the production hardening's cost in % against none and caches only."""
    baseline, caches = tallies[BASELINE], tallies[CACHES_ONLY]
    rows = [
        [
            name,
            f"{tally.median_rate:,.0f}",
            f"{1000 / tally.median_rate:.2f}",
            f"{time_cost(tally, baseline):+.1f} %",
            f"{time_cost(tally, caches):+.1f} %",
            f"{tally.cache_hits:,} / {tally.cache_misses:,}",
            str(tally.errors),
        ]
        for name, tally in tallies.items()
    ]
    print_table(
        title,
        ["extensions", "req/s", "ms/req", "time vs none", "vs caches only", "validation hit/miss", "errors"],
        rows,
    )
    production = tallies[PRODUCTION]
    return time_cost(production, baseline), time_cost(production, caches)


async def stored_ids(db: Database, settings: Settings, tips: list[Tip]) -> list[str]:
    await db.write("testing/wipe")
    trail = AuditTrail(viewer=Viewer("bench-hardening", Role.ANALYST), request_id=uuid.uuid4().hex)
    await ingest_tips(db, settings, trail, tips)
    return [tip.reportId for tip in tips]


async def run(args: argparse.Namespace, target: Neo4jTarget, tips: list[Tip]) -> None:
    settings = bench_settings()
    async with opened(settings, target.uri, target.password) as db:
        ids = await stored_ids(db, settings, tips)
        apps = variants(settings, db)
        bearer = token(settings, Role.ANALYST)
        costs = {}
        for title, query, requests in (
            ("{ __typename }", TYPENAME, args.requests),
            ("tip(id:) { id }, a stored tip", TIP_BY_ID, args.tip_requests),
        ):
            tallies = await measure(apps, bearer, query, ids, requests, args.rounds, args.warmup)
            costs[title] = report(
                f"{title}: {requests:,} sequential requests x {args.rounds} rounds, in-process ASGI "
                "(median round)",
                tallies,
            )
    print()
    for title, (against_none, against_caches) in costs.items():
        verdict = "MET" if against_none <= TARGET_COST_PERCENT else "MISSED"
        print(
            f"  {title}: hardening costs {against_none:+.1f} % time per request against none "
            f"(target <= {TARGET_COST_PERCENT:.0f} %: {verdict}); the limit rules alone "
            f"{against_caches:+.1f} % against caches only"
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.hardening", description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2_000, help="__typename requests per round")
    parser.add_argument("--tip-requests", type=int, default=500, help="tip(id:) requests per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the median is reported")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests per variant first")
    parser.add_argument("--tips", type=int, default=1_000, help="generated tips stored for tip(id:)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    data = dataset(args.tips, args.seed)
    print(describe_dataset(data))
    tips = [item for item in islice(read_tips(data.path), args.tips) if isinstance(item, Tip)]
    settings = bench_settings()
    with neo4j_target(settings, BENCH_DIR / f"neo4j-hardening-{uuid.uuid4().hex[:8]}") as target:
        asyncio.run(run(args, target, tips))


if __name__ == "__main__":
    main()

"""Where tipgraph's CPU goes when it answers the reads bench.crossref compares (issue 9, target 1).

    python -m bench.crossref_cpu [--tips 20000] [--seed 7] [--requests 150] [--top 25]

On bench.crossref's database, the app answers each read in this process (ASGI, no socket: the HTTP server
is left out) under cProfile counting CPU time, not wall time (the machine is shared: waits say nothing).
It prints, per read, CPU ms per request and the functions of tipgraph and its libraries with the most CPU
under them; profiled figures are inflated by the profiler, so compare their shares, not their sizes.

With `--ab ROUNDS` it profiles nothing: per read, it alternates the schema's execution context class and
graphql-core's stock one (strawberry's default) in ROUNDS rounds of `--requests` requests each, the order
flipped every round, and prints CPU ms per request of each, their ratio, and whether the answers were the
same. The app uses the stock one today, so this is for trying an executor: a leaf fast path was tried and
measured 0.94-1.03x CPU per request (not worth its code); set `execution_context_class` on the schema to try
another.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import random
import selectors
import sys
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import httpx
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from bench.crossref import CASES, QUERY, SAMPLE_SEED
from bench.harness import bench_settings, dataset, token
from bench.linked_tips import kept_database
from graph.settings import Settings
from graph.store.database import connect
from graph.viewer import Role

if TYPE_CHECKING:
    from starlette.applications import Starlette

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

                async def ask(subject: str, query: str = query, variables: Any = variables) -> bytes:
                    response = await client.post(
                        "/graphql", json={"query": query, "variables": variables(subject)}, headers=headers
                    )
                    if response.status_code != 200 or response.json().get("errors"):
                        raise RuntimeError(response.text)
                    return response.content

                if args.ab:
                    await compare_executors(app, title, ask, rng.choices(pool, k=args.requests), args.ab)
                    continue
                if args.sample:
                    await sample_stacks(title, ask, rng.choices(pool, k=args.requests), args.top)
                    continue
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


class StackSampler(threading.Thread):
    """Samples the main thread's stack every `interval` seconds (no per-call cost, unlike cProfile, which
    inflates code made of many small calls); samples where the thread waits in the event loop are dropped."""

    def __init__(self, interval: float = 0.0005) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.target = threading.main_thread().ident
        self.stop = threading.Event()
        self.samples: list[tuple[str, ...]] = []

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            frame = sys._current_frames().get(self.target or 0)
            stack: list[str] = []
            while frame is not None:
                code = frame.f_code
                stack.append(f"{code.co_filename.rsplit('site-packages/', 1)[-1]}:{code.co_name}")
                frame = frame.f_back
            if stack and stack[0] != IDLE:
                self.samples.append(tuple(stack))


# Where a sampled main thread is waiting, not working.
IDLE: Final = f"{selectors.__file__}:select"


async def sample_stacks(
    title: str, ask: Callable[[str], Awaitable[bytes]], subjects: list[str], top: int
) -> None:
    """Shares of the busy samples under each function (inclusive) and in it (self), per request."""
    for subject in subjects[:20]:
        await ask(subject)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)  # let the sampler take the GIL about as often as it asks
    sampler = StackSampler()
    started = time.process_time()
    sampler.start()
    try:
        for subject in subjects:
            await ask(subject)
    finally:
        sampler.stop.set()
        sampler.join()
        sys.setswitchinterval(switch)
    spent = 1000 * (time.process_time() - started) / len(subjects)
    busy = len(sampler.samples)
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for stack in sampler.samples:
        inclusive.update(set(stack))
        own[stack[0]] += 1
    print(f"\n{title}: {spent:.2f} CPU ms per request while sampled; {busy} busy samples")
    print("  inclusive share  function")
    for name, count in inclusive.most_common(top):
        print(f"  {100 * count / busy:6.1f} %  {name}")
    print("  self share  function")
    for name, count in own.most_common(top):
        print(f"  {100 * count / busy:6.1f} %  {name}")


def graphql_schema(app: Starlette) -> strawberry.Schema:
    """The schema the app's /graphql endpoint executes."""
    from api.app import GraphQLEndpoint

    for route in app.router.routes:
        endpoint = getattr(route, "app", None)
        if isinstance(endpoint, GraphQLEndpoint) and isinstance(endpoint.schema, strawberry.Schema):
            return endpoint.schema
    raise RuntimeError("the app has no /graphql endpoint")


async def compare_executors(
    app: Starlette, title: str, ask: Callable[[str], Awaitable[bytes]], subjects: list[str], rounds: int
) -> None:
    """CPU per request with the app's executor and with graphql-core's stock one, alternated (module doc)."""
    schema = graphql_schema(app)
    executors = {"tipgraph": schema.execution_context_class, "stock": StrawberryGraphQLCoreExecutionContext}
    cpu = dict.fromkeys(executors, 0.0)
    answers: dict[str, list[bytes]] = {name: [] for name in executors}
    try:
        for round_ in range(rounds):
            for name in executors if round_ % 2 == 0 else reversed(executors):
                schema.execution_context_class = executors[name]
                for subject in subjects[:20]:  # warm the caches of this executor's path
                    await ask(subject)
                started = time.process_time()
                bodies = [await ask(subject) for subject in subjects]
                cpu[name] += time.process_time() - started
                answers[name] = answers[name] or bodies
    finally:
        schema.execution_context_class = executors["tipgraph"]
    ours, stock = (1000 * cpu[name] / (rounds * len(subjects)) for name in executors)
    print(
        f"{title}: {ours:.2f} CPU ms per request with tipgraph's executor, "
        f"{stock:.2f} with graphql-core's stock one ({ours / stock:.3f}x; "
        f"{rounds} rounds of {len(subjects)} requests, client included); "
        f"same answers: {answers['tipgraph'] == answers['stock']}"
    )


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
    parser.add_argument(
        "--sample", action="store_true", help="sample stacks (no per-call cost) instead of cProfile"
    )
    parser.add_argument(
        "--ab", type=int, default=0, metavar="ROUNDS", help="compare the executors instead of profiling"
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

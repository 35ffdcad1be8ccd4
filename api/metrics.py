"""Prometheus metrics, safe with many worker processes, and the /metrics endpoint.

With several workers, `PROMETHEUS_MULTIPROC_DIR` names a folder (empty at start) where each process writes
its samples; a scrape of any worker reads all of them (prometheus_client's multiprocess mode). It must be set
before prometheus_client is imported, so it comes from the environment (`tipgraph run --workers` sets it).

Labels are names from closed or capped sets, never values: routes, HTTP statuses, statement names (the
.cypher files), ingest outcomes, and GraphQL operation names (a client names its operations, so a name
must look like one and a worker labels at most MAX_OPERATION_NAMES of them; the rest are `other`).
/metrics is readable only with TIPGRAPH_METRICS_TOKEN (a scraper's bearer token); without it, it is off.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
from collections.abc import Awaitable, Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.ingest import IngestResult
from graph.settings import Settings
from graph.triage import queue_depth

log = logging.getLogger("tipgraph.metrics")

# Latencies from a millisecond (a cached read) to half a minute (a large submitTips).
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_STATEMENT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0)

HTTP_REQUESTS = Counter(
    "tipgraph_http_requests", "HTTP requests answered, by route and status.", ["route", "status"]
)
GRAPHQL_SECONDS = Histogram(
    "tipgraph_graphql_request_seconds",
    "Time to answer a GraphQL request (guard, execution, audit), by operation name.",
    ["operation"],
    buckets=_REQUEST_BUCKETS,
)
STATEMENT_SECONDS = Histogram(
    "tipgraph_neo4j_statement_seconds",
    "Time in Neo4j per statement (sent until its rows are in), by statement name.",
    ["statement"],
    buckets=_STATEMENT_BUCKETS,
)
INGESTED_TIPS = Counter(
    "tipgraph_ingested_tips", "Tips through ingest by the API, by outcome (rate() gives tips/s).", ["outcome"]
)
AUDIT_WRITE_FAILURES = Counter(
    "tipgraph_audit_write_failures", "Audit records that could not be written (the response was withheld)."
)

MAX_OPERATION_NAMES = 200
UNPARSED = "unparsed"
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")


def operation_name(name: object) -> str:
    """The client's operation name if it looks like a GraphQL name, else a placeholder: safe to log."""
    if name is None or name == "":
        return "anonymous"
    if isinstance(name, str) and _OPERATION_NAME.fullmatch(name):
        return name
    return "invalid"


class OperationLabels:
    """Operation names as label values, at most `limit` distinct per process."""

    def __init__(self, limit: int = MAX_OPERATION_NAMES) -> None:
        self.limit = limit
        self._seen: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self._seen:
            return name
        if len(self._seen) >= self.limit:
            return "other"
        self._seen.add(name)
        return name


def observe_statement(name: str, seconds: float) -> None:
    STATEMENT_SECONDS.labels(name).observe(seconds)


def count_ingested(results: Iterable[IngestResult]) -> None:
    for result in results:
        INGESTED_TIPS.labels(result.outcome.value).inc()


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def _registry() -> CollectorRegistry:
    if not multiprocess():
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


class _Gauges(Collector):
    """Values read at scrape time (from the database), so every worker reports the same current figure."""

    def __init__(self, families: list[GaugeMetricFamily]) -> None:
        self.families = families

    def collect(self) -> Iterable[GaugeMetricFamily]:
        return self.families


def _authorized(settings: Settings, header: str | None) -> bool:
    scheme, _, presented = (header or "").partition(" ")
    expected = settings.metrics_token or ""
    # Constant time, so the answer's timing says nothing about how much of the token was right.
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.encode(), expected.encode())


def metrics_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def metrics(request: Request) -> Response:
        if not settings.metrics_token:
            return JSONResponse({"error": "metrics are off (set TIPGRAPH_METRICS_TOKEN)"}, status_code=404)
        if not _authorized(settings, request.headers.get("authorization")):
            return JSONResponse(
                {"error": "a bearer token for /metrics is required"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        body = generate_latest(_registry()) + generate_latest(await _scrape_time_gauges(request))
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics


async def _scrape_time_gauges(request: Request) -> CollectorRegistry:
    gauges = CollectorRegistry(auto_describe=False)
    depth = GaugeMetricFamily(
        "tipgraph_triage_queue_tips", "Tips waiting in the triage queue (NEW, ACTIONABLE)."
    )
    try:
        depth.add_metric([], await queue_depth(request.app.state.db))
    except Exception:
        log.warning("the triage queue depth could not be read for /metrics", exc_info=True)
        return gauges
    gauges.register(_Gauges([depth]))
    return gauges

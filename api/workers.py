"""Serving the API as N worker processes on one host, with what they must share set up first.

Each worker is a process with its own event loop and Neo4j driver (uvicorn's supervisor restarts one that
dies). Shared between them: the rate limit (a file-locked table, TIPGRAPH_RATE_LIMIT_FILE) and the metrics
(prometheus_client's files in PROMETHEUS_MULTIPROC_DIR), both in a folder made fresh for this run and
removed after it; the expiry sweep's lease lives in Neo4j, so it also holds across hosts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import uvicorn

from api.json_logs import logging_config
from graph.settings import Settings

APP_FACTORY = "api.app:app_from_environment"


def worker_environment(state_dir: Path) -> dict[str, str]:
    """What the workers must share, as the environment they inherit: files in `state_dir`."""
    metrics = state_dir / "metrics"
    metrics.mkdir(parents=True, exist_ok=True)
    return {
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        "TIPGRAPH_RATE_LIMIT_FILE": str(state_dir / "rate-limit"),
    }


def serve(host: str, port: int, workers: int = 1) -> None:
    """Serves the app of the environment's settings until interrupted. Shared state the caller already
    configured (both variables set) is used as it is."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="tipgraph-workers-") as state_dir:
        if workers > 1:
            # Set before any worker starts (each imports prometheus_client afresh and inherits these).
            for name, value in worker_environment(Path(state_dir)).items():
                os.environ.setdefault(name, value)
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=logging_config(settings),
            access_log=False,
        )

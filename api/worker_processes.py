"""`tipgraph run --workers N` started as a child process, for whoever must watch real workers from the
outside (the worker tests and bench.workers): its URL once every worker has started, and its JSON log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.store.launcher import REPO_ROOT, free_port

# Inherited shared state would join the child's workers to the parent's rate limit and metrics.
_PARENTS_SHARED_STATE = ("PROMETHEUS_MULTIPROC_DIR", "TIPGRAPH_RATE_LIMIT_FILE")


@dataclass(frozen=True)
class ServedWorkers:
    url: str
    log: Path

    def lines(self) -> list[dict[str, Any]]:
        """The JSON log lines every worker wrote so far (uvicorn's own plain lines left out)."""
        text = self.log.read_text(errors="replace")
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]

    def started_pids(self) -> set[int]:
        return {line["pid"] for line in self.lines() if line["message"] == "Application startup complete."}


@contextmanager
def spawned_workers(
    environment: Mapping[str, str], workers: int, log: Path, startup_seconds: float
) -> Iterator[ServedWorkers]:
    """Serves `api.workers.serve` with `workers` processes on a free port, with the given variables on top
    of this process's environment and JSON logs into `log`; stopped with SIGINT (as a person's Ctrl-C)."""
    port = free_port()
    child_environment = {**os.environ, **environment, "TIPGRAPH_LOG_FORMAT": "json"}
    for inherited in _PARENTS_SHARED_STATE:
        child_environment.pop(inherited, None)
    command = [sys.executable, "-c", f"from api.workers import serve; serve('127.0.0.1', {port}, {workers})"]
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=child_environment, stdout=sink, stderr=sink)
    served = ServedWorkers(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + startup_seconds
        while len(served.started_pids()) < workers:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{workers} workers did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield served
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

"""The embedded server's start, which the load pays once after the import (its schema phase starts with it):
a first start on a fresh folder and a restart on the same folder, with the JVM as launched and with other
JVM flags, side by side (issue 9, target 3).

    python -m bench.server_start [--rounds 2] [--way "C1 only=-XX:TieredStopAtLevel=1" ...]

A way's flags may hold `+share`: the launcher's class data sharing (`LauncherConfig.share_classes`), its
archive made first by a start of its own if there is none (not timed).

Each round, each way in turn (the order alternating) gets a fresh folder under .cache/bench/: the server is
started (the first start makes the system database, its indexes and its user), stopped, started again and
stopped. Printed per way: the median wall seconds until Bolt answers and the JVM's CPU seconds by then, for
both starts, and the CPU against the first way's. CPU, not the wall, is the figure to compare on a shared
machine (say the load average with it). The store is empty: what a start costs beyond the store it opens
(the imported `neo4j` database of 50k tips opens in ~2 s of a start, debug.log shows).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
from collections.abc import Sequence
from dataclasses import replace

from bench.harness import BENCH_DIR, bench_settings, load_config, print_table
from graph.store.launcher import EmbeddedNeo4j, LauncherConfig, ensure_class_archive

AS_LAUNCHED = "as launched"
SHARE = "+share"
DEFAULT_WAYS = (
    f"{AS_LAUNCHED}=",
    "C1 only=-XX:TieredStopAtLevel=1",
    f"class sharing={SHARE}",
    f"class sharing, C1 only={SHARE} -XX:TieredStopAtLevel=1",
)


def _configured(config: LauncherConfig, flags: Sequence[str]) -> LauncherConfig:
    return replace(config, jvm_flags=tuple(f for f in flags if f != SHARE), share_classes=SHARE in flags)


def _timed_start(config: LauncherConfig, flags: Sequence[str]) -> tuple[float, float]:
    """Wall and the JVM's CPU seconds until Bolt answers; the server is stopped after."""
    server = EmbeddedNeo4j(_configured(config, flags))
    started = time.perf_counter()
    server.start()
    wall = time.perf_counter() - started
    try:
        return wall, server.cpu_seconds()
    finally:
        server.stop()


def _ways(specs: Sequence[str]) -> dict[str, list[str]]:
    ways: dict[str, list[str]] = {}
    for spec in specs:
        name, _, flags = spec.partition("=")
        ways[name] = flags.split()
    return ways


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server_start", description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--way", action="append", help='"name=JVM flags" (default: as launched, and C1 only)')
    arguments = parser.parse_args(argv)
    ways = _ways(arguments.way or DEFAULT_WAYS)
    settings = bench_settings()
    figures: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in ways}
    if any(SHARE in flags for flags in ways.values()):
        ensure_class_archive(settings.cache_dir)
    for round_ in range(arguments.rounds):
        order = list(ways.items()) if round_ % 2 == 0 else list(reversed(ways.items()))
        for name, flags in order:
            data_dir = BENCH_DIR / f"neo4j-server-start-{os.getpid()}"
            shutil.rmtree(data_dir, ignore_errors=True)
            try:
                config = load_config(settings, data_dir)
                first = _timed_start(config, flags)
                again = _timed_start(config, flags)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)
            figures[name].append((*first, *again))
    base = next(iter(ways))

    def median(name: str, index: int) -> float:
        return statistics.median(row[index] for row in figures[name])

    rows = [
        [
            f"{name} {' '.join(flags)}".strip(),
            f"{median(name, 0):.1f}",
            f"{median(name, 1):.1f}",
            f"{median(name, 2):.1f}",
            f"{median(name, 3):.1f}",
            f"{median(name, 1) / median(base, 1):.2f}",
            f"{median(name, 3) / median(base, 3):.2f}",
        ]
        for name, flags in ways.items()
    ]
    print_table(
        f"the embedded server's start on an empty folder, median of {arguments.rounds} alternating rounds "
        f"(load average {os.getloadavg()[0]:.1f})",
        [
            "way",
            "first wall s",
            "first CPU s",
            "restart wall s",
            "restart CPU s",
            "CPU / base",
            "restart / base",
        ],
        rows,
    )


if __name__ == "__main__":
    main()

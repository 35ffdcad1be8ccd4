"""CPU per tip of online ingest's batch preparation with the cyclic garbage collector held off (as
`graph.ingest._prepare_batch` prepares a batch) against the same work with the collector running on
allocations, side by side in one process with the collector on, as a server runs.

    python -m bench.prepare_collector [--tips 6000] [--rounds 8] [--live 300000] [--seed 7]

Each round takes the dataset's first `--tips` lines as ingest_stream takes them (parsed as they are read,
batches of `ingest_batch_size`) and prepares every batch, once each way, the order alternating from round
to round; `--live` objects are kept alive beside, as a server holds its own (the collector's young
collections do not traverse them, its older ones do). Printed: each way's median CPU µs per tip for taking
(parsing) and preparing, and the ratio paused/running.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from bench.harness import bench_settings, dataset, print_table
from graph.collector import collector_paused
from graph.ingest import _prepare_batch, _prepare_items
from graph.settings import Settings
from graph.tip import Tip
from graph.tip_files import read_tips
from graph.tip_keys import CLEARINGHOUSE
from graph.tip_validation import TipValidationError

Batch = Sequence[tuple[int, Tip | TipValidationError]]


def _running(chunk: Batch, received_at: datetime, settings: Settings) -> object:
    return _prepare_items(chunk, None, received_at, settings, CLEARINGHOUSE)


def _paused(chunk: Batch, received_at: datetime, settings: Settings) -> object:
    return _prepare_batch(chunk, None, received_at, settings, CLEARINGHOUSE)


Way = tuple[Callable[[], AbstractContextManager[None]], Callable[[Batch, datetime, Settings], object]]
WAYS: dict[str, Way] = {
    "collector running": (nullcontext, _running),
    "collector paused": (lambda: collector_paused(collect_young_after=True), _paused),
}


def _round(data_path: Path, tips: int, settings: Settings, way: Way) -> tuple[float, float]:
    """(take s, prepare s) in CPU seconds over every batch."""
    paused, prepare = way
    numbered = enumerate(islice(read_tips(data_path), tips))
    take_s = prepare_s = 0.0
    while True:
        started = time.process_time()
        with paused():
            chunk = list(islice(numbered, settings.ingest_batch_size))
        taken = time.process_time()
        if not chunk:
            return take_s, prepare_s
        prepare(chunk, datetime.now(UTC), settings)
        take_s += taken - started
        prepare_s += time.process_time() - taken


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.prepare_collector", description=__doc__)
    parser.add_argument("--tips", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--live", type=int, default=300_000, help="objects kept alive beside")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dataset", type=int, default=20_000, help="the generated dataset the tips start")
    arguments = parser.parse_args(argv)
    settings = bench_settings()
    data = dataset(max(arguments.tips, arguments.dataset), arguments.seed)
    live = [{"n": [number, str(number)]} for number in range(arguments.live)]
    gc.enable()
    rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in WAYS}
    names = list(WAYS)
    for number in range(arguments.rounds):
        for name in names if number % 2 == 0 else names[::-1]:
            rounds[name].append(_round(data.path, arguments.tips, settings, WAYS[name]))
    per_tip = 1e6 / arguments.tips
    rows = []
    for step, label in enumerate(("take (parse)", "prepare")):
        running, paused = (statistics.median(r[step] for r in rounds[name]) * per_tip for name in names)
        rows.append([label, f"{running:.0f}", f"{paused:.0f}", f"{paused / running:.2f}"])
    print_table(
        f"CPU µs per tip, median of {arguments.rounds} alternating rounds over {arguments.tips:,} tips "
        f"(seed {arguments.seed}; {len(live):,} live objects beside)",
        ["step", "collector running", "collector paused", "paused/running"],
        rows,
    )


if __name__ == "__main__":
    main()

"""CPU per tip of the load's prepare phase, step by step, in this process (no workers, no database).

    python -m bench.load_prepare [--tips 4000] [--seed 7] [--runs 2] [--dataset 20000]

A load's worker parses each JSON line, prepares the tip as ingest does (`prepare_tip`: identifiers
normalised, scored, labelled), shapes it into the importer's lines (`shape_tip`) and pickles its chunk back
to the load's process, which unpickles it and adds it to the importer's files (`GraphWriter.add_batch`);
once every tip is in, the files phase writes what waited for the final counts (`GraphWriter.finish`). Each
step is timed alone over the same tips (CPU seconds, the fastest of `--runs`), with the collector set as the
load's workers set it and the normalisers' caches emptied before each run (as a fresh worker starts). The
steps hold every tip at once, where a worker holds one chunk: the collector costs more here, and the whole-
chunk row is the one to compare with a load's prepare phase (`bench.bulkload` prints its CPU per tip). CPU
time, not the wall clock: the machine is shared.
Compare two trees by running this in each, one after the other.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.harness import bench_settings, dataset, print_table
from graph import identifiers
from graph.bulkload.prepare import _prepare_lines, _worker_collector
from graph.bulkload.shape import GraphWriter, shape_tip
from graph.ingest import prepare_tip
from graph.tip import parse_tip_json
from graph.tip_keys import CLEARINGHOUSE
from graph.viewer import Role, Viewer

RECEIVED_AT = datetime(2026, 1, 2, tzinfo=UTC)
CHUNK = 1000


def _forget_normal_forms() -> None:
    for value in vars(identifiers).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def _cpu(work: Callable[[], Any], runs: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        _forget_normal_forms()
        started = time.process_time()
        result = work()
        best = min(best, time.process_time() - started)
    return best, result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_prepare", description=__doc__)
    parser.add_argument("--tips", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--dataset", type=int, default=20_000, help="the generated dataset the tips start")
    arguments = parser.parse_args(argv)
    _worker_collector()
    settings = bench_settings()
    data = dataset(max(arguments.tips, arguments.dataset), arguments.seed)
    with data.path.open("rb") as source:
        lines = [(number, line) for number, line in zip(range(1, arguments.tips + 1), source, strict=False)]
    count = len(lines)
    runs = arguments.runs

    parse_s, tips = _cpu(lambda: [parse_tip_json(line) for _, line in lines], runs)
    prepare_s, ready = _cpu(
        lambda: [prepare_tip(tip, None, RECEIVED_AT, settings, CLEARINGHOUSE) for tip in tips], runs
    )
    shape_s, _ = _cpu(lambda: [shape_tip(one) for one in ready], runs)
    chunks = [
        _prepare_lines("bench", first, lines[first : first + CHUNK], RECEIVED_AT, settings)
        for first in range(0, count, CHUNK)
    ]
    dump_s, pickled = _cpu(lambda: [pickle.dumps(chunk) for chunk in chunks], runs)
    load_s, _ = _cpu(lambda: [pickle.loads(blob) for blob in pickled], runs)
    whole_s, _ = _cpu(
        lambda: [
            _prepare_lines("bench", first, lines[first : first + CHUNK], RECEIVED_AT, settings)
            for first in range(0, count, CHUNK)
        ],
        runs,
    )

    def written() -> tuple[GraphWriter, str]:
        folder = tempfile.mkdtemp(prefix="bench-load-prepare-")
        writer = GraphWriter(Path(folder), RECEIVED_AT, Viewer(subject="bench", role=Role.ANALYST), "bench")
        for chunk in chunks:
            writer.add_batch(chunk.tips)
        return writer, folder

    add_s, _ = _cpu(lambda: written()[0].close(), runs)
    writers = [written() for _ in range(runs)]
    files_s = min(_cpu(writer.finish, 1)[0] for writer, _ in writers)
    for _, folder in writers:
        shutil.rmtree(folder)
    rows = [
        [step, f"{seconds / count * 1e6:.0f}"]
        for step, seconds in (
            ("parse (orjson + pydantic)", parse_s),
            ("prepare_tip", prepare_s),
            ("shape_tip", shape_s),
            ("pickle a chunk (worker)", dump_s),
            ("unpickle it (load's process)", load_s),
            ("a worker's whole chunk", whole_s),
            ("the load's process: add the tips (GraphWriter)", add_s),
            ("files: what waited for the counts (finish)", files_s),
        )
    ]
    print_table(
        f"the load's prepare phase: CPU µs per tip over {count:,} tips (seed {arguments.seed}; "
        f"{sum(map(len, pickled)) / count:,.0f} pickled bytes per tip)",
        ["step", "CPU µs/tip"],
        rows,
    )


if __name__ == "__main__":
    main()

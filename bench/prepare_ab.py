"""CPU per tip of preparing tips, this tree against another commit's, side by side: rounds alternate between
the two, each in a process of its own kept for the whole run, so both see the same machine load.

    python -m bench.prepare_ab [--base main] [--tips 4000] [--rounds 8] [--seed 7] [--dataset 20000]

The base commit's tree is unpacked (`git archive`) into a temporary folder and run with this tree's
virtual environment. Each round times, in CPU seconds of the worker process: parsing every line
(`parse_tip_json`), `prepare_tip` on every tip, shaping every prepared tip (as the tree's load workers
shape a chunk: into one `TipShaper`, or `shape_tip` per tip in a tree without it), and the load worker's
whole chunk (`graph.bulkload.prepare._prepare_lines`, 1,000 lines at a time), its pickling (what a worker
sends), and the load's process unpickling the chunks and adding them to a GraphWriter (the importer's
files), after emptying every cache of the `graph` package (as a fresh worker starts); the last row is the
phase's CPU per tip on all processes (chunk + pickle + add). Printed: each step's median over the rounds
for both trees and the ratio new/base, then the base's and new's per-round figures of the whole chunk.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from bench.harness import dataset, print_table
from graph.store.launcher import REPO_ROOT

STEPS = ("parse", "prepare_tip", "shape", "whole chunk", "pickle (worker)", "unpickle + add (load's process)")

# Runs in each tree's own process: reads the lines once, then times one round per line of input.
_WORKER = r"""
import gc, json, pickle, sys, tempfile, time, importlib, pkgutil
from datetime import UTC, datetime
from pathlib import Path
import graph
from graph.bulkload.shape import GraphWriter
from graph.viewer import Role, Viewer
from bench.harness import bench_settings
from graph.bulkload.prepare import _prepare_lines
try:  # a tree whose workers shape a chunk into one TipShaper's columns, or one that shapes tip by tip
    from graph.bulkload.shape import TipShaper
except ImportError:
    TipShaper = None
from graph.bulkload.shape import shape_tip
from graph.ingest import prepare_tip
from graph.tip import parse_tip_json
from graph.tip_keys import CLEARINGHOUSE

from graph.bulkload.prepare import _worker_collector
_worker_collector()  # the collector as each tree's load workers set theirs
settings = bench_settings()
received_at = datetime(2026, 1, 2, tzinfo=UTC)
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "rb") as source:
    lines = [(number, line) for number, line in zip(range(1, count + 1), source)]
modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(graph.__path__, "graph.")
           if not m.name.startswith(("graph.store", "graph.synthetic"))]

def forget():
    for module in modules:
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()

def timed(work):
    forget()
    started = time.process_time()
    result = work()
    return time.process_time() - started, result

for _ in sys.stdin:
    parse_s, tips = timed(lambda: [parse_tip_json(line) for _, line in lines])
    prepare_s, ready = timed(
        lambda: [prepare_tip(tip, None, received_at, settings, CLEARINGHOUSE) for tip in tips]
    )
    def shaped():
        if TipShaper is None:
            return [shape_tip(one) for one in ready]
        shaper = TipShaper()
        for index, one in enumerate(ready):
            shaper.add(index, one)
        return shaper.shaped()

    shape_s, _ = timed(shaped)
    del tips, ready
    whole_s, chunks = timed(lambda: [_prepare_lines("ab", first, lines[first:first + 1000], received_at,
                                                    settings) for first in range(0, len(lines), 1000)])
    pickle_s, blobs = timed(lambda: [pickle.dumps(chunk) for chunk in chunks])
    del chunks
    with tempfile.TemporaryDirectory(prefix="prepare-ab-") as folder:
        writer = GraphWriter(Path(folder), received_at, Viewer(subject="ab", role=Role.ANALYST), "ab")

        def added():
            # As prepare_files hands each chunk to the load's GraphWriter (no tip repeated here).
            for blob in blobs:
                tips = pickle.loads(blob).tips
                writer.add_batch(tips if TipShaper is not None else [one for _, one in tips])
            writer.close()

        add_s, _ = timed(added)
    del blobs, writer
    gc.collect()
    print(json.dumps([parse_s, prepare_s, shape_s, whole_s, pickle_s, add_s]), flush=True)
"""


def _unpacked(ref: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref], cwd=REPO_ROOT, check=True, capture_output=True).stdout
    with tempfile.TemporaryFile() as blob:
        blob.write(archive)
        blob.seek(0)
        with tarfile.open(fileobj=blob) as tar:
            tar.extractall(folder, filter="data")
    return folder


def _worker(tree: Path, lines: Path, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(lines), str(count)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _round(worker: subprocess.Popen[str]) -> list[float]:
    stdin: IO[str] | None = worker.stdin
    stdout: IO[str] | None = worker.stdout
    if stdin is None or stdout is None:
        raise RuntimeError("the worker has no pipes")
    stdin.write("round\n")
    stdin.flush()
    figures: Any = json.loads(stdout.readline())
    return [float(seconds) for seconds in figures]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.prepare_ab", description=__doc__)
    parser.add_argument("--base", default="main", help="the commit to compare this tree with")
    parser.add_argument("--tips", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dataset", type=int, default=20_000, help="the generated dataset the tips start")
    arguments = parser.parse_args(argv)
    data = dataset(max(arguments.tips, arguments.dataset), arguments.seed)
    with tempfile.TemporaryDirectory(prefix="prepare-ab-") as folder:
        base_tree = _unpacked(arguments.base, Path(folder))
        workers = {
            "base": _worker(base_tree, data.path, arguments.tips),
            "new": _worker(REPO_ROOT, data.path, arguments.tips),
        }
        rounds: dict[str, list[list[float]]] = {"base": [], "new": []}
        try:
            for number in range(arguments.rounds):
                # Alternate which goes first, so neither always runs right after the other's garbage.
                order = ("base", "new") if number % 2 == 0 else ("new", "base")
                for name in order:
                    rounds[name].append(_round(workers[name]))
        finally:
            for worker in workers.values():
                if worker.stdin is not None:
                    worker.stdin.close()
                worker.wait()
    count = arguments.tips
    rows = []
    for step, _ in enumerate(STEPS):
        base = statistics.median(r[step] for r in rounds["base"]) / count * 1e6
        new = statistics.median(r[step] for r in rounds["new"]) / count * 1e6
        rows.append([STEPS[step], f"{base:.0f}", f"{new:.0f}", f"{new / base:.2f}"])
    # The phase's CPU per tip: a worker's chunk and its pickling, and the load's process taking it.
    phase = {
        name: statistics.median(sum(r[STEPS.index("whole chunk") :]) for r in rounds[name]) / count * 1e6
        for name in ("base", "new")
    }
    rows.append(
        [
            "phase (chunk + pickle + add)",
            f"{phase['base']:.0f}",
            f"{phase['new']:.0f}",
            f"{phase['new'] / phase['base']:.2f}",
        ]
    )
    print_table(
        f"CPU µs per tip, median of {arguments.rounds} alternating rounds over {count:,} tips "
        f"(seed {arguments.seed}; base {arguments.base})",
        ["step", "base", "new", "new/base"],
        rows,
    )
    whole = STEPS.index("whole chunk")
    for name in ("base", "new"):
        figures = ", ".join(f"{r[whole] / count * 1e6:.0f}" for r in rounds[name])
        print(f"  whole chunk, {name}, per round: {figures}")


if __name__ == "__main__":
    main()

"""What labels cost ingest, measured side by side in one run (the machine is shared: compare ratios).

    python -m bench.labels [--tips 5000] [--seed 7] [--listed 100000]

On generated tips, per tip: the whole of `prepare_tip` (normalising, scoring twice, shaping the row) with
no hash lists and with a list of `--listed` known hashes (a tenth of the tips' own hashes among them),
and its label work alone (the service's labels and the hash-list match, encoded as stored); then what
a tip read costs to show labels to a viewer (decode + `labels_for`).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import orjson

from graph.ingest import prepare_tip
from graph.labels.hash_lists import load_hash_lists
from graph.labels.provenance import Label, labels_for, service_labels
from graph.settings import Settings
from graph.synthetic import GeneratorConfig, generate
from graph.tip import Tip, parse_tip
from graph.viewer import Role, Viewer

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PASSES = 5


def best_microseconds(runs: Sequence[Callable[[], object]], count: int) -> list[float]:
    """The fastest of a few passes of each, per item, the runs interleaved pass by pass so that each
    sees the same weather on a shared machine."""
    best = [float("inf")] * len(runs)
    for _ in range(PASSES):
        for position, run in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            run()
            best[position] = min(best[position], time.perf_counter() - start)
    return [seconds / count * 1e6 for seconds in best]


def hash_list_file(tips: Sequence[Tip], listed: int, folder: Path) -> Path:
    """A list of `listed` hashes: every tenth file's first MD5 among them, the rest random digests."""
    entries = []
    for index, tip in enumerate(tips):
        for file in tip.files:
            md5 = [h for h in file.originalFileHash if h.hashType.upper() == "MD5"]
            if md5 and index % 10 == 0:
                entries.append({"hashType": "MD5", "value": md5[0].value, "category": "B1"})
    while len(entries) < listed:
        digest = hashlib.md5(f"filler-{len(entries)}".encode()).hexdigest()
        entries.append({"hashType": "MD5", "value": digest, "category": "A2"})
    path = folder / "hash-lists.json"
    path.write_bytes(orjson.dumps({"lists": [{"name": "bench", "entries": entries[:listed]}]}))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.labels", description=__doc__)
    parser.add_argument("--tips", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--listed", type=int, default=100_000)
    args = parser.parse_args(argv)
    tips = [
        parse_tip(g.tip, now=NOW) for g in generate(GeneratorConfig(tips=args.tips, seed=args.seed, now=NOW))
    ]
    files = sum(len(tip.files) for tip in tips)
    with tempfile.TemporaryDirectory() as folder:
        plain = Settings()
        listed = Settings(hash_lists_file=hash_list_file(tips, args.listed, Path(folder)))
        lists = load_hash_lists(listed.hash_lists_file)

        def prepare(settings: Settings) -> Callable[[], object]:
            return lambda: [prepare_tip(tip, None, NOW, settings) for tip in tips]

        def label_work() -> object:
            return [
                [
                    label.to_stored()
                    for label in (*service_labels(t, t.reportId, None, NOW), *lists.match(t, t.reportId, NOW))
                ]
                for t in tips
            ]

        stored = label_work()
        assert isinstance(stored, list)
        matched = sum(1 for texts in stored for text in texts if '"HASH_LIST"' in text)
        investigator = Viewer("bench", Role.INVESTIGATOR, "ICAC-OH")

        def reading() -> object:
            return [labels_for(investigator, [Label.from_stored(text) for text in texts]) for texts in stored]

        without, with_lists, labels_only, read = best_microseconds(
            [prepare(plain), prepare(listed), label_work, reading], len(tips)
        )
    labels = sum(len(texts) for texts in stored)
    print(
        f"{len(tips):,} tips, {files:,} files, {labels:,} labels "
        f"({matched:,} hash-list matches, list of {args.listed:,})"
    )
    print(f"  prepare_tip, no hash lists      {without:8.1f} µs/tip")
    print(f"  prepare_tip, with the hash list {with_lists:8.1f} µs/tip  ({with_lists / without:.2f}x)")
    print(
        f"  of which label work             {labels_only:8.1f} µs/tip  "
        f"({labels_only / with_lists:.0%} of prepare_tip)"
    )
    print(f"  reading labels for a viewer     {read:8.1f} µs/tip")


if __name__ == "__main__":
    main()

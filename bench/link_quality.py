"""Link quality of both evidence models, tier by tier, on two generators (targets: strong precision >= 0.995,
possible F1 >= 0.97), without a database.

    python -m bench.link_quality [--tips 20000] [--seed 11]

Data: the project's generator (`graph.synthetic`) and a second one with other habits (`bench.other_habits`:
other rates, a new platform, noisier IP capture). Truth: the best any linker could do from the identifiers,
i.e. tips of one actor (`truth_groups`) that a chain of shared identifiers connects at all (not through the
reporting service's own contact address: see `achievable`). Printed per data
set, side by side in one run: pairwise precision, recall and F1 of the strong and possible tiers for
- hand weights (`graph.linking`, noisy-or; strong >= STRONG_LINK, possible >= HAND_POSSIBLE_LINK);
- the shipped learned model (`graph/data/evidence_model.json`, fitted on the project's generator with
  another seed: out of sample for both data sets);
- a model fitted by EM on the data set itself (no truth used: what `tipgraph model train` does on a store);
and the seconds each took. Every figure is pairwise over the data set's tips.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from bench.clusters import occurrence_rows, read_truth, truth_path
from bench.harness import dataset, print_table
from bench.other_habits import other_dataset
from graph.clustering import (
    Occurrence,
    PairwiseScores,
    connected_components,
    pairwise_scores,
    truth_groups,
)
from graph.clustering.edges import hand_partition
from graph.clustering.evidence import EvidenceModel
from graph.clustering.model_store import default_model
from graph.clustering.pairs import candidate_levels, tier_partition
from graph.clustering.thresholds import (
    HAND_POSSIBLE_LINK,
    POSSIBLE_PROBABILITY,
    STRONG_LINK,
    STRONG_PROBABILITY,
)
from graph.clustering.training import fit
from graph.model import Role

TARGET_STRONG_PRECISION = 0.995
TARGET_POSSIBLE_F1 = 0.97


def achievable(rows: list[Occurrence], truth: Mapping[str, str]) -> dict[str, str]:
    """One actor's tips split by what the identifiers about the offender can connect at all. The reporting
    service's own contact address (role REPORTER, generic by reason: every tip of a service carries it) says
    nothing of who the offender is, so it connects nothing here; counted, it made every actor's tips on one
    service "achievable" whatever else they share (most of the pairs missed at any threshold were those)."""
    about_offenders = [r for r in rows if r.role is not Role.REPORTER and not r.generic]
    components = connected_components(about_offenders)
    return {tip: f"{truth[tip]}|{components.get(tip, tip)}" for tip in truth}


def _row(name: str, strong: PairwiseScores, possible: PairwiseScores, seconds: float) -> list[str]:
    return [
        name,
        f"{strong.precision:.4f}",
        f"{strong.recall:.4f}",
        f"{strong.f1:.4f}",
        f"{possible.precision:.4f}",
        f"{possible.recall:.4f}",
        f"{possible.f1:.4f}",
        f"{seconds:.1f}",
    ]


def _timed(
    make: Callable[[], tuple[dict[str, str], dict[str, str]]],
) -> tuple[dict[str, str], dict[str, str], float]:
    started = time.perf_counter()
    strong, possible = make()
    return strong, possible, time.perf_counter() - started


def score(title: str, tips_path: Path, truth_file: Path) -> None:
    rows, order = occurrence_rows(tips_path)
    truth = achievable(rows, truth_groups(read_truth(truth_file)))
    every = {tip: tip for tip in order}

    def scored(assignment: Mapping[str, str]) -> PairwiseScores:
        return pairwise_scores(every | dict(assignment), truth)

    def hand() -> tuple[dict[str, str], dict[str, str]]:
        return hand_partition(rows, STRONG_LINK), hand_partition(rows, HAND_POSSIBLE_LINK)

    def learned(model: EvidenceModel) -> Callable[[], tuple[dict[str, str], dict[str, str]]]:
        return lambda: (
            tier_partition(rows, model, STRONG_PROBABILITY),
            tier_partition(rows, model, POSSIBLE_PROBABILITY),
        )

    table = []
    strong, possible, seconds = _timed(hand)
    table.append(
        _row(
            f"hand weights ({STRONG_LINK} / {HAND_POSSIBLE_LINK})", scored(strong), scored(possible), seconds
        )
    )
    shipped = default_model()
    strong, possible, seconds = _timed(learned(shipped))
    table.append(_row(f"learned, shipped {shipped.version}", scored(strong), scored(possible), seconds))
    started = time.perf_counter()
    own = fit(candidate_levels(rows), version="in-sample")
    fitted = time.perf_counter() - started
    strong, possible, seconds = _timed(learned(own))
    table.append(
        _row(f"learned, EM on this data ({fitted:.1f} s fit)", scored(strong), scored(possible), seconds)
    )
    header = [
        "model",
        "strong P",
        "strong R",
        "strong F1",
        "possible P",
        "possible R",
        "possible F1",
        "seconds",
    ]
    print_table(
        f"{title}: {len(order):,} tips; strong p >= {STRONG_PROBABILITY},"
        f" possible p >= {POSSIBLE_PROBABILITY}"
        f" (targets: strong P >= {TARGET_STRONG_PRECISION}, possible F1 >= {TARGET_POSSIBLE_F1})",
        header,
        table,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.link_quality", description=__doc__)
    parser.add_argument("--tips", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    arguments = parser.parse_args(argv)
    data = dataset(arguments.tips, arguments.seed)
    score("project generator", data.path, truth_path(arguments.tips, arguments.seed))
    tips_path, truth_file = other_dataset(arguments.tips, arguments.seed)
    score("other habits", tips_path, truth_file)


if __name__ == "__main__":
    main()

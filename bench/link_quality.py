"""Link quality of both evidence models, tier by tier, on two generators (targets: strong precision >= 0.995,
possible F1 >= 0.97), without a database.

    python -m bench.link_quality [--tips 20000] [--seed 11]

Data: the project's generator (`graph.synthetic`) and a second one with other habits (`bench.other_habits`:
other rates, a new platform, noisier IP capture). Truth: the best any linker could do from the identifiers,
i.e. tips of one actor (`truth_groups`) that a chain of shared identifiers connects at all (not through the
reporting service's own contact address, nor through a place: see `achievable`). Printed per data
set, side by side in one run: pairwise precision, recall and F1 of the strong and possible tiers for
- hand weights (`graph.linking`, noisy-or; strong >= STRONG_LINK, possible >= HAND_POSSIBLE_LINK);
- the shipped learned model (`graph/data/evidence_model.json`, fitted on the project's generator with
  another seed: out of sample for both data sets);
- the same model under the people rule (`graph.clustering.thresholds.links_people`: an identifier is
  generic by the people behind it, not by its tips: its suspect accounts, or one person's when it has five
  tips or more per account; a large IP group links its tips seen days apart at once,
  `graph.clustering.pairs`), which the store does not read by yet;
- a model fitted by EM on the data set itself (no truth used: what `tipgraph model train` does on a store);
and the seconds each took. Every figure is pairwise over the data set's tips. Then, for the shipped model's
possible tier, where the true pairs it misses are (`missed_pairs`): per pair of its pieces of one achievable
group, what connects them directly (the kinds of the identifiers both pieces carry, each marked as linking or
as above its kind's generic threshold), or nothing directly (a chain through other tips); and how often the
shipped model's links are right pair by pair (`link_precision`), next to the tiers' precision as partitions
(the transitive closure of the links).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from itertools import combinations
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
from graph.clustering.pairs import candidate_levels, pair_probabilities, tier_partition
from graph.clustering.thresholds import (
    HAND_POSSIBLE_LINK,
    POSSIBLE_PROBABILITY,
    STRONG_LINK,
    STRONG_PROBABILITY,
    links_tips,
)
from graph.clustering.training import fit
from graph.kinds import IdentifierKind
from graph.model import Role

TARGET_STRONG_PRECISION = 0.995
TARGET_POSSIBLE_F1 = 0.97


def achievable(rows: list[Occurrence], truth: Mapping[str, str]) -> dict[str, str]:
    """One actor's tips split by what the identifiers about the offender can connect at all. The reporting
    service's own contact address (role REPORTER, generic by reason: every tip of a service carries it) says
    nothing of who the offender is, so it connects nothing here; counted, it made every actor's tips on one
    service "achievable" whatever else they share (most of the pairs missed at any threshold were those).
    A place (LOCATION: a city, a region) is not an identifier of a person either: the project never links on
    one (its generic threshold is 0 tips) and no linker could tell two of a town's offenders apart by it;
    counted, it made 0.5 % (project) and 0.7 % (other habits) of the true pairs at 20k tips."""
    about_offenders = [
        r
        for r in rows
        if r.role is not Role.REPORTER and not r.generic and r.kind is not IdentifierKind.LOCATION
    ]
    components = connected_components(about_offenders)
    return {tip: f"{truth[tip]}|{components.get(tip, tip)}" for tip in truth}


def missed_pairs(
    rows: list[Occurrence], truth: Mapping[str, str], predicted: Mapping[str, str]
) -> Counter[str]:
    """The true pairs `predicted` misses, by what connects their two pieces directly: for every two pieces
    (predicted groups) of one truth group, their pairs counted under the kinds of the identifiers both pieces
    carry ("+"-joined, "^" marking one above its kind's generic threshold), or "chain" when they share none.
    Linear in the occurrences plus the square of the pieces per truth group."""
    pieces: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for tip, group in truth.items():
        pieces[group][predicted[tip]].add(tip)
    tips_of: dict[str, set[str]] = defaultdict(set)
    kind_of: dict[str, IdentifierKind] = {}
    for r in rows:
        if r.role is not Role.REPORTER and not r.generic and r.kind is not IdentifierKind.LOCATION:
            tips_of[r.uid].add(r.tip_id)
            kind_of[r.uid] = r.kind
    uids_of: dict[str, set[str]] = defaultdict(set)
    for uid, tips in tips_of.items():
        if len(tips) > 1:
            for tip in tips:
                uids_of[tip].add(uid)
    found: Counter[str] = Counter()
    for split in pieces.values():
        if len(split) < 2:
            continue
        carried = {piece: {uid for tip in tips for uid in uids_of[tip]} for piece, tips in split.items()}
        for a, b in combinations(split, 2):
            kinds = sorted(
                {
                    kind_of[uid].value
                    + ("" if links_tips(kind_of[uid], len(tips_of[uid]), generic=False) else "^")
                    for uid in carried[a] & carried[b]
                }
            )
            found["+".join(kinds) or "chain"] += len(split[a]) * len(split[b])
    return found


def link_precision(
    rows: list[Occurrence], truth: Mapping[str, str], model: EvidenceModel
) -> list[tuple[str, int, float]]:
    """Per band of match probability (possible only, strong), the candidate pairs in it and the share of them
    in one truth group: the links' own precision, before a partition closes them transitively. Pairs as
    training sees them (`candidate_levels`: a large identifier's tips along a chain)."""
    bands = {
        "0.5 <= p < 0.99": (POSSIBLE_PROBABILITY, STRONG_PROBABILITY),
        "p >= 0.99": (STRONG_PROBABILITY, 2.0),
    }
    probabilities = pair_probabilities(rows, model)
    found = []
    for name, (low, high) in bands.items():
        pairs = [pair for pair, p in probabilities.items() if low <= p < high]
        right = sum(truth[a] == truth[b] for a, b in pairs)
        found.append((name, len(pairs), right / len(pairs) if pairs else 1.0))
    return found


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

    def learned(
        model: EvidenceModel, by_people: bool = True
    ) -> Callable[[], tuple[dict[str, str], dict[str, str]]]:
        return lambda: (
            tier_partition(rows, model, STRONG_PROBABILITY, by_people=by_people),
            tier_partition(rows, model, POSSIBLE_PROBABILITY, by_people=by_people),
        )

    table = []
    strong, possible, seconds = _timed(hand)
    table.append(
        _row(
            f"hand weights ({STRONG_LINK} / {HAND_POSSIBLE_LINK})", scored(strong), scored(possible), seconds
        )
    )
    shipped = default_model()
    strong, possible, seconds = _timed(learned(shipped, by_people=False))
    table.append(
        _row(f"learned, shipped {shipped.version}, tip rule (old)", scored(strong), scored(possible), seconds)
    )
    missed = missed_pairs(rows, truth, every | possible)
    # What the store does (ingest, recompute, bulk load, linkedTips): the people rule.
    strong, by_people, seconds = _timed(learned(shipped))
    table.append(
        _row(
            f"learned, shipped {shipped.version}, people rule (the store's)",
            scored(strong),
            scored(by_people),
            seconds,
        )
    )
    missed_by_people = missed_pairs(rows, truth, every | by_people)
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
    print_table(
        f"{title}: the shipped model's links pair by pair (candidate pairs)",
        ["match probability", "pairs", "in one achievable group"],
        [[name, f"{count:,}", f"{share:.4f}"] for name, count, share in link_precision(rows, truth, shipped)],
    )
    for rule, found in ((" under the old tip rule", missed), (" under the people rule", missed_by_people)):
        total = sum(found.values())
        print_table(
            f"{title}: the {total:,} true pairs the shipped model's possible tier{rule} misses, by what"
            " joins their pieces"
            " (^: above its kind's generic threshold in tips; chain: nothing shared directly)",
            ["joined by", "pairs", "share"],
            [[name, f"{count:,}", f"{count / total:.3f}"] for name, count in found.most_common(12)],
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

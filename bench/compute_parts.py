"""Pieces of a full recompute's compute against another copy of the code, on the same inputs in one process:
deterministic inputs, alternating rounds, CPU seconds of this process, and each piece's output asserted equal.

    python -m bench.compute_parts --base DIR [--tips 50000] [--seed 7] [--rounds 7]

`DIR` holds another copy of `graph/` (e.g. `git archive <commit> graph | tar -x -C DIR`); its
`pair_table`, `cluster_links` and `kinds` modules are loaded beside this tree's (their other imports are this
tree's). The generated tips become the rows a store hands over (`bench.recompute_compute.stored_rows`), one
recompute captures each piece's inputs, then per round each side runs:

- `_make_edges`: the strong pairs as `Edge`s with their via numbers (edges, vias, via numbers compared);
- `cut_pairs`: each cluster's pairs and link nodes cut from the partition's (compared as lists);
- `bridges`: `ClusterLinks.bridges` of every cut cluster of three tips or more (links and parts compared);
- `classify`: every cluster of two tips or more, its linking rows and its members' facts (locations and
  suspect accounts, as `bench.compute_digest` makes them) as `cluster_aggregates` hands them over (kinds and
  evidence compared).

Printed: each piece's median CPU seconds both ways, their ratio, and the load average (the machine is
shared: `bench.compute_digest --base` gives the whole compute's ratio, these say which piece moved).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.clusters import occurrence_rows
from bench.compute_digest import incident_times, member_facts
from bench.harness import dataset, describe_dataset, print_table
from bench.recompute_compute import stored_rows
from graph.clustering import ClusterLinks, Occurrence, recompute
from graph.clustering import cluster_links as this_cluster_links
from graph.clustering import kinds as this_kinds
from graph.clustering import pair_table as this_pair_table
from graph.clustering.model_store import default_model
from graph.clustering.thresholds import STRONG_PROBABILITY
from graph.collector import collector_paused


def load_copy(base: Path, module: str) -> ModuleType:
    """`graph.clustering.<module>` from the copy under `base`, as a module of its own name."""
    name = f"base_{module}"
    spec = importlib.util.spec_from_file_location(name, base / "graph" / "clustering" / f"{module}.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no graph/clustering/{module}.py under {base}")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[name] = loaded
    spec.loader.exec_module(loaded)
    return loaded


def captured(
    rows: Sequence[Occurrence], extra: Mapping[str, Sequence[Occurrence]]
) -> tuple[tuple[Any, ...], tuple[Any, ...], list[ClusterLinks], list[list[Occurrence]]]:
    """One recompute's inputs to `_make_edges` and `cut_pairs`, its cut clusters of three tips or more, and
    the rows `cluster_aggregates` classifies each cluster of two tips or more by (`extra`: the facts)."""
    found: dict[str, tuple[Any, ...]] = {}
    pieces = ((this_pair_table, "_make_edges"), (this_cluster_links, "cut_pairs"))
    originals = {name: getattr(module, name) for module, name in pieces}

    def spy(name: str) -> Callable[..., Any]:
        def call(*arguments: Any) -> Any:
            found[name] = arguments
            return originals[name](*arguments)

        return call

    for module, name in pieces:
        setattr(module, name, spy(name))
    try:
        model = default_model()
        assignment = recompute(rows, (), {}, STRONG_PROBABILITY, model=model, keep_links=True)
    finally:
        for module, name in pieces:
            setattr(module, name, originals[name])
    by_tip: dict[str, list[Occurrence]] = defaultdict(list)
    for row in rows:
        by_tip[row.tip_id].append(row)
    links = [
        ClusterLinks([row for tip in assignment.members[cid] for row in by_tip[tip]], model, graph=graph)
        for cid, graph in assignment.link_graphs.items()
        if len(assignment.members[cid]) >= 3
    ]
    classified = []
    for tips in assignment.members.values():
        if len(tips) < 2:
            continue
        linking = [row for tip in tips for row in by_tip[tip]]
        known = {(row.tip_id, row.uid) for row in linking}
        facts = [row for tip in tips for row in extra.get(tip, ()) if (tip, row.uid) not in known]
        classified.append([*linking, *facts])
    return found["_make_edges"], found["cut_pairs"], links, classified


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compute_parts", description=__doc__)
    parser.add_argument("--base", type=Path, required=True, help="a copy of the code to compare with")
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args(argv)
    base_pair_table = load_copy(arguments.base, "pair_table")
    base_cluster_links = load_copy(arguments.base, "cluster_links")
    base_kinds = load_copy(arguments.base, "kinds")
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    every_row = occurrence_rows(data.path)[0]
    rows = stored_rows(every_row)
    seen_at = incident_times(data.path)
    extra = member_facts(every_row)
    del every_row
    with collector_paused():
        edges_input, cut_input, links, classified = captured(rows, extra)

        def make_edges(module: ModuleType) -> Callable[[], object]:
            # Edges, via numbers and vias (this tree also returns each via's rank).
            def run() -> object:
                edges, via, vias = module._make_edges(*edges_input)[:3]
                return edges, via.tolist(), vias

            return run

        def cut(module: ModuleType) -> Callable[[], object]:
            def run() -> object:
                pairs, nodes = module.cut_pairs(*cut_input)
                return pairs, {number: list(found) for number, found in nodes.items()}

            return run

        def bridges(module: ModuleType) -> Callable[[], object]:
            def run() -> object:
                return [[(b.link, b.parts) for b in module.ClusterLinks.bridges(one)] for one in links]

            return run

        def kinds(module: ModuleType) -> Callable[[], object]:
            def run() -> object:
                # As plain values: each module copy defines its own Evidence class.
                found = [module.classify(cluster_rows, seen_at) for cluster_rows in classified]
                return [(kind.value, astuple(evidence)) for kind, evidence in found]

            return run

        pieces = {
            "_make_edges": (make_edges(base_pair_table), make_edges(this_pair_table)),
            "cut_pairs": (cut(base_cluster_links), cut(this_cluster_links)),
            f"bridges of {len(links):,} clusters": (bridges(base_cluster_links), bridges(this_cluster_links)),
            f"classify {len(classified):,} clusters": (kinds(base_kinds), kinds(this_kinds)),
        }
        table = []
        for label, ways in pieces.items():
            cpu: tuple[list[float], list[float]] = ([], [])
            for _ in range(arguments.rounds):
                outputs = []
                for side, run in enumerate(ways):
                    started = time.process_time()
                    outputs.append(run())
                    cpu[side].append(time.process_time() - started)
                if outputs[0] != outputs[1]:
                    raise SystemExit(f"{label}: this tree's output differs from the base's")
            base_cpu, this_cpu = (statistics.median(found) for found in cpu)
            table.append([label, f"{base_cpu:.3f}", f"{this_cpu:.3f}", f"{this_cpu / base_cpu:.2f}x"])
    print_table(
        f"pieces of the compute, median CPU of {arguments.rounds} alternating rounds (same outputs)",
        ["piece", "base CPU s", "this tree CPU s", "ratio"],
        table,
    )
    print(f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()

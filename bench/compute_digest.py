"""A fingerprint of everything a full recompute's compute makes from generated tips, to show that an
optimisation of the compute changes no answer: run it before and after, and compare the digests.

    python -m bench.compute_digest [--tips 50000] [--seed 7] [--judgements 40] [--base DIR --rounds 3]

No database: the generated tips become the rows a store of them hands over (`bench.recompute_compute`:
linking identifiers of two tips or more, with the suspect accounts behind each), the clustered tips' facts
(incident times, locations, suspect accounts: what clusters/member_facts reads) come from the same tips,
and the compute runs as `graph.clusters.recompute` runs it: `recompute(..., keep_links=True)`, then
`cluster_writes`. Twice: with no judgements, and with `--judgements` analysts' verdicts drawn from the rows
(DIFFERENT between tips that share an identifier, SAME between tips that may not), so refusals and the
clusters weighed again from their rows are hashed too.

Printed per run: one SHA-256 of the partition (every cluster's id and members), the links a judgement
refused, each cluster's link graph (cut from the partition's, or weighed from its rows), and everything
written (each cluster's props: kind, size, evidence, bridges, digest; each tip's cluster id; the stale
ids), in a canonical order (by cluster id, then as
made), each value as its `repr` (types spelled out); the CPU seconds of this process for the compute
alone, and the peak RSS of the process.

`--base DIR`: A/B against another copy of the code (e.g. `git archive <commit> graph bench | tar -x -C DIR`):
two worker processes, one importing DIR's packages and one this tree's, each load the tips once, then
compute in turn (`--rounds` times each, alternating, so both see the same load); printed: each side's
digests (they must agree), median CPU seconds per run, their ratio, each worker's peak RSS, the load
average.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import orjson

from bench.clusters import occurrence_rows
from bench.harness import dataset, describe_dataset, peak_rss_mb
from bench.recompute_compute import stored_rows
from graph.clustering import Judgement, LinkGraph, Occurrence, Verdict, recompute
from graph.clustering.model_store import default_model
from graph.clustering.pairs import evidence_link_graph
from graph.clustering.thresholds import STRONG_PROBABILITY
from graph.clusters.recompute import cluster_writes
from graph.collector import collector_paused
from graph.kinds import IdentifierKind
from graph.model import Role

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def incident_times(path: Path) -> dict[str, datetime]:
    """Every tip's incident time, as clusters/member_facts reads it."""
    found: dict[str, datetime] = {}
    with path.open("rb") as lines:
        for line in lines:
            tip = orjson.loads(line)
            found[tip["reportId"]] = datetime.fromisoformat(tip["incidentSummary"]["incidentDateTime"])
    return found


def member_facts(rows: Iterable[Occurrence]) -> dict[str, list[Occurrence]]:
    """Per tip, its locations and suspect accounts, in the shape clusters/member_facts reads them."""
    extra: dict[str, list[Occurrence]] = {}
    for row in rows:
        if row.kind is IdentifierKind.LOCATION or (
            row.kind is IdentifierKind.ACCOUNT and row.role is Role.SUSPECT
        ):
            fact = Occurrence(row.tip_id, row.uid, row.kind, row.key, row.tip_count, role=row.role)
            extra.setdefault(row.tip_id, []).append(fact)
    return extra


def drawn_judgements(rows: Sequence[Occurrence], count: int, seed: int) -> list[Judgement]:
    """`count` verdicts drawn from the rows: half DIFFERENT between two tips of one identifier (so some link
    is refused), half SAME between any two tips."""
    rng = random.Random(seed)
    by_uid: dict[str, list[str]] = {}
    for row in rows:
        by_uid.setdefault(row.uid, []).append(row.tip_id)
    shared = sorted(tips for tips in by_uid.values() if len(set(tips)) >= 2)
    every_tip = sorted({row.tip_id for row in rows})
    judgements: list[Judgement] = []
    for number in range(count):
        if number % 2 == 0:
            tips = sorted(set(rng.choice(shared)))
            tip_a, tip_b = rng.sample(tips, 2)
            judgements.append(Judgement(tip_a, tip_b, Verdict.DIFFERENT))
        else:
            tip_a, tip_b = rng.sample(every_tip, 2)
            judgements.append(Judgement(tip_a, tip_b, Verdict.SAME))
    return judgements


def graph_parts(graph: LinkGraph) -> Iterable[object]:
    """A link graph as plain values, in its order."""
    yield graph.threshold
    for found in graph.identifiers:
        yield ("identifier", found.uid, found.kind.value, found.weight, tuple(found.tips))
    for edge in graph.pairs:
        yield (
            "pair",
            edge.tip_a,
            edge.tip_b,
            edge.weight,
            tuple(edge.uids),
            tuple(k.value for k in edge.kinds),
        )


def compute(
    rows: Sequence[Occurrence],
    judgements: Sequence[Judgement],
    seen_at: Mapping[str, datetime],
    extra: Mapping[str, Sequence[Occurrence]],
) -> tuple[str, float]:
    """The digest of one recompute's compute, and its CPU seconds."""
    model = default_model()
    with collector_paused():
        started = time.process_time()
        assignment = recompute(rows, judgements, {}, STRONG_PROBABILITY, model=model, keep_links=True)
        clusters = {cid: tips for cid, tips in assignment.members.items() if len(tips) >= 2}
        written, changes, stale = cluster_writes(
            rows, clusters, {}, {}, seen_at, extra, STRONG_PROBABILITY, NOW, model, assignment.link_graphs
        )
        cpu = time.process_time() - started
    hasher = hashlib.sha256()

    def add(part: object) -> None:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")

    for cluster_id in sorted(assignment.members):
        add(("members", cluster_id, tuple(assignment.members[cluster_id])))
    for edge in assignment.refused:
        add(
            (
                "refused",
                edge.tip_a,
                edge.tip_b,
                edge.weight,
                tuple(edge.uids),
                tuple(k.value for k in edge.kinds),
            )
        )
    by_tip: dict[str, list[Occurrence]] = {}
    for row in rows:
        by_tip.setdefault(row.tip_id, []).append(row)
    for cluster_id in sorted(clusters):
        # The links that explain the cluster: cut from the partition's, or else weighed from its rows.
        graph = assignment.link_graphs.get(cluster_id)
        if graph is None:
            mine = [row for tip in clusters[cluster_id] for row in by_tip[tip]]
            graph = evidence_link_graph(mine, model, STRONG_PROBABILITY)
        add(("graph", cluster_id))
        for part in graph_parts(graph):
            add(part)
    for one in sorted(written, key=lambda w: w["id"]):
        add(("cluster", one["id"], sorted(one["props"].items())))
    for change in sorted(changes, key=lambda c: str(c["tipId"])):
        add(("tip", change["tipId"], change["clusterId"]))
    add(("stale", tuple(stale)))
    return hasher.hexdigest(), cpu


# An A/B worker: imports the code under argv[1], loads the tips once, then per line read runs both
# computes and prints "digest digest cpu cpu rss".
_WORKER = """
import sys
sys.path.insert(0, sys.argv[1])
from bench.clusters import occurrence_rows
from bench.compute_digest import compute, drawn_judgements, incident_times, member_facts
from bench.harness import dataset, peak_rss_mb
from bench.recompute_compute import stored_rows
tips, seed, count = (int(value) for value in sys.argv[2:5])
data = dataset(tips, seed)
every_row = occurrence_rows(data.path)[0]
rows = stored_rows(every_row)
seen_at = incident_times(data.path)
extra = member_facts(every_row)
del every_row
judged = drawn_judgements(rows, count, seed)
print("ready", flush=True)
for _ in sys.stdin:
    (plain, plain_cpu), (with_judgements, judged_cpu) = (
        compute(rows, judgements, seen_at, extra) for judgements in ([], judged)
    )
    print(plain, with_judgements, plain_cpu, judged_cpu, peak_rss_mb(), flush=True)
"""


def compare_with(base: Path, tips: int, seed: int, judgements: int, rounds: int) -> None:
    """Alternating runs of the code under `base` and of this tree (see the module's docstring)."""
    here = Path(__file__).resolve().parent.parent
    sides = {"base": base.resolve(), "this tree": here}
    workers = {
        label: subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(root), str(tips), str(seed), str(judgements)],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for label, root in sides.items()
    }
    for worker in workers.values():
        assert worker.stdin is not None and worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            raise SystemExit("an A/B worker failed to load the tips")
    found: dict[str, list[list[str]]] = {label: [] for label in workers}
    for _ in range(rounds):
        for label, worker in workers.items():
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write("go\n")
            worker.stdin.flush()
            found[label].append(worker.stdout.readline().split())
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    medians: dict[str, tuple[float, float]] = {}
    for label, runs in found.items():
        digests = sorted({f"{run[0][:8]} / {run[1][:8]}" for run in runs})
        plain = statistics.median(float(run[2]) for run in runs)
        judged = statistics.median(float(run[3]) for run in runs)
        medians[label] = (plain, judged)
        print(
            f"{label}: sha256 {', '.join(digests)}  compute {plain:.2f} / "
            f"{judged:.2f} CPU s (no judgements / {judgements})  peak RSS {float(runs[-1][4]):,.0f} MB"
        )
    if len({(run[0], run[1]) for runs in found.values() for run in runs}) != 1:
        raise SystemExit("the two sides computed something different")
    (base_plain, base_judged), (new_plain, new_judged) = medians["base"], medians["this tree"]
    print(
        f"this tree / base, median of {rounds} alternating rounds: {new_plain / base_plain:.2f}x "
        f"(no judgements), {new_judged / base_judged:.2f}x ({judgements} judgements); "
        f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compute_digest", description=__doc__)
    parser.add_argument("--tips", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--judgements", type=int, default=40)
    parser.add_argument("--base", type=Path, help="a copy of the code to compare with, alternating")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args(argv)
    if arguments.base is not None:
        compare_with(arguments.base, arguments.tips, arguments.seed, arguments.judgements, arguments.rounds)
        return
    data = dataset(arguments.tips, arguments.seed)
    print(describe_dataset(data))
    every_row = occurrence_rows(data.path)[0]
    rows = stored_rows(every_row)
    seen_at = incident_times(data.path)
    extra = member_facts(every_row)
    del every_row
    print(f"{len(rows):,} rows of {len({row.tip_id for row in rows}):,} tips with linking identifiers")
    for label, judgements in (
        ("no judgements", []),
        (f"{arguments.judgements} judgements", drawn_judgements(rows, arguments.judgements, arguments.seed)),
    ):
        digest, cpu = compute(rows, judgements, seen_at, extra)
        print(f"{label}: sha256 {digest}  compute {cpu:.2f} CPU s")
    print(f"peak RSS of this process {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()

"""Ways of doing one thing measured side by side in one run: each way once per round, the order reversed every
other round, so a shared machine's drifting load falls on every way alike; medians and ratios printed."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

from bench.harness import print_table

Way = TypeVar("Way")


def alternating(ways: Mapping[str, Way], rounds: int) -> Iterator[tuple[str, Way]]:
    """Every (label, way) of `ways` once per round for `rounds` rounds, every other round backwards."""
    items = list(ways.items())
    for round_ in range(rounds):
        yield from (items if round_ % 2 == 0 else reversed(items))


class Timings:
    """Wall and CPU seconds of each run of each way."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.wall: dict[str, list[float]] = {label: [] for label in labels}
        self.cpu: dict[str, list[float]] = {label: [] for label in labels}

    def add(self, label: str, wall: float, cpu: float) -> None:
        self.wall[label].append(wall)
        self.cpu[label].append(cpu)

    def median_wall(self, label: str) -> float:
        return statistics.median(self.wall[label])

    def median_cpu(self, label: str) -> float:
        return statistics.median(self.cpu[label])

    def print(self, title: str, cpu: str, note: str = "") -> None:
        """A table of the median wall and CPU seconds (`cpu` names whose) of each way and their ratios to
        the first way's, titled with the rounds, the machine's load average and `note`."""
        first = next(iter(self.wall))
        print_table(
            f"{title}, median of {len(self.wall[first])} alternating rounds "
            f"({note}load average {os.getloadavg()[0]:.1f})",
            ["way", "wall s", cpu, "wall / first", "CPU / first"],
            self.rows(first),
        )

    def rows(self, base: str) -> list[list[str]]:
        """Per way: median wall and CPU seconds and each against `base`'s."""
        return [
            [
                label,
                f"{self.median_wall(label):.2f}",
                f"{self.median_cpu(label):.2f}",
                f"{self.median_wall(label) / self.median_wall(base):.2f}",
                f"{self.median_cpu(label) / self.median_cpu(base):.2f}",
            ]
            for label in self.wall
        ]


def require_same(outcomes: Mapping[str, object], difference: str) -> None:
    """Fail the bench unless every way's outcome equals the first's: a faster way must do the same thing."""
    first, *others = outcomes.values()
    if any(outcome != first for outcome in others):
        raise SystemExit(f"the ways {difference}")

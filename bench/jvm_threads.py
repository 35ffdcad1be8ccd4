"""Where a JVM's CPU goes, by kind of thread: the work it was asked for, or the JIT, the collector, the rest.

A process's CPU time (/proc/PID/stat) sums all its threads. For Neo4j that mixes the statement's own work
(Bolt workers, the transaction log's writer) with work any statement may trigger or none did: the JIT
compiling hot code (costly while the server is young), the garbage collector, background jobs. Each
thread's CPU is in /proc/PID/task/TID/stat and its name (the Java thread's, cut to 15 characters) in
.../comm, so a difference of two readings says which kind of thread spent it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

JIT: Final = "JIT compiler"
# Checked in order: the first kind whose prefix a thread's name starts with.
KINDS: Final = (
    (JIT, ("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread")),
    ("garbage collector", ("GC Thread", "G1 ", "VM Thread", "VM Periodic")),
    ("Bolt workers", ("neo4j.BoltWork",)),
    ("Bolt network", ("neo4j.BoltNetw",)),
    # Names are cut to 15 characters. A commit appends to the transaction log in the Bolt worker itself.
    ("transaction monitor, checkpoint", ("neo4j.Transacti", "neo4j.CheckPoin")),
)
OTHER: Final = "other threads"


def kind_of(name: str) -> str:
    for kind, prefixes in KINDS:
        if name.startswith(prefixes):
            return kind
    return OTHER


def thread_cpu(pid: int) -> dict[str, tuple[float, float]]:
    """User and system CPU seconds of each live thread of `pid` so far, by thread name (threads of one
    name summed). A thread that ended between two readings takes its time with it: compare kinds, not
    totals, against the process's own figure."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, tuple[float, float]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while being read
            continue
        user, system = found.get(name, (0.0, 0.0))
        found[name] = (user + int(fields[11]) / tick, system + int(fields[12]) / tick)
    return found


def by_kind(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> dict[str, float]:
    """CPU seconds (user + system) spent between two `thread_cpu` readings, by kind of thread."""
    spent: dict[str, float] = {}
    for name, (user, system) in after.items():
        old_user, old_system = before.get(name, (0.0, 0.0))
        kind = kind_of(name)
        spent[kind] = spent.get(kind, 0.0) + max(0.0, user - old_user + system - old_system)
    return spent


def busiest_names(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]], count: int = 12
) -> list[tuple[str, float]]:
    """The thread names that spent the most CPU seconds between two readings (to name a kind not yet
    in KINDS)."""
    spent = [
        (name, user + system - sum(before.get(name, (0.0, 0.0)))) for name, (user, system) in after.items()
    ]
    return sorted((pair for pair in spent if pair[1] > 0), key=lambda pair: -pair[1])[:count]

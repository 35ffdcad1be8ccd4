"""The hottest methods of a Java Flight Recording (JDK 17 has no `jfr view`): where a JVM's samples fell.

    python -m bench.jfr_top FILE [--top 25] [--thread TEXT] [--within TEXT] [--native]

Reads the execution samples (threads running Java: where CPU goes) that `jfr print --json` gives, or with
`--native` the native method samples (threads in native code, running or blocked there: forcing a file to
disk, waiting for the network), and prints the samples by thread, the methods
the samples were in (self) and those on the sampled stacks (inclusive, once per sample). `--thread` keeps
threads whose name holds the text; `--within` keeps samples whose stack holds a method whose name holds it,
and then counts inclusive shares below that method only (what a commit spends its time on, say).
bench.statement_cpu --jfr makes such a recording of Neo4j.
"""

from __future__ import annotations

import argparse
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.harness import print_table

JAVA_SAMPLES = "jdk.ExecutionSample"
NATIVE_SAMPLES = "jdk.NativeMethodSample"


def frames_of(event: dict[str, Any]) -> list[str]:
    """The event's stack, innermost first, as `Class.method` names."""
    trace = event["values"].get("stackTrace") or {}
    names = []
    for frame in trace.get("frames") or []:
        method = frame.get("method") or {}
        owner = (method.get("type") or {}).get("name", "?")
        names.append(f"{owner}.{method.get('name', '?')}")
    return names


def thread_of(event: dict[str, Any]) -> str:
    values = event["values"]
    thread = values.get("sampledThread") or values.get("eventThread") or {}
    return str(thread.get("javaName") or thread.get("osName") or "?")


def load(path: Path, event: str) -> list[dict[str, Any]]:
    printed = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", event, str(path)],
        check=True,
        capture_output=True,
    ).stdout
    events: list[dict[str, Any]] = orjson.loads(printed)["recording"]["events"]
    return events


def summarise(events: list[dict[str, Any]], top: int, thread: str | None, within: str | None) -> None:
    by_thread: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    kept = 0
    for event in events:
        name = thread_of(event)
        if thread and thread not in name:
            continue
        frames = frames_of(event)
        if within:
            inside = next((i for i, frame in enumerate(frames) if within in frame), None)
            if inside is None:
                continue
            frames = frames[: inside + 1]
        kept += 1
        by_thread[_thread_kind(name)] += 1
        if frames:
            self_time[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1
    print(f"{kept} samples kept of {len(events)}")

    def table(title: str, counts: Counter[str]) -> None:
        print_table(
            title,
            ["share", "samples", "where"],
            [[f"{100 * n / max(kept, 1):.1f} %", str(n), where] for where, n in counts.most_common(top)],
        )

    table("samples by thread (digits folded)", by_thread)
    table("self: the method a sample was in", self_time)
    table("inclusive: methods on the sampled stacks", inclusive)


def _thread_kind(name: str) -> str:
    """A thread's name with its numbers folded, so a pool's threads count as one."""
    return "".join("#" if c.isdigit() else c for c in name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jfr_top", description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--thread", help="only threads whose name holds this")
    parser.add_argument("--within", help="only samples below a method whose name holds this")
    parser.add_argument("--native", action="store_true", help="native method samples instead of Java's")
    args = parser.parse_args(argv)
    events = load(args.file, NATIVE_SAMPLES if args.native else JAVA_SAMPLES)
    summarise(events, args.top, args.thread, args.within)


if __name__ == "__main__":
    main()

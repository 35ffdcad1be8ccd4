"""bench.jvm_threads charges a JVM's CPU to the kind of thread its name says (cut to 15 characters)."""

from __future__ import annotations

import os

import pytest

from bench.jvm_threads import JIT, OTHER, by_kind, kind_of, thread_cpu


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("C2 CompilerThre", JIT),
        ("C1 CompilerThre", JIT),
        ("neo4j.BoltWorke", "Bolt workers"),
        ("neo4j.BoltNetwo", "Bolt network"),
        ("GC Thread#0", "garbage collector"),
        ("G1 Conc#0", "garbage collector"),
        ("MuninnPageCache", OTHER),
    ],
)
def test_a_thread_is_of_the_kind_its_name_says(name: str, kind: str) -> None:
    assert kind_of(name) == kind


def test_cpu_between_two_readings_is_summed_by_kind() -> None:
    before = {"C2 CompilerThre": (1.0, 0.1), "neo4j.BoltWorke": (2.0, 0.0), "gone": (5.0, 0.0)}
    after = {
        "C2 CompilerThre": (1.5, 0.1),
        "neo4j.BoltWorke": (2.25, 0.25),
        "neo4j.BoltNetwo": (0.25, 0.0),  # started in between: all its time is new
    }
    assert by_kind(before, after) == {JIT: 0.5, "Bolt workers": 0.5, "Bolt network": 0.25}


def test_threads_of_a_live_process_are_read() -> None:
    found = thread_cpu(os.getpid())
    assert found and all(user >= 0 and system >= 0 for user, system in found.values())

"""The cyclic garbage collector held off while a process builds many long-lived objects and no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(collect_young_after: bool = False) -> Iterator[None]:
    """Holds the cyclic collector off, then puts it back as it was.

    A recompute's or a load's millions of rows, and a batch of tips being prepared (thousands of objects
    per tip, alive until the batch is written), hold no cycles: collections on allocations (every 700)
    traversed them again and again and freed nothing, a third of a recompute and a fifth of preparing.
    `collect_young_after` (a batch: garbage made meanwhile, by this thread or another, then waits one
    batch at most) collects the young generation once the collector is back. Already off (a load's
    worker, or an outer pause), it stays off and nothing is collected here; two pauses at once leave it
    on once both are done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if collect_young_after:
                gc.collect(0)

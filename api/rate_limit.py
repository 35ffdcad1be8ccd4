"""Per-caller request budget: a token bucket for each key (the token's subject).

Each key may spend `burst` requests at once and earns `rate_per_second` back, up to `burst`. Memory is
bounded by `max_keys`: buckets live in least-recently-used order and the oldest is dropped to make room.
Dropping is harmless for a bucket idle for `burst / rate_per_second` seconds, since it had refilled anyway;
`max_keys` should be comfortably above the number of callers active within that window.

Two stores of the same buckets:
- `RateLimiter` keeps them in this process: one worker, one event loop, no locking.
- `SharedRateLimiter` keeps them in a memory-mapped file that every worker on the host opens, under an
  exclusive `flock` held for a few microseconds per request, so N workers grant one budget, not N. It does
  not span hosts: behind a load balancer each host grants its own budget (route a token to one host, or
  divide the rate by the number of hosts).
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import struct
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Limiter(Protocol):
    def allow(self, key: str) -> tuple[bool, float]:
        """Spend one request of `key`'s budget: (allowed, seconds until a request would be allowed, or 0)."""
        ...


def _check(rate_per_second: float, burst: int, max_keys: int) -> None:
    if rate_per_second <= 0:
        raise ValueError("rate_per_second must be positive")
    if burst < 1:
        raise ValueError("burst must be at least 1")
    if max_keys < 1:
        raise ValueError("max_keys must be at least 1")


def _spend(tokens: float, elapsed: float, rate: float, burst: float) -> tuple[float, bool, float]:
    """Refills for `elapsed` seconds, then spends one token if there is one: (tokens left, allowed, retry
    after). max(): a clock that steps back must not drain the bucket."""
    tokens = min(burst, tokens + max(0.0, elapsed) * rate)
    if tokens >= 1.0:
        return tokens - 1.0, True, 0.0
    return tokens, False, (1.0 - tokens) / rate


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated_at: float


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        _check(rate_per_second, burst, max_keys)
        self._rate = rate_per_second
        self._burst = float(burst)
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, key: str) -> tuple[bool, float]:
        """Spend one request of `key`'s budget: (allowed, seconds until a request would be allowed, or 0)."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(tokens=self._burst, updated_at=now)
            self._buckets[key] = bucket
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        bucket.tokens, allowed, retry_after = _spend(
            bucket.tokens, now - bucket.updated_at, self._rate, self._burst
        )
        bucket.updated_at = now
        return allowed, retry_after

    def __len__(self) -> int:
        """How many keys are tracked now."""
        return len(self._buckets)


# The file: a header (magic, slot count), then one slot per bucket: key hash, tokens, last update.
_MAGIC = b"tgrl0001"
_HEADER = struct.Struct("<8sQ")
_SLOT = struct.Struct("<Qdd")
# A key lives in one of this many slots after its hash's; a full window evicts its stalest bucket. Bounded,
# so each request costs the same however many keys are tracked.
_PROBES = 8


class SharedRateLimiter:
    """The same token buckets in a file shared by the workers of one host (see the module's docstring).

    The clock must be one all workers share: `time.monotonic` is the host's CLOCK_MONOTONIC on Linux. The
    table holds `max_keys` slots; keys are 64-bit BLAKE2b hashes of the subject, and the file is
    reinitialised when its layout does not match (another version, another `max_keys`).
    """

    def __init__(
        self,
        path: Path,
        rate_per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 65_536,
    ) -> None:
        _check(rate_per_second, burst, max_keys)
        self._rate = rate_per_second
        self._burst = float(burst)
        self._clock = clock
        self._slots = max(max_keys, _PROBES)
        size = _HEADER.size + self._slots * _SLOT.size
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        with self._locked():
            if os.fstat(self._fd).st_size != size or self._header() != (_MAGIC, self._slots):
                os.ftruncate(self._fd, 0)
                os.ftruncate(self._fd, size)
                os.pwrite(self._fd, _HEADER.pack(_MAGIC, self._slots), 0)
        self._map = mmap.mmap(self._fd, size)

    def _header(self) -> tuple[bytes, int]:
        magic, slots = _HEADER.unpack(os.pread(self._fd, _HEADER.size, 0).ljust(_HEADER.size, b"\0"))
        return magic, slots

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # Held only while one bucket is read and written, with no await inside: the event loop never waits
        # on another worker for longer than that.
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def allow(self, key: str) -> tuple[bool, float]:
        """Spend one request of `key`'s budget: (allowed, seconds until a request would be allowed, or 0)."""
        # 0 marks an empty slot, so no key may hash to it.
        hashed = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little") or 1
        first = hashed % self._slots
        with self._locked():
            now = self._clock()
            offset, tokens, updated_at = self._find(hashed, first, now)
            tokens, allowed, retry_after = _spend(tokens, now - updated_at, self._rate, self._burst)
            _SLOT.pack_into(self._map, offset, hashed, tokens, now)
        return allowed, retry_after

    def _find(self, hashed: int, first: int, now: float) -> tuple[int, float, float]:
        """The slot of `hashed` with its bucket; else an empty slot, or the window's stalest, with a full
        bucket (an evicted bucket idle for burst / rate seconds had refilled anyway)."""
        stalest: tuple[float, int] | None = None
        for probe in range(_PROBES):
            offset = _HEADER.size + ((first + probe) % self._slots) * _SLOT.size
            slot_key, tokens, updated_at = _SLOT.unpack_from(self._map, offset)
            if slot_key == hashed:
                return offset, tokens, updated_at
            if slot_key == 0:
                return offset, self._burst, now
            if stalest is None or updated_at < stalest[0]:
                stalest = (updated_at, offset)
        assert stalest is not None
        return stalest[1], self._burst, now

    def close(self) -> None:
        self._map.close()
        os.close(self._fd)

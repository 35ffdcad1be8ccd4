"""The per-key token bucket, in-process and in a file shared by workers, driven by a clock the test moves by
hand (the shared one also across real processes)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from api.rate_limit import Limiter, RateLimiter, SharedRateLimiter

MakeLimiter = Callable[..., Limiter]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["in-process", "shared-file"])
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeLimiter]:
    """Each behaviour holds for both stores of the buckets."""
    opened: list[SharedRateLimiter] = []

    def shared(**kwargs: object) -> Limiter:
        limiter = SharedRateLimiter(tmp_path / "rate-limit", **kwargs)  # type: ignore[arg-type]
        opened.append(limiter)
        return limiter

    yield RateLimiter if request.param == "in-process" else shared
    for limiter in opened:
        limiter.close()


def test_burst_is_allowed_then_refused_with_retry_after(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=2.0, burst=3, clock=clock)
    assert [limiter.allow("user-17") for _ in range(3)] == [(True, 0.0)] * 3
    allowed, retry_after = limiter.allow("user-17")
    assert not allowed
    assert retry_after == pytest.approx(0.5)


def test_tokens_refill_at_the_rate(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=2.0, burst=1, clock=clock)
    assert limiter.allow("user-17")[0]
    clock.now += 0.25
    allowed, retry_after = limiter.allow("user-17")
    assert not allowed
    assert retry_after == pytest.approx(0.25)
    clock.now += 0.25
    assert limiter.allow("user-17") == (True, 0.0)


def test_refill_stops_at_burst(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=10.0, burst=2, clock=clock)
    limiter.allow("user-17")
    clock.now += 3600
    assert [limiter.allow("user-17")[0] for _ in range(3)] == [True, True, False]


def test_refused_requests_do_not_spend_budget(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=1.0, burst=1, clock=clock)
    limiter.allow("user-17")
    for _ in range(5):
        assert not limiter.allow("user-17")[0]
    clock.now += 1.0
    assert limiter.allow("user-17")[0]


def test_keys_have_separate_budgets(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=1.0, burst=1, clock=clock)
    assert limiter.allow("user-17")[0]
    assert not limiter.allow("user-17")[0]
    assert limiter.allow("user-18")[0]


def test_clock_stepping_back_does_not_drain_or_fill(make: MakeLimiter, clock: FakeClock) -> None:
    limiter = make(rate_per_second=1.0, burst=2, clock=clock)
    limiter.allow("user-17")
    clock.now -= 100
    assert limiter.allow("user-17")[0]
    assert not limiter.allow("user-17")[0]


def test_tracked_keys_are_capped_by_evicting_the_least_recently_used(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock, max_keys=2)
    limiter.allow("user-1")
    limiter.allow("user-2")
    assert not limiter.allow("user-1")[0]  # user-1 is now the most recently used
    limiter.allow("user-3")  # evicts user-2
    assert len(limiter) == 2
    assert not limiter.allow("user-1")[0]  # kept: still empty
    assert limiter.allow("user-2")[0]  # evicted: starts again with a full bucket


@pytest.mark.parametrize(
    ("rate", "burst", "max_keys"), [(0.0, 1, 10), (-1.0, 1, 10), (1.0, 0, 10), (1.0, 1, 0)]
)
def test_unusable_settings_are_refused(rate: float, burst: int, max_keys: int) -> None:
    with pytest.raises(ValueError):
        RateLimiter(rate_per_second=rate, burst=burst, max_keys=max_keys)


def test_workers_sharing_the_file_share_one_budget(tmp_path: Path, clock: FakeClock) -> None:
    first = SharedRateLimiter(tmp_path / "rate-limit", rate_per_second=1.0, burst=3, clock=clock)
    second = SharedRateLimiter(tmp_path / "rate-limit", rate_per_second=1.0, burst=3, clock=clock)
    granted = [first.allow("user-17")[0], second.allow("user-17")[0], first.allow("user-17")[0]]
    assert granted == [True, True, True]
    assert not second.allow("user-17")[0]
    assert not first.allow("user-17")[0]
    clock.now += 1.0
    assert second.allow("user-17")[0]
    first.close()
    second.close()


def _spend_in_another_process(path: str, attempts: int, granted: multiprocessing.Queue[int]) -> None:
    limiter = SharedRateLimiter(Path(path), rate_per_second=0.001, burst=50)
    granted.put(sum(limiter.allow("user-17")[0] for _ in range(attempts)))
    limiter.close()


def test_the_budget_holds_across_processes_spending_at_once(tmp_path: Path) -> None:
    path = tmp_path / "rate-limit"
    SharedRateLimiter(path, rate_per_second=0.001, burst=50).close()
    context = multiprocessing.get_context("spawn")
    granted: multiprocessing.Queue[int] = context.Queue()
    workers = [
        context.Process(target=_spend_in_another_process, args=(str(path), 200, granted)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    counts = [granted.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    # 800 attempts within a second at 0.001/s: the 50 of the burst, and not one more, in all four together.
    assert sum(counts) == 50


def test_many_keys_keep_their_own_buckets_in_a_small_table(tmp_path: Path, clock: FakeClock) -> None:
    limiter = SharedRateLimiter(
        tmp_path / "rate-limit", rate_per_second=1.0, burst=1, clock=clock, max_keys=64
    )
    keys = [f"user-{n}" for n in range(40)]
    assert all(limiter.allow(key)[0] for key in keys)
    assert not any(limiter.allow(key)[0] for key in keys)
    limiter.close()


def test_a_full_table_evicts_the_stalest_bucket_in_reach(tmp_path: Path, clock: FakeClock) -> None:
    limiter = SharedRateLimiter(
        tmp_path / "rate-limit", rate_per_second=1.0, burst=1, clock=clock, max_keys=8
    )
    for n in range(8):
        limiter.allow(f"user-{n}")
        clock.now += 0.01
    assert limiter.allow("user-new")[0]  # took user-0's slot, the stalest
    assert limiter.allow("user-0")[0]  # evicted: starts again with a full bucket (and takes user-1's slot)
    assert not limiter.allow("user-7")[0]  # kept: still empty
    limiter.close()


def test_a_file_of_another_layout_is_reinitialised(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "rate-limit"
    path.write_bytes(b"not a rate-limit table")
    limiter = SharedRateLimiter(path, rate_per_second=1.0, burst=1, clock=clock, max_keys=16)
    assert limiter.allow("user-17")[0]
    assert not limiter.allow("user-17")[0]
    limiter.close()
    again = SharedRateLimiter(path, rate_per_second=1.0, burst=1, clock=clock, max_keys=32)
    assert again.allow("user-17")[0]
    again.close()

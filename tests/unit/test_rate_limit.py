"""The per-key token bucket, driven by a clock the test moves by hand."""

from __future__ import annotations

import pytest

from api.rate_limit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_burst_is_allowed_then_refused_with_retry_after(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=2.0, burst=3, clock=clock)
    assert [limiter.allow("user-17") for _ in range(3)] == [(True, 0.0)] * 3
    allowed, retry_after = limiter.allow("user-17")
    assert not allowed
    assert retry_after == pytest.approx(0.5)


def test_tokens_refill_at_the_rate(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=2.0, burst=1, clock=clock)
    assert limiter.allow("user-17")[0]
    clock.now += 0.25
    allowed, retry_after = limiter.allow("user-17")
    assert not allowed
    assert retry_after == pytest.approx(0.25)
    clock.now += 0.25
    assert limiter.allow("user-17") == (True, 0.0)


def test_refill_stops_at_burst(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=10.0, burst=2, clock=clock)
    limiter.allow("user-17")
    clock.now += 3600
    assert [limiter.allow("user-17")[0] for _ in range(3)] == [True, True, False]


def test_refused_requests_do_not_spend_budget(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock)
    limiter.allow("user-17")
    for _ in range(5):
        assert not limiter.allow("user-17")[0]
    clock.now += 1.0
    assert limiter.allow("user-17")[0]


def test_keys_have_separate_budgets(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock)
    assert limiter.allow("user-17")[0]
    assert not limiter.allow("user-17")[0]
    assert limiter.allow("user-18")[0]


def test_clock_stepping_back_does_not_drain_or_fill(clock: FakeClock) -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=2, clock=clock)
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

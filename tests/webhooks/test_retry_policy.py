"""Retry delays: exponential up to the cap, whatever the number of attempts."""

from __future__ import annotations

from chatlake.webhooks.delivery import RetryPolicy


def test_delays_grow_and_stay_within_the_cap_even_after_thousands_of_attempts():
    policy = RetryPolicy(base_seconds=0.05, max_delay_seconds=0.5)
    assert 0.025 <= policy.delay(1) <= 0.05
    assert 0.05 <= policy.delay(2) <= 0.1
    for attempts in (11, 1_025, 5_000):
        assert 0.25 <= policy.delay(attempts) <= 0.5

"""The injected clock: frozen in tests, real in the app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bfr_tui.domain.clock import Clock, FakeClock, SystemClock
from tests.local_time import local


def test_fake_clock_is_frozen_until_advanced() -> None:
    clock = FakeClock()
    first_now, first_mono = clock.now(), clock.monotonic()
    assert clock.now() == first_now
    assert clock.monotonic() == first_mono


def test_fake_clock_starts_where_it_is_told() -> None:
    clock = FakeClock(start=local(2025, 1, 31, 23, 59, 30))
    assert clock.now() == local(2025, 1, 31, 23, 59, 30)


def test_a_naive_start_is_wall_clock_time_in_the_machines_zone() -> None:
    now = FakeClock(start=datetime(2026, 3, 2, 18, 30)).now()
    assert (now.hour, now.minute) == (18, 30)
    assert now.utcoffset() == timedelta(hours=-6)


def test_the_fake_clock_crosses_summer_time_as_a_wall_clock_does() -> None:
    # US Central moved from UTC-6 to UTC-5 at 02:00 on 8 March 2026.
    clock = FakeClock(start=datetime(2026, 3, 8, 1, 30))
    clock.advance(3600)
    assert (clock.now().hour, clock.now().minute) == (3, 30)
    assert clock.now().utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize("seconds", [0.0, 1.0, 30.0, 7 * 60, 36 * 3600])
def test_advancing_moves_wall_and_monotonic_time_together(seconds: float) -> None:
    clock = FakeClock()
    start_now, start_mono = clock.now(), clock.monotonic()
    clock.advance(seconds)
    assert clock.now() - start_now == timedelta(seconds=seconds)
    assert clock.monotonic() - start_mono == pytest.approx(seconds)


def test_advances_add_up() -> None:
    clock = FakeClock(start=local(2026, 3, 2, 23, 59, 0))
    clock.advance(45)
    clock.advance(30)
    assert clock.now() == local(2026, 3, 3, 0, 0, 15)


def test_fake_wall_time_is_to_the_second() -> None:
    clock = FakeClock(start=local(2026, 3, 2, 18, 30, 0))
    clock.advance(1.75)
    assert clock.now() == local(2026, 3, 2, 18, 30, 1)
    assert clock.monotonic() - 1000.0 == pytest.approx(1.75)


def test_time_does_not_go_backwards() -> None:
    clock = FakeClock()
    before = clock.monotonic()
    with pytest.raises(ValueError):
        clock.advance(-1)
    assert clock.monotonic() == before


def test_fake_clocks_do_not_share_time() -> None:
    one, two = FakeClock(), FakeClock()
    one.advance(60)
    assert two.elapsed == 0.0


@pytest.mark.parametrize("clock", [SystemClock(), FakeClock()])
def test_both_clocks_give_aware_local_times_without_microseconds(clock: Clock) -> None:
    now = clock.now()
    assert now.utcoffset() == now.astimezone().utcoffset()
    assert now.microsecond == 0


def test_system_clock_monotonic_never_goes_backwards() -> None:
    clock = SystemClock()
    readings = [clock.monotonic() for _ in range(5)]
    assert readings == sorted(readings)


def test_system_clock_is_close_to_the_real_time() -> None:
    assert abs(SystemClock().now() - datetime.now(UTC)) < timedelta(seconds=5)

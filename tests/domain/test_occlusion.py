"""The occlusion clock: amber at 7 min, red at 10, session warned at 20 (R6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, strategies as st

from bfr_tui.domain.occlusion import (
    OcclusionLevel,
    cuff_time_s,
    format_duration,
    occlusion_level,
    occlusion_message,
    session_total_warning,
)
from tests.local_time import local


def mmss(minutes: int, seconds: int) -> int:
    return minutes * 60 + seconds


@pytest.mark.parametrize(
    ("continuous_s", "level"),
    [
        (0, OcclusionLevel.OK),
        (mmss(5, 0), OcclusionLevel.OK),
        (mmss(6, 59), OcclusionLevel.OK),
        (mmss(6, 59) + 0.9, OcclusionLevel.OK),
        (mmss(7, 0), OcclusionLevel.AMBER),
        (mmss(9, 59), OcclusionLevel.AMBER),
        (mmss(9, 59) + 0.9, OcclusionLevel.AMBER),
        (mmss(10, 0), OcclusionLevel.RED),
        (mmss(30, 0), OcclusionLevel.RED),
    ],
)
def test_occlusion_level_at_the_boundaries(continuous_s: float, level: OcclusionLevel) -> None:
    assert occlusion_level(continuous_s) is level


def test_no_message_while_the_clock_is_ok() -> None:
    assert occlusion_message(mmss(6, 59)) == ""


def test_amber_says_to_release_after_this_set() -> None:
    message = occlusion_message(mmss(7, 0))
    assert "7 min" in message
    assert "release" in message


def test_red_prompts_to_release_now() -> None:
    message = occlusion_message(mmss(10, 0))
    assert "10 min" in message
    assert "release it now" in message


_RANK = {OcclusionLevel.OK: 0, OcclusionLevel.AMBER: 1, OcclusionLevel.RED: 2}


@given(
    st.floats(min_value=0, max_value=3 * 3600, allow_nan=False),
    st.floats(min_value=0, max_value=3 * 3600, allow_nan=False),
)
def test_occlusion_level_never_goes_back_as_time_passes(a: float, b: float) -> None:
    earlier, later = sorted((a, b))
    assert _RANK[occlusion_level(earlier)] <= _RANK[occlusion_level(later)]


@pytest.mark.parametrize(
    ("total_s", "warned"),
    [
        (0, False),
        (mmss(10, 0), False),
        (mmss(19, 59), False),
        (mmss(19, 59) + 0.9, False),
        (mmss(20, 0), True),
        (mmss(35, 0), True),
    ],
)
def test_session_total_is_warned_from_20_min(total_s: float, warned: bool) -> None:
    assert bool(session_total_warning(total_s)) is warned


def test_the_session_warning_says_how_much_cuff_time() -> None:
    assert "25 min" in session_total_warning(mmss(25, 0))


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "00:00"),
        (59.9, "00:59"),
        (mmss(6, 59), "06:59"),
        (mmss(10, 0), "10:00"),
        (mmss(59, 59), "59:59"),
        (3600, "1:00:00"),
        (3600 + mmss(2, 5), "1:02:05"),
        (-5, "00:00"),
    ],
)
def test_format_duration(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


def test_cuff_time_is_never_negative() -> None:
    on = local(2026, 3, 2, 18, 30)

    assert cuff_time_s(on, on + timedelta(minutes=6)) == 360
    assert cuff_time_s(on, on - timedelta(hours=1)) == 0

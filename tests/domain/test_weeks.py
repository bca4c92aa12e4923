"""Weeks start on Monday: the progress view's twelve weeks end with today's."""

from __future__ import annotations

from datetime import date

import pytest

from bfr_tui.domain.weeks import last_weeks, week_start


def test_a_week_runs_from_monday_to_sunday() -> None:
    monday, sunday = date(2026, 3, 2), date(2026, 3, 8)
    assert week_start(monday) == monday
    assert week_start(sunday) == monday
    assert week_start(date(2026, 3, 9)) == date(2026, 3, 9)


def test_the_last_weeks_end_with_this_one_oldest_first() -> None:
    weeks = last_weeks(date(2026, 3, 4), 3)
    assert weeks == [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]
    with pytest.raises(ValueError):
        last_weeks(date(2026, 3, 4), 0)

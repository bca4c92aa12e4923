"""Training weeks: Monday to Sunday, as the progress view counts blocks and cuff time."""

from __future__ import annotations

from datetime import date, timedelta

WEEK = timedelta(days=7)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (ISO weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def last_weeks(today: date, count: int) -> list[date]:
    """The Mondays of the ``count`` weeks up to and including ``today``'s, oldest first."""
    if count < 1:
        raise ValueError("count at least one week")
    this_week = week_start(today)
    return [this_week - WEEK * back for back in range(count - 1, -1, -1)]

"""Times as the app's clock gives them: wall-clock time in the tests' zone, with its offset."""

from __future__ import annotations

from datetime import datetime


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """That wall-clock time in the machine's zone (the tests' zone: see conftest)."""
    return datetime(year, month, day, hour, minute, second).astimezone()

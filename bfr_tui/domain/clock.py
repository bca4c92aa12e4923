"""The clock the app reads. Injected so tests and snapshots can freeze time."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall time for records, monotonic time for timers."""

    def now(self) -> datetime:
        """Wall-clock time, timezone-aware in the machine's zone, to the second or finer."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start; never goes backwards."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now().astimezone().replace(microsecond=0)

    def monotonic(self) -> float:
        return time.monotonic()


@dataclass
class FakeClock:
    """A clock that only moves when told to: for tests, snapshots and screenshots.

    A naive ``start`` is wall-clock time in the machine's zone.
    """

    start: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 18, 30, 0))
    elapsed: float = 0.0

    def now(self) -> datetime:
        start = self.start if self.start.tzinfo is not None else self.start.astimezone()
        return (start + timedelta(seconds=self.elapsed)).replace(microsecond=0).astimezone()

    def monotonic(self) -> float:
        return 1000.0 + self.elapsed

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self.elapsed += seconds

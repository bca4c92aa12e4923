"""How long store work says how far it got, without knowing who shows it.

The store stays free of any display: a caller that wants a progress bar (the
command line, in a terminal) hands in a :data:`Progress` callback; everyone else
passes None and pays nothing. Work is reported in chunks, never once per row, so
the callback costs nothing next to the work even when it draws.
"""

from __future__ import annotations

# Defined with the interface, which hands progress callbacks in.
from bfr_tui.training_log import Progress as Progress


class Ticker:
    """Hands ``(what, done, total)`` to a :data:`Progress`: at the start, every ``every``
    units, and at the end."""

    __slots__ = ("_last", "_next", "every", "progress", "total", "what")

    def __init__(self, progress: Progress, what: str, total: int, *, every: int) -> None:
        self.progress = progress
        self.what = what
        self.total = total
        self.every = max(1, every)
        self._last = 0
        self._next = self.every
        progress(what, 0, total)

    def __call__(self, done: int) -> None:
        """Report ``done`` if a chunk has passed since the last report, or the step is over."""
        if done >= self._next or (done >= self.total and self._last != self.total):
            self._last = min(done, self.total)
            self.progress(self.what, self._last, self.total)
            self._next = done + self.every

    def finish(self) -> None:
        """Report the step complete, unless that was the last report already."""
        if self._last != self.total:
            self._last = self.total
            self.progress(self.what, self.total, self.total)

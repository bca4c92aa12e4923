"""A progress callback that keeps every report, as a terminal's progress bar receives them."""

from __future__ import annotations


class Recorded:
    """Every ``(what, done, total)`` report, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def __call__(self, what: str, done: int, total: int) -> None:
        self.calls.append((what, done, total))

    def of(self, what: str) -> list[tuple[int, int]]:
        """``(done, total)`` of one step, in order."""
        return [(done, total) for step, done, total in self.calls if step == what]

    def steps(self) -> list[str]:
        """The steps reported, each once, in the order they began."""
        return list(dict.fromkeys(step for step, _done, _total in self.calls))

    def rises_to_its_total(self, what: str) -> bool:
        """True when ``done`` never goes back and the last report is the whole step."""
        reports = self.of(what)
        done = [d for d, _total in reports]
        return bool(reports) and done == sorted(done) and reports[-1][0] == reports[-1][1]

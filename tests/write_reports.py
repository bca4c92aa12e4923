"""What a block's writer tells its screen, heard by a test instead of a screen."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bfr_tui.training_log import BlockStarted, WriteFailure

WAIT_S = 30.0


class Heard:
    """What the writer told its screen."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.reasons: list[str] = []
        self.threads: set[str] = set()
        self.failures: list[WriteFailure] = []
        self.started: list[BlockStarted] = []
        self._changed = threading.Condition()

    def note(self, line: str) -> None:
        with self._changed:
            self.threads.add(threading.current_thread().name)
            self.said.append(line)
            self._changed.notify_all()

    def not_saved_yet(self, what: str, reason: str, seconds_left: float) -> None:
        self.reasons.append(reason)
        self.note(f"not saved yet: {what}")

    def saved_after_retry(self, what: str) -> None:
        self.note(f"saved after retry: {what}")

    def failed(self, failure: WriteFailure) -> None:
        self.failures.append(failure)
        self.note(f"failed: {failure.what}")

    def block_started(self, started: BlockStarted) -> None:
        self.started.append(started)
        self.note("saved: the block start")

    def saved(self, what: str) -> Callable[[object], None]:
        return lambda _result: self.note(f"saved: {what}")

    def wait_for(self, line: str) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: line in self.said, timeout=WAIT_S):
                raise AssertionError(f"never heard {line!r}; heard {self.said}")

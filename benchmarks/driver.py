"""A Textual driver that plays a lifter at the keyboard and times what the screen shows.

Textual picks its driver from ``TEXTUAL_DRIVER``, so the real ``bfr-tui`` command
runs unchanged under this one: nothing in the product knows it is being measured.
The driver renders every frame as a terminal would (it is not "headless" to
Textual, so the compositor does its full work) but throws the bytes away, and
notes the moment each frame is written. A scenario thread stands in for the
keyboard, as a real driver's input thread does: it sends key events and waits
for frames that show what it asked for.

Settings come from the environment (set by :mod:`benchmarks.run`):
``BFR_BENCH_SCENARIO`` (``startup``, ``history``, ``log``, ``floor`` or
``floor_history``),
``BFR_BENCH_ARGS`` (JSON), ``BFR_BENCH_OUT`` (where the JSON result goes),
``BFR_BENCH_T0`` (the parent's ``time.monotonic()`` just before it started this
process) and ``BFR_BENCH_SIZE`` (``120x40``).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.drivers.headless_driver import HeadlessDriver

ENV_SCENARIO = "BFR_BENCH_SCENARIO"
ENV_ARGS = "BFR_BENCH_ARGS"
ENV_OUT = "BFR_BENCH_OUT"
ENV_T0 = "BFR_BENCH_T0"
ENV_SIZE = "BFR_BENCH_SIZE"
DEFAULT_SIZE = (120, 40)
# Long enough for a slow machine at 100,000 sets; a stuck scenario still ends.
WAIT_S = 60.0
# Background loads (profile, theme) finish before a timed key press.
SETTLE_S = 0.4
# A table that pages rows in gets another ctrl+end after each page it paints.
MAX_END_PRESSES = 5000

Check = Callable[[Any, str], bool]


class ScenarioFailed(RuntimeError):
    """The app never showed what the scenario waited for."""


class _Waiter:
    """A condition checked on every frame; remembers the first frame that met it."""

    def __init__(self, check: Check) -> None:
        self.check = check
        self.at: float | None = None
        self.cpu_at: float | None = None
        """The process's CPU time (every thread) when that frame was written."""
        self.done = threading.Event()


def _size() -> tuple[int, int]:
    text = os.environ.get(ENV_SIZE, "")
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        return DEFAULT_SIZE
    return width, height


def screen_is(app: Any, name: str) -> bool:
    """Is the app's current screen of the class called ``name``?"""
    try:
        return type(app.screen).__name__ == name
    except Exception:  # no screen yet, or the stack is being torn down
        return False


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else int(peak)


class BenchDriver(HeadlessDriver):
    """Renders frames in full, discards them, and runs the scenario named in the environment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._size = _size()
        self._waiters: list[_Waiter] = []
        self._lock = threading.Lock()
        self.frames = 0

    @property
    def is_headless(self) -> bool:
        # Not headless to Textual: it renders every frame to text, as for a terminal.
        return False

    def write(self, data: str) -> None:
        """Note the frame; wake every waiter whose condition this frame meets."""
        now = time.monotonic()
        cpu = time.process_time()
        self.frames += 1
        with self._lock:
            waiting = list(self._waiters)
        for waiter in waiting:
            if waiter.at is None and waiter.check(self._app, data):
                waiter.at, waiter.cpu_at = now, cpu
                waiter.done.set()
                with self._lock:
                    self._waiters.remove(waiter)

    def flush(self) -> None:
        """Nothing is buffered."""

    def start_application_mode(self) -> None:
        """Size the app, then start the scenario thread (the stand-in keyboard)."""
        super().start_application_mode()
        name = os.environ.get(ENV_SCENARIO, "startup")
        thread = threading.Thread(target=self._play, args=(name,), daemon=True, name="bench")
        thread.start()

    # --- used by scenarios (from the scenario thread) --------------------------------

    def watch(self, check: Check) -> _Waiter:
        """Start watching frames for ``check``; wait on the result with :meth:`wait`."""
        waiter = _Waiter(check)
        with self._lock:
            self._waiters.append(waiter)
        return waiter

    @property
    def app(self) -> Any:
        """The app this driver runs."""
        return self._app

    def wait(self, waiter: _Waiter, what: str, timeout: float = WAIT_S) -> float:
        """The time of the first frame that met the waiter's check."""
        if not waiter.done.wait(timeout):
            raise ScenarioFailed(
                f"no frame showed {what} within {timeout:.0f} s; {self.describe()}"
            )
        assert waiter.at is not None
        return waiter.at

    def describe(self) -> str:
        """What the app shows now, for a failure message."""
        # Here only: loaded at the top, the widget would count in the app's start.
        from textual.widgets import DataTable

        try:
            stack = [type(screen).__name__ for screen in self._app.screen_stack]
            tables = [
                f"#{table.id}: {table.row_count} rows, cursor {table.cursor_row}"
                for table in self._app.screen.query(DataTable)
            ]
            notes = [str(toast.render()) for toast in self._app.screen.query("Toast")]
        except Exception as error:  # the app is shutting down
            return f"(app state unreadable: {error})"
        return f"screens {stack}, {tables}, {self.frames} frames, notifications {notes}"

    def frame_where(self, check: Check, what: str, timeout: float = WAIT_S) -> float:
        """Wait for a frame meeting ``check``; returns when it was written."""
        return self.wait(self.watch(check), what, timeout)

    def press(self, key: str, character: str | None = None) -> float:
        """Send a key as a terminal driver would; returns when it was sent."""
        sent = time.monotonic()
        self.process_message(events.Key(key, character))
        return sent

    def on_app(self, callback: Callable[[], Any]) -> Any:
        """Run ``callback`` on the app's event loop and return its result."""
        return self._app.call_from_thread(callback)

    # --- the run -----------------------------------------------------------------

    def _play(self, name: str) -> None:
        from benchmarks import scenarios

        args = json.loads(os.environ.get(ENV_ARGS) or "{}")
        t0 = float(os.environ.get(ENV_T0) or time.monotonic())
        result: dict[str, Any]
        try:
            result = scenarios.SCENARIOS[name](self, args, t0)
        except Exception as error:
            result = {"error": f"{type(error).__name__}: {error}"}
        result["frames"] = self.frames
        result["peak_rss_kib"] = peak_rss_kib()
        out = os.environ.get(ENV_OUT)
        if out:
            with open(out, "w", encoding="utf-8") as handle:
                json.dump(result, handle)
        # RuntimeError: the app has already stopped.
        with contextlib.suppress(RuntimeError):
            self._app.call_from_thread(self._app.exit)

